// The physical limit for Folkeregisteret: N distinct valid identifiers cost exactly ⌈N/1000⌉ Freg
// calls, each asking for exactly the parts the query selected, and a register whose fields are
// not selected is not called. Real simulator and subgraph over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall, Simulator } from '../../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../support/stack.ts';

let sim: Simulator;
let subgraph: Subgraph | undefined;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await subgraph?.close();
  subgraph = undefined;
});

async function freshSubgraph(): Promise<Subgraph> {
  subgraph = await startSubgraph(sim);
  sim.recorder.reset();
  return subgraph;
}

const fregCalls = (): RecordedCall[] => sim.recorder.calls.filter((c) => c.upstream === 'freg');
const krrCalls = (): RecordedCall[] => sim.recorder.calls.filter((c) => c.upstream === 'krr');

/** The `part` values of a recorded call, sorted, and whether it asked for somBestilt. */
function partsOf(call: RecordedCall): { parts: string[]; somBestilt: string | null } {
  const params = new URLSearchParams(call.query ?? '');
  return { parts: params.getAll('part').sort(), somBestilt: params.get('somBestilt') };
}

function expectFregCalls(n: number, parts: readonly string[]): void {
  const calls = fregCalls();
  expect(calls).toHaveLength(Math.ceil(n / 1000));
  expect(calls.reduce((sum, c) => sum + c.identifiers, 0)).toBe(n);
  for (const call of calls) {
    expect(call.status).toBe(200);
    expect(call.path).toBe('/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag');
    expect(call.identifiers).toBeLessThanOrEqual(1000);
    expect(partsOf(call)).toEqual({ parts: [...parts].sort(), somBestilt: 'true' });
  }
}

const SIZES = [1, 1000, 1001, 2500];
const SELECTIONS = [
  { fields: 'navn { fornavn etternavn }', parts: ['navn'] },
  {
    fields: 'navn { visningsnavn } bostedsadresse { type adresselinjer }',
    parts: ['adressebeskyttelse', 'bostedsadresse', 'navn'],
  },
  {
    fields: 'finnesIFolkeregisteret folkeregisteridentifikator foedsel { foedselsdato } kjoenn',
    parts: ['foedsel', 'identifikasjonsnummer', 'kjoenn'],
  },
  {
    fields: 'personstatus postadresse { type } statsborgerskap',
    parts: [
      'adressebeskyttelse',
      'postadresse',
      'postadresseIUtlandet',
      'preferertKontaktadresse',
      'statsborgerskap',
      'status',
    ],
  },
  {
    fields: 'postadresseIUtlandet { type } preferertKontaktadresse',
    parts: ['adressebeskyttelse', 'postadresseIUtlandet', 'preferertKontaktadresse'],
  },
  {
    fields: 'oppholdsadresse { type } kontaktinformasjonForDoedsbo { skifteform }',
    parts: ['adressebeskyttelse', 'kontaktinformasjonForDoedsbo', 'oppholdsadresse'],
  },
  {
    fields: 'vergemaalEllerFremtidsfullmakt { type }',
    parts: ['vergemaalEllerFremtidsfullmakt'],
  },
] as const;

/** The Freg elements Person.forsendelse reads, and nothing else. */
const FORSENDELSE_PARTS = [
  'adressebeskyttelse',
  'bostedsadresse',
  'doedsfall',
  'foedsel',
  'kontaktinformasjonForDoedsbo',
  'navn',
  'oppholdsadresse',
  'postadresse',
  'postadresseIUtlandet',
  'preferertKontaktadresse',
  'vergemaalEllerFremtidsfullmakt',
];

describe('Freg batching through personer', () => {
  it.each(SIZES)(
    '%i distinct identifiers cost ⌈N/1000⌉ Freg calls with only the navn part',
    async (n) => {
      const s = await freshSubgraph();
      const ids = sim.population.ids.slice(0, n);
      const res = await s.query(
        'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator navn { fornavn } } }',
        { ids },
      );
      expect(res.body.errors).toBeUndefined();
      const persons = res.body.data?.['personer'] as {
        personidentifikator: string;
        navn: unknown;
      }[];
      expect(persons.map((p) => p.personidentifikator)).toEqual(ids);
      expect(persons.every((p) => p.navn !== null)).toBe(true);
      expectFregCalls(n, ['navn']);
      expect(krrCalls()).toHaveLength(0);
    },
  );

  it.each(SELECTIONS)('asks for exactly the parts of: $fields', async ({ fields, parts }) => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, 1001);
    const res = await s.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${fields} } }`,
      { ids },
    );
    expect(res.body.errors).toBeUndefined();
    expectFregCalls(1001, parts);
  });
});

describe('Freg batching through _entities (the router path)', () => {
  it.each(SIZES)(
    '%i representations cost ⌈N/1000⌉ Freg calls with navn and bostedsadresse parts',
    async (n) => {
      const s = await freshSubgraph();
      const ids = sim.population.ids.slice(0, n);
      const res = await s.query(
        `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Person { personidentifikator navn { etternavn } bostedsadresse { type } } } }`,
        { r: ids.map((id) => ({ __typename: 'Person', personidentifikator: id })) },
      );
      expect(res.body.errors).toBeUndefined();
      const entities = res.body.data?.['_entities'] as { personidentifikator: string }[];
      expect(entities.map((p) => p.personidentifikator)).toEqual(ids);
      expectFregCalls(n, ['adressebeskyttelse', 'bostedsadresse', 'navn']);
      expect(krrCalls()).toHaveLength(0);
    },
  );
});

describe('forsendelse reads both registers in the same batched calls', () => {
  it.each(SIZES)(
    '%i identifiers cost ⌈N/1000⌉ calls per register, with exactly the parts forsendelse needs',
    async (n) => {
      const s = await freshSubgraph();
      const ids = sim.population.ids.slice(0, n);
      const res = await s.query(
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
          forsendelse { kanal begrunnelser postadresse { adresselinjer } }
          info: forsendelse(formaal: INFORMASJON) { kanal }
        } }`,
        { ids },
      );
      expect(res.body.errors).toBeUndefined();
      const persons = res.body.data?.['personer'] as { forsendelse: { kanal: string } | null }[];
      expect(persons).toHaveLength(n);
      expect(persons.every((p) => p.forsendelse !== null)).toBe(true);
      expect(krrCalls()).toHaveLength(Math.ceil(n / 1000));
      expect(krrCalls().reduce((sum, c) => sum + c.identifiers, 0)).toBe(n);
      expectFregCalls(n, FORSENDELSE_PARTS);
    },
  );

  it('adds no call when other fields of both registers are selected beside it, through _entities too', async () => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, 1001);
    const res = await s.query(
      `query($ids: [ID!]!, $r: [_Any!]!) {
        personer(personidentifikatorer: $ids) { kanVarsles navn { fornavn } forsendelse { kanal } }
        _entities(representations: $r) { ... on Person { sivilstand { type } forsendelse { kanal } } }
      }`,
      { ids, r: ids.map((id) => ({ __typename: 'Person', personidentifikator: id })) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(krrCalls()).toHaveLength(2);
    expectFregCalls(1001, [...FORSENDELSE_PARTS, 'sivilstand']);
  });
});

describe('only the registers whose fields were selected are called', () => {
  it('makes no Freg call for a KRR-only query', async () => {
    const s = await freshSubgraph();
    const res = await s.query(
      'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kontaktregisterstatus } }',
      { ids: sim.population.ids.slice(0, 1500) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(fregCalls()).toHaveLength(0);
    expect(krrCalls()).toHaveLength(2);
  });

  it('makes no KRR call for a Freg-only query', async () => {
    const s = await freshSubgraph();
    const res = await s.query(
      'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kjoenn } }',
      { ids: sim.population.ids.slice(0, 1500) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(krrCalls()).toHaveLength(0);
    expectFregCalls(1500, ['kjoenn']);
  });

  it.each(SIZES)('batches both registers for %i identifiers when both are selected', async (n) => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, n);
    const res = await s.query(
      `query($ids: [ID!]!, $r: [_Any!]!) {
        personer(personidentifikatorer: $ids) { kanVarsles navn { fornavn } }
        _entities(representations: $r) { ... on Person { spraak { kode } sivilstand { type } } }
      }`,
      { ids, r: ids.map((id) => ({ __typename: 'Person', personidentifikator: id })) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(krrCalls()).toHaveLength(Math.ceil(n / 1000));
    expectFregCalls(n, ['navn', 'sivilstand']);
  });

  it('makes no register call at all when only the key is selected', async () => {
    const s = await freshSubgraph();
    const res = await s.query(
      'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator } }',
      { ids: sim.population.ids.slice(0, 10) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(fregCalls()).toHaveLength(0);
    expect(krrCalls()).toHaveLength(0);
  });
});
