// A Folkeregisteret that refuses the two `part` values the register may not know
// (preferertKontaktadresse, announced for removal; fratattRettsligHandleevne, newer than OpenAPI
// 1.5; docs/registers.md F2): the lookup is sent again without them and answers every other
// field, the postal address falls back to the Norwegian one, what the refused parts hold comes
// back null (unknown, not empty), and later lookups no longer ask for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../support/stack.ts';

const QUERY = `query($ids: [ID!]!) {
  personer(personidentifikatorer: $ids) {
    personidentifikator
    navn { etternavn }
    postadresse { type landkode }
    postadresseIUtlandet { type landkode }
    preferertKontaktadresse
    fratattRettsligHandleevne { omfang }
  }
}`;

interface Row {
  readonly navn: { readonly etternavn: string | null } | null;
  readonly postadresse: { readonly landkode: string | null } | null;
  readonly postadresseIUtlandet: { readonly landkode: string | null } | null;
  readonly preferertKontaktadresse: string | null;
  readonly fratattRettsligHandleevne: readonly unknown[] | null;
}

let knowing: Simulator;
let refusing: Simulator;
let knowingSubgraph: Subgraph;
let refusingSubgraph: Subgraph;

beforeAll(async () => {
  knowing = await startTestSimulator({ populationSize: 2000 });
  refusing = await startTestSimulator({
    populationSize: 2000,
    fregUnknownParts: ['preferertKontaktadresse', 'fratattRettsligHandleevne'],
  });
  knowingSubgraph = await startSubgraph(knowing);
  refusingSubgraph = await startSubgraph(refusing);
});
afterAll(async () => {
  await Promise.all([knowingSubgraph.close(), refusingSubgraph.close()]);
  await Promise.all([knowing.close(), refusing.close()]);
});

async function rows(subgraph: Subgraph, ids: readonly string[]): Promise<Row[]> {
  const res = await subgraph.query(QUERY, { ids });
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['personer'] as Row[];
}

const partsOf = (query: string | undefined): string[] =>
  new URLSearchParams(query ?? '').getAll('part').sort();

describe('Folkeregisteret parts the register may refuse', () => {
  it('are asked for, and answered, by a register that knows them', async () => {
    const foreign = knowing.population.cases.freg.postadresseIUtlandetForetrukket[0] ?? '';
    const guarded = knowing.population.cases.freg.vergemaalMedTjenesteomraader[0] ?? '';
    knowing.recorder.reset();
    const [preferring, deprived] = await rows(knowingSubgraph, [foreign, guarded]);
    expect(preferring?.preferertKontaktadresse).toBe('POSTADRESSE_I_UTLANDET');
    expect(preferring?.postadresse).toEqual(preferring?.postadresseIUtlandet);
    expect(preferring?.postadresse?.landkode).not.toBe('NO');
    expect(deprived?.fratattRettsligHandleevne).toHaveLength(1);
    const calls = knowing.recorder.calls.filter((call) => call.upstream === 'freg');
    expect(calls).toHaveLength(1);
    expect(partsOf(calls[0]?.query)).toContain('preferertKontaktadresse');
    expect(partsOf(calls[0]?.query)).toContain('fratattRettsligHandleevne');
  });

  it('are dropped after a 400, the rest answered, what they hold null, and not asked for again', async () => {
    const foreign = refusing.population.cases.freg.postadresseIUtlandetForetrukket[0] ?? '';
    const guarded = refusing.population.cases.freg.vergemaalMedTjenesteomraader[0] ?? '';
    refusing.recorder.reset();
    const [preferring, deprived] = await rows(refusingSubgraph, [foreign, guarded]);
    expect(preferring?.navn?.etternavn).toEqual(expect.any(String));
    // No preference known: the Norwegian postal address, as before the preference was read.
    expect(preferring?.preferertKontaktadresse).toBeNull();
    expect(preferring?.postadresse?.landkode).toBe('NO');
    expect(preferring?.postadresseIUtlandet?.landkode).not.toBe('NO');
    expect(deprived?.fratattRettsligHandleevne).toBeNull();
    const first = refusing.recorder.calls.filter((call) => call.upstream === 'freg');
    expect(first.map((call) => call.status)).toEqual([400, 200]);
    expect(partsOf(first[1]?.query)).not.toContain('preferertKontaktadresse');
    expect(partsOf(first[1]?.query)).not.toContain('fratattRettsligHandleevne');

    refusing.recorder.reset();
    await rows(refusingSubgraph, [foreign]);
    const later = refusing.recorder.calls.filter((call) => call.upstream === 'freg');
    expect(later.map((call) => call.status)).toEqual([200]);
    expect(partsOf(later[0]?.query)).toEqual(partsOf(first[1]?.query));
  });

  it('leave other 400s alone: a lookup without optional parts fails as before', async () => {
    refusing.recorder.reset();
    refusing.faults.inject('freg', { status: 400 });
    const res = await refusingSubgraph.query(
      'query($id: ID!) { person(personidentifikator: $id) { navn { etternavn } } }',
      { id: refusing.population.ids[10] },
    );
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(refusing.recorder.calls.filter((call) => call.upstream === 'freg')).toHaveLength(1);
  });
});
