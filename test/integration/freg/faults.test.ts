// Folkeregisteret failing on one chunk of a two-chunk operation: the documented extensions.code
// on each Freg field of that chunk's persons only, the other chunk's persons intact, KRR fields
// untouched, and the service still serving. Also a 429 whose Retry-After (milliseconds, per Freg)
// is honoured by a retry.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, Simulator } from '../../../src/simulator/index.ts';
import {
  startSubgraph,
  startTestSimulator,
  type GraphqlResponse,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let noRetries: Subgraph;
let withRetries: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  const env = { CIRCUIT_FAILURE_THRESHOLD: '1000', MAX_PERSONS_PER_OPERATION: '2000' };
  noRetries = await startSubgraph(sim, { env: { ...env, UPSTREAM_MAX_RETRIES: '0' } });
  withRetries = await startSubgraph(sim, {
    env: { ...env, UPSTREAM_MAX_RETRIES: '2', UPSTREAM_MAX_RETRY_AFTER_MS: '3000' },
  });
});
afterAll(async () => {
  await Promise.all([noRetries.close(), withRetries.close()]);
  await sim.close();
});
afterEach(() => {
  sim.faults.clear();
  sim.recorder.reset();
});

const QUERY = `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
  personidentifikator kontaktregisterstatus finnesIFolkeregisteret navn { fornavn } } }`;
type Person = {
  personidentifikator: string;
  kontaktregisterstatus: string | null;
  finnesIFolkeregisteret: boolean | null;
  navn: { fornavn: string } | null;
};

const ids = (): string[] => sim.population.ids.slice(0, 1500);

/** The persons whose Freg fields failed, and the codes of their errors. */
function failures(res: GraphqlResponse): { failed: Set<number>; codes: Set<unknown> } {
  const failed = new Set<number>();
  const codes = new Set<unknown>();
  for (const error of res.body.errors ?? []) {
    const index = error.path?.[1];
    if (typeof index === 'number') failed.add(index);
    codes.add(error.extensions?.['code']);
    expect(error.extensions?.['upstream']).toBe('freg');
    expect(['finnesIFolkeregisteret', 'navn']).toContain(error.path?.[2]);
  }
  return { failed, codes };
}

describe.each([
  {
    name: '429 with Retry-After',
    fault: { status: 429, retryAfter: '60000' },
    code: 'UPSTREAM_RATE_LIMITED',
  },
  { name: 'an HTML error page', fault: { kind: 'html' }, code: 'UPSTREAM_UNAVAILABLE' },
] as { name: string; fault: Fault; code: string }[])(
  'Freg answers $name on one chunk',
  ({ fault, code }) => {
    it(`gives ${code} on that chunk's Freg fields only`, async () => {
      sim.faults.inject('freg', fault);
      const res = await noRetries.query(QUERY, { ids: ids() });
      expect(res.status).toBe(200);
      const persons = res.body.data?.['personer'] as (Person | null)[];
      expect(persons).toHaveLength(1500);
      const { failed, codes } = failures(res);
      expect(codes).toEqual(new Set([code]));
      // Exactly one chunk failed: the first 1000 or the last 500.
      const chunk = failed.has(0) ? [0, 1000] : [1000, 1500];
      expect(failed.size).toBe(chunk[1]! - chunk[0]!);
      persons.forEach((person, i) => {
        expect(person?.personidentifikator).toBe(ids()[i]);
        expect(person?.kontaktregisterstatus).not.toBeNull();
        if (failed.has(i)) {
          expect(person?.finnesIFolkeregisteret).toBeNull();
          expect(person?.navn).toBeNull();
        } else {
          expect(person?.finnesIFolkeregisteret).toBe(true);
          expect(person?.navn?.fornavn).toMatch(/^[A-ZÆØÅ]+$/);
        }
      });
      expect(sim.recorder.count('freg')).toBe(2);

      // The service still serves, the next operation in full.
      const again = await noRetries.query(QUERY, { ids: ids().slice(0, 10) });
      expect(again.body.errors).toBeUndefined();
    });
  },
);

describe('Retry-After in milliseconds', () => {
  it('retries a throttled chunk after the Retry-After and completes the operation', async () => {
    sim.faults.inject('freg', { status: 429, retryAfter: '200' });
    const res = await withRetries.query(QUERY, { ids: ids() });
    expect(res.body.errors).toBeUndefined();
    const persons = res.body.data?.['personer'] as Person[];
    expect(persons.every((p) => p.finnesIFolkeregisteret === true && p.navn !== null)).toBe(true);
    const calls = sim.recorder.calls.filter((c) => c.upstream === 'freg');
    expect(calls.map((c) => c.status).sort()).toEqual([200, 200, 429]);
  });
});
