// Loaded before the service with `node --import ./src/observability/tracing-preload.ts` (the
// `start` script). When the environment configures an OpenTelemetry exporter (the standard
// OTEL_* variables), this registers the ESM loader hook, so the node:http server the service
// imports afterwards is instrumented and its server span continues the caller's `traceparent`,
// and starts the SDK. Without such configuration it does nothing at all.
//
// The hook runs in the service's own thread (module.registerHooks) and intercepts node:http
// only, the one module instrumented (tracing-sdk.ts). module.register's loader runs on a thread
// of its own and intercepts every module, which costs ~35 MiB RSS at rest (BENCHMARKS.md (j)); it
// remains the fall-back on a Node whose registerHooks cannot run the hook.
import { register } from 'node:module';
import { tracingConfigured } from './tracing-config.ts';

if (tracingConfigured(process.env)) {
  // The hook must be registered before the modules it instruments are imported, so everything
  // else is imported only after it.
  const inThread = await import('import-in-the-middle/register-hooks.mjs');
  if (inThread.supportsSyncHooks()) inThread.register({ include: ['http'] });
  else register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const { startTracing } = await import('./tracing-sdk.ts');
  startTracing();
}
