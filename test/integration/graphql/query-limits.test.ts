// The operation-size limits (depth, aliases, root fields, cost, distinct persons), each at its
// limit (served) and one past it (refused with its reason and limit, HTTP 400, no data and no
// register call), through personer, person and _entities, also when fragments hide the size.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  startSubgraph,
  startTestSimulator,
  type GraphqlResponse,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
/** Depth 3, 2 aliases, 2 root fields, 3 distinct persons. */
let tight: Subgraph;
/** Cost 12; the other limits at their defaults. */
let costly: Subgraph;
let a: string, b: string, c: string, d: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  tight = await startSubgraph(sim, {
    env: {
      MAX_QUERY_DEPTH: '3',
      MAX_ALIASES: '2',
      MAX_ROOT_FIELDS: '2',
      MAX_PERSONS_PER_OPERATION: '3',
    },
  });
  costly = await startSubgraph(sim, { env: { MAX_QUERY_COST: '12' } });
  [a, b, c, d] = sim.population.ids as [string, string, string, string];
});
afterAll(async () => {
  await tight.close();
  await costly.close();
  await sim.close();
});
beforeEach(() => sim.recorder.reset());

const entity = (id: string) => ({ __typename: 'Person', personidentifikator: id });

function expectServed(res: GraphqlResponse): void {
  expect(res.body.errors).toBeUndefined();
  expect(res.status).toBe(200);
  expect(res.body.data).toBeTruthy();
}

function expectRefused(res: GraphqlResponse, reason: string, limit: number): void {
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, limit });
  expect(sim.recorder.calls).toEqual([]);
}

describe('depth (limit 3)', () => {
  it('serves depth 3 through personer, person and _entities', async () => {
    expectServed(
      await tight.query(`{ personer(personidentifikatorer: ["${a}"]) { navn { fornavn } } }`),
    );
    expectServed(await tight.query(`{ person(personidentifikator: "${a}") { navn { fornavn } } }`));
    expectServed(
      await tight.query(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { navn { fornavn } } } }',
        { r: [entity(a)] },
      ),
    );
  });

  it('refuses depth 4 through personer, person and _entities', async () => {
    const deep = 'kontaktinformasjon { epostadresse { verdi } }';
    expectRefused(
      await tight.query(`{ personer(personidentifikatorer: ["${a}"]) { ${deep} } }`),
      'QUERY_DEPTH',
      3,
    );
    expectRefused(
      await tight.query(`{ person(personidentifikator: "${a}") { ${deep} } }`),
      'QUERY_DEPTH',
      3,
    );
    expectRefused(
      await tight.query(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${deep} } } }`,
        { r: [entity(a)] },
      ),
      'QUERY_DEPTH',
      3,
    );
  });

  it('counts the depth inside fragments and inline fragments', async () => {
    const res = await tight.query(
      `{ person(personidentifikator: "${a}") { ...K } }
       fragment K on Person { ... on Person { kontaktinformasjon { ...E } } }
       fragment E on Kontaktinformasjon { epostadresse { verdi } }`,
    );
    expectRefused(res, 'QUERY_DEPTH', 3);
  });
});

describe('aliases (limit 2)', () => {
  it('serves 2 aliases', async () => {
    expectServed(
      await tight.query(
        `{ personer(personidentifikatorer: ["${a}"]) { x: kanVarsles y: kjoenn } }`,
      ),
    );
  });

  it('refuses 3 aliases through personer, person and _entities', async () => {
    const three = 'x: kanVarsles y: kjoenn z: personstatus';
    expectRefused(
      await tight.query(`{ personer(personidentifikatorer: ["${a}"]) { ${three} } }`),
      'QUERY_ALIASES',
      2,
    );
    expectRefused(
      await tight.query(`{ person(personidentifikator: "${a}") { ${three} } }`),
      'QUERY_ALIASES',
      2,
    );
    expectRefused(
      await tight.query(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${three} } } }`,
        { r: [entity(a)] },
      ),
      'QUERY_ALIASES',
      2,
    );
  });

  it('counts aliases in a fragment as often as it is spread', async () => {
    const res = await tight.query(
      `{ p: person(personidentifikator: "${a}") { ...F } q: person(personidentifikator: "${b}") { ...F } }
       fragment F on Person { x: kanVarsles }`,
    );
    // p, q and the fragment's alias twice.
    expectRefused(res, 'QUERY_ALIASES', 2);
  });
});

describe('root fields (limit 2)', () => {
  it('serves 2 root fields', async () => {
    expectServed(
      await tight.query(
        `query($r: [_Any!]!) { person(personidentifikator: "${a}") { kanVarsles } _entities(representations: $r) { ... on Person { kanVarsles } } }`,
        { r: [entity(b)] },
      ),
    );
  });

  it('refuses 3 root fields', async () => {
    const res = await tight.query(
      `query($r: [_Any!]!) {
        person(personidentifikator: "${a}") { kanVarsles }
        personer(personidentifikatorer: ["${b}"]) { kanVarsles }
        _entities(representations: $r) { ... on Person { kanVarsles } }
      }`,
      { r: [entity(c)] },
    );
    expectRefused(res, 'QUERY_ROOT_FIELDS', 2);
  });

  it('counts root fields inside fragments and inline fragments', async () => {
    const res = await tight.query(
      `query($r: [_Any!]!) { ...R ... on Query { _entities(representations: $r) { ... on Person { kanVarsles } } } }
       fragment R on Query {
         person(personidentifikator: "${a}") { kanVarsles }
         personer(personidentifikatorer: ["${b}"]) { kanVarsles }
       }`,
      { r: [entity(c)] },
    );
    expectRefused(res, 'QUERY_ROOT_FIELDS', 2);
  });
});

describe('distinct persons (limit 3)', () => {
  it('serves 3 distinct persons, duplicates counted once, across root fields', async () => {
    expectServed(
      await tight.query(
        `query($r: [_Any!]!) { personer(personidentifikatorer: ["${a}", "${b}", "${a}"]) { kanVarsles } _entities(representations: $r) { ... on Person { kanVarsles } } }`,
        { r: [entity(c), entity(b)] },
      ),
    );
  });

  it('refuses a fourth distinct person, wherever it is named', async () => {
    expectRefused(
      await tight.query(
        `{ personer(personidentifikatorer: ["${a}", "${b}", "${c}", "${d}"]) { kanVarsles } }`,
      ),
      'TOO_MANY_PERSONS',
      3,
    );
    expectRefused(
      await tight.query(
        `query($r: [_Any!]!) { personer(personidentifikatorer: ["${a}", "${b}"]) { kanVarsles } _entities(representations: $r) { ... on Person { kanVarsles } } }`,
        { r: [entity(c), entity(d)] },
      ),
      'TOO_MANY_PERSONS',
      3,
    );
    expectRefused(
      await tight.query(
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kanVarsles } p: person(personidentifikator: "${d}") { kanVarsles } }`,
        { ids: [a, b, c] },
      ),
      'TOO_MANY_PERSONS',
      3,
    );
  });
});

describe('cost (limit 12)', () => {
  // Each Person costs 1 and its sertifikat 3 more (@cost(weight: 3)); personer multiplies by
  // the length of its identifier list, or by its @listSize(assumedSize: 1000) when unknown.
  const CERTIFICATES =
    'query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { sertifikat { pem } } }';

  it('serves cost 12: three persons with their certificates', async () => {
    expectServed(await costly.query(CERTIFICATES, { ids: [a, b, c] }));
  });

  it('refuses cost 16: the cost grows with the length of the list argument', async () => {
    expectRefused(await costly.query(CERTIFICATES, { ids: [a, b, c, d] }), 'QUERY_COST', 12);
  });

  it('refuses cost 13: one more Person through person, behind a fragment', async () => {
    const res = await costly.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { sertifikat { pem } } person(personidentifikator: "${d}") { ...K } }
       fragment K on Person { kanVarsles }`,
      { ids: [a, b, c] },
    );
    expectRefused(res, 'QUERY_COST', 12);
    expect(res.body.errors?.[0]?.message).toContain('(13 > 12)');
  });

  it('counts _entities by its representations', async () => {
    const ENTITIES =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { sertifikat { pem } } } }';
    expectServed(await costly.query(ENTITIES, { r: [entity(a), entity(b), entity(c)] }));
    sim.recorder.reset();
    expectRefused(
      await costly.query(ENTITIES, { r: [entity(a), entity(b), entity(c), entity(d)] }),
      'QUERY_COST',
      12,
    );
  });

  it('assumes @listSize persons when the list length is unknown', async () => {
    const res = await costly.query(CERTIFICATES, {});
    expectRefused(res, 'QUERY_COST', 12);
    expect(res.body.errors?.[0]?.message).toContain('(4000 > 12)');
  });
});
