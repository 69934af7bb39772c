// Loads persons for one request: one DataLoader per register, batched across the whole
// operation, ≤1000 identifiers per upstream call, a bounded number of calls in flight per
// register, results matched back by identifier. A register failure becomes per-field errors on
// the persons of the failed chunk only; the other register's fields are unaffected.
import DataLoader from 'dataloader';
import {
  CONTACT_INFO_FIELDS,
  POPULATION_DATA_FIELDS,
  type ContactInfo,
  type ForsendelseGrunnlag,
  type PersonModel,
  type PopulationData,
} from '../domain/person.ts';
import {
  FREG_MAX_BATCH,
  type FregClient,
  type FregLookupResult,
} from '../upstream/freg/freg-client.ts';
import { toPopulationData } from '../upstream/freg/to-population-data.ts';
import { KRR_MAX_BATCH, type KrrClient } from '../upstream/krr/krr-client.ts';
import type { KrrWireEntry } from '../upstream/krr/krr-wire.ts';
import { NOT_REGISTERED, toContactInfo } from '../upstream/krr/to-contact-info.ts';
import { notConfigured } from '../upstream/upstream-error.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { UpstreamError } from '../upstream/upstream-error.ts';
import type { AccessDecision } from './access.ts';

export interface PersonLoaderOptions {
  /** Null when KRR is not configured. */
  readonly krr: Pick<KrrClient, 'lookupEntries'> | null;
  /** Null when Folkeregisteret is not configured. */
  readonly freg: Pick<FregClient, 'lookup' | 'refusedParts'> | null;
  /** Upstream calls in flight per register for this request. */
  readonly concurrency: number;
  /** Clock for the §32 18-month rule. */
  readonly nowMs: number;
  readonly requestId: string;
  readonly signal?: AbortSignal;
  /** Epoch ms by which upstream work must be done. */
  readonly deadline?: number;
  /** Each failed register call is logged here, once. */
  readonly logger?: Logger;
  /** Each failed register call is counted here, once, by register and error code. */
  readonly metrics?: Metrics;
}

/** Runs at most `limit` tasks at once, in arrival order. */
type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

// Every load of one operation is enqueued synchronously or in microtasks while graphql-js walks
// the root fields and `_entities`; waiting for the macrotask queue gathers them all into one
// dispatch, so the call count is ⌈N/1000⌉ whatever the query's shape.
const afterCurrentTick = (callback: () => void): void => {
  setImmediate(callback);
};

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Logs and counts a failed register call once, where it is turned into per-person errors. */
function logFailure(
  options: PersonLoaderOptions,
  upstream: 'krr' | 'freg',
  error: Error,
  count: number,
): void {
  const code = error instanceof AppError ? error.code : 'INTERNAL';
  const reason = error instanceof AppError ? error.details['reason'] : undefined;
  // The reason (CIRCUIT_OPEN, NOT_CONFIGURED, …) is a closed set and the more telling label.
  options.metrics?.upstreamFailures.inc({
    upstream,
    code: typeof reason === 'string' ? reason : code,
  });
  options.logger?.warn(
    {
      event: 'upstream_failure',
      upstream,
      requestId: options.requestId,
      identifiers: count,
      code,
      status: error instanceof UpstreamError ? error.status : undefined,
      reason,
    },
    `${upstream} lookup failed for ${count} persons`,
  );
}

/**
 * A register's loader for one operation: found by the operation's decision object (the same for
 * every load of the operation) or, for another object, by the key of what it fetches.
 */
interface OperationLoader<V> {
  readonly decision: AccessDecision;
  readonly key: string;
  readonly loader: DataLoader<string, V>;
}

export class PersonLoader {
  readonly #options: PersonLoaderOptions;
  readonly #limitKrr: Limiter;
  /**
   * KRR's records for this operation, mapped in the batch with the fields the operation reads
   * (one operation per request, so one set of fields): each chunk's parsed answer is garbage as
   * soon as it is mapped, and only the mapped records live until the response is written.
   */
  #krr: OperationLoader<ContactInfo> | null = null;
  readonly #requested = new Set<string>();
  #freg: OperationLoader<PopulationData> | null = null;

  constructor(options: PersonLoaderOptions) {
    this.#options = options;
    this.#limitKrr = createLimiter(options.concurrency);
  }

  /** The KRR loader for this operation's fields (forsendelse reads them all). */
  #krrLoader(decision: AccessDecision): DataLoader<string, ContactInfo> {
    // Every entity of `_entities` loads on its own: its decision is recognised without a key.
    if (this.#krr?.decision === decision) return this.#krr.loader;
    const fields = decision.fetch.personFields;
    const wanted = fields.has('forsendelse') ? undefined : fields;
    const key = wanted === undefined ? '*' : [...wanted].sort().join(',');
    if (this.#krr?.key === key) {
      this.#krr = { ...this.#krr, decision };
      return this.#krr.loader;
    }
    const options = this.#options;
    const limit = this.#limitKrr;
    const loader = new DataLoader<string, ContactInfo>(
      (ids) =>
        limit(async () => {
          let byId: Map<string, KrrWireEntry>;
          try {
            if (options.krr === null) throw notConfigured('krr');
            byId = await options.krr.lookupEntries(ids, this.#callOptions());
          } catch (error) {
            const failure = asError(error);
            logFailure(options, 'krr', failure, ids.length);
            return ids.map(() => failure);
          }
          return ids.map((id) => {
            const entry = byId.get(id);
            return entry === undefined
              ? NOT_REGISTERED
              : toContactInfo(entry, options.nowMs, wanted);
          });
        }),
      { maxBatchSize: KRR_MAX_BATCH, batchScheduleFn: afterCurrentTick },
    );
    this.#krr = { decision, key, loader };
    return loader;
  }

  #callOptions(): { requestId: string; signal?: AbortSignal; deadline?: number } {
    const { requestId, signal, deadline } = this.#options;
    return {
      requestId,
      ...(signal === undefined ? {} : { signal }),
      ...(deadline === undefined ? {} : { deadline }),
    };
  }

  /** The Freg loader for this operation (one operation per request, so one set of parts). */
  #fregLoader(decision: AccessDecision): DataLoader<string, PopulationData> {
    if (this.#freg?.decision === decision) return this.#freg.loader;
    const parts = decision.fetch.fregParts;
    const key = `${parts.join('&')}|${String(decision.includeProtectedAddresses)}`;
    if (this.#freg?.key === key) {
      this.#freg = { ...this.#freg, decision };
      return this.#freg.loader;
    }
    const options = this.#options;
    const limit = createLimiter(options.concurrency);
    const mapping = { includeProtected: decision.includeProtectedAddresses };
    const loader = new DataLoader<string, PopulationData>(
      (ids) =>
        limit(async () => {
          let lookups: FregLookupResult[];
          const refusedBefore = options.freg?.refusedParts.size ?? 0;
          try {
            if (options.freg === null) throw notConfigured('freg');
            lookups = await options.freg.lookup(ids, parts, this.#callOptions());
          } catch (error) {
            const failure = asError(error);
            logFailure(options, 'freg', failure, ids.length);
            return ids.map(() => failure);
          }
          const byId = new Map<string, FregLookupResult>();
          for (const lookup of lookups) byId.set(lookup.foedselsEllerDNummer, lookup);
          // A single-GET lookup may fail for one person only: the error goes to that person.
          const refusedParts = options.freg?.refusedParts;
          if (refusedParts !== undefined && refusedParts.size > refusedBefore)
            options.logger?.warn(
              { event: 'freg_parts_refused', parts: [...refusedParts].sort() },
              'Folkeregisteret refused these part values; they are no longer asked for',
            );
          const answered = refusedParts === undefined ? mapping : { ...mapping, refusedParts };
          return ids.map((id) => byId.get(id)?.error ?? toPopulationData(byId.get(id), answered));
        }),
      { maxBatchSize: FREG_MAX_BATCH, batchScheduleFn: afterCurrentTick },
    );
    this.#freg = { decision, key, loader };
    return loader;
  }

  /** The valid identifiers this request looked up in a register (for the audit trail). */
  requestedIdentifiers(): ReadonlySet<string> {
    return this.#requested;
  }

  /** Records a person read outside the loaders (Query.meg's user-bound lookup) for the audit. */
  noteRequested(id: string): void {
    this.#requested.add(id);
  }

  /** One person with the registers the operation may and does read. */
  async load(id: string, decision: AccessDecision): Promise<PersonModel> {
    const { fetch } = decision;
    if (fetch.needsKrr || fetch.needsFreg) this.#requested.add(id);
    const [krr, freg] = await Promise.all([
      fetch.needsKrr ? this.#krrLoader(decision).load(id).catch(asError) : undefined,
      fetch.needsFreg ? this.#fregLoader(decision).load(id).catch(asError) : undefined,
    ]);
    return assemble(id, fetch.personFields, krr, freg, this.#options.nowMs);
  }

  /** Many valid identifiers (duplicates allowed); the result has the same order and length. */
  async loadMany(ids: readonly string[], decision: AccessDecision): Promise<PersonModel[]> {
    const { fetch } = decision;
    if (fetch.needsKrr || fetch.needsFreg) for (const id of ids) this.#requested.add(id);
    const [krr, freg] = await Promise.all([
      fetch.needsKrr ? this.#krrLoader(decision).loadMany(ids) : undefined,
      fetch.needsFreg ? this.#fregLoader(decision).loadMany(ids) : undefined,
    ]);
    const nowMs = this.#options.nowMs;
    return ids.map((id, i) => assemble(id, fetch.personFields, krr?.[i], freg?.[i], nowMs));
  }
}

/**
 * Builds the entity from the fields the operation may read; denied fields stay absent, so they
 * resolve to null without an error of their own (their one error per selection is added to the
 * response by the operation plugin).
 */
function assemble(
  id: string,
  fields: ReadonlySet<string>,
  krr: ContactInfo | Error | undefined,
  freg: PopulationData | Error | undefined,
  nowMs: number,
): PersonModel {
  const model: Record<string, unknown> = { personidentifikator: id };
  if (krr !== undefined) {
    for (const field of CONTACT_INFO_FIELDS) {
      if (fields.has(field)) model[field] = krr instanceof Error ? krr : krr[field];
    }
  }
  if (freg !== undefined) {
    for (const field of POPULATION_DATA_FIELDS) {
      if (fields.has(field)) model[field] = freg instanceof Error ? freg : freg[field];
    }
  }
  if (fields.has('forsendelse')) {
    const forsendelse: ForsendelseGrunnlag = {
      // Not fetched here only under Query.meg, which puts the end user's own KRR record in.
      contactInfo: krr ?? new Error('KRR data for forsendelse was not fetched'),
      populationData: freg ?? new Error('Folkeregisteret data for forsendelse was not fetched'),
      nowMs,
    };
    model['forsendelse'] = forsendelse;
  }
  return model as PersonModel;
}
