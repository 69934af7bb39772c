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
 * The raw limit: the same lookups sent straight to the registers (KRR, and Folkeregisteret with
 * the parts the subgraph asks for when `fregQuery` is given), answers parsed with JSON.parse.
 */
export function rawOperation(
  sim: SimEndpoints,
  batches: readonly (readonly string[])[],
  tokens: { readonly krr: string; readonly freg?: string },
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
    const expected = batches[i]?.length ?? 0;
    const krr = postJson(krrUrl, krrBodies[i] ?? '', tokens.krr, dispatcher);
    const freg =
      fregQuery === undefined || tokens.freg === undefined
        ? undefined
        : postJson(fregUrl, fregBodies[i] ?? '', tokens.freg, dispatcher);
    const [k] = await Promise.all([krr, freg]);
    const persons = (k as { personer?: unknown[] }).personer;
    if (!Array.isArray(persons) || persons.length !== new Set(batches[i]).size || expected === 0)
      throw new Error('unexpected KRR answer');
  };
}
