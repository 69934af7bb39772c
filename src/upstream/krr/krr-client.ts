// KRR batch lookup client: POST {base}/rest/v2/personer (or v1, or a gateway's own path) with up
// to 1000 identifiers; and the user-bound lookup GET {base}/rest/v1/person with the end user's
// own ID-porten token. Facts: docs/registers.md K1, K2, K3, K4, K6
import type { Dispatcher } from 'undici';
import type { TokenProvider } from '../../auth/tokens/index.ts';
import type { Secret } from '../../config/secret.ts';
import { AppError } from '../../errors.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { CircuitBreaker } from '../circuit-breaker.ts';
import { postToRegister, type RegisterEndpoint, type RetryPolicy } from '../register-request.ts';
import { UpstreamError } from '../upstream-error.ts';
import {
  indexKrrResponse,
  KrrWireFormatError,
  parseKrrResponse,
  type KrrWireEntry,
  type KrrWirePerson,
} from './krr-wire.ts';
import { registerUrl } from '../register-url.ts';

/** KRR's documented maximum number of identifiers per lookup. */
export const KRR_MAX_BATCH = 1000;

export interface KrrClientOptions {
  readonly baseUrl: URL;
  /**
   * Lookup path below the base URL; default `/rest/v2/personer`. `/rest/v1/personer` and an API
   * gateway's path (e.g. `/test/digdir/krr/personer`) work too: v1 answers with the same
   * `personer` array, without the v2-only fields, and the parser reads both.
   */
  readonly path?: string;
  /** Path of the user-bound lookup; default `/rest/v1/person`. */
  readonly userPath?: string;
  /** Maskinporten scopes to request for KRR tokens. */
  readonly scopes: readonly string[];
  /** Null: calls carry no Authorization header (API-key gateway). */
  readonly tokenProvider: TokenProvider | null;
  /** API key header for an API gateway in front of KRR. */
  readonly apiKey?: { readonly header: string; readonly value: Secret<string> } | null;
  readonly dispatcher: Dispatcher;
  readonly metrics?: Metrics;
  /** Retries for idempotent failures (see register-request.ts). */
  readonly retry?: RetryPolicy;
  readonly breaker?: CircuitBreaker;
}

export interface LookupOptions {
  readonly signal?: AbortSignal;
  readonly requestId?: string;
  /** Epoch ms by which the lookup, its retries and waits must be done. */
  readonly deadline?: number;
}

export class KrrClient {
  readonly #url: URL;
  readonly #userUrl: URL;
  readonly #endpoint: RegisterEndpoint;

  constructor(options: KrrClientOptions) {
    if (options.scopes.length === 0) throw new TypeError('KrrClient: `scopes` must not be empty');
    this.#url = registerUrl(options.baseUrl, options.path ?? '/rest/v2/personer');
    this.#userUrl = registerUrl(options.baseUrl, options.userPath ?? '/rest/v1/person');
    this.#endpoint = {
      upstream: 'krr',
      scopes: options.scopes,
      tokenProvider: options.tokenProvider,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      dispatcher: options.dispatcher,
      metrics: options.metrics,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
    };
  }

  /** The scopes this client asks Maskinporten for. */
  get scopes(): readonly string[] {
    return this.#endpoint.scopes;
  }

  /**
   * Looks up 1–1000 identifiers. Resolves with the persons KRR returned (in KRR's order, possibly
   * fewer than asked); rejects with UpstreamError.
   */
  async lookup(
    identifiers: readonly string[],
    options: LookupOptions = {},
  ): Promise<KrrWirePerson[]> {
    if (identifiers.length === 0) return [];
    return this.#lookup(identifiers, options, parseKrrResponse);
  }

  /**
   * Like `lookup`, but the answer's entries as they came, by identifier (see indexKrrResponse):
   * no wire objects are built; toContactInfo reads the entries directly.
   */
  async lookupEntries(
    identifiers: readonly string[],
    options: LookupOptions = {},
  ): Promise<Map<string, KrrWireEntry>> {
    if (identifiers.length === 0) return new Map();
    return this.#lookup(identifiers, options, indexKrrResponse);
  }

  async #lookup<T>(
    identifiers: readonly string[],
    options: LookupOptions,
    read: (body: unknown) => T,
  ): Promise<T> {
    if (identifiers.length > KRR_MAX_BATCH) {
      throw new RangeError(`KrrClient.lookup: at most ${KRR_MAX_BATCH} identifiers per call`);
    }
    const answer = await postToRegister(this.#endpoint, {
      url: this.#url,
      body: JSON.stringify({ personidentifikatorer: identifiers }),
      identifiers: identifiers.length,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    });
    try {
      return read(JSON.parse(answer.text));
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof KrrWireFormatError) {
        throw new UpstreamError(
          'UPSTREAM_CONTRACT_VIOLATION',
          'krr',
          'KRR answered with a body that is not a lookup response',
          {
            status: answer.status,
          },
        );
      }
      throw error;
    }
  }

  /**
   * The end user's own KRR record: GET {userPath} with their ID-porten access token (scopes
   * `krr:user/kontaktinformasjon.read` / `krr:user/digitalpost.read`, docs/registers.md K6). KRR
   * filters the fields by the token's scopes. Rejects with AppError `UNAUTHENTICATED` when KRR refuses the
   * token (401), `FORBIDDEN` when it lacks the scopes (403), UpstreamError otherwise.
   */
  async lookupOwn(userToken: Secret<string>, options: LookupOptions = {}): Promise<KrrWirePerson> {
    let answer;
    try {
      answer = await postToRegister(this.#endpoint, {
        url: this.#userUrl,
        method: 'GET',
        bearer: userToken,
        identifiers: 1,
        ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 401)
        throw new AppError('UNAUTHENTICATED', "KRR refused the end user's ID-porten token", {
          details: { reason: 'IDPORTEN_TOKEN_REJECTED' },
        });
      if (error instanceof UpstreamError && error.status === 403)
        throw new AppError('FORBIDDEN', 'The ID-porten token does not grant KRR user scopes.', {
          details: { reason: 'IDPORTEN_SCOPE_MISSING', scope: 'krr:user/kontaktinformasjon.read' },
        });
      throw error;
    }
    try {
      const body: unknown = JSON.parse(answer.text);
      // The documented answer is the person object itself; a `personer` wrapper is read too.
      const wrapped =
        typeof body === 'object' && body !== null && 'personer' in body
          ? body
          : { personer: [body] };
      const [person, ...rest] = parseKrrResponse(wrapped);
      if (person === undefined || rest.length > 0)
        throw new KrrWireFormatError('expected exactly one person');
      return person;
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof KrrWireFormatError) {
        throw new UpstreamError(
          'UPSTREAM_CONTRACT_VIOLATION',
          'krr',
          'KRR answered the user-bound lookup with a body that is not a person',
          { status: answer.status },
        );
      }
      throw error;
    }
  }
}
