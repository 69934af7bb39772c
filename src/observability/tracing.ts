// Manual spans through the OpenTelemetry API. Without an SDK (no OTEL exporter configured, see
// tracing-preload.ts) the API's tracer is a no-op and every helper here returns at once.
//
// What a span may carry: fixed names, counts, register names, HTTP status codes and the
// service's error codes. Never identity numbers, names, addresses, tokens, query documents or
// variables, nor register URLs (a Folkeregisteret single lookup has the identity number in
// its path).
import {
  context,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';

/** The instrumentation scope of the service's own spans. */
export const TRACER_NAME = 'person-subgraph';

/** Span names (fixed strings: no caller input ever becomes part of one). */
export const SPAN = {
  operation: 'graphql.operation',
  register: 'register.call',
  token: 'token.fetch',
  jwks: 'caller.jwks.fetch',
} as const;

let sdkStarted = false;

/** Called by the preload once an SDK is registered; until then tracing costs nothing. */
export function markTracingStarted(): void {
  sdkStarted = true;
}

/** Whether an SDK records spans in this process. */
export function tracingActive(): boolean {
  return sdkStarted;
}

function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Runs `work` inside a new span (the active one becomes its parent) and ends the span when the
 * work settles. A rejection marks the span as failed with `errorCode` of the error, if it has a
 * string `code`, as the status message (never the error's message, which may quote input).
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | null) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!sdkStarted) return work(null);
  const span = tracer().startSpan(name, { kind, attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => work(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's stable code (or its class name), never its message. */
export function markFailed(span: Span, error: unknown): void {
  const code = errorCodeOf(error);
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** A stable code for an error: its string `code` when it has one, else its class name. */
export function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code;
    if (error instanceof Error && /^[A-Za-z0-9_]{1,64}$/.test(error.name)) return error.name;
  }
  return 'Error';
}

/** The active span when tracing is on, so code can add attributes to its caller's span. */
export function activeSpan(): Span | undefined {
  return sdkStarted ? trace.getActiveSpan() : undefined;
}

/** Trace and span id of the active span, for log and audit lines; empty without a valid span. */
export function traceFields(): { traceId?: string; spanId?: string } {
  if (!sdkStarted) return {};
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : {};
}

let stopSdk: (() => Promise<void>) | null = null;

/** The preload hands over how to stop its SDK (flushing spans still queued). */
export function onTracingShutdown(stop: () => Promise<void>): void {
  stopSdk = stop;
}

/** Flushes and stops the SDK, waiting at most `timeoutMs`; a no-op when tracing is off. */
export async function shutdownTracing(timeoutMs: number): Promise<void> {
  if (stopSdk === null) return;
  const stop = stopSdk;
  stopSdk = null;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    stop().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
