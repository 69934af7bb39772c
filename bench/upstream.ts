// Direct register access for the benchmark's raw limit and the naive baseline: a Maskinporten
// token from the simulator (JWT bearer grant signed with the registered client's key) and the
// same POSTs the subgraph makes, answered bodies parsed with JSON.parse and nothing else.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { Agent, request, type Dispatcher } from 'undici';
import type { Simulator } from '../src/simulator/index.ts';

/** What a child process or the driver needs to reach the simulated registers. */
export interface SimEndpoints {
  readonly krrUrl: string;
  readonly fregUrl: string;
  readonly wellKnownUrl: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly privateJwk: JWK;
  readonly idp: { readonly issuer: string; readonly audience: string; readonly jwksUri: string };
}

/** The endpoints a client of `sim` needs. */
export function simEndpoints(sim: Simulator): SimEndpoints {
  return {
    krrUrl: sim.krrUrl,
    fregUrl: sim.fregUrl,
    wellKnownUrl: sim.maskinporten.wellKnownUrl,
    issuer: sim.maskinporten.issuer,
    tokenEndpoint: sim.maskinporten.tokenEndpoint,
    clientId: sim.client.clientId,
    privateJwk: sim.client.privateJwk,
    idp: { issuer: sim.idp.issuer, audience: sim.idp.audience, jwksUri: sim.idp.jwksUri },
  };
}

export const KRR_SCOPES = ['krr:global/kontaktinformasjon.read', 'krr:global/digitalpost.read'];
export const FREG_SCOPE = 'folkeregister:deling/offentligmedhjemmel';
export const KRR_PATH = '/rest/v2/personer';
export const FREG_BULK_PATH = '/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag';

/** A keep-alive agent for benchmark clients (enough sockets for the highest concurrency). */
export function createBenchAgent(connections = 64): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000, pipelining: 1 });
}

/** Gets an access token for `scopes` from the simulated Maskinporten. */
export async function fetchMaskinportenToken(
  sim: SimEndpoints,
  scopes: readonly string[],
  dispatcher: Dispatcher,
): Promise<string> {
  const key = await importJWK(sim.privateJwk, 'RS256');
  const assertion = await new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({
      alg: 'RS256',
      ...(sim.privateJwk.kid ? { kid: sim.privateJwk.kid } : {}),
    })
    .setIssuer(sim.clientId)
    .setAudience(sim.issuer)
    .setIssuedAt()
    .setExpirationTime('100s')
    .setJti(randomUUID())
    .sign(key);
  const response = await request(sim.tokenEndpoint, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    }).toString(),
  });
  const body = (await response.body.json()) as { access_token?: unknown };
  if (response.statusCode !== 200 || typeof body.access_token !== 'string')
    throw new Error(`Maskinporten token request failed with HTTP ${response.statusCode}`);
  return body.access_token;
}

/** POSTs a JSON body with a bearer token, as the subgraph's register clients do. */
function post(url: string, body: string, token: string, dispatcher: Dispatcher) {
  return request(url, {
    method: 'POST',
    dispatcher,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    },
    body,
  });
}

/** POSTs a JSON body and returns the parsed answer (throws on a non-200 status). */
export async function postJson(
  url: string,
  body: string,
  token: string,
  dispatcher: Dispatcher,
): Promise<unknown> {
  const response = await post(url, body, token, dispatcher);
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode} from ${url}`);
  return JSON.parse(text) as unknown;
}

/** POSTs a JSON body and returns the answer's bytes (throws on a non-200 status). */
export async function postBytes(
  url: string,
  body: string,
  token: string,
  dispatcher: Dispatcher,
): Promise<Buffer> {
  const response = await post(url, body, token, dispatcher);
  const bytes = Buffer.from(await response.body.arrayBuffer());
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode} from ${url}`);
  return bytes;
}

/** KRR's request body for `ids` (what the subgraph's KrrClient sends). */
export function krrBody(ids: readonly string[]): string {
  return JSON.stringify({ personidentifikatorer: ids });
}

/** Folkeregisteret's bulk request body for `ids`. */
export function fregBody(ids: readonly string[]): string {
  return JSON.stringify({ foedselsEllerDNummer: ids });
}
