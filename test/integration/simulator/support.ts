// Test helpers for the register simulator: signed Maskinporten grants, token requests and KRR
// lookups over real HTTP.
import { randomUUID } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';
import type { Simulator } from '../../../src/simulator/index.ts';

export const KONTAKT = 'krr:global/kontaktinformasjon.read';
export const DIGITALPOST = 'krr:global/digitalpost.read';

export interface GrantOverrides {
  readonly aud?: string;
  readonly iss?: string;
  readonly scope?: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly jti?: string;
  readonly kid?: string;
  readonly alg?: 'RS256' | 'RS384' | 'RS512';
  /** Sign with this private JWK instead of the registered one. */
  readonly signingJwk?: JWK;
}

/** Signs a JWT grant as a Maskinporten client would, with overridable claims. */
export async function signGrant(sim: Simulator, overrides: GrantOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = overrides.iat ?? now;
  const alg = overrides.alg ?? 'RS256';
  const key = await importJWK(overrides.signingJwk ?? sim.client.privateJwk, alg);
  return new SignJWT({ scope: overrides.scope ?? `${KONTAKT} ${DIGITALPOST}` })
    .setProtectedHeader({ alg, kid: overrides.kid ?? sim.client.privateJwk.kid ?? '' })
    .setIssuer(overrides.iss ?? sim.client.clientId)
    .setAudience(overrides.aud ?? sim.maskinporten.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(overrides.exp ?? iat + 120)
    .setJti(overrides.jti ?? randomUUID())
    .sign(key);
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Posts a grant to the token endpoint. */
export async function requestToken(sim: Simulator, assertion: string): Promise<TokenAnswer> {
  const response = await fetch(sim.maskinporten.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Gets an access token for the given scopes (the client must be allowed them). */
export async function accessToken(sim: Simulator, scopes: readonly string[]): Promise<string> {
  const answer = await requestToken(sim, await signGrant(sim, { scope: scopes.join(' ') }));
  const token = answer.body['access_token'];
  if (answer.status !== 200 || typeof token !== 'string') {
    throw new Error(`No token: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return token;
}

export type WirePerson = Record<string, unknown> & { personidentifikator: string };

export interface KrrAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly body: unknown;
  readonly personer: WirePerson[];
}

/** Calls KRR's `personer` endpoint. */
export async function lookup(
  sim: Simulator,
  token: string | null,
  body: unknown,
  options: { readonly version?: 1 | 2; readonly headers?: Record<string, string> } = {},
): Promise<KrrAnswer> {
  const response = await fetch(`${sim.krrUrl}/rest/v${options.version ?? 2}/personer`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const personer =
    typeof parsed === 'object' &&
    parsed !== null &&
    'personer' in parsed &&
    Array.isArray(parsed.personer)
      ? (parsed.personer as WirePerson[])
      : [];
  return { status: response.status, headers: response.headers, text, body: parsed, personer };
}

/** Looks up identifiers and returns the entries by identifier. */
export async function lookupById(
  sim: Simulator,
  token: string,
  ids: readonly string[],
  version: 1 | 2 = 2,
): Promise<Map<string, WirePerson>> {
  const answer = await lookup(sim, token, { personidentifikatorer: ids }, { version });
  if (answer.status !== 200) throw new Error(`KRR answered ${answer.status}: ${answer.text}`);
  return new Map(answer.personer.map((p) => [p.personidentifikator, p]));
}
