// One HTTP exchange with Maskinporten: the token POST (never retried) and the metadata GET, with
// lenient parsing of `unknown` bodies and every failure mapped to a MaskinportenError.
import { SpanKind } from '@opentelemetry/api';
import { inSpan, SPAN, tracingActive } from '../../observability/tracing.ts';
import { request, type Dispatcher } from 'undici';
import { Secret } from '../../config/secret.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { MaskinportenError } from './maskinporten-error.ts';

/** A parsed token response (docs/registers.md M3). */
export interface TokenResponse {
  readonly accessToken: Secret<string>;
  /** `expires_in` in seconds, as Maskinporten sent it; never a hard-coded lifetime. */
  readonly expiresInSeconds: number;
  /** Granted scopes from `scope`, or null when the response has none. */
  readonly scopes: readonly string[] | null;
}

/** The parts of the RFC 8414 metadata document the provider uses. */
export interface Metadata {
  /** `issuer`, exactly as published: the grant's `aud`. */
  readonly issuer: string;
  readonly tokenEndpoint: URL;
}

/** How one exchange is sent and observed. */
export interface ExchangeOptions {
  readonly dispatcher: Dispatcher | undefined;
  readonly timeoutMs: number;
  readonly metrics: Metrics | undefined;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_DESCRIPTION = 300;
const MP_CODE = /\bMP-\d{3}\b/;

/**
 * POSTs the signed `assertion` to `tokenEndpoint` once and returns the parsed token.
 * @throws MaskinportenError (see its codes); the assertion never appears in it.
 */
export async function requestToken(
  tokenEndpoint: URL,
  assertion: string,
  options: ExchangeOptions,
): Promise<TokenResponse> {
  const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString();
  const answer = await exchange(tokenEndpoint, options, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  if (answer.status < 200 || answer.status > 299) throw errorForStatus(answer.status, answer.text);
  return parseTokenResponse(parseJson(answer.text, 'token response'));
}

/**
 * POSTs a JSON body to a token service that answers like a token endpoint (`access_token`,
 * `expires_in`, `token_type`, maybe `scope`): a platform's token service such as NAIS's, which
 * makes the Maskinporten grant itself. Never retried; errors as for {@link requestToken}.
 */
export async function requestTokenWithJson(
  endpoint: URL,
  body: Readonly<Record<string, string | boolean>>,
  options: ExchangeOptions,
): Promise<TokenResponse> {
  const answer = await exchange(endpoint, options, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (answer.status < 200 || answer.status > 299) throw errorForStatus(answer.status, answer.text);
  return parseTokenResponse(parseJson(answer.text, 'token service response'));
}

/**
 * GETs the metadata document (`.well-known/oauth-authorization-server`).
 * @throws MaskinportenError; a non-2xx answer is `UPSTREAM_UNAVAILABLE`.
 */
export async function requestMetadata(url: URL, options: ExchangeOptions): Promise<Metadata> {
  const answer = await exchange(url, options, {
    method: 'GET',
    headers: { accept: 'application/json' },
  });
  if (answer.status < 200 || answer.status > 299)
    throw new MaskinportenError(
      'UPSTREAM_UNAVAILABLE',
      `Maskinporten metadata request answered HTTP ${answer.status}`,
      { status: answer.status },
    );
  return parseMetadata(parseJson(answer.text, 'metadata document'));
}

/**
 * Narrows a token response body. Lenient where Maskinporten's behaviour is not guaranteed:
 * `expires_in` may be a numeric string, `token_type` is compared case-insensitively and may be
 * absent, `scope` may be absent (null) or an array.
 * @throws MaskinportenError `UPSTREAM_CONTRACT_VIOLATION` when no usable token is in it.
 */
export function parseTokenResponse(body: unknown): TokenResponse {
  if (!isRecord(body)) throw contractViolation('token response is not a JSON object');
  const accessToken = body['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '')
    throw contractViolation('token response lacks access_token');
  const tokenType = body['token_type'];
  if (
    tokenType !== undefined &&
    (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')
  )
    throw contractViolation('token response has a token_type other than Bearer');
  const rawExpiresIn = body['expires_in'];
  const expiresIn =
    typeof rawExpiresIn === 'string' && /^\d+$/.test(rawExpiresIn.trim())
      ? Number(rawExpiresIn.trim())
      : rawExpiresIn;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0)
    throw contractViolation('token response lacks a positive expires_in');
  return {
    accessToken: new Secret(accessToken),
    expiresInSeconds: expiresIn,
    scopes: parseScopes(body['scope']),
  };
}

function parseScopes(value: unknown): readonly string[] | null {
  if (typeof value === 'string') return value.split(/\s+/).filter((scope) => scope !== '');
  if (Array.isArray(value) && value.every((scope) => typeof scope === 'string'))
    return value.filter((scope) => scope !== '');
  return null;
}

/** Narrows the metadata document. @throws MaskinportenError `UPSTREAM_CONTRACT_VIOLATION`. */
export function parseMetadata(body: unknown): Metadata {
  if (!isRecord(body)) throw contractViolation('metadata document is not a JSON object');
  const issuer = body['issuer'];
  const tokenEndpoint = body['token_endpoint'];
  if (typeof issuer !== 'string' || issuer === '')
    throw contractViolation('metadata document lacks issuer');
  if (typeof tokenEndpoint !== 'string' || !URL.canParse(tokenEndpoint))
    throw contractViolation('metadata document lacks a valid token_endpoint');
  return { issuer, tokenEndpoint: new URL(tokenEndpoint) };
}

/**
 * Maps a non-2xx token answer. 4xx (except 408/429) is a refused grant, classified by the body's
 * `error` and MP id because Maskinporten's status per error is not documented
 * (docs/registers.md M4); 408 is a timeout; 429, 5xx and anything else is unavailability.
 */
export function errorForStatus(status: number, text: string): MaskinportenError {
  const details = parseErrorBody(text);
  const code =
    status === 408
      ? 'UPSTREAM_TIMEOUT'
      : status >= 400 && status < 500 && status !== 429
        ? 'MASKINPORTEN_GRANT_FAILED'
        : 'UPSTREAM_UNAVAILABLE';
  const reason = [details.oauthError, details.mpCode].filter((part) => part !== undefined);
  const message =
    code === 'MASKINPORTEN_GRANT_FAILED'
      ? `Maskinporten refused the grant: HTTP ${status}${reason.length > 0 ? ` ${reason.join(' ')}` : ''}`
      : `Maskinporten token request answered HTTP ${status}`;
  return new MaskinportenError(code, message, { status, ...details });
}

function parseErrorBody(text: string): {
  oauthError?: string;
  mpCode?: string;
  errorDescription?: string;
} {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isRecord(body)) return {};
  const out: { oauthError?: string; mpCode?: string; errorDescription?: string } = {};
  const error = body['error'];
  if (typeof error === 'string' && error !== '') out.oauthError = error.slice(0, 100);
  const description = body['error_description'];
  if (typeof description === 'string' && description !== '') {
    out.errorDescription = description.slice(0, MAX_DESCRIPTION);
    const mp = MP_CODE.exec(description);
    if (mp !== null) out.mpCode = mp[0];
  }
  return out;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** One exchange in its own span (Maskinporten, a token service, or their metadata). */
async function exchange(
  url: URL,
  options: ExchangeOptions,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<Answer> {
  if (!tracingActive()) return exchangeOnce(url, options, init);
  return inSpan(
    SPAN.token,
    { 'token.request': init.method === 'GET' ? 'metadata' : 'token' },
    async (span) => {
      const answer = await exchangeOnce(url, options, init);
      span?.setAttribute('http.response.status_code', answer.status);
      return answer;
    },
    SpanKind.CLIENT,
  );
}

async function exchangeOnce(
  url: URL,
  options: ExchangeOptions,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<Answer> {
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  const record = (status: number | string): void =>
    options.metrics?.recordUpstream('maskinporten', status, performance.now() - started);
  let status: number | undefined;
  try {
    const response = await request(url, {
      ...init,
      signal,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    status = response.statusCode;
    const text = await readText(response.body);
    record(status);
    return { status, text };
  } catch (error) {
    const timedOut = signal.aborted || isUndiciTimeout(error);
    record(timedOut ? 'timeout' : 'network');
    throw new MaskinportenError(
      timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      timedOut
        ? `Maskinporten did not answer within ${options.timeoutMs} ms`
        : `Maskinporten could not be reached${status === undefined ? '' : ` (body of HTTP ${status} failed)`}`,
      { cause: stripError(error), ...(status === undefined ? {} : { status }) },
    );
  }
}

/** Reads at most MAX_BODY_BYTES; a longer body is cut (enough for any token or error). */
async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (size + buffer.length > MAX_BODY_BYTES) {
      chunks.push(buffer.subarray(0, MAX_BODY_BYTES - size));
      body.destroy();
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isUndiciTimeout(error: unknown): boolean {
  const code = isRecord(error) ? error['code'] : undefined;
  return (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    (error instanceof Error && error.name === 'TimeoutError')
  );
}

/** Keeps the class, message and code of a transport error; nothing from the request. */
function stripError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const stripped = new Error(error.message);
  stripped.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(stripped, { code });
  return stripped;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw contractViolation(`${what} is not JSON`);
  }
}

function contractViolation(message: string): MaskinportenError {
  return new MaskinportenError('UPSTREAM_CONTRACT_VIOLATION', `Maskinporten ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
