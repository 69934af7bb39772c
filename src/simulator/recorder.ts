// Records every request the simulated registers answer, so tests can count upstream calls,
// identifiers per batch and the scopes each call carried.

/** The simulated upstreams. `freg` is reserved for the Folkeregisteret simulator. */
export type SimUpstream = 'krr' | 'maskinporten' | 'freg';

/** One answered (or deliberately unanswered) request. */
export interface RecordedCall {
  readonly upstream: SimUpstream;
  readonly method: string;
  readonly path: string;
  /** The query string without `?`, when the request had one. */
  readonly query?: string;
  /** HTTP status sent; 0 when the connection was reset or left hanging by a fault. */
  readonly status: number;
  /** Identifiers in the request body (before de-duplication); 0 for Maskinporten. */
  readonly identifiers: number;
  /** Scopes of the bearer token (registers) or of the grant (Maskinporten). */
  readonly scopes: readonly string[];
  /** The `x-request-id` header, when sent. */
  readonly requestId?: string;
}

/** Read side of the recorder, as tests see it. */
export interface Recorder {
  readonly calls: readonly RecordedCall[];
  /** Number of recorded calls to `upstream`, optionally only those with the given path/status. */
  count(
    upstream: SimUpstream,
    filter?: { readonly path?: string; readonly status?: number },
  ): number;
  reset(): void;
}

/** The recorder plus the write side used by the simulated servers. */
export interface CallLog extends Recorder {
  record(call: RecordedCall): void;
}

/** Creates an empty in-memory call log. */
export function createCallLog(): CallLog {
  let calls: RecordedCall[] = [];
  return {
    get calls() {
      return calls;
    },
    count(upstream, filter) {
      return calls.filter(
        (call) =>
          call.upstream === upstream &&
          (filter?.path === undefined || call.path === filter.path) &&
          (filter?.status === undefined || call.status === filter.status),
      ).length;
    },
    reset() {
      calls = [];
    },
    record(call) {
      calls.push(call);
    },
  };
}
