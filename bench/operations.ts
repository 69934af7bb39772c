// The operations the benchmark sends: GraphQL documents through the subgraph (or a gateway or the
// naive baseline) and the same lookups sent straight to the simulated registers.
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { declaredCallerScopes } from '../src/graphql/schema.ts';
import {
  FREG_BULK_PATH,
  fregBody,
  KRR_PATH,
  krrBody,
  postBytes,
  postJson,
  type SimEndpoints,
} from './upstream.ts';

export const KRR_FIELDS = `personidentifikator kontaktregisterstatus
  reservasjon { reservert tidspunkt oppdatert } varslingsstatus kanVarsles
  kontaktinformasjon {
    epostadresse { verdi oppdatert sistVerifisert kanBrukesForVarsling }
    mobiltelefonnummer { verdi oppdatert sistVerifisert kanBrukesForVarsling }
  }
  spraak { kode oppdatert }
  digitalPost { postkasseadresse postkasseleverandoeradresse }
  sertifikat { pem utsteder gyldigFra gyldigTil }`;

/** Every KRR field except digitalPost: with a caller lacking the digital-post scope, exactly one
 * field selection (sertifikat) is denied. */
export const KRR_FIELDS_BUT_DIGITAL_POST = KRR_FIELDS.replace(
  'digitalPost { postkasseadresse postkasseleverandoeradresse }',
  '',
);

const ADRESSE = `type adresselinjer coAdressenavn postnummer poststed kommunenummer landkode
  vegadresse { adressenavn husnummer husbokstav bruksenhetsnummer adressekode }
  matrikkeladresse { gaardsnummer bruksnummer festenummer undernummer adressetilleggsnavn bruksenhetsnummer }
  postboks { postboks postbokseier }`;

export const FREG_FIELDS = `finnesIFolkeregisteret folkeregisteridentifikator
  navn { fornavn mellomnavn etternavn forkortetNavn visningsnavn }
  foedsel { foedselsdato foedselsaar foedeland foedekommune }
  kjoenn personstatus doedsfall { doedsdato } sivilstand { type dato } statsborgerskap
  bostedsadresse { ${ADRESSE} } postadresse { ${ADRESSE} } adressebeskyttelse { gradering }`;

export const ALL_CALLER_SCOPES = declaredCallerScopes();

export function personerQuery(fields: string): string {
  return `query Bench($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${fields} } }`;
}

export function personQuery(fields: string): string {
  return `query BenchOne($id: ID!) { person(personidentifikator: $id) { ${fields} } }`;
}

export function entitiesQuery(fields: string): string {
  return `query BenchEntities($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${fields} } } }`;
}

export interface GraphqlBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly {
    readonly message: string;
    readonly extensions?: Record<string, unknown>;
  }[];
}

/** POSTs a GraphQL operation and returns the parsed body (throws on a non-200 status). */
export async function postGraphql(
  url: string,
  body: string,
  token: string,
  dispatcher: Dispatcher,
): Promise<GraphqlBody> {
  const response = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`HTTP ${response.statusCode} from ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as GraphqlBody;
}

/** A GraphQL operation that must answer `expected` list items (or one item) without errors. */
export function graphqlOperation(
  url: string,
  bodies: readonly string[],
  token: string,
  dispatcher: Dispatcher,
  expected: { readonly field: string; readonly length: number | 'single' },
  allowErrors = false,
): () => Promise<void> {
  let next = 0;
  return async () => {
    const body = bodies[next++ % bodies.length] ?? '';
    const result = await postGraphql(url, body, token, dispatcher);
    const value = result.data?.[expected.field];
    const ok =
      expected.length === 'single'
        ? value !== null && typeof value === 'object'
        : Array.isArray(value) && value.length === expected.length;
    if (!ok || (!allowErrors && result.errors !== undefined))
      throw new Error(
        `unexpected answer for ${expected.field}: ${JSON.stringify(result.errors?.[0] ?? null)}`,
      );
  };
}

export function graphqlBodies(query: string, batches: readonly (readonly string[])[]): string[] {
  return batches.map((ids) =>
    JSON.stringify(
      query.includes('$r')
        ? {
            query,
            variables: {
              r: ids.map((id) => ({ __typename: 'Person', personidentifikator: id })),
            },
          }
        : query.includes('$id:')
          ? { query, variables: { id: ids[0] } }
          : { query, variables: { ids } },
    ),
  );
}

/**
 * The raw limit: the same lookups sent straight to the registers (KRR when `tokens.krr` is
 * given, Folkeregisteret with the parts the subgraph asks for when `fregQuery` and
 * `tokens.freg` are given), answers parsed with JSON.parse.
 */
export function rawOperation(
  sim: SimEndpoints,
  batches: readonly (readonly string[])[],
  tokens: { readonly krr?: string; readonly freg?: string },
  dispatcher: Dispatcher,
  fregQuery?: string,
): () => Promise<void> {
  const krrUrl = `${sim.krrUrl}${KRR_PATH}`;
  const fregUrl = `${sim.fregUrl}${FREG_BULK_PATH}?${fregQuery ?? ''}`;
  const krrBodies = batches.map(krrBody);
  const fregBodies = batches.map(fregBody);
  let next = 0;
  return async () => {
    const i = next++ % batches.length;
    const expected = new Set(batches[i]).size;
    const krr =
      tokens.krr === undefined
        ? undefined
        : postJson(krrUrl, krrBodies[i] ?? '', tokens.krr, dispatcher);
    const freg =
      fregQuery === undefined || tokens.freg === undefined
        ? undefined
        : postJson(fregUrl, fregBodies[i] ?? '', tokens.freg, dispatcher);
    const [k, f] = await Promise.all([krr, freg]);
    const krrPersons = (k as { personer?: unknown[] } | undefined)?.personer;
    const fregPersons = (f as { oppslag?: unknown[] } | undefined)?.oppslag;
    if (
      expected === 0 ||
      (krr !== undefined && (!Array.isArray(krrPersons) || krrPersons.length !== expected)) ||
      (freg !== undefined && !Array.isArray(fregPersons))
    )
      throw new Error('unexpected register answer');
  };
}

/**
 * The bytes of the register answers for `ids` (KRR and/or Folkeregisteret, as `rawOperation`
 * asks for them), for the encode/decode floor.
 */
export async function registerAnswerBytes(
  sim: SimEndpoints,
  ids: readonly string[],
  tokens: { readonly krr?: string; readonly freg?: string },
  dispatcher: Dispatcher,
  fregQuery?: string,
): Promise<Buffer[]> {
  const answers: Buffer[] = [];
  if (tokens.krr !== undefined)
    answers.push(await postBytes(`${sim.krrUrl}${KRR_PATH}`, krrBody(ids), tokens.krr, dispatcher));
  if (tokens.freg !== undefined && fregQuery !== undefined)
    answers.push(
      await postBytes(
        `${sim.fregUrl}${FREG_BULK_PATH}?${fregQuery}`,
        fregBody(ids),
        tokens.freg,
        dispatcher,
      ),
    );
  return answers;
}

/** The bytes of the subgraph's answer to a GraphQL body. */
export async function graphqlAnswerBytes(
  url: string,
  body: string,
  token: string,
  dispatcher: Dispatcher,
): Promise<Buffer> {
  return postBytes(url, body, token, dispatcher);
}
