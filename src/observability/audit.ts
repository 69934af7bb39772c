// The audit trail: one event per operation that reads person data, on its own stream (stdout
// with a marker, or a file). Persons appear only as keyed HMACs of their identity numbers, so an
// auditor holding the key can find every lookup of one person without the trail holding any.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
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

/** Pseudonymises one identity number with the audit key (HMAC-SHA256, base64url). */
export function auditPseudonym(key: Secret<string>, identifier: string): string {
  return createHmac('sha256', key.reveal()).update(identifier).digest('base64url');
}

export class AuditTrail {
  /** The HMAC key as a KeyObject made once: cheaper per identifier than a string key. */
  readonly #key: KeyObject;
  readonly #log: PinoLogger;
  readonly #destination: LineDestination | null;

  constructor(options: AuditTrailOptions) {
    this.#key = createSecretKey(Buffer.from(options.hmacKey.reveal(), 'utf8'));
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
    for (const id of event.identifiers)
      persons.push(createHmac('sha256', this.#key).update(id).digest('base64url'));
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
    return `hmac:${createHmac('sha256', this.#key).update(value).digest('base64url')}`;
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
