// Loaded before the service with `node --import ./src/observability/tracing-preload.ts` (the
// `start` script). When the environment configures an OpenTelemetry exporter (the standard
// OTEL_* variables), this registers the ESM loader hook, so the node:http server the service
// imports afterwards is instrumented and its server span continues the caller's `traceparent`,
// and starts the SDK. Without such configuration it does nothing at all.
import { register } from 'node:module';
import { tracingConfigured } from './tracing-config.ts';

if (tracingConfigured(process.env)) {
  // The hook must be registered before the modules it instruments are imported, so everything
  // else is imported only after it.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const { startTracing } = await import('./tracing-sdk.ts');
  startTracing();
}
