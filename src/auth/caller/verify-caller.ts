// Verifies the caller's bearer token (a JWT signed by the identity provider, keys from its JWKS)
// and turns it into a `Caller` with the scopes that decide field visibility
// (README.md, Caller scopes).
import {
  createRemoteJWKSet,
  customFetch,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
} from 'jose';
import { SpanKind } from '@opentelemetry/api';
import { AppError } from '../../errors.ts';
import { inSpan, SPAN, tracingActive } from '../../observability/tracing.ts';

/** The verified identity behind a request. `null` means the token did not carry that claim. */
export interface Caller {
  /** `sub` claim: the end user or client the token was issued to. */
  readonly subject: string | null;
  /** `client_id` claim, else `azp`: the application that obtained the token. */
  readonly clientId: string | null;
  /** Union of the `scope` and `scp` claims. */
  readonly scopes: ReadonlySet<string>;
}

/** Options for {@link createCallerVerifier}; all are validated when the verifier is created. */
export interface CallerVerifierOptions {
  /** Expected `iss` claim, compared exactly. */
  readonly issuer: string;
  /** Expected `aud` claim (one of the token's audiences). */
  readonly audience: string;
  /** Where the identity provider publishes its public keys; `https:`, or `http:` on loopback only. */
  readonly jwksUri: URL;
  /** Allowed JWS algorithms, asymmetric only. Default RS*, PS*, ES256/384/512 and EdDSA. */
  readonly algorithms?: readonly string[];
  /** Allowed clock skew for `exp` and `nbf`. Default 5. */
  readonly clockToleranceSeconds?: number;
  /** How long a fetched JWKS is trusted; a key removed from the JWKS is refused after at most this long. Default 10 min. */
  readonly jwksCacheMaxAgeMs?: number;
  /** Minimum time between refetches triggered by an unknown `kid`. Default 30 s. */
  readonly jwksCooldownMs?: number;
  /** Timeout for one JWKS fetch. Default 5 s. */
  readonly jwksTimeoutMs?: number;
  /**
   * How long a token that verified is trusted again without a new signature check: never past
   * its `exp`, never longer than `jwksCacheMaxAgeMs`. 0 (the default) checks every time.
   */
  readonly verifiedTokenCacheMs?: number;
  /** Most tokens held in that cache; the oldest go first. Default 10 000. */
  readonly verifiedTokenCacheSize?: number;
  /**
   * Also read the `roles` claim as scopes. Entra ID puts an application's app roles there, and a
   * token a router gets for itself (client credentials) carries `roles` but no `scp`. Default false.
   */
  readonly rolesAsScopes?: boolean;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** Why a caller was refused; stable, shown to clients in `extensions.reason`. */
export type CallerAuthReason =
  'MISSING' | 'MALFORMED' | 'INVALID' | 'EXPIRED' | 'NOT_YET_VALID' | 'JWKS_UNAVAILABLE';

const MESSAGES: Readonly<Record<CallerAuthReason, string>> = {
  MISSING: 'Authentication required: no bearer token was sent',
  MALFORMED: 'Authentication failed: the Authorization header is not a well-formed bearer token',
  INVALID: 'Authentication failed: the bearer token is not valid',
  EXPIRED: 'Authentication failed: the bearer token has expired',
  NOT_YET_VALID: 'Authentication failed: the bearer token is not valid yet',
  JWKS_UNAVAILABLE: 'Authentication failed: the signing keys could not be fetched',
};

/**
 * The caller could not be authenticated (`UNAUTHENTICATED`, `details.reason` says why). Messages
 * are generic and never contain the token; `cause` holds the underlying error stripped of claims.
 */
export class CallerAuthError extends AppError {
  readonly reason: CallerAuthReason;

  constructor(reason: CallerAuthReason, options?: { readonly cause?: unknown }) {
    super('UNAUTHENTICATED', MESSAGES[reason], {
      details: { reason },
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
    this.reason = reason;
  }
}

/** Verifies `Authorization` header values. One instance per process: it holds the JWKS cache. */
export interface CallerVerifier {
  /**
   * Resolves to the verified caller, or rejects with {@link CallerAuthError} (never anything
   * else). `undefined` or an empty header is `MISSING`.
   */
  verify(authorization: string | undefined): Promise<Caller>;
}

const DEFAULT_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

// Asymmetric JWS algorithms jose can verify. Anything else (HS*, none, typos) is refused at
// construction: an HMAC algorithm next to public keys is the classic key-confusion hole.
const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set([
  ...DEFAULT_ALGORITHMS,
  'ES256K',
  'Ed25519',
  'ML-DSA-44',
  'ML-DSA-65',
  'ML-DSA-87',
]);

// Real access tokens are a few kB; anything far larger is refused before any parsing or crypto.
const MAX_TOKEN_LENGTH = 16_384;
const BEARER = /^Bearer +([^\s]+)$/i;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}

function requireNonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`"${name}" must be a non-empty string, received ${describe(value)}`);
  }
  return value;
}

function requireDuration(
  name: string,
  value: unknown,
  fallback: number,
  { allowZero }: { readonly allowZero: boolean },
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 0 ||
    (!allowZero && value === 0)
  ) {
    const expectation = allowZero ? 'a non-negative integer' : 'a positive integer';
    throw new TypeError(
      `"${name}" must be ${expectation} (milliseconds), received ${describe(value)}`,
    );
  }
  return value;
}

function validateAlgorithms(value: unknown): readonly string[] {
  if (value === undefined) return DEFAULT_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`"algorithms" must be a non-empty array, received ${describe(value)}`);
  }
  for (const alg of value as readonly unknown[]) {
    if (typeof alg !== 'string') {
      throw new TypeError(`"algorithms" entries must be strings, received ${describe(alg)}`);
    }
    if (/^hs/i.test(alg) || alg.toLowerCase() === 'none') {
      throw new TypeError(
        `"algorithms" must list asymmetric algorithms only; ${JSON.stringify(alg)} would let ` +
          'anyone who knows the public key, or no key at all, forge tokens',
      );
    }
    if (!ASYMMETRIC_ALGORITHMS.has(alg)) {
      throw new TypeError(
        `"algorithms" contains ${JSON.stringify(alg)}, which is not a supported asymmetric JWS algorithm`,
      );
    }
  }
  return Object.freeze([...(value as readonly string[])]);
}

function validateJwksUri(value: unknown): URL {
  if (!(value instanceof URL)) {
    throw new TypeError(`"jwksUri" must be a URL instance, received ${describe(value)}`);
  }
  const plainHttpOnLoopback = value.protocol === 'http:' && LOOPBACK_HOSTS.has(value.hostname);
  if (value.protocol !== 'https:' && !plainHttpOnLoopback) {
    throw new TypeError(
      `"jwksUri" must use https: (http: is allowed on loopback only), received ${value.protocol}`,
    );
  }
  return new URL(value.href);
}

/** Returns the compact JWS from the header value, or throws MISSING / MALFORMED. */
function extractToken(authorization: string | undefined): string {
  // `typeof` rather than `=== undefined`: a JavaScript caller may pass null for an absent header.
  if (typeof authorization !== 'string' || authorization.trim() === '') {
    throw new CallerAuthError('MISSING');
  }
  const match = BEARER.exec(authorization.trim());
  const token = match?.[1];
  if (token === undefined || token.length > MAX_TOKEN_LENGTH)
    throw new CallerAuthError('MALFORMED');
  const segments = token.split('.');
  const [header, payload, signature] = segments;
  // An empty signature is structurally fine (an unsigned JWT); jose refuses it as INVALID.
  if (
    segments.length !== 3 ||
    header === undefined ||
    payload === undefined ||
    signature === undefined ||
    header === '' ||
    payload === '' ||
    !segments.every((segment) => BASE64URL.test(segment))
  ) {
    throw new CallerAuthError('MALFORMED');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    throw new CallerAuthError('MALFORMED');
  }
  if (
    typeof decoded !== 'object' ||
    decoded === null ||
    Array.isArray(decoded) ||
    typeof (decoded as { alg?: unknown }).alg !== 'string'
  ) {
    throw new CallerAuthError('MALFORMED');
  }
  return token;
}

function splitScopes(value: string): string[] {
  return value.split(/\s+/).filter((scope) => scope !== '');
}

/**
 * Reads the scopes (`scope`, `scp` and, with `withRoles`, `roles`); a claim of the wrong type
 * makes the token INVALID (fail closed, and loud).
 */
function readScopes(payload: JWTPayload, withRoles: boolean): ReadonlySet<string> {
  const scopes = new Set<string>();
  const { scope, scp } = payload;
  if (scope !== undefined) {
    if (typeof scope !== 'string') throw new CallerAuthError('INVALID');
    for (const item of splitScopes(scope)) scopes.add(item);
  }
  addListClaim(scopes, scp);
  if (withRoles) addListClaim(scopes, payload['roles']);
  return scopes;
}

/** Adds a claim that is a space-separated string or an array of them. */
function addListClaim(scopes: Set<string>, claim: unknown): void {
  if (claim === undefined) return;
  if (typeof claim === 'string') {
    for (const item of splitScopes(claim)) scopes.add(item);
  } else if (Array.isArray(claim)) {
    for (const item of claim as readonly unknown[]) {
      if (typeof item !== 'string') throw new CallerAuthError('INVALID');
      for (const part of splitScopes(item)) scopes.add(part);
    }
  } else {
    throw new CallerAuthError('INVALID');
  }
}

function readOptionalString(payload: JWTPayload, claim: string): string | null {
  const value = payload[claim];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new CallerAuthError('INVALID');
  return value;
}

/** Marks a failure to obtain the key set (as opposed to a key set without the token's key). */
class JwksUnavailable extends Error {
  constructor(cause: unknown) {
    super('JWKS unavailable', { cause: sanitizeCause(cause) });
    this.name = 'JwksUnavailable';
  }
}

function isJwksFetchFailure(error: unknown): boolean {
  if (!(error instanceof joseErrors.JOSEError)) return true; // network errors from fetch
  return (
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    error.code === 'ERR_JOSE_GENERIC' // non-200 response or a body that is not JSON
  );
}

// jose claim errors carry the whole claims set (`payload`), which may hold personal data; keep
// only name, code and message so a logged cause cannot leak it.
function sanitizeCause(error: unknown): unknown {
  if (!(error instanceof joseErrors.JOSEError)) return error;
  const copy = new Error(error.message);
  copy.name = error.name;
  return Object.assign(copy, { code: error.code });
}

function toAuthError(error: unknown): CallerAuthError {
  if (error instanceof CallerAuthError) return error;
  if (error instanceof JwksUnavailable) {
    return new CallerAuthError('JWKS_UNAVAILABLE', { cause: error.cause });
  }
  const cause = sanitizeCause(error);
  if (error instanceof joseErrors.JWTExpired) return new CallerAuthError('EXPIRED', { cause });
  if (
    error instanceof joseErrors.JWTClaimValidationFailed &&
    error.claim === 'nbf' &&
    error.reason === 'check_failed'
  ) {
    return new CallerAuthError('NOT_YET_VALID', { cause });
  }
  return new CallerAuthError('INVALID', { cause });
}

/**
 * Creates a verifier that checks signature (keys from `jwksUri`, algorithms from the allowlist),
 * `iss`, `aud`, `exp` (required) and `nbf`. Throws `TypeError` naming the option when an option is
 * invalid, including any `HS*` or `none` algorithm.
 */
export function createCallerVerifier(options: CallerVerifierOptions): CallerVerifier {
  const issuer = requireNonEmptyString('issuer', options.issuer);
  const audience = requireNonEmptyString('audience', options.audience);
  const jwksUri = validateJwksUri(options.jwksUri);
  const algorithms = validateAlgorithms(options.algorithms);
  const rolesAsScopes = options.rolesAsScopes === true;
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  if (
    typeof clockTolerance !== 'number' ||
    !Number.isFinite(clockTolerance) ||
    clockTolerance < 0
  ) {
    throw new TypeError(
      `"clockToleranceSeconds" must be a non-negative number, received ${describe(clockTolerance)}`,
    );
  }
  const cacheMaxAge = requireDuration('jwksCacheMaxAgeMs', options.jwksCacheMaxAgeMs, 600_000, {
    allowZero: true,
  });
  const cooldownDuration = requireDuration('jwksCooldownMs', options.jwksCooldownMs, 30_000, {
    allowZero: true,
  });
  const timeoutDuration = requireDuration('jwksTimeoutMs', options.jwksTimeoutMs, 5_000, {
    allowZero: false,
  });

  const cacheMs = Math.min(
    requireDuration('verifiedTokenCacheMs', options.verifiedTokenCacheMs, 0, { allowZero: true }),
    cacheMaxAge,
  );
  const cacheSize = requireDuration(
    'verifiedTokenCacheSize',
    options.verifiedTokenCacheSize,
    10_000,
    { allowZero: false },
  );
  const now = options.now ?? Date.now;
  // Verified tokens, in insertion order (oldest first), each with the time it stops counting.
  const verified = new Map<string, { readonly caller: Caller; readonly untilMs: number }>();

  const remoteKeys = createRemoteJWKSet(jwksUri, {
    cacheMaxAge,
    cooldownDuration,
    timeoutDuration,
    // Each fetch of the caller keys in its own span (when tracing).
    [customFetch]: (url: string, init: RequestInit) =>
      tracingActive()
        ? inSpan(
            SPAN.jwks,
            {},
            async (span) => {
              const response = await fetch(url, init);
              span?.setAttribute('http.response.status_code', response.status);
              return response;
            },
            SpanKind.CLIENT,
          )
        : fetch(url, init),
  });
  // Wraps the remote set so "could not fetch the keys" is told apart from "no key for this token".
  const resolveKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    try {
      return await remoteKeys(header, token);
    } catch (error) {
      throw isJwksFetchFailure(error) ? new JwksUnavailable(error) : error;
    }
  };
  const verifyOptions = {
    issuer,
    audience,
    algorithms: [...algorithms],
    clockTolerance,
    requiredClaims: ['exp'],
  };

  return {
    async verify(authorization) {
      try {
        const token = extractToken(authorization);
        if (cacheMs > 0) {
          const hit = verified.get(token);
          if (hit !== undefined) {
            if (now() < hit.untilMs) return hit.caller;
            verified.delete(token);
          }
        }
        const { payload } = await jwtVerify(token, resolveKey, verifyOptions);
        const caller: Caller = Object.freeze({
          subject: readOptionalString(payload, 'sub'),
          clientId: readOptionalString(payload, 'client_id') ?? readOptionalString(payload, 'azp'),
          scopes: readScopes(payload, rolesAsScopes),
        });
        if (cacheMs > 0 && typeof payload.exp === 'number') {
          // Only successes are kept, and only exact token strings: a failure is re-checked.
          const untilMs = Math.min(now() + cacheMs, payload.exp * 1000);
          if (verified.size >= cacheSize) {
            const oldest = verified.keys().next();
            if (oldest.done !== true) verified.delete(oldest.value);
          }
          verified.set(token, { caller, untilMs });
        }
        return caller;
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}
