// Maskinporten access tokens per scope set: cached, refreshed ahead of expiry in the background,
// one grant request in flight per scope set shared by every waiter.
import type { JWK } from 'jose';
import type { Dispatcher } from 'undici';
import type { Secret } from '../../config/secret.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import {
  buildGrantClaims,
  createCertificateGrantSigner,
  createJwkGrantSigner,
  describeJwkProblem,
  MAX_GRANT_LIFETIME_SECONDS,
  type BusinessCertificate,
  type GrantSigner,
} from './grant-assertion.ts';
import {
  MaskinportenError,
  nonNegativeOption,
  positiveIntegerOption,
  requestMetadata,
  requestToken,
  TokenCache,
  type AccessToken,
  type FetchedToken,
  type GetTokenOptions,
  type Metadata,
  type TokenProvider,
} from '../tokens/index.ts';

/** Options for {@link MaskinportenTokenProvider}; validated in the constructor. */
export interface MaskinportenTokenProviderOptions {
  /** The Maskinporten client id (integration id): the grant's `iss`. */
  readonly clientId: string;
  /** Private RSA JWK with `kid` (pre-registered on the client); signs RS256 grants. Either this… */
  readonly privateJwk?: Secret<JWK>;
  /** …or a business certificate chain and its key: grants then carry `x5c` instead of `kid`. */
  readonly certificate?: BusinessCertificate;
  /**
   * Supplier mode: the organisation number (9 digits) of the customer this client acts for,
   * sent as `consumer_org` in every grant (docs/registers.md M2).
   */
  readonly consumerOrg?: string;
  /** The metadata document (`.well-known/oauth-authorization-server`), fetched once. Either this… */
  readonly wellKnownUrl?: URL;
  /** …or the issuer itself, ending with "/" (token endpoint = issuer + `token`). */
  readonly issuer?: URL;
  /** undici dispatcher for Maskinporten requests; default the global dispatcher. */
  readonly dispatcher?: Dispatcher;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Timeout of one Maskinporten request (headers and body). Default 5000. */
  readonly timeoutMs?: number;
  /**
   * How long before expiry a token is refreshed. Default 20 000. The margin actually used is
   * clamped per token to 10 %–50 % of its lifetime: at least 10 % so long-lived tokens refresh
   * comfortably early, at most 50 % so a short lifetime does not mean a refresh on every call.
   */
  readonly refreshSkewMs?: number;
  /** `exp - iat` of each grant in seconds, 1..120. Default 60. */
  readonly grantLifetimeSeconds?: number;
  /** Records every Maskinporten request as upstream `maskinporten`. */
  readonly metrics?: Metrics;
  /** Receives one line per failed token fetch; never the assertion, token or key. */
  readonly logger?: Logger;
  /**
   * Called once per completed token fetch (not per cache hit): `ok`, or `error` with the
   * MaskinportenError code (`INTERNAL` for anything else). For metrics; must not throw.
   */
  readonly onFetch?: (result: { readonly outcome: 'ok' | 'error'; readonly code?: string }) => void;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_REFRESH_SKEW_MS = 20_000;
const DEFAULT_GRANT_LIFETIME_SECONDS = 60;

/**
 * Gets tokens with the JWT bearer grant (docs/registers.md M1–M6). A valid token inside its
 * refresh window is returned at once while one background fetch replaces it; if that fetch fails
 * the token keeps being used until it expires (and the failure is logged as a warning).
 */
export class MaskinportenTokenProvider implements TokenProvider {
  readonly #clientId: string;
  readonly #signer: GrantSigner;
  readonly #consumerOrg: string | undefined;
  readonly #wellKnownUrl: URL | undefined;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #grantLifetimeSeconds: number;
  readonly #metrics: Metrics | undefined;
  readonly #cache: TokenCache;
  #metadata: Promise<Metadata> | undefined;

  /** @throws TypeError naming the option when an option is missing or invalid. */
  constructor(options: MaskinportenTokenProviderOptions) {
    if (typeof options.clientId !== 'string' || options.clientId.trim() === '')
      throw new TypeError('"clientId" must be a non-empty string');
    if (options.certificate !== undefined && options.privateJwk !== undefined)
      throw new TypeError('give either "privateJwk" or "certificate", not both');
    if (options.certificate !== undefined) {
      const { chain, privateKey } = options.certificate;
      if (!Array.isArray(chain) || chain.length === 0 || !chain.every((c) => typeof c === 'string'))
        throw new TypeError('"certificate.chain" must be a non-empty array of base64 DER strings');
      if (typeof privateKey?.reveal !== 'function')
        throw new TypeError('"certificate.privateKey" must be a Secret holding a KeyObject');
    } else {
      const jwk: unknown =
        typeof options.privateJwk?.reveal === 'function' ? options.privateJwk.reveal() : undefined;
      const jwkProblem = describeJwkProblem(jwk);
      if (jwkProblem !== null) throw new TypeError(`"privateJwk" ${jwkProblem}`);
    }
    if (options.consumerOrg !== undefined && !/^\d{9}$/.test(options.consumerOrg))
      throw new TypeError('"consumerOrg" must be a 9-digit organisation number');
    const hasWellKnown = options.wellKnownUrl !== undefined;
    const hasIssuer = options.issuer !== undefined;
    if (hasWellKnown === hasIssuer)
      throw new TypeError('exactly one of "wellKnownUrl" and "issuer" must be given');
    if (options.wellKnownUrl !== undefined && !(options.wellKnownUrl instanceof URL))
      throw new TypeError('"wellKnownUrl" must be a URL');
    if (options.issuer !== undefined) {
      if (!(options.issuer instanceof URL)) throw new TypeError('"issuer" must be a URL');
      if (!options.issuer.pathname.endsWith('/'))
        throw new TypeError(
          '"issuer" must end with "/" (the grant audience is the issuer exactly)',
        );
      // The audience is the issuer exactly, trailing slash kept (docs/registers.md M1).
      this.#metadata = Promise.resolve({
        issuer: options.issuer.href,
        tokenEndpoint: new URL('token', options.issuer),
      });
    }
    this.#timeoutMs = positiveIntegerOption(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    const refreshSkewMs = nonNegativeOption(
      options.refreshSkewMs,
      DEFAULT_REFRESH_SKEW_MS,
      'refreshSkewMs',
    );
    const lifetime = options.grantLifetimeSeconds ?? DEFAULT_GRANT_LIFETIME_SECONDS;
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_GRANT_LIFETIME_SECONDS)
      throw new TypeError(
        `"grantLifetimeSeconds" must be an integer from 1 to ${MAX_GRANT_LIFETIME_SECONDS} (got ${String(lifetime)})`,
      );
    if (options.now !== undefined && typeof options.now !== 'function')
      throw new TypeError('"now" must be a function returning epoch milliseconds');
    this.#clientId = options.clientId;
    this.#signer =
      options.certificate !== undefined
        ? createCertificateGrantSigner(options.certificate)
        : createJwkGrantSigner(options.privateJwk as Secret<JWK>);
    this.#consumerOrg = options.consumerOrg;
    this.#wellKnownUrl = options.wellKnownUrl;
    this.#dispatcher = options.dispatcher;
    this.#now = options.now ?? Date.now;
    this.#grantLifetimeSeconds = lifetime;
    this.#metrics = options.metrics;
    this.#cache = new TokenCache((scopes, request) => this.#obtain(scopes, request.resource), {
      now: this.#now,
      refreshSkewMs,
      logger: options.logger,
      failureEvent: 'maskinporten_token_failed',
      onFetch: options.onFetch,
    });
  }

  getToken(scopes: readonly string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    return this.#cache.getToken(scopes, options);
  }

  async #obtain(scopes: readonly string[], resource: string | undefined): Promise<FetchedToken> {
    const metadata = await this.#getMetadata();
    const startedAt = this.#now();
    const claims = buildGrantClaims({
      clientId: this.#clientId,
      audience: metadata.issuer,
      scopes,
      nowMs: startedAt,
      lifetimeSeconds: this.#grantLifetimeSeconds,
      resource,
      consumerOrg: this.#consumerOrg,
    });
    let assertion: string;
    try {
      assertion = await this.#signer.sign(claims);
    } catch (error) {
      throw new MaskinportenError(
        'MASKINPORTEN_GRANT_FAILED',
        'The Maskinporten grant could not be signed with the configured key',
        { cause: error instanceof Error ? new Error(error.message) : undefined },
      );
    }
    const response = await requestToken(metadata.tokenEndpoint, assertion, {
      dispatcher: this.#dispatcher,
      timeoutMs: this.#timeoutMs,
      metrics: this.#metrics,
    });
    return { ...response, startedAt };
  }

  /** The metadata document, fetched once; a failed fetch is forgotten so the next call retries. */
  #getMetadata(): Promise<Metadata> {
    if (this.#metadata !== undefined) return this.#metadata;
    const url = this.#wellKnownUrl as URL;
    const pending = requestMetadata(url, {
      dispatcher: this.#dispatcher,
      timeoutMs: this.#timeoutMs,
      metrics: this.#metrics,
    });
    this.#metadata = pending;
    pending.catch(() => {
      if (this.#metadata === pending) this.#metadata = undefined;
    });
    return pending;
  }
}
