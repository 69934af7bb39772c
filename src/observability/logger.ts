// The service's one logger: JSON lines through pino, with secrets removed by path and personal
// data removed from every string value before it is written.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { REDACTED_PATHS, redactText } from './redact.ts';
import { traceFields, tracingActive } from './tracing.ts';

export type Logger = PinoLogger;

// Deeper than this, objects are not walked but replaced: a deep value is still written only
// after its strings were redacted.
const MAX_DEPTH = 6;

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return scrub(serializeError(value, 0), depth);
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  // Keys too: an object keyed by identity number is as personal as its values.
  for (const [key, item] of Object.entries(value)) out[redactText(key)] = scrub(item, depth + 1);
  return out;
}

function serializeError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  if (err.stack !== undefined) out['stack'] = err.stack;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out['code'] = code;
  if (err.cause !== undefined && depth < MAX_DEPTH)
    out['cause'] =
      err.cause instanceof Error
        ? serializeError(err.cause, depth + 1)
        : { type: typeof err.cause };
  return out;
}

/** Creates the logger; tests pass a destination stream to capture lines. */
export function createLogger(
  options: { readonly level?: string; readonly destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'person-subgraph' },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      // Trace and span id of the active span on every line, when tracing is on.
      ...(tracingActive() ? { mixin: traceFields } : {}),
      formatters: {
        level: (label) => ({ level: label }),
        // Runs before pino's serializers, so errors are turned into plain objects here.
        log: (object) => scrub(object, 0) as Record<string, unknown>,
      },
      serializers: {
        // The message as pino finally has it: given, interpolated (`%d`, `%j`, `%o` arguments)
        // or taken from an error logged without one, which no hook on the arguments sees.
        msg: (msg: unknown) => (typeof msg === 'string' ? redactText(msg) : msg),
        // An error is already a plain, redacted object (scrub above); pino's own serializer
        // would fold the causes into the message again.
        err: (err: unknown) => err,
      },
    },
    options.destination,
  );
}
