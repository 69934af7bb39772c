// Test support for the token provider: a key pair generated per run, a MockAgent standing in for
// Maskinporten (metadata + token endpoint) that records every grant, and a settable clock.
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { MockAgent } from 'undici';
import { Secret } from '../../../../src/config/secret.ts';

export const ORIGIN = 'https://test.maskinporten.no';
export const ISSUER = 'https://test.maskinporten.no/';
export const WELL_KNOWN = new URL(`${ORIGIN}/.well-known/oauth-authorization-server`);
export const CLIENT_ID = '0b9a5d8e-1f2c-4a3b-9c7d-6e5f4a3b2c1d';
export const KID = 'test-key-1';

export interface TestKeys {
  readonly privateJwk: Secret<JWK>;
  readonly publicKey: CryptoKey;
}

/** A fresh RS256 key pair; the private half as the provider's JWK (with kid). Never committed. */
export async function generateTestKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { privateJwk: new Secret<JWK>({ ...jwk, kid: KID, alg: 'RS256' }), publicKey };
}

/** What a MockAgent reply callback receives (undici does not export the type from its root). */
interface ReplyOptions {
  readonly body?: unknown;
  readonly headers?: Headers | Record<string, string>;
}

/** A clock tests move by hand. */
export class TestClock {
  nowMs = Date.UTC(2026, 0, 15, 12, 0, 0);
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** One token request as Maskinporten received it. */
export interface RecordedGrant {
  readonly contentType: string | undefined;
  readonly form: URLSearchParams;
  readonly assertion: string;
}

/** A MockAgent with net connect disabled plus helpers that script Maskinporten's answers. */
export class FakeMaskinporten {
  readonly agent = new MockAgent();
  readonly grants: RecordedGrant[] = [];

  constructor() {
    this.agent.disableNetConnect();
  }

  /** Answers the metadata document once (or `times`). */
  metadata(times = 1, document: object = defaultMetadata()): void {
    this.agent
      .get(ORIGIN)
      .intercept({ path: WELL_KNOWN.pathname, method: 'GET' })
      .reply(200, document, { headers: { 'content-type': 'application/json' } })
      .times(times);
  }

  /** Answers the next token request with `status` and `body` (object → JSON), recording it. */
  token(
    status: number,
    body: object | string,
    options: { readonly delayMs?: number; readonly path?: string } = {},
  ): void {
    const scope = this.agent
      .get(ORIGIN)
      .intercept({ path: options.path ?? '/token', method: 'POST' })
      .reply((opts: ReplyOptions) => {
        this.grants.push(recordGrant(opts));
        return {
          statusCode: status,
          data: typeof body === 'string' ? body : JSON.stringify(body),
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      });
    if (options.delayMs !== undefined) scope.delay(options.delayMs);
  }

  /** Answers the next token request with a network error. */
  tokenNetworkError(): void {
    this.agent
      .get(ORIGIN)
      .intercept({ path: '/token', method: 'POST' })
      .replyWithError(new Error('socket hang up'));
  }
}

/** A successful token response. */
export function tokenBody(
  accessToken: string,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return { access_token: accessToken, token_type: 'Bearer', expires_in: 120, ...extra };
}

export function defaultMetadata(): Record<string, unknown> {
  return {
    issuer: ISSUER,
    token_endpoint: `${ORIGIN}/token`,
    jwks_uri: `${ORIGIN}/jwk`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    grant_types_supported: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
  };
}

function recordGrant(opts: ReplyOptions): RecordedGrant {
  const form = new URLSearchParams(typeof opts.body === 'string' ? opts.body : '');
  const headers = opts.headers;
  const contentType =
    headers === undefined
      ? undefined
      : headers instanceof Headers
        ? (headers.get('content-type') ?? undefined)
        : headers['content-type'];
  return { contentType, form, assertion: form.get('assertion') ?? '' };
}
