// The physical limit: N distinct valid identifiers cost exactly ⌈N/1000⌉ KRR calls and one token
// fetch, whatever the query shape. Real simulator and subgraph over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
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

function krrCalls(): number {
  return sim.recorder.count('krr');
}
function tokenFetches(): number {
  return sim.recorder.count('maskinporten', { path: '/token' });
}

const SIZES = [1, 999, 1000, 1001, 2500, 10_000];

describe('KRR batching through personer', () => {
  it.each(SIZES)('%i distinct identifiers cost ⌈N/1000⌉ KRR calls and one token', async (n) => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, n);
    const res = await s.query(
      'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kontaktregisterstatus } }',
      { ids },
    );
    expect(res.body.errors).toBeUndefined();
    const persons = res.body.data?.['personer'] as { personidentifikator: string }[];
    expect(persons.map((p) => p.personidentifikator)).toEqual(ids);
    expect(krrCalls()).toBe(Math.ceil(n / 1000));
    expect(tokenFetches()).toBe(1);
    for (const call of sim.recorder.calls.filter((c) => c.upstream === 'krr')) {
      expect(call.identifiers).toBeLessThanOrEqual(1000);
    }
  });
});

describe('KRR batching through _entities (the router path)', () => {
  it.each(SIZES)('%i entity representations cost ⌈N/1000⌉ KRR calls and one token', async (n) => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, n);
    const res = await s.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { personidentifikator kanVarsles } } }',
      { r: ids.map((id) => ({ __typename: 'Person', personidentifikator: id })) },
    );
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data?.['_entities'] as { personidentifikator: string }[];
    expect(entities.map((p) => p.personidentifikator)).toEqual(ids);
    expect(krrCalls()).toBe(Math.ceil(n / 1000));
    expect(tokenFetches()).toBe(1);
  });
});

describe('query shapes', () => {
  it('collapses duplicates, aliases and several root fields into one batch', async () => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, 600);
    const res = await s.query(
      `query($a: [ID!]!, $b: [ID!]!, $one: ID!, $r: [_Any!]!) {
        first: personer(personidentifikatorer: $a) { personidentifikator spraak { kode } }
        second: personer(personidentifikatorer: $b) { kontaktregisterstatus }
        single: person(personidentifikator: $one) { kanVarsles }
        again: person(personidentifikator: $one) { reservasjon { reservert } }
        _entities(representations: $r) { ... on Person { digitalPost { postkasseadresse } } }
      }`,
      {
        a: [...ids.slice(0, 400), ...ids.slice(0, 400)],
        b: ids.slice(200, 600),
        one: ids[0],
        r: ids.slice(100, 300).map((id) => ({ __typename: 'Person', personidentifikator: id })),
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.['first'] as unknown[]).length).toBe(800);
    expect(krrCalls()).toBe(1);
    expect(sim.recorder.calls.find((c) => c.upstream === 'krr')?.identifiers).toBe(600);
  });

  it('makes no KRR call when no KRR field is selected', async () => {
    const s = await freshSubgraph();
    const ids = sim.population.ids.slice(0, 50);
    const res = await s.query(
      'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator } }',
      { ids },
    );
    expect(res.body.errors).toBeUndefined();
    expect(krrCalls()).toBe(0);
    expect(tokenFetches()).toBe(0);
  });

  it('selects KRR fields through named fragments too', async () => {
    const s = await freshSubgraph();
    const res = await s.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ...Kontakt } }
       fragment Kontakt on Person { personidentifikator kontaktregisterstatus }`,
      { ids: sim.population.ids.slice(0, 3) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(krrCalls()).toBe(1);
  });
});
