// Bad input and upstream faults: each gives a stable extensions.code at the right path, nothing
// else in the response is lost, and the service keeps serving.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_KRR_FIELDS,
  startSubgraph,
  startTestSimulator,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let s: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  // No retries here, so one injected fault fails exactly one call; retries have their own tests.
  s = await startSubgraph(sim, {
    env: { MAX_PERSONS_PER_OPERATION: '2000', UPSTREAM_MAX_RETRIES: '0' },
  });
});
afterAll(async () => {
  await s.close();
  await sim.close();
});
beforeEach(() => {
  sim.faults.clear();
  sim.recorder.reset();
});

const PERSONER = `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kontaktregisterstatus } }`;

function errorsAt(res: Awaited<ReturnType<Subgraph['query']>>) {
  return (res.body.errors ?? []).map((e) => ({ path: e.path, code: e.extensions?.['code'] }));
}

describe('invalid identifiers', () => {
  it('keeps order and length, with null and one BAD_USER_INPUT error per invalid identifier', async () => {
    const [a, b, c] = sim.population.ids;
    const ids = [a, '123', b, '12345678901', 'abcdefghijk', c, '01015000000'];
    const res = await s.query(PERSONER, { ids });
    const persons = res.body.data?.['personer'] as ({ personidentifikator: string } | null)[];
    expect(persons.map((p) => p?.personidentifikator ?? null)).toEqual([
      a,
      null,
      b,
      null,
      null,
      c,
      null,
    ]);
    expect(errorsAt(res)).toEqual(
      expect.arrayContaining([
        { path: ['personer', 1], code: 'BAD_USER_INPUT' },
        { path: ['personer', 3], code: 'BAD_USER_INPUT' },
        { path: ['personer', 4], code: 'BAD_USER_INPUT' },
        { path: ['personer', 6], code: 'BAD_USER_INPUT' },
      ]),
    );
    expect(res.body.errors).toHaveLength(4);
    // Invalid identifiers never reach KRR, and never appear in error messages.
    expect(
      sim.recorder.calls.filter((call) => call.upstream === 'krr').map((call) => call.identifiers),
    ).toEqual([3]);
    expect(JSON.stringify(res.body.errors)).not.toMatch(/\d{11}/);
  });

  it('rejects H-numbers (+40 month) as unsupported by the registers', async () => {
    // Day 01, month 01 + 40, year 50, individnummer 100, with valid check digits.
    const res = await s.query(
      `{ person(personidentifikator: "01415010016") { personidentifikator } }`,
    );
    expect(res.body.data?.['person']).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('answers an empty list with an empty list', async () => {
    const res = await s.query(PERSONER, { ids: [] });
    expect(res.body).toEqual({ data: { personer: [] } });
  });

  it('refuses an operation above MAX_PERSONS_PER_OPERATION before any upstream call', async () => {
    const ids = sim.population.ids.slice(0, 2001);
    const res = await s.query(PERSONER, { ids });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.extensions?.['reason']).toBe('TOO_MANY_PERSONS');
    expect(sim.recorder.count('krr')).toBe(0);
  });

  it('counts distinct identifiers across root fields for the limit', async () => {
    const ids = sim.population.ids.slice(0, 1500);
    const res = await s.query(
      `query($a: [ID!]!, $b: [ID!]!) { a: personer(personidentifikatorer: $a) { personidentifikator } b: personer(personidentifikatorer: $b) { personidentifikator } }`,
      {
        a: ids.slice(0, 1000),
        b: [...ids.slice(500, 1500), ...sim.population.ids.slice(1500, 2100)],
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['reason']).toBe('TOO_MANY_PERSONS');
  });
});

describe('upstream faults', () => {
  const cases = [
    { name: 'HTTP 500', fault: { status: 500 }, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'HTTP 503 HTML page', fault: { kind: 'html' as const }, code: 'UPSTREAM_UNAVAILABLE' },
    {
      name: 'a 200 body that is not JSON',
      fault: { kind: 'non-json' as const },
      code: 'UPSTREAM_UNAVAILABLE',
    },
    {
      name: 'a truncated JSON body',
      fault: { kind: 'truncated' as const },
      code: 'UPSTREAM_UNAVAILABLE',
    },
    { name: 'HTTP 400', fault: { status: 400 }, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'HTTP 403', fault: { status: 403 }, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'HTTP 429', fault: { status: 429, retryAfter: '1' }, code: 'UPSTREAM_RATE_LIMITED' },
    { name: 'a connection reset', fault: { kind: 'reset' as const }, code: 'UPSTREAM_UNAVAILABLE' },
  ];

  it.each(cases)(
    '$name fails only the persons of that chunk, with $code',
    async ({ fault, code }) => {
      // Two chunks: the first KRR call fails, the second succeeds.
      const ids = sim.population.ids.slice(0, 1500);
      sim.faults.inject('krr', fault, 1);
      const res = await s.query(
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kontaktregisterstatus kanVarsles } }`,
        { ids },
      );
      const persons = res.body.data?.['personer'] as {
        personidentifikator: string;
        kontaktregisterstatus: string | null;
      }[];
      expect(persons).toHaveLength(1500);
      expect(persons.every((p, i) => p.personidentifikator === ids[i])).toBe(true);
      const failed = persons.filter((p) => p.kontaktregisterstatus === null).length;
      const served = persons.filter((p) => p.kontaktregisterstatus !== null).length;
      expect(failed === 1000 || failed === 500).toBe(true);
      expect(served).toBe(1500 - failed);
      const codes = new Set((res.body.errors ?? []).map((e) => e.extensions?.['code']));
      expect([...codes]).toEqual([code]);
      // Errors point at the failed fields of the failed persons only.
      expect(res.body.errors).toHaveLength(failed * 2);
      expect(JSON.stringify(res.body.errors)).not.toMatch(/\d{11}/);
      // The service keeps serving.
      const again = await s.query(PERSONER, { ids: ids.slice(0, 2) });
      expect(again.body.errors).toBeUndefined();
    },
  );

  describe('with retries (the default policy)', () => {
    let retrying: Subgraph;
    beforeAll(async () => {
      retrying = await startSubgraph(sim, {
        env: { UPSTREAM_RETRY_BASE_DELAY_MS: '5', UPSTREAM_RETRY_MAX_DELAY_MS: '20' },
      });
    });
    afterAll(() => retrying.close());

    const transient = [
      { name: 'HTTP 503 HTML page', fault: { kind: 'html' as const } },
      { name: 'HTTP 502', fault: { status: 502 } },
      { name: 'HTTP 429 with Retry-After', fault: { status: 429, retryAfter: '1' } },
      { name: 'a connection reset', fault: { kind: 'reset' as const } },
    ];
    it.each(transient)(
      'retries $name and loses nothing (the lookup is read-only)',
      async ({ fault }) => {
        const ids = sim.population.ids.slice(0, 1500);
        sim.faults.inject('krr', fault, 1);
        const res = await retrying.query(PERSONER, { ids });
        expect(res.body.errors).toBeUndefined();
        const persons = res.body.data?.['personer'] as { personidentifikator: string }[];
        expect(persons.map((p) => p.personidentifikator)).toEqual(ids);
        // Two chunks plus one retry of the failed one.
        expect(sim.recorder.count('krr')).toBe(3);
      },
    );

    it('does not retry a 400 (the request itself is wrong)', async () => {
      sim.faults.inject('krr', { status: 400 }, 1);
      const res = await retrying.query(PERSONER, { ids: sim.population.ids.slice(0, 5) });
      expect(new Set(res.body.errors?.map((e) => e.extensions?.['code']))).toEqual(
        new Set(['UPSTREAM_UNAVAILABLE']),
      );
      expect(sim.recorder.count('krr')).toBe(1);
    });

    it('gives up after the retry budget with UPSTREAM_UNAVAILABLE', async () => {
      sim.faults.inject('krr', { status: 503 }, 3);
      const res = await retrying.query(PERSONER, { ids: sim.population.ids.slice(0, 5) });
      expect(new Set(res.body.errors?.map((e) => e.extensions?.['code']))).toEqual(
        new Set(['UPSTREAM_UNAVAILABLE']),
      );
      expect(sim.recorder.count('krr')).toBe(3);
    });
  });

  it('retries once with a fresh token when KRR answers 401', async () => {
    sim.faults.inject('krr', { status: 401 }, 1);
    const res = await s.query(PERSONER, { ids: sim.population.ids.slice(0, 5) });
    expect(res.body.errors).toBeUndefined();
    expect(sim.recorder.count('krr')).toBe(2);
    expect(sim.recorder.count('maskinporten', { path: '/token' })).toBe(1);
  });

  it('reports a Maskinporten failure per person and recovers on the next operation', async () => {
    const fresh = await startSubgraph(sim, { env: { UPSTREAM_MAX_RETRIES: '0' } });
    try {
      // Down for this whole operation (the scope probe and the register call both ask for a token).
      sim.faults.inject('maskinporten', { status: 503 }, Infinity);
      const ids = sim.population.ids.slice(0, 3);
      const res = await fresh.query(PERSONER, { ids });
      const persons = res.body.data?.['personer'] as {
        personidentifikator: string;
        kontaktregisterstatus: null;
      }[];
      expect(persons.map((p) => p.personidentifikator)).toEqual(ids);
      expect(persons.every((p) => p.kontaktregisterstatus === null)).toBe(true);
      expect(new Set(res.body.errors?.map((e) => e.extensions?.['code']))).toEqual(
        new Set(['UPSTREAM_UNAVAILABLE']),
      );
      sim.faults.clear();
      const again = await fresh.query(PERSONER, { ids });
      expect(again.body.errors).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});

describe('what the registers say', () => {
  it('shows unknown persons as IKKE_REGISTRERT, not as null', async () => {
    const [unknown] = sim.population.unknownIds(1);
    const res = await s.query(
      `query($id: ID!) { person(personidentifikator: $id) { ${ALL_KRR_FIELDS} } }`,
      { id: unknown },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['person']).toMatchObject({
      personidentifikator: unknown,
      kontaktregisterstatus: 'IKKE_REGISTRERT',
      kanVarsles: false,
      kontaktinformasjon: null,
    });
  });
});

describe('GraphQL validation and coercion errors', () => {
  // What a caller sent by mistake must not come back in a message: routers, browsers and their
  // logs see every error text. Synthetic identity number and invented name and address.
  const PERSONAL = /41818012345|418180 12345|Ola|Nordmann|Storgata/;
  const PERSON = `query($id: ID!) { person(personidentifikator: $id) { personidentifikator } }`;

  function messagesOf(res: Awaited<ReturnType<Subgraph['query']>>): string {
    return (res.body.errors ?? []).map((e) => e.message).join('\n');
  }

  it.each([
    ['an object', { navn: 'Ola Nordmann', id: '41818012345' }],
    ['a list holding a spaced identity number', ['418180 12345']],
    ['a fractional number', 41818012345.5],
  ])(
    'answers a variable that is %s with BAD_USER_INPUT that does not echo it',
    async (_what, id) => {
      const logged = s.logs.lines.length;
      const res = await s.query(PERSON, { id });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(messagesOf(res)).toContain('"$id"');
      expect(messagesOf(res)).not.toMatch(PERSONAL);
      // A caller's mistake, not the service's: nothing is logged as an internal error.
      const lines = s.logs.lines.slice(logged);
      expect(lines.some((line) => line.includes('"event":"operation"'))).toBe(true);
      expect(lines.filter((line) => line.includes('"internal_error"'))).toEqual([]);
    },
  );

  it('does not echo the items of a list variable that fails coercion', async () => {
    const res = await s.query(PERSONER, {
      ids: ['41818012345', null, { adresse: 'Storgata 12B', navn: 'Ola Nordmann' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.['code'])).toEqual(
      res.body.errors?.map(() => 'BAD_USER_INPUT'),
    );
    expect(messagesOf(res)).toContain('"$ids"');
    expect(messagesOf(res)).not.toMatch(PERSONAL);
  });

  it.each([
    ['an object literal', `{ person(personidentifikator: {navn: "Ola Nordmann"}) { kjoenn } }`],
    ['a list literal', `{ person(personidentifikator: ["418180 12345"]) { kjoenn } }`],
    ['an enum-like word', `{ person(personidentifikator: Nordmann) { kjoenn } }`],
    [
      'a string where a name belongs',
      `{ person(personidentifikator: "41818012345" "Ola Nordmann") { kjoenn } }`,
    ],
  ])('does not echo %s in a validation or syntax error', async (_what, query) => {
    const res = await s.query(query);
    expect(res.status).toBe(400);
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(messagesOf(res)).not.toMatch(PERSONAL);
  });

  it('keeps validation messages that echo no value as graphql-js wrote them', async () => {
    const res = await s.query(`{ person(personidentifikator: "41818012345") { finnesIkke } }`);
    expect(res.body.errors?.[0]?.message).toBe('Cannot query field "finnesIkke" on type "Person".');
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('what a caller names reaches no metric label, log or audit line', () => {
  it('does not use an operation name holding an identity number as a label', async () => {
    const [id] = sim.population.ids as [string];
    const name = `Oppslag${id}`;
    const res = await s.query(
      `query ${name}($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kontaktregisterstatus } }`,
      { ids: [id] },
    );
    expect(res.body.errors).toBeUndefined();
    const metrics = await (await fetch(s.service.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toContain('graphql_operations_total');
    expect(metrics).not.toContain(id);
    expect(s.audit.lines.join('\n')).not.toContain(id);
  });

  it('logs an invalid identifier as the caller error it is, not as an internal error', async () => {
    const logged = s.logs.lines.length;
    const res = await s.query(PERSONER, { ids: ['12345678901'] });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const lines = s.logs.lines.slice(logged);
    expect(lines.some((line) => line.includes('"event":"operation"'))).toBe(true);
    expect(lines.filter((line) => line.includes('"internal_error"'))).toEqual([]);
  });
});
