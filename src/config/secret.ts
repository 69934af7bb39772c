// A wrapper that keeps secret values (keys, tokens, passphrases) out of logs and templates.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/** Holds a secret; every accidental stringification yields `[redacted]`. Use `reveal()` where the value is needed. */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
