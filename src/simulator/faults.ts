// Fault injection for the simulated registers: queued per upstream, consumed in order, one per
// request, replacing (or delaying) the normal answer.
import type { SimUpstream } from './recorder.ts';

/**
 * What a request gets instead of its normal answer.
 * - `{status}`: that status with `body` (default a small JSON error) and optional `Retry-After`;
 * - `html`: a 503 HTML error page with a "support id", as API gateways send;
 * - `non-json`: 200 with a text/plain body;
 * - `truncated`: 200 with the normal JSON body cut in the middle;
 * - `reset`: the socket is destroyed without an answer;
 * - `delay`: the normal answer after `ms` milliseconds;
 * - `hang`: no answer until the simulator closes.
 */
export type Fault =
  | {
      readonly status: number;
      readonly body?: string;
      readonly contentType?: string;
      readonly retryAfter?: string;
    }
  | { readonly kind: 'html' }
  | { readonly kind: 'non-json' }
  | { readonly kind: 'truncated' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'hang' };

/** Test-facing control of the fault queues. */
export interface Faults {
  /** Queues `fault` for the next `times` requests to `upstream` (default 1; `Infinity` allowed). */
  inject(upstream: SimUpstream, fault: Fault, times?: number): void;
  /** Empties every queue. */
  clear(): void;
}

/** The fault queues plus the consuming side used by the simulated servers. */
export interface FaultQueue extends Faults {
  /** Removes and returns the next fault for `upstream`, or null when none is queued. */
  take(upstream: SimUpstream): Fault | null;
}

interface Entry {
  readonly fault: Fault;
  remaining: number;
}

/** Creates empty fault queues. */
export function createFaultQueue(): FaultQueue {
  const queues = new Map<SimUpstream, Entry[]>();
  return {
    inject(upstream, fault, times = 1) {
      if (!(times > 0)) throw new TypeError(`"times" must be positive, received ${String(times)}`);
      if (!Number.isInteger(times) && times !== Infinity) {
        throw new TypeError(`"times" must be an integer or Infinity, received ${String(times)}`);
      }
      const queue = queues.get(upstream) ?? [];
      queue.push({ fault, remaining: times });
      queues.set(upstream, queue);
    },
    clear() {
      queues.clear();
    },
    take(upstream) {
      const queue = queues.get(upstream);
      const head = queue?.[0];
      if (queue === undefined || head === undefined) return null;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.fault;
    },
  };
}
