// The token cache every token source shares (Maskinporten grant, platform token service): one
// entry per request key (scope set plus audience), refreshed ahead of expiry in the background,
// one fetch in flight per key shared by every waiter.
import type { Secret } from '../../config/secret.ts';
import type { Logger } from '../../observability/logger.ts';
import { MaskinportenError } from './maskinporten-error.ts';

/** An access token and what the token source said about it. */
export interface AccessToken {
  /** The opaque bearer token; `reveal()` only where the Authorization header is built. */
  readonly token: Secret<string>;
  /** Epoch ms: when the fetch started plus `expires_in`, so slightly early rather than late. */
  readonly expiresAt: number;
  /** The token response's `scope`; the requested scopes when the response has none. */
  readonly grantedScopes: readonly string[];
}

/** Options for {@link TokenProvider.getToken}. */
export interface GetTokenOptions {
  /**
   * Fetch a new token instead of the cached one, e.g. after a register answered 401. With
   * `rejected`, the cached token is discarded only if it is that token: when a newer token has
   * arrived it is returned, and when a fetch is already in flight it is joined. So N concurrent
   * 401s for the same token cause one refresh. Without `rejected`, the cached token is always
   * discarded (an in-flight fetch is still joined).
   */
  readonly forceRefresh?: boolean;
  /** The token the register refused; only read together with `forceRefresh`. */
  readonly rejected?: AccessToken;
  /**
   * Stops this caller waiting (the promise rejects with the signal's reason). The shared fetch
   * itself is not aborted, since other callers may be waiting for it; it has its own timeout.
   */
  readonly signal?: AbortSignal;
  /**
   * Audience restriction (RFC 8707 `resource`) for this token; part of the cache key. Only for
   * registers that document one; never for Folkeregisteret, which expects "unspecified".
   */
  readonly resource?: string;
}

/** Source of access tokens for the register clients. */
export interface TokenProvider {
  /**
   * Returns a cached token for exactly this scope set (order-insensitive, duplicates ignored)
   * and audience, fetching one if needed.
   * @throws TypeError when `scopes` is empty or holds an empty or whitespace-containing scope.
   * @throws MaskinportenError when no valid token is cached and the fetch fails.
   */
  getToken(scopes: readonly string[], options?: GetTokenOptions): Promise<AccessToken>;
}

/** What one fetch from a token source yields. */
export interface FetchedToken {
  readonly accessToken: Secret<string>;
  readonly expiresInSeconds: number;
  /** Granted scopes, or null when the source did not say. */
  readonly scopes: readonly string[] | null;
  /** Epoch ms at which the token request was sent: the token's lifetime counts from here. */
  readonly startedAt: number;
}

/**
 * Fetches one token for sorted, distinct `scopes` and an optional audience. `skipCache` is true
 * when the fetch replaces a token a register refused: a token service with its own cache must
 * then not hand the same token back.
 */
export type TokenFetcher = (
  scopes: readonly string[],
  request: { readonly resource: string | undefined; readonly skipCache: boolean },
) => Promise<FetchedToken>;

export interface TokenCacheOptions {
  readonly now: () => number;
  readonly refreshSkewMs: number;
  readonly logger: Logger | undefined;
  /** The `event` of the log line for a failed fetch. */
  readonly failureEvent: string;
  readonly onFetch:
    ((result: { readonly outcome: 'ok' | 'error'; readonly code?: string }) => void) | undefined;
}

interface CacheEntry {
  token: AccessToken | undefined;
  /** Epoch ms from which `token` is refreshed in the background. */
  refreshAt: number;
  inFlight: Promise<AccessToken> | undefined;
}

/**
 * A valid token inside its refresh window is returned at once while one background fetch
 * replaces it; if that fetch fails the token keeps being used until it expires (and the failure
 * is logged as a warning).
 */
export class TokenCache implements TokenProvider {
  readonly #fetcher: TokenFetcher;
  readonly #options: TokenCacheOptions;
  readonly #entries = new Map<string, CacheEntry>();

  constructor(fetcher: TokenFetcher, options: TokenCacheOptions) {
    this.#fetcher = fetcher;
    this.#options = options;
  }

  async getToken(scopes: readonly string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const requested = normaliseScopes(scopes);
    const resource = options.resource;
    if (resource !== undefined && (typeof resource !== 'string' || resource.trim() === ''))
      throw new TypeError('"resource" must be a non-empty string when given');
    options.signal?.throwIfAborted();
    const now = this.#options.now;
    const entry = this.#entry(`${requested.join(' ')}|${resource ?? ''}`);
    let skipCache = false;
    if (
      options.forceRefresh === true &&
      entry.token !== undefined &&
      (options.rejected === undefined || sameToken(entry.token, options.rejected))
    ) {
      entry.token = undefined;
      skipCache = true;
    }
    const cached = entry.token;
    if (cached !== undefined && now() < cached.expiresAt) {
      if (now() >= entry.refreshAt && entry.inFlight === undefined)
        // Failures are logged in #fetch; the still-valid token keeps being used.
        this.#fetch(entry, requested, { resource, skipCache: false }).catch(() => undefined);
      return cached;
    }
    return waitFor(this.#fetch(entry, requested, { resource, skipCache }), options.signal);
  }

  #entry(key: string): CacheEntry {
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { token: undefined, refreshAt: 0, inFlight: undefined };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Starts a fetch for `entry` unless one is in flight; a failure is logged once, not cached. */
  #fetch(
    entry: CacheEntry,
    scopes: readonly string[],
    request: Parameters<TokenFetcher>[1],
  ): Promise<AccessToken> {
    if (entry.inFlight !== undefined) return entry.inFlight;
    const onFetch = this.#options.onFetch;
    const inFlight = this.#fetcher(scopes, request).then(
      (fetched) => {
        const lifetimeMs = fetched.expiresInSeconds * 1000;
        const expiresAt = fetched.startedAt + lifetimeMs;
        const margin = Math.min(
          Math.max(this.#options.refreshSkewMs, lifetimeMs * 0.1),
          lifetimeMs * 0.5,
        );
        const token: AccessToken = Object.freeze({
          token: fetched.accessToken,
          expiresAt,
          grantedScopes: Object.freeze([...(fetched.scopes ?? scopes)]),
        });
        entry.token = token;
        entry.refreshAt = expiresAt - margin;
        entry.inFlight = undefined;
        onFetch?.({ outcome: 'ok' });
        return token;
      },
      (error: unknown) => {
        entry.inFlight = undefined;
        onFetch?.({
          outcome: 'error',
          code: error instanceof MaskinportenError ? error.code : 'INTERNAL',
        });
        this.#logFailure(error, scopes, entry.token);
        throw error;
      },
    );
    entry.inFlight = inFlight;
    return inFlight;
  }

  #logFailure(error: unknown, scopes: readonly string[], previous: AccessToken | undefined): void {
    const logger = this.#options.logger;
    if (logger === undefined) return;
    const stillValid = previous !== undefined && this.#options.now() < previous.expiresAt;
    const fields: Record<string, unknown> = {
      event: this.#options.failureEvent,
      upstream: 'maskinporten',
      scopes: scopes.join(' '),
      keptValidToken: stillValid,
    };
    if (error instanceof MaskinportenError) {
      fields['code'] = error.code;
      if (error.status !== undefined) fields['status'] = error.status;
      if (error.oauthError !== undefined) fields['oauthError'] = error.oauthError;
      if (error.mpCode !== undefined) fields['mpCode'] = error.mpCode;
      if (error.errorDescription !== undefined) fields['errorDescription'] = error.errorDescription;
    }
    const message = error instanceof Error ? error.message : 'Maskinporten token fetch failed';
    if (stillValid)
      logger.warn(fields, `${message}; the cached token stays in use until it expires`);
    else logger.error(fields, message);
  }
}

function normaliseScopes(scopes: readonly string[]): readonly string[] {
  if (!Array.isArray(scopes) || scopes.length === 0)
    throw new TypeError('"scopes" must be a non-empty array of scope names');
  for (const scope of scopes)
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope))
      throw new TypeError('"scopes" must hold non-empty scope names without whitespace');
  return Array.from(new Set<string>(scopes)).sort();
}

function sameToken(a: AccessToken, b: AccessToken): boolean {
  return a === b || a.token.reveal() === b.token.reveal();
}

/** Waits for `promise`, or rejects with the signal's reason when the caller gives up first. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the caller's own abort reason, passed through unchanged as fetch does
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the shared fetch's error, passed through unchanged
        reject(error);
      },
    );
  });
}

/** Validates an optional non-negative number option; used by every token source. */
export function nonNegativeOption(
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`"${name}" must be a non-negative number (got ${String(value)})`);
  return value;
}

/** Validates an optional positive integer option; used by every token source. */
export function positiveIntegerOption(
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(`"${name}" must be a positive integer (got ${String(value)})`);
  return value;
}
