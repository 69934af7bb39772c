// Bounded admission: a per-replica budget of persons in flight, so that large operations
// arriving together cannot push a replica past its memory limit. An operation that fits runs at
// once; one that does not waits in line for a bounded time and is then refused whole with a
// retryable error. Small operations may use a reserved share of the budget that large ones may
// not, so they never wait behind large ones. README.md ("Admission") says how to size it;
// BENCHMARKS.md (j) has the memory figures it is derived from.
import type { Metrics } from '../observability/metrics.ts';

/** Operations of at most this many persons are small: they may use the reserved share. */
export const SMALL_OPERATION_PERSONS = 100;

/** The share of the budget only small operations may use. */
export const RESERVED_SHARE = 0.1;

export interface AdmissionOptions {
  /** Persons in flight the replica admits at once (`MAX_PERSONS_IN_FLIGHT`). */
  readonly maxPersonsInFlight: number;
  /** How long an operation that does not fit waits before it is refused (`ADMISSION_WAIT_MS`). */
  readonly maxWaitMs: number;
  readonly metrics?: Metrics;
}

/** An admitted operation's share of the budget; `release` is idempotent. */
export interface AdmissionPermit {
  readonly persons: number;
  release(): void;
}

interface Waiter {
  readonly persons: number;
  readonly admit: (permit: AdmissionPermit) => void;
  readonly enqueuedAt: number;
}

/** Largest operation a replica with this budget can ever admit (the unreserved share). */
export function largestAdmissible(maxPersonsInFlight: number): number {
  return maxPersonsInFlight - Math.ceil(maxPersonsInFlight * RESERVED_SHARE);
}

export class Admission {
  readonly budget: number;
  /** Persons only small operations may use. */
  readonly reserved: number;
  readonly maxWaitMs: number;
  readonly #metrics: Metrics | undefined;
  #inFlight = 0;
  /** Small operations are served before large ones; each line is first come, first served. */
  readonly #small: Waiter[] = [];
  readonly #large: Waiter[] = [];

  constructor(options: AdmissionOptions) {
    this.budget = options.maxPersonsInFlight;
    this.reserved = Math.ceil(options.maxPersonsInFlight * RESERVED_SHARE);
    this.maxWaitMs = options.maxWaitMs;
    this.#metrics = options.metrics;
    this.#metrics?.admissionBudget.set(this.budget);
    this.#report();
  }

  /** Persons of admitted operations still in flight. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Operations waiting for room. */
  get waiting(): number {
    return this.#small.length + this.#large.length;
  }

  /**
   * Admits an operation of `persons` persons at once when it fits, else waits up to `maxWaitMs`
   * for room. Resolves with a permit, or with null when the wait ran out.
   */
  async acquire(persons: number): Promise<AdmissionPermit | null> {
    const small = persons <= SMALL_OPERATION_PERSONS;
    const line = small ? this.#small : this.#large;
    // Nobody overtakes an operation of its own kind already waiting.
    if (line.length === 0 && this.#fits(persons)) {
      this.#metrics?.admissionWait.observe({ outcome: 'admitted' }, 0);
      return this.#admit(persons);
    }
    if (this.maxWaitMs === 0) return this.#refused();
    return new Promise<AdmissionPermit | null>((resolve) => {
      const timer = setTimeout(() => {
        const at = line.indexOf(waiter);
        if (at !== -1) line.splice(at, 1);
        this.#metrics?.admissionWait.observe(
          { outcome: 'refused' },
          (performance.now() - waiter.enqueuedAt) / 1000,
        );
        resolve(this.#refused());
        // A large operation leaving the head of its line may let smaller ones behind it in.
        this.#drain();
      }, this.maxWaitMs);
      const waiter: Waiter = {
        persons,
        enqueuedAt: performance.now(),
        admit: (permit) => {
          clearTimeout(timer);
          this.#metrics?.admissionWait.observe(
            { outcome: 'admitted' },
            (performance.now() - waiter.enqueuedAt) / 1000,
          );
          resolve(permit);
        },
      };
      line.push(waiter);
      this.#report();
    });
  }

  #fits(persons: number): boolean {
    const room = persons <= SMALL_OPERATION_PERSONS ? this.budget : this.budget - this.reserved;
    // An operation larger than every share (configuration prevents it) runs alone.
    return this.#inFlight + persons <= room || this.#inFlight === 0;
  }

  #admit(persons: number): AdmissionPermit {
    this.#inFlight += persons;
    this.#report();
    let released = false;
    return {
      persons,
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight -= persons;
        this.#report();
        this.#drain();
      },
    };
  }

  #refused(): null {
    this.#metrics?.admissionRefusals.inc();
    return null;
  }

  /** Admits waiting operations, small first, each line in order, while they fit. */
  #drain(): void {
    for (const line of [this.#small, this.#large]) {
      while (line.length > 0) {
        const head = line[0];
        if (head === undefined || !this.#fits(head.persons)) break;
        line.shift();
        head.admit(this.#admit(head.persons));
      }
    }
    this.#report();
  }

  #report(): void {
    if (this.#metrics === undefined) return;
    this.#metrics.admissionInFlight.set(this.#inFlight);
    this.#metrics.admissionQueue.set(this.waiting);
    let persons = 0;
    for (const waiter of this.#small) persons += waiter.persons;
    for (const waiter of this.#large) persons += waiter.persons;
    this.#metrics.admissionQueuedPersons.set(persons);
  }
}
