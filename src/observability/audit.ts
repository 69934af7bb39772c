// The audit trail: one event per operation that reads person data, on its own stream (stdout
// with a marker, or a file). Persons appear only as keyed HMACs of their identity numbers, so an
// auditor holding the key can find every lookup of one person without the trail holding any.
import { createHash, createHmac, hash } from 'node:crypto';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Secret } from '../config/secret.ts';
import { lineDestination, type LineDestination } from './destination.ts';

export type AuditOutcome = 'ok' | 'partial' | 'error';

export interface AuditEvent {
  readonly requestId: string;
  readonly caller: { readonly subject: string | null; readonly clientId: string | null };
  readonly operationName: string | null;
  /** What was read, by caller scope group (e.g. `person:folkeregister.read`) and register. */
  readonly fieldGroups: readonly string[];
  readonly registers: readonly string[];
  readonly identifiers: Iterable<string>;
  readonly outcome: AuditOutcome;
  /** Error codes in the response, with counts. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /** The operation's trace and span id, when tracing is on. */
  readonly trace?: { readonly traceId?: string; readonly spanId?: string };
}

export interface AuditTrailOptions {
  readonly hmacKey: Secret<string>;
  /** `stdout` (lines marked `"stream":"audit"`) or a file path. */
  readonly destination: 'stdout' | { readonly file: string };
  /** Tests capture lines here instead. */
  readonly stream?: DestinationStream;
  /**
   * Called once when the destination fails (its error code, e.g. ENOSPC or EPIPE); from then on
   * audit lines are dropped and counted.
   */
  readonly onFailure?: (code: string) => void;
}

/** SHA-256's block size in bytes: HMAC pads its key to this. */
const BLOCK = 64;
/** Longest identifier (UTF-8 bytes) the reusable buffer takes; longer ones use createHmac. */
const MAX_MESSAGE = 64;

/**
 * HMAC-SHA256 (RFC 2104) as two one-shot SHA-256 hashes over buffers made once, equal to
 * `createHmac('sha256', key).update(message).digest('base64url')`: an operation pseudonymises
 * up to thousands of identifiers, and a Hmac object per identifier (a stream, with a native
 * handle) cost more than the hashing.
 */
export class Pseudonymiser {
  readonly #key: Buffer;
  /** key ⊕ ipad, then room for the message. */
  readonly #inner = Buffer.alloc(BLOCK + MAX_MESSAGE);
  /** key ⊕ opad, then the inner hash. */
  readonly #outer = Buffer.alloc(BLOCK + 32);

  constructor(key: string) {
    const raw = Buffer.from(key, 'utf8');
    this.#key = raw;
    const padded = Buffer.alloc(BLOCK);
    (raw.length > BLOCK ? createHash('sha256').update(raw).digest() : raw).copy(padded);
    for (let i = 0; i < BLOCK; i++) {
      this.#inner[i] = (padded[i] ?? 0) ^ 0x36;
      this.#outer[i] = (padded[i] ?? 0) ^ 0x5c;
    }
  }

  /** The base64url HMAC-SHA256 of `message`. */
  pseudonym(message: string): string {
    // Up to 21 UTF-16 units are at most 63 UTF-8 bytes; only longer strings need measuring.
    if (message.length > MAX_MESSAGE / 3 && Buffer.byteLength(message) > MAX_MESSAGE)
      return createHmac('sha256', this.#key).update(message).digest('base64url');
    const length = this.#inner.write(message, BLOCK, 'utf8');
    hash('sha256', this.#inner.subarray(0, BLOCK + length), 'buffer').copy(this.#outer, BLOCK);
    return hash('sha256', this.#outer, 'base64url');
  }
}

export class AuditTrail {
  readonly #pseudonyms: Pseudonymiser;
  readonly #log: PinoLogger;
  readonly #destination: LineDestination | null;

  constructor(options: AuditTrailOptions) {
    this.#pseudonyms = new Pseudonymiser(options.hmacKey.reveal());
    const failure = options.onFailure === undefined ? {} : { onFailure: options.onFailure };
    this.#destination =
      options.stream === undefined
        ? lineDestination(
            options.destination === 'stdout' ? { fd: 1 } : { file: options.destination.file },
            failure,
          )
        : null;
    const stream: DestinationStream | undefined = options.stream ?? this.#destination ?? undefined;
    this.#log = pino(
      {
        base: { stream: 'audit', service: 'person-subgraph' },
        timestamp: pino.stdTimeFunctions.isoTime,
        messageKey: 'msg',
        formatters: { level: (label) => ({ level: label }) },
      },
      stream,
    );
  }

  /** Writes one event; identifiers are pseudonymised here and never written as they are. */
  record(event: AuditEvent): void {
    const persons: string[] = [];
    for (const id of event.identifiers) persons.push(this.#pseudonyms.pseudonym(id));
    this.#log.info({
      event: 'person_lookup',
      requestId: event.requestId,
      caller: {
        subject: this.#callerId(event.caller.subject),
        clientId: this.#callerId(event.caller.clientId),
      },
      operationName: event.operationName,
      fieldGroups: event.fieldGroups,
      registers: event.registers,
      outcome: event.outcome,
      errorCodes: event.errorCodes,
      personCount: persons.length,
      persons,
      ...event.trace,
    });
  }

  /**
   * A caller claim as written: an end user's token may carry an identity number as `sub`; such
   * a value is written as `hmac:<pseudonym>`, the same pseudonym its lookups get, never as it is.
   */
  #callerId(value: string | null): string | null {
    if (value === null || !/\d{11}/.test(value)) return value;
    return `hmac:${this.#pseudonyms.pseudonym(value)}`;
  }

  flush(): Promise<void> {
    return new Promise((resolve) => this.#log.flush(() => resolve()));
  }

  /**
   * Waits until every recorded line is written, the destination failed, or `timeoutMs` passed.
   * True only when every line was written (always true for a test stream).
   */
  async settle(timeoutMs: number): Promise<boolean> {
    if (this.#destination === null) {
      await this.flush();
      return true;
    }
    return this.#destination.settle(timeoutMs);
  }

  /** Lines that could not be written (destination failed or its buffer was full). */
  dropped(): number {
    return this.#destination?.dropped() ?? 0;
  }
}
