// A circuit breaker per register: after consecutive failures it fails fast for a cool-down, then
// lets one probe through; a successful probe closes it again. Only failures that say "the
// register is down" count (network errors, timeouts, 5xx), never a refusal of one request.

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  readonly openMs: number;
  readonly now?: () => number;
  /** Called on every state change (metrics). */
  readonly onStateChange?: (state: CircuitState) => void;
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  readonly #onStateChange: ((state: CircuitState) => void) | undefined;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new TypeError(
        `CircuitBreaker: failureThreshold must be a positive integer, got ${options.failureThreshold}`,
      );
    }
    if (!(options.openMs > 0))
      throw new TypeError(`CircuitBreaker: openMs must be positive, got ${options.openMs}`);
    this.#threshold = options.failureThreshold;
    this.#openMs = options.openMs;
    this.#now = options.now ?? Date.now;
    this.#onStateChange = options.onStateChange;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** True when a call may go out now (in half-open state: only the one probe). */
  tryAcquire(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.#now() - this.#openedAt < this.#openMs) return false;
      this.#set('half-open');
    }
    if (this.#probing) return false;
    this.#probing = true;
    return true;
  }

  /** The register answered (any answer that is not an outage). */
  onSuccess(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== 'closed') this.#set('closed');
  }

  /** The register looked down (network error, timeout, 5xx). */
  onFailure(): void {
    this.#probing = false;
    this.#failures++;
    if (this.#state === 'half-open' || this.#failures >= this.#threshold) {
      this.#openedAt = this.#now();
      if (this.#state !== 'open') this.#set('open');
    }
  }

  #set(state: CircuitState): void {
    this.#state = state;
    this.#onStateChange?.(state);
  }
}
