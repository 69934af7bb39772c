// The person subgraph's served SDL (read over HTTP from `_service { sdl }`, as a router or rover
// would) composes with the case subgraph under @apollo/composition and The Guild's composition,
// with and without the auth directives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../integration/support/stack.ts';
import { buildCases, startCasesSubgraph, type CasesSubgraph } from './support/cases-subgraph.ts';
import { composeSupergraph, fetchServedSdl, type Composer } from './support/supergraph.ts';

let sim: Simulator;
const person: Partial<Record<'withAuth' | 'withoutAuth', Subgraph>> = {};
let cases: CasesSubgraph;

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 100 });
  person.withAuth = await startSubgraph(sim);
  person.withoutAuth = await startSubgraph(sim, { env: { SCHEMA_AUTH_DIRECTIVES: 'false' } });
  cases = await startCasesSubgraph(
    buildCases({ known: sim.population.ids.slice(0, 50), unknown: [], invalid: [], count: 100 }),
  );
});
afterAll(async () => {
  await cases?.close();
  await person.withAuth?.close();
  await person.withoutAuth?.close();
  await sim?.close();
});

async function compose(variant: 'withAuth' | 'withoutAuth', composer: Composer) {
  const url = (person[variant] as Subgraph).service.url;
  const sdl = await fetchServedSdl(url);
  return {
    sdl,
    result: composeSupergraph({ person: { url, sdl }, cases: { url: cases.url } }, composer),
  };
}

describe('composition of the served SDL with the case subgraph', () => {
  it.each(['apollo', 'guild'] as const)(
    'composes with the auth directives (%s)',
    async (composer) => {
      const { result } = await compose('withAuth', composer);
      expect(result.errors).toEqual([]);
      expect(result.supergraphSdl).toMatch(
        /@requiresScopes\(scopes: \[\["person:kontaktinformasjon\.read"\]\]\)/,
      );
      expect(result.supergraphSdl).toMatch(/type Sak[\s\S]*part: Person/);
    },
  );

  it.each(['apollo', 'guild'] as const)(
    'composes without them, for @apollo/gateway (%s)',
    async (composer) => {
      const { result, sdl } = await compose('withoutAuth', composer);
      expect(result.errors).toEqual([]);
      expect(sdl).not.toMatch(/@requiresScopes|@authenticated/);
      expect(result.supergraphSdl).not.toMatch(/requiresScopes|authenticated/);
    },
  );

  it('links a federation version The Guild’s composition supports (at most v2.9)', async () => {
    const { sdl } = await compose('withAuth', 'apollo');
    const version = /specs\.apollo\.dev\/federation\/v2\.(\d+)/.exec(sdl)?.[1];
    expect(Number(version)).toBeLessThanOrEqual(9);
  });
});
