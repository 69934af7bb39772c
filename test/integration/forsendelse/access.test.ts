// Person.forsendelse and scopes: it needs every caller scope whose data it reads, is denied like
// any other field otherwise (caller side and upstream side), and never reveals a protected
// address or the fact of protection to a caller without person:adressebeskyttelse.read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  startSubgraph,
  startTestSimulator,
  type GraphqlResponse,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let entitled: Subgraph;
let unentitled: Subgraph;

const WITHOUT_PROTECTION = ALL_CALLER_SCOPES.filter((s) => s !== 'person:adressebeskyttelse.read');

beforeAll(async () => {
  sim = await startTestSimulator();
  entitled = await startSubgraph(sim);
  unentitled = await startSubgraph(sim, { callerScopes: WITHOUT_PROTECTION });
});
afterAll(async () => {
  await Promise.all([entitled.close(), unentitled.close()]);
  await sim.close();
});

const FIELDS = `kanal alternativeKanaler begrunnelser
  digitalPostkasse { postkasseadresse postkasseleverandoeradresse }
  varslingskanaler { type verdi }
  postadresse { type adresselinjer coAdressenavn postnummer poststed kommunenummer landkode
    vegadresse { adressenavn husnummer } postboks { postboks postbokseier } }
  postadressekilde harVerge alder`;
const QUERY = `query($id: ID!) { person(personidentifikator: $id) {
  personidentifikator
  vedtak: forsendelse { ${FIELDS} }
  informasjon: forsendelse(formaal: INFORMASJON) { ${FIELDS} }
} }`;

async function ask(s: Subgraph, id: string, headers: Record<string, string> = {}) {
  return s.query(QUERY, { id }, headers);
}

/** The whole response with the identifier replaced, so two persons can be compared. */
function withoutIdentifier(res: GraphqlResponse, id: string): string {
  return JSON.stringify({ status: res.status, body: res.body }).split(id).join('<id>');
}

describe('protection', () => {
  it('gives a fortrolig person and a person without an address identical answers, apart from the identifier, to a caller without the protection scope', async () => {
    const { fortrolig, dNummerUtenAdresse } = sim.population.cases.forsendelse;
    const [a, b] = await Promise.all([
      ask(unentitled, fortrolig),
      ask(unentitled, dNummerUtenAdresse),
    ]);
    expect(a.body.errors).toBeUndefined();
    expect(withoutIdentifier(a, fortrolig)).toBe(withoutIdentifier(b, dNummerUtenAdresse));
    expect(JSON.stringify(a.body)).not.toMatch(/BESKYTTELSE|FORTROLIG/i);
    const person = a.body.data?.['person'] as Record<string, Record<string, unknown>>;
    expect(person['vedtak']).toMatchObject({ kanal: 'INGEN', postadresse: null });
  });

  it('gives the protected address, marked as protected, to a caller with the scope', async () => {
    const { fortrolig, dNummerUtenAdresse } = sim.population.cases.forsendelse;
    const a = await ask(entitled, fortrolig);
    const b = await ask(entitled, dNummerUtenAdresse);
    const vedtak = (a.body.data?.['person'] as Record<string, Record<string, unknown>>)['vedtak'];
    expect(vedtak).toMatchObject({ kanal: 'PAPIR', postadressekilde: 'BOSTEDSADRESSE' });
    expect(vedtak?.['begrunnelser']).toContain('ADRESSEBESKYTTELSE');
    expect(withoutIdentifier(a, fortrolig)).not.toBe(withoutIdentifier(b, dNummerUtenAdresse));
  });

  it('sends a strengt fortrolig person’s letter to the open SOT 6 post box, for every caller', async () => {
    const id = sim.population.cases.forsendelse.strengtFortrolig;
    for (const s of [entitled, unentitled]) {
      const res = await ask(s, id);
      const vedtak = (res.body.data?.['person'] as Record<string, Record<string, unknown>>)[
        'vedtak'
      ];
      expect(vedtak).toMatchObject({
        kanal: 'PAPIR',
        postadressekilde: 'POSTADRESSE',
        postadresse: { adresselinjer: ['SOT 6', 'Postboks 2094 Vika', '0125 OSLO'] },
      });
      expect((vedtak?.['begrunnelser'] as string[]).includes('ADRESSEBESKYTTELSE')).toBe(
        s === entitled,
      );
    }
  });
});

describe('scopes', () => {
  it.each([
    'person:kontaktinformasjon.read',
    'person:digitalpost.read',
    'person:folkeregister.read',
  ])('is denied (FORBIDDEN, once per selection, no register call) without %s', async (missing) => {
    const token = await entitled.token(ALL_CALLER_SCOPES.filter((s) => s !== missing));
    const ids = Object.values(sim.population.cases.forsendelse);
    sim.recorder.reset();
    const res = await entitled.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator forsendelse { kanal } } }`,
      { ids },
      { authorization: `Bearer ${token}` },
    );
    const persons = res.body.data?.['personer'] as { forsendelse: unknown }[];
    expect(persons).toHaveLength(ids.length);
    expect(persons.every((p) => p.forsendelse === null)).toBe(true);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      side: 'caller',
      scope: missing,
      field: 'Person.forsendelse',
      selection: 'personer.forsendelse',
    });
    expect(sim.recorder.calls.filter((c) => c.upstream !== 'maskinporten')).toHaveLength(0);
  });

  it('is denied on the upstream side when the subgraph’s KRR grant lacks the mailbox scope', async () => {
    const contactOnly = await startSubgraph(sim, {
      krrScopes: ['krr:global/kontaktinformasjon.read'],
    });
    try {
      const res = await contactOnly.query(QUERY, {
        id: sim.population.cases.forsendelse.digitalPostkasse,
      });
      const person = res.body.data?.['person'] as Record<string, unknown>;
      expect(person['vedtak']).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({
          code: 'FORBIDDEN',
          side: 'upstream',
          upstream: 'krr',
          scope: 'krr:global/digitalpost.read',
          field: 'Person.forsendelse',
        }),
        expect.objectContaining({ code: 'FORBIDDEN', side: 'upstream', upstream: 'krr' }),
      ]);
    } finally {
      await contactOnly.close();
    }
  });

  it('reports a register failure at the field of the persons it touched', async () => {
    sim.faults.inject('krr', { status: 503 }, 10);
    try {
      const res = await ask(entitled, sim.population.cases.forsendelse.ingenPostkasse);
      const person = res.body.data?.['person'] as Record<string, unknown>;
      expect(person['vedtak']).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.body.errors?.[0]?.path).toEqual(['person', 'vedtak']);
    } finally {
      sim.faults.clear();
    }
  });
});
