// Tokens from a platform token service (NAIS's `NAIS_TOKEN_ENDPOINT`, "texas"): the platform holds
// the Maskinporten client and key and makes the grant; the subgraph POSTs
// {identity_provider: "maskinporten", target: "<scopes>"} and gets {access_token, expires_in,
// token_type}. Cached, refreshed ahead of expiry and single-flighted by the same TokenCache as
// direct Maskinporten grants. Facts: docs/registers.md M6.
import { decodeJwt } from 'jose';
import type { Dispatcher } from 'undici';
import {
  requestTokenWithJson,
  TokenCache,
  type AccessToken,
  type FetchedToken,
  type GetTokenOptions,
  type TokenProvider,
} from '../tokens/index.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';

export interface TokenServiceProviderOptions {
  /** The token service's endpoint, e.g. the value of `NAIS_TOKEN_ENDPOINT`. */
  readonly endpoint: URL;
  /** `identity_provider` sent with every request; default `maskinporten`. */
  readonly identityProvider?: string;
  readonly dispatcher?: Dispatcher;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Timeout of one token request. Default 5000. */
  readonly timeoutMs?: number;
  /** How long before expiry a token is refreshed (clamped to 10 %–50 % of its lifetime). */
  readonly refreshSkewMs?: number;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  readonly onFetch?: (result: { readonly outcome: 'ok' | 'error'; readonly code?: string }) => void;
}

/**
 * The scopes a token service token was granted. Its reply may not carry `scope` (NAIS's does
 * not document one), so: the reply's `scope` when present; otherwise the `scope` claim of the
 * access token when it is a JWT (Maskinporten's tokens currently are, docs/registers.md M3), read
 * WITHOUT verifying it, since it only decides which fields the subgraph asks for (the register
 * enforces the real grant); otherwise the requested scopes.
 */
export function grantedScopesOf(
  replyScopes: readonly string[] | null,
  accessToken: string,
  requested: readonly string[],
): readonly string[] {
  if (replyScopes !== null) return replyScopes;
  try {
    const claim = decodeJwt(accessToken)['scope'];
    if (typeof claim === 'string') return claim.split(/\s+/).filter((s) => s !== '');
  } catch {
    // Opaque token: fall through to the requested scopes.
  }
  return requested;
}

/** A TokenProvider backed by a platform token service. */
export class TokenServiceProvider implements TokenProvider {
  readonly #cache: TokenCache;

  /** @throws TypeError naming the option when an option is invalid. */
  constructor(options: TokenServiceProviderOptions) {
    if (!(options.endpoint instanceof URL)) throw new TypeError('"endpoint" must be a URL');
    const identityProvider = options.identityProvider ?? 'maskinporten';
    const now = options.now ?? Date.now;
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
      throw new TypeError(`"timeoutMs" must be a positive integer (got ${String(timeoutMs)})`);
    const fetcher = async (
      scopes: readonly string[],
      request: { readonly resource: string | undefined; readonly skipCache: boolean },
    ): Promise<FetchedToken> => {
      const startedAt = now();
      const response = await requestTokenWithJson(
        options.endpoint,
        {
          identity_provider: identityProvider,
          target: scopes.join(' '),
          ...(request.resource === undefined ? {} : { resource: request.resource }),
          // The token service caches too: after a 401 it must not return the refused token.
          ...(request.skipCache ? { skip_cache: true } : {}),
        },
        { dispatcher: options.dispatcher, timeoutMs, metrics: options.metrics },
      );
      return {
        accessToken: response.accessToken,
        expiresInSeconds: response.expiresInSeconds,
        scopes: grantedScopesOf(response.scopes, response.accessToken.reveal(), scopes),
        startedAt,
      };
    };
    this.#cache = new TokenCache(fetcher, {
      now,
      refreshSkewMs: options.refreshSkewMs ?? 20_000,
      logger: options.logger,
      failureEvent: 'token_service_failed',
      onFetch: options.onFetch,
    });
  }

  getToken(scopes: readonly string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#cache.getToken(scopes, options);
  }
}
