// Scope-aware field nullability end to end: caller scopes (verified tokens from the simulator's
// identity provider) and the subgraph's own upstream grants decide which fields are fetched.
// Denials are decided once per operation: one FORBIDDEN error per field selection, no upstream
// call for denied data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  startSubgraph,
  startTestSimulator,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let s: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  s = await startSubgraph(sim);
});
afterAll(async () => {
  await s.close();
  await sim.close();
});
beforeEach(() => {
  sim.recorder.reset();
});

type Res = Awaited<ReturnType<Subgraph['query']>>;
const forbidden = (res: Res) =>
  (res.body.errors ?? []).filter((e) => e.extensions?.['code'] === 'FORBIDDEN');

const GROUPS = [
  {
    scope: 'person:kontaktinformasjon.read',
    field: 'kontaktinformasjon',
    selection: 'kontaktinformasjon { epostadresse { verdi } }',
    register: 'krr',
  },
  {
    scope: 'person:digitalpost.read',
    field: 'digitalPost',
    selection: 'digitalPost { postkasseadresse }',
    register: 'krr',
  },
  {
    scope: 'person:folkeregister.read',
    field: 'navn',
    selection: 'navn { fornavn }',
    register: 'freg',
  },
  {
    scope: 'person:adressebeskyttelse.read',
    field: 'adressebeskyttelse',
    selection: 'adressebeskyttelse { gradering }',
    register: 'freg',
  },
] as const;

async function asCaller(
  scopes: readonly string[],
  query: string,
  variables: Record<string, unknown>,
): Promise<Res> {
  const token = await s.token(scopes);
  return s.query(query, variables, { authorization: `Bearer ${token}` });
}

describe('caller side', () => {
  it.each(GROUPS)(
    'without $scope, $field is null for every person with one FORBIDDEN error and no $register call',
    async (group) => {
      const ids = sim.population.ids.slice(0, 300);
      const res = await asCaller(
        ALL_CALLER_SCOPES.filter((scope) => scope !== group.scope),
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator ${group.selection} } }`,
        { ids },
      );
      const persons = res.body.data?.['personer'] as Record<string, unknown>[];
      expect(persons).toHaveLength(300);
      expect(persons.every((p) => p[group.field] === null)).toBe(true);
      const errors = forbidden(res);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        side: 'caller',
        scope: group.scope,
        field: `Person.${group.field}`,
      });
      expect(res.body.errors).toHaveLength(1);
      expect(sim.recorder.count(group.register)).toBe(0);
    },
  );

  it.each(GROUPS)('with $scope, $field has data', async (group) => {
    const ids =
      group.field === 'digitalPost'
        ? sim.population.cases.mailbox.slice(0, 5)
        : sim.population.ids.slice(0, 5);
    const res = await asCaller(
      [group.scope],
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${group.selection} } }`,
      { ids },
    );
    expect(res.body.errors).toBeUndefined();
    const persons = res.body.data?.['personer'] as Record<string, unknown>[];
    expect(persons.some((p) => p[group.field] !== null)).toBe(true);
  });

  it('reports one error per denied selection, not per person, for 5000 persons', async () => {
    const ids = sim.population.ids.slice(0, 5000);
    const res = await asCaller(
      ['person:kontaktinformasjon.read'],
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kanVarsles digitalPost { postkasseadresse } } again: personer(personidentifikatorer: $ids) { sertifikat { pem } } }`,
      { ids },
    );
    expect((res.body.data?.['personer'] as unknown[]).length).toBe(5000);
    expect(res.body.errors).toHaveLength(2);
    expect(
      forbidden(res)
        .map((e) => e.extensions?.['selection'])
        .sort(),
    ).toEqual(['again.sertifikat', 'personer.digitalPost']);
    expect(sim.recorder.count('krr')).toBe(5);
  });

  it('makes no upstream call at all when every register field is denied', async () => {
    const ids = sim.population.ids.slice(0, 10);
    const res = await asCaller(
      [],
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kanVarsles navn { fornavn } } }`,
      { ids },
    );
    expect(forbidden(res)).toHaveLength(2);
    expect(
      (res.body.data?.['personer'] as { personidentifikator: string }[]).map(
        (p) => p.personidentifikator,
      ),
    ).toEqual(ids);
    expect(sim.recorder.calls).toHaveLength(0);
  });
});

describe('upstream side', () => {
  it('names the upstream side when the subgraph’s KRR token lacks digitalpost', async () => {
    const limited = await startSubgraph(sim, { krrScopes: ['krr:global/kontaktinformasjon.read'] });
    try {
      sim.recorder.reset();
      const ids = sim.population.cases.mailbox.slice(0, 20);
      const res = await limited.query(
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kanVarsles digitalPost { postkasseadresse } } }`,
        { ids },
      );
      const persons = res.body.data?.['personer'] as {
        kanVarsles: boolean | null;
        digitalPost: unknown;
      }[];
      expect(persons.every((p) => p.digitalPost === null)).toBe(true);
      expect(persons.some((p) => p.kanVarsles !== null)).toBe(true);
      expect(forbidden(res)).toHaveLength(1);
      expect(forbidden(res)[0]?.extensions).toMatchObject({
        side: 'upstream',
        scope: 'krr:global/digitalpost.read',
        upstream: 'krr',
      });
    } finally {
      await limited.close();
    }
  });

  it('denies adressebeskyttelse upstream-side with the uten-hjemmel package, and still serves names', async () => {
    const utenHjemmel = await startSubgraph(sim, {
      freg: { rettighetspakke: 'offentlig-uten-hjemmel' },
    });
    try {
      sim.recorder.reset();
      const res = await utenHjemmel.query(
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { navn { fornavn } adressebeskyttelse { gradering } } }`,
        { ids: sim.population.ids.slice(0, 5) },
      );
      expect(forbidden(res)).toHaveLength(1);
      expect(forbidden(res)[0]?.extensions).toMatchObject({
        side: 'upstream',
        field: 'Person.adressebeskyttelse',
      });
      const persons = res.body.data?.['personer'] as { navn: unknown }[];
      expect(persons.some((p) => p.navn !== null)).toBe(true);
      const fregCall = sim.recorder.calls.find((c) => c.upstream === 'freg');
      expect(fregCall?.path).toContain(
        '/folkeregisteret/api/offentligutenhjemmel/v1/personer/bulkoppslag',
      );
      expect(fregCall?.query).not.toContain('adressebeskyttelse');
    } finally {
      await utenHjemmel.close();
    }
  });

  it('names the upstream side when a register is not configured at all', async () => {
    const noFreg = await startSubgraph(sim, { freg: null });
    try {
      const res = await noFreg.query(
        `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kanVarsles navn { fornavn } } }`,
        {
          ids: sim.population.ids.slice(0, 3),
        },
      );
      expect(forbidden(res)).toHaveLength(1);
      expect(forbidden(res)[0]?.extensions).toMatchObject({
        side: 'upstream',
        field: 'Person.navn',
        upstream: 'freg',
      });
    } finally {
      await noFreg.close();
    }
  });
});

describe('authentication over HTTP', () => {
  it('answers 401 UNAUTHENTICATED for person data without a valid token', async () => {
    const id = sim.population.ids[0];
    for (const authorization of ['', 'Bearer nonsense', 'Basic dXNlcjpwYXNz']) {
      const res = await s.query(
        `query($id: ID!) { person(personidentifikator: $id) { kanVarsles } }`,
        { id },
        { authorization },
      );
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(sim.recorder.calls).toHaveLength(0);
  });

  it('keeps _service { sdl } reachable without a token, so routers can compose', async () => {
    const res = await s.query('{ _service { sdl } }', {}, { authorization: '' });
    expect(res.status).toBe(200);
    expect(res.body.data?.['_service']).toMatchObject({
      sdl: expect.stringContaining('@requiresScopes'),
    });
  });
});
