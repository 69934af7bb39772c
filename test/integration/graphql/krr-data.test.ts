// What KRR data looks like through the subgraph, and how the subgraph's own Maskinporten scopes
// change it (the register filters fields by the token's scopes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_KRR_FIELDS,
  startSubgraph,
  startTestSimulator,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let full: Subgraph;
let contactOnly: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  full = await startSubgraph(sim);
  contactOnly = await startSubgraph(sim, { krrScopes: ['krr:global/kontaktinformasjon.read'] });
});
afterAll(async () => {
  await full.close();
  await contactOnly.close();
  await sim.close();
});

const QUERY = `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${ALL_KRR_FIELDS} } }`;

type PersonData = Record<string, unknown> & {
  personidentifikator: string;
  digitalPost: unknown;
  sertifikat: { pem: string; gyldigTil: string | null } | null;
  kontaktinformasjon: { mobiltelefonnummer: { verdi: string } | null } | null;
};

async function fetchPersons(s: Subgraph, ids: readonly string[]): Promise<PersonData[]> {
  const res = await s.query(QUERY, { ids });
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['personer'] as PersonData[];
}

describe('KRR data through the subgraph', () => {
  it('returns mailbox and certificate with both scopes', async () => {
    const ids = sim.population.cases.mailbox.slice(0, 20);
    const persons = await fetchPersons(full, ids);
    expect(persons.every((p) => p.digitalPost !== null)).toBe(true);
    const withCert = persons.filter((p) => p.sertifikat !== null);
    expect(withCert.length).toBeGreaterThan(0);
    expect(withCert[0]?.sertifikat?.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(withCert[0]?.sertifikat?.gyldigTil).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('returns no mailbox or certificate when the subgraph token lacks krr:global/digitalpost.read', async () => {
    const ids = sim.population.cases.mailbox.slice(0, 20);
    const res = await contactOnly.query(QUERY, { ids });
    const persons = res.body.data?.['personer'] as PersonData[];
    expect(persons.every((p) => p.digitalPost === null && p.sertifikat === null)).toBe(true);
    // One error per denied selection, naming the subgraph's (upstream) side, not one per person.
    expect(
      res.body.errors?.map((e) => [e.extensions?.['field'], e.extensions?.['side'], e.path]),
    ).toEqual([
      ['Person.digitalPost', 'upstream', undefined],
      ['Person.sertifikat', 'upstream', undefined],
    ]);
    expect(persons.some((p) => p.kontaktinformasjon !== null)).toBe(true);
  });

  it('gives every Norwegian mobile number in +47 form', async () => {
    const persons = await fetchPersons(full, sim.population.cases.mobileOnly.slice(0, 50));
    const numbers = persons.map((p) => p.kontaktinformasjon?.mobiltelefonnummer?.verdi);
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(/^\+47\d{8}$/);
  });

  it('normalises every timestamp to a full offset', async () => {
    const persons = await fetchPersons(full, sim.population.ids.slice(0, 500));
    const stamps =
      JSON.stringify(persons).match(/"(?:oppdatert|sistVerifisert|tidspunkt)":"([^"]+)"/g) ?? [];
    expect(stamps.length).toBeGreaterThan(100);
    for (const stamp of stamps) expect(stamp).toMatch(/(Z|[+-]\d{2}:\d{2})"$/);
  });

  it('follows KRR for reserved, expired and deleted persons', async () => {
    const [reserved] = await fetchPersons(full, sim.population.cases.reserved.slice(0, 1));
    expect(reserved).toMatchObject({ kanVarsles: false, reservasjon: { reservert: true } });
    const [expired] = await fetchPersons(full, sim.population.cases.expired.slice(0, 1));
    expect(expired).toMatchObject({ kanVarsles: false, varslingsstatus: 'KAN_IKKE_VARSLES' });
    const [deleted] = await fetchPersons(full, sim.population.cases.deleted.slice(0, 1));
    expect(deleted).toMatchObject({
      kontaktregisterstatus: 'SLETTET',
      kanVarsles: false,
      kontaktinformasjon: null,
    });
  });

  it("gives each channel KRR v2's duplicate flag and validation time, as the register sent them", async () => {
    const ids = sim.population.ids.slice(0, 1000);
    const persons = await fetchPersons(full, ids);
    type Point = { verdi: string; duplisert: boolean | null; sistValidert: string | null } | null;
    let flagged = 0;
    let validated = 0;
    persons.forEach((person, i) => {
      const record = sim.population.get(ids[i] ?? '')?.krr;
      const contact = person['kontaktinformasjon'] as Record<string, Point> | null;
      for (const [field, channel] of [
        ['epostadresse', record?.epost],
        ['mobiltelefonnummer', record?.mobil],
      ] as const) {
        const point = contact?.[field] ?? null;
        if (point === null) continue;
        const expected =
          channel?.duplisert === 'JA' ? true : channel?.duplisert === 'NEI' ? false : null;
        expect(point.duplisert).toBe(expected);
        expect(point.sistValidert === null).toBe((channel?.sistValidert ?? null) === null);
        if (point.duplisert === true) flagged++;
        if (point.sistValidert !== null) validated++;
      }
    });
    expect(flagged).toBeGreaterThan(0);
    expect(validated).toBeGreaterThan(0);
  });

  it('shows no mailbox where KRR sends a provider beside an empty mailbox address', async () => {
    const ids = sim.population.cases.emptyStrings.filter(
      (id) => sim.population.get(id)?.krr?.digitalPost?.adresse === '',
    );
    expect(ids.length).toBeGreaterThan(0);
    const persons = await fetchPersons(full, ids);
    expect(persons.map((p) => p.digitalPost)).toEqual(ids.map(() => null));
  });

  it('copes with empty strings and empty objects from KRR', async () => {
    const persons = await fetchPersons(full, sim.population.cases.emptyStrings.slice(0, 5));
    expect(persons).toHaveLength(Math.min(5, sim.population.cases.emptyStrings.length));
    expect(JSON.stringify(persons)).not.toContain('""');
  });
});
