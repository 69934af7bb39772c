// The service's one logger: JSON lines through pino, with secrets removed by path and personal
// data removed from every string value before it is written.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { REDACTED_PATHS, redactText } from './redact.ts';

export type Logger = PinoLogger;

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrub(item, depth + 1);
  return out;
}

function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  if (err.stack !== undefined) out['stack'] = err.stack;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out['code'] = code;
  if (err.cause !== undefined) out['cause'] = serializeError(err.cause);
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
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        // pino's own error serializer keeps its fields on a prototype, which the scrub above
        // would not see; serialise to a plain object and scrub each text.
        err: (err: unknown) => scrub(serializeError(err), 0),
      },
    },
    options.destination,
  );
}
