// The service's responses are byte for byte those of Apollo's own path. The service executes with
// graphql-jit (src/graphql/executor.ts), converts its errors back to graphql-js errors and lets
// Apollo serialise; the reference executes the same schema, resolvers and plugins with graphql-js.
// Both run here against one simulator, and each operation below (one of each kind the
// integration suites send: all field sets, every register case, letter routing, denials,
// invalid identifiers, a failed upstream chunk, entities with fragments and aliases, single
// persons, the SDL, conditional fields, introspection, request errors) must give the same
// status and the same bytes from both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  ALL_KRR_FIELDS,
  startSubgraph,
  startTestSimulator,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let compiled: Subgraph;
let reference: Subgraph;

// One register call at a time and no retries: an injected fault then hits the same chunk in
// both services.
const ENV = {
  MAX_PERSONS_PER_OPERATION: '2000',
  UPSTREAM_MAX_RETRIES: '0',
  UPSTREAM_CONCURRENCY: '1',
};

beforeAll(async () => {
  sim = await startTestSimulator();
  compiled = await startSubgraph(sim, { env: ENV });
  reference = await startSubgraph(sim, { env: ENV, referenceExecution: true });
});
afterAll(async () => {
  await compiled?.close();
  await reference?.close();
  await sim?.close();
});
const ADRESSE = `type adresselinjer coAdressenavn postnummer poststed kommunenummer landkode
  vegadresse { adressenavn husnummer husbokstav bruksenhetsnummer adressekode }
  matrikkeladresse { gaardsnummer bruksnummer festenummer undernummer adressetilleggsnavn bruksenhetsnummer }
  postboks { postboks postbokseier }`;

const FREG_FIELDS = `finnesIFolkeregisteret folkeregisteridentifikator
  navn { fornavn mellomnavn etternavn forkortetNavn visningsnavn }
  foedsel { foedselsdato foedselsaar foedeland foedekommune }
  kjoenn personstatus doedsfall { doedsdato } sivilstand { type dato } statsborgerskap
  bostedsadresse { ${ADRESSE} } postadresse { ${ADRESSE} } oppholdsadresse { ${ADRESSE} }
  adressebeskyttelse { gradering }
  kontaktinformasjonForDoedsbo { skifteform attestutstedelsesdato }
  vergemaalEllerFremtidsfullmakt { type embete }`;

const FORSENDELSE_FIELDS = `kanal alternativeKanaler begrunnelser
  digitalPostkasse { postkasseadresse postkasseleverandoeradresse }
  varslingskanaler { type verdi }
  postadresse { type adresselinjer postnummer poststed landkode }
  postadressekilde harVerge alder`;

const personer = (fields: string): string =>
  `query Equivalence($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${fields} } }`;

interface Body {
  data?: unknown;
  errors?: { path?: unknown[]; extensions?: { code?: string } }[];
}

/** POSTs an operation and returns the status and the body exactly as sent. */
async function send(
  subgraph: Subgraph,
  query: string,
  variables: Record<string, unknown>,
  scopes: readonly string[],
): Promise<{ status: number; text: string }> {
  const response = await fetch(subgraph.service.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await subgraph.token(scopes)}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Sends the operation to both services (`before` runs before each, e.g. to queue a fault) and
 * expects the same status and bytes; returns the parsed body.
 */
async function sameBytes(
  query: string,
  variables: Record<string, unknown>,
  options: { readonly scopes?: readonly string[]; readonly before?: () => void } = {},
): Promise<Body> {
  const scopes = options.scopes ?? ALL_CALLER_SCOPES;
  options.before?.();
  const fromCompiled = await send(compiled, query, variables, scopes);
  options.before?.();
  const fromReference = await send(reference, query, variables, scopes);
  expect(fromCompiled.status).toBe(fromReference.status);
  expect(fromCompiled.text.length).toBe(fromReference.text.length);
  // Compared as strings: a failing diff would print synthetic person data only.
  expect(fromCompiled.text === fromReference.text).toBe(true);
  // Apollo's wire format: JSON.stringify's text and one newline (written as a byte by
  // src/http/server.ts).
  const body = JSON.parse(fromCompiled.text) as Body;
  expect(fromCompiled.text === `${JSON.stringify(body)}\n`).toBe(true);
  return body;
}

function codes(body: Body): string[] {
  return (body.errors ?? []).map((error) => error.extensions?.code ?? '');
}

describe('graphql-jit and graphql-js give the same bytes', () => {
  it('all KRR fields for 1000 persons, with invalid and unknown identifiers among them', async () => {
    const ids = [...sim.population.ids.slice(0, 997), '123', '01015000000', 'abcdefghijk'];
    const body = await sameBytes(personer(ALL_KRR_FIELDS), { ids });
    expect(codes(body)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  it('the KRR cases: reserved, expired, deleted, mailbox, empty strings, test users', async () => {
    const c = sim.population.cases;
    const ids = [
      ...c.reserved.slice(0, 3),
      ...c.expired.slice(0, 3),
      ...c.deleted.slice(0, 3),
      ...c.mailbox.slice(0, 3),
      ...c.emptyStrings.slice(0, 3),
      ...c.testUsers,
    ];
    await sameBytes(personer(ALL_KRR_FIELDS), { ids });
  });

  it('every Folkeregisteret case with all Freg fields', async () => {
    const ids = Object.values(sim.population.cases.freg).flatMap((list) => list.slice(0, 2));
    const body = await sameBytes(personer(`personidentifikator ${FREG_FIELDS}`), {
      ids: [...new Set(ids)],
    });
    expect(body.data).not.toBeNull();
  });

  it('KRR, Freg and both letter purposes (aliases) for every letter-routing case', async () => {
    const ids = Object.values(sim.population.cases.forsendelse);
    await sameBytes(
      personer(`${ALL_KRR_FIELDS} ${FREG_FIELDS}
        vedtak: forsendelse(formaal: VEDTAK) { ${FORSENDELSE_FIELDS} }
        informasjon: forsendelse(formaal: INFORMASJON) { ${FORSENDELSE_FIELDS} }`),
      { ids },
    );
  });

  it('denied fields: null with FORBIDDEN, the rest of each person intact', async () => {
    const scopes = ALL_CALLER_SCOPES.filter(
      (scope) => scope !== 'person:digitalpost.read' && scope !== 'person:adressebeskyttelse.read',
    );
    const ids = [...sim.population.cases.mailbox.slice(0, 5), ...sim.population.ids.slice(0, 5)];
    const body = await sameBytes(
      personer(`${ALL_KRR_FIELDS} adressebeskyttelse { gradering }`),
      { ids },
      { scopes },
    );
    expect(codes(body).length).toBeGreaterThan(0);
    expect(new Set(codes(body))).toEqual(new Set(['FORBIDDEN']));
  });

  it('a failed upstream chunk: its persons null with their error, the other chunk intact', async () => {
    try {
      const ids = sim.population.ids.slice(0, 1500);
      const body = await sameBytes(
        personer(ALL_KRR_FIELDS),
        { ids },
        { before: () => sim.faults.inject('krr', { status: 503 }, 1) },
      );
      expect(codes(body).length).toBeGreaterThan(0);
      expect(codes(body).every((code) => code.startsWith('UPSTREAM'))).toBe(true);
      const persons = (body.data as { personer: unknown[] }).personer;
      expect(persons.slice(1000).every((person) => person !== null)).toBe(true);
    } finally {
      sim.faults.clear();
    }
  });

  it('entities with __typename, fragments, inline fragments, merged fields and aliases', async () => {
    const [a, b] = sim.population.cases.mailbox;
    const query = `query Entities($r: [_Any!]!) {
      _entities(representations: $r) {
        __typename
        ... on Person { personidentifikator ...Contact kind: __typename }
        ... on Person { kontaktinformasjon { epostadresse { oppdatert } } status: kontaktregisterstatus }
      }
    }
    fragment Contact on Person {
      kontaktinformasjon { epostadresse { verdi } mobiltelefonnummer { verdi } }
      sertifikat { utsteder pem }
      navn { visningsnavn }
    }`;
    const representations = [a, '123', b, a].map((id) => ({
      __typename: 'Person',
      personidentifikator: id,
    }));
    const body = await sameBytes(query, { r: representations });
    expect(codes(body)).toContain('BAD_USER_INPUT');
  });

  it('one person by identifier, and an invalid one', async () => {
    const one = `query One($id: ID!) { person(personidentifikator: $id) { ${ALL_KRR_FIELDS} navn { fornavn } } }`;
    await sameBytes(one, { id: sim.population.ids[0] });
    const body = await sameBytes(one, { id: '12345678901' });
    expect(body.data).toEqual({ person: null });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
  });

  it('the service SDL', async () => {
    await sameBytes('{ _service { sdl } }', {});
  });
});

describe('operations outside the common path', () => {
  it('@include and @skip', async () => {
    const body = await sameBytes(
      `query($ids: [ID!]!, $yes: Boolean!) { personer(personidentifikatorer: $ids) {
        personidentifikator kanVarsles @include(if: $yes) spraak @skip(if: $yes) { kode } } }`,
      { ids: sim.population.ids.slice(0, 3), yes: true },
    );
    expect(body.data).not.toBeNull();
  });

  it('introspection', async () => {
    await sameBytes('{ __schema { queryType { name } } __type(name: "Person") { name } }', {});
  });

  it('requests Apollo refuses before execution, with its own error body', async () => {
    for (const subgraph of [compiled, reference]) {
      const response = await fetch(subgraph.service.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await subgraph.token(ALL_CALLER_SCOPES)}`,
        },
        body: JSON.stringify({ query: 1 }),
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
      expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
      expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('request errors: bad variables, an unknown field, too many persons', async () => {
    const one = 'query One($id: ID!) { person(personidentifikator: $id) { personidentifikator } }';
    await sameBytes(one, { id: 12 });
    await sameBytes(one, {});
    await sameBytes('{ person(personidentifikator: "1") { finnesIkke } }', {});
    const tooMany = await sameBytes(personer('personidentifikator'), {
      ids: sim.population.ids.slice(0, 2001),
    });
    expect(codes(tooMany).length).toBe(1);
  });
});
