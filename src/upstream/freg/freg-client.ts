// Folkeregisteret bulk lookup client: POST …/v1/personer/bulkoppslag?somBestilt=true&part=… with
// up to 1000 identifiers, the rights package's path and scope, and 429 honoured with Retry-After
// (milliseconds, per Freg) within the operation's deadline (see register-request.ts). Behind a
// gateway that exposes only GET personer/{id}, `lookup: 'single'` sends one GET per person.
// Facts: docs/registers.md F1, F2, F3, F6
import type { Dispatcher } from 'undici';
import type { TokenProvider } from '../../auth/tokens/index.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { CircuitBreaker } from '../circuit-breaker.ts';
import { postToRegister, type RegisterEndpoint, type RetryPolicy } from '../register-request.ts';
import { UpstreamError } from '../upstream-error.ts';
import { registerUrl } from '../register-url.ts';
import { FregWireFormatError, parseFregBulkResponse, type FregLookup } from './freg-wire.ts';

/** Freg's documented maximum ("opp mot 1 000") identifiers per bulk lookup. */
export const FREG_MAX_BATCH = 1000;

import type { Rettighetspakke } from '../../config/config.ts';
import type { Secret } from '../../config/secret.ts';

export type { Rettighetspakke };

/**
 * Path prefix and Maskinporten scope per rights package. The prefixes are not symmetric: med
 * hjemmel puts `api` after the package name, uten hjemmel before it (docs/registers.md F1).
 */
export const RETTIGHETSPAKKER: Readonly<
  Record<Rettighetspakke, { readonly pathPrefix: string; readonly scope: string }>
> = {
  'offentlig-med-hjemmel': {
    pathPrefix: '/folkeregisteret/offentlig-med-hjemmel/api/v1/',
    scope: 'folkeregister:deling/offentligmedhjemmel',
  },
  'offentlig-uten-hjemmel': {
    pathPrefix: '/folkeregisteret/api/offentligutenhjemmel/v1/',
    scope: 'folkeregister:deling/offentligutenhjemmel',
  },
};

export interface FregClientOptions {
  readonly baseUrl: URL;
  readonly rettighetspakke: Rettighetspakke;
  /** Null: calls carry no Authorization header (API-key gateway). */
  readonly tokenProvider: TokenProvider | null;
  /** API key header for an API gateway in front of Freg. */
  readonly apiKey?: { readonly header: string; readonly value: Secret<string> } | null;
  /** Path prefix replacing the package's, e.g. a gateway's `/test/digidir/freg/`. */
  readonly pathPrefix?: string;
  /**
   * `bulk` (default): POST bulkoppslag. `single`: one GET personer/{id} per person, at most
   * `singleConcurrency` (default 8) at once, for gateways that expose only the single lookup.
   */
  readonly lookup?: 'bulk' | 'single';
  readonly singleConcurrency?: number;
  readonly dispatcher: Dispatcher;
  readonly metrics?: Metrics;
  /** Retries for idempotent failures, including 429 with Retry-After (milliseconds for Freg). */
  readonly retry?: RetryPolicy;
  readonly breaker?: CircuitBreaker;
}

export interface FregLookupOptions {
  readonly signal?: AbortSignal;
  readonly requestId?: string;
  /** Epoch ms by which the lookup, its retries and waits must be done. */
  readonly deadline?: number;
}

/**
 * `part` values the register may refuse with 400 (docs/registers.md F2): preferertKontaktadresse
 * was announced for removal in 2021, and fratattRettsligHandleevne is newer than OpenAPI 1.5 with
 * a name not confirmed. A lookup refused with them is sent again without them, and a client that
 * saw them refused stops asking for them.
 */
export const OPTIONAL_PARTS: ReadonlySet<string> = new Set([
  'preferertKontaktadresse',
  'fratattRettsligHandleevne',
]);

/** A lookup entry; single-GET mode puts a per-person failure in `error` (bulk never does). */
export type FregLookupResult = FregLookup & { readonly error?: Error };

export class FregClient {
  readonly #bulkUrl: URL;
  readonly #personUrl: URL;
  readonly #single: { readonly concurrency: number } | null;
  readonly #endpoint: RegisterEndpoint;
  readonly #refused = new Set<string>();
  readonly scope: string;

  constructor(options: FregClientOptions) {
    const pakke = RETTIGHETSPAKKER[options.rettighetspakke];
    const prefix = options.pathPrefix ?? pakke.pathPrefix;
    // Appended to FREG_URL's own path (`{miljø}/folkeregisteret/…`, docs/registers.md F1), never
    // put in its place.
    this.#bulkUrl = registerUrl(options.baseUrl, `${prefix}personer/bulkoppslag`);
    this.#personUrl = registerUrl(options.baseUrl, `${prefix}personer/`);
    this.#single =
      options.lookup === 'single' ? { concurrency: options.singleConcurrency ?? 8 } : null;
    this.scope = pakke.scope;
    this.#endpoint = {
      upstream: 'freg',
      // One scope per token, as Digdir recommends; no `resource` (Freg expects audience "unspecified").
      scopes: [pakke.scope],
      tokenProvider: options.tokenProvider,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      dispatcher: options.dispatcher,
      metrics: options.metrics,
      headers: { Klientid: 'person-subgraph' },
      retryAfterUnit: 'ms',
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
    };
  }

  /**
   * Looks up 1–1000 identifiers with exactly the given `part` values. Resolves with one entry per
   * identifier Freg answered for (matched by the requested identifier); rejects with UpstreamError.
   */
  async lookup(
    identifiers: readonly string[],
    parts: readonly string[],
    options: FregLookupOptions = {},
  ): Promise<FregLookupResult[]> {
    if (identifiers.length === 0) return [];
    if (identifiers.length > FREG_MAX_BATCH) {
      throw new RangeError(`FregClient.lookup: at most ${FREG_MAX_BATCH} identifiers per call`);
    }
    const asked = parts.filter((part) => !this.#refused.has(part));
    try {
      return await this.#lookupParts(identifiers, asked, options);
    } catch (error) {
      const optional = asked.filter((part) => OPTIONAL_PARTS.has(part));
      if (!(error instanceof UpstreamError) || error.status !== 400 || optional.length === 0)
        throw error;
      // Without any part Freg answers person-basis: ask for the identifier alone instead.
      const rest = asked.filter((part) => !OPTIONAL_PARTS.has(part));
      const results = await this.#lookupParts(
        identifiers,
        rest.length === 0 ? ['identifikasjonsnummer'] : rest,
        options,
      );
      for (const part of optional) this.#refused.add(part);
      return results;
    }
  }

  /** The optional parts (OPTIONAL_PARTS) this register has refused; never asked for again. */
  get refusedParts(): ReadonlySet<string> {
    return this.#refused;
  }

  async #lookupParts(
    identifiers: readonly string[],
    parts: readonly string[],
    options: FregLookupOptions,
  ): Promise<FregLookupResult[]> {
    if (this.#single !== null) return this.#lookupSingly(identifiers, parts, options);
    const url = new URL(this.#bulkUrl);
    // somBestilt=true: per-identifier entries, with `feilmelding` for ceased or unknown numbers.
    url.searchParams.set('somBestilt', 'true');
    for (const part of parts) url.searchParams.append('part', part);
    const endpoint: RegisterEndpoint =
      options.requestId === undefined
        ? this.#endpoint
        : {
            ...this.#endpoint,
            headers: { ...this.#endpoint.headers, Korrelasjonsid: options.requestId },
          };
    const answer = await postToRegister(endpoint, {
      url,
      body: JSON.stringify({ foedselsEllerDNummer: identifiers }),
      identifiers: identifiers.length,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    });
    return this.#parse(answer.text, answer.status);
  }

  /**
   * Single-GET fallback: the same parts, matched by the identifier asked for, each failure only
   * on its own person. When every GET failed the first failure rejects the whole call, as a
   * failed bulk call would (one log line for the chunk instead of one per person).
   */
  async #lookupSingly(
    identifiers: readonly string[],
    parts: readonly string[],
    options: FregLookupOptions,
  ): Promise<FregLookupResult[]> {
    const endpoint: RegisterEndpoint =
      options.requestId === undefined
        ? this.#endpoint
        : {
            ...this.#endpoint,
            headers: { ...this.#endpoint.headers, Korrelasjonsid: options.requestId },
          };
    const unique = [...new Set(identifiers)];
    const results: FregLookupResult[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < unique.length; i = next++) {
        const id = unique[i] as string;
        results.push(await this.#getOne(endpoint, id, parts, options));
      }
    };
    const workers = Math.min(this.#single?.concurrency ?? 1, unique.length);
    await Promise.all(Array.from({ length: workers }, worker));
    const failures = results.filter((r) => r.error !== undefined);
    if (failures.length === results.length && failures[0]?.error !== undefined)
      throw failures[0].error;
    return results;
  }

  async #getOne(
    endpoint: RegisterEndpoint,
    id: string,
    parts: readonly string[],
    options: FregLookupOptions,
  ): Promise<FregLookupResult> {
    // The identifier was validated as 11 digits before any register call; encode it anyway.
    const url = new URL(encodeURIComponent(id), this.#personUrl);
    for (const part of parts) url.searchParams.append('part', part);
    try {
      const answer = await postToRegister(endpoint, {
        url,
        method: 'GET',
        identifiers: 1,
        ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      });
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        body = undefined;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new UpstreamError(
          'UPSTREAM_CONTRACT_VIOLATION',
          'freg',
          'Folkeregisteret answered with a body that is not a person document',
          { status: answer.status },
        );
      return {
        foedselsEllerDNummer: id,
        person: body as Readonly<Record<string, unknown>>,
        feilmelding: null,
      };
    } catch (error) {
      // 404 on personer/{id} is "no such person" (docs/registers.md F6): data, not an error.
      if (error instanceof UpstreamError && error.status === 404)
        return { foedselsEllerDNummer: id, person: null, feilmelding: 'ikke funnet' };
      return {
        foedselsEllerDNummer: id,
        person: null,
        feilmelding: null,
        error: error instanceof Error ? error : new Error(String(error)),
      };
    }
  }

  #parse(text: string, status: number): FregLookup[] {
    try {
      return parseFregBulkResponse(JSON.parse(text));
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof FregWireFormatError) {
        throw new UpstreamError(
          'UPSTREAM_CONTRACT_VIOLATION',
          'freg',
          'Folkeregisteret answered with a body that is not a lookup response',
          { status },
        );
      }
      throw error;
    }
  }
}

/** The Freg elements `forsendelse` reads (see src/domain/forsendelse.ts). */
const FORSENDELSE_PARTS = [
  'adressebeskyttelse',
  'bostedsadresse',
  'doedsfall',
  'foedsel',
  'kontaktinformasjonForDoedsbo',
  'navn',
  'oppholdsadresse',
  'postadresse',
  'postadresseIUtlandet',
  'preferertKontaktadresse',
  'vergemaalEllerFremtidsfullmakt',
] as const;

/**
 * The `part` values needed for the selected Person fields (data minimisation, docs/registers.md
 * F2).
 */
export function fregPartsFor(fields: ReadonlySet<string>): string[] {
  const parts = new Set<string>();
  const addressFields = [
    'bostedsadresse',
    'postadresse',
    'postadresseIUtlandet',
    'preferertKontaktadresse',
    'oppholdsadresse',
    'adressebeskyttelse',
  ];
  for (const field of fields) {
    switch (field) {
      case 'finnesIFolkeregisteret':
      case 'folkeregisteridentifikator':
        parts.add('identifikasjonsnummer');
        break;
      case 'navn':
      case 'foedsel':
      case 'kjoenn':
      case 'doedsfall':
      case 'sivilstand':
      case 'statsborgerskap':
      case 'bostedsadresse':
      case 'oppholdsadresse':
      case 'kontaktinformasjonForDoedsbo':
      case 'vergemaalEllerFremtidsfullmakt':
      case 'fratattRettsligHandleevne':
        parts.add(field);
        break;
      case 'personstatus':
        parts.add('status');
        break;
      case 'postadresse':
        // The preference decides which of the two postal addresses is given.
        parts.add('postadresse');
        parts.add('postadresseIUtlandet');
        parts.add('preferertKontaktadresse');
        break;
      case 'postadresseIUtlandet':
      case 'preferertKontaktadresse':
        parts.add(field);
        break;
      case 'adressebeskyttelse':
        parts.add('adressebeskyttelse');
        break;
      case 'forsendelse':
        for (const part of FORSENDELSE_PARTS) parts.add(part);
        break;
      default:
        break;
    }
    // Protection decides whether an address may be shown, so it is read with any address.
    if (addressFields.includes(field)) parts.add('adressebeskyttelse');
  }
  return [...parts].sort();
}
