// Query.meg: the logged-in end user's own KRR data through KRR's user-bound lookup, with the
// user's ID-porten token in the x-idporten-token header; caller rules apply as everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../support/stack.ts';

const MEG = `{ meg { personidentifikator kontaktregisterstatus reservasjon { reservert }
  kontaktinformasjon { epostadresse { verdi } } digitalPost { postkasseadresse } navn { visningsnavn } } }`;

let sim: Simulator;
let subgraph: Subgraph;
let person: string;

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 500 });
  subgraph = await startSubgraph(sim);
  const mailbox = sim.population.cases.mailbox.find(
    (id) => sim.population.get(id)?.krr?.epost != null,
  );
  if (mailbox === undefined) throw new Error('no mailbox person with e-mail in the population');
  person = mailbox;
});
afterAll(async () => {
  await subgraph.close();
  await sim.close();
});

describe('Query.meg', () => {
  it('returns the end user’s own KRR data (same as a lookup by number) plus Freg data', async () => {
    const token = await sim.idporten.mint({ pid: person });
    sim.recorder.reset();
    const own = await subgraph.query(MEG, {}, { 'x-idporten-token': token });
    expect(own.body.errors).toBeUndefined();
    const byNumber = await subgraph.query(
      `query($id: ID!) { person(personidentifikator: $id) { personidentifikator kontaktregisterstatus reservasjon { reservert }
        kontaktinformasjon { epostadresse { verdi } } digitalPost { postkasseadresse } navn { visningsnavn } } }`,
      { id: person },
    );
    expect(own.body.data?.['meg']).toEqual(byNumber.body.data?.['person']);
    const userCalls = sim.recorder.calls.filter((c) => c.path === '/rest/v1/person');
    expect(userCalls).toHaveLength(1);
    expect(userCalls[0]?.method).toBe('GET');
    expect(userCalls[0]?.scopes).toContain('krr:user/kontaktinformasjon.read');
  });

  it('decides forsendelse from the end user’s own KRR record, as a lookup by number does', async () => {
    const query = (root: string): string =>
      `${root} { forsendelse { kanal begrunnelser digitalPostkasse { postkasseadresse } postadresse { adresselinjer } harVerge alder } }`;
    const token = await sim.idporten.mint({ pid: person });
    sim.recorder.reset();
    const own = await subgraph.query(`{ ${query('meg')} }`, {}, { 'x-idporten-token': token });
    expect(own.body.errors).toBeUndefined();
    // The KRR data came from the user-bound lookup only, not from the subgraph's own grant.
    expect(sim.recorder.calls.filter((c) => c.path === '/rest/v2/personer')).toHaveLength(0);
    const byNumber = await subgraph.query(
      `query($id: ID!) { ${query('person(personidentifikator: $id)')} }`,
      { id: person },
    );
    const meg = own.body.data?.['meg'] as { forsendelse: { kanal: string } };
    expect(meg.forsendelse.kanal).toBe('DIGITAL_POSTKASSE');
    expect(meg).toEqual(byNumber.body.data?.['person']);
  });

  it('is audited like any other read of person data', async () => {
    const token = await sim.idporten.mint({ pid: person });
    const before = subgraph.audit.lines.length;
    await subgraph.query(`{ meg { kontaktregisterstatus } }`, {}, { 'x-idporten-token': token });
    const lines = subgraph.audit.lines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toContain(person);
  });

  it('leaves out what the user token’s scopes do not cover', async () => {
    const token = await sim.idporten.mint({
      pid: person,
      scopes: ['openid', 'krr:user/kontaktinformasjon.read'],
    });
    const own = await subgraph.query(MEG, {}, { 'x-idporten-token': `Bearer ${token}` });
    const meg = own.body.data?.['meg'] as Record<string, unknown>;
    expect(meg['kontaktinformasjon']).not.toBeNull();
    expect(meg['digitalPost']).toBeNull();
  });

  it('without the header: null and UNAUTHENTICATED naming the header, and no KRR call', async () => {
    sim.recorder.reset();
    const response = await subgraph.query(MEG);
    expect(response.body.data?.['meg']).toBeNull();
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDPORTEN_TOKEN_MISSING',
      header: 'x-idporten-token',
    });
    expect(sim.recorder.count('krr')).toBe(0);
  });

  it('a token KRR refuses gives UNAUTHENTICATED (IDPORTEN_TOKEN_REJECTED)', async () => {
    const token = await sim.idporten.mint({ pid: person, expiresInSeconds: -10 });
    const response = await subgraph.query(MEG, {}, { 'x-idporten-token': token });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDPORTEN_TOKEN_REJECTED',
    });
  });

  it('caller scopes still apply: no contact data without person:kontaktinformasjon.read', async () => {
    const token = await sim.idporten.mint({ pid: person });
    const caller = await subgraph.token(['person:digitalpost.read']);
    const response = await subgraph.query(
      `{ meg { personidentifikator kontaktinformasjon { epostadresse { verdi } } digitalPost { postkasseadresse } } }`,
      {},
      { 'x-idporten-token': token, authorization: `Bearer ${caller}` },
    );
    const meg = response.body.data?.['meg'] as Record<string, unknown>;
    expect(meg['kontaktinformasjon']).toBeNull();
    expect(meg['digitalPost']).not.toBeNull();
    expect(response.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
  });

  it('needs a valid caller token like every other root field', async () => {
    const token = await sim.idporten.mint({ pid: person });
    const response = await subgraph.query(
      MEG,
      {},
      { 'x-idporten-token': token, authorization: 'Bearer not-a-token' },
    );
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0]?.extensions?.['reason']).not.toBe('IDPORTEN_TOKEN_MISSING');
  });
});
