// The OpenTelemetry SDK as the service runs it, configured by the standard OTEL_* variables
// (exporter and protocol: grpc, http/protobuf or http/json; endpoint, headers, sampler,
// propagators, resource attributes, batch processor limits). Loaded by tracing-preload.ts only.
//
// Instrumented automatically: the node:http server only, for its server span that continues the
// incoming `traceparent`. Its query string (a GraphQL GET carries the operation's variables
// there) is never recorded, and health and metrics requests get no spans. Outgoing calls get the
// service's own spans (tracing.ts), which never carry a URL: a register URL can hold an
// identity number.
import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { startNodeSdk } from '@opentelemetry/sdk-node';
import { markTracingStarted, onTracingShutdown } from './tracing.ts';

const UNTRACED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function namedByEnvironment(): boolean {
  if ((process.env['OTEL_SERVICE_NAME'] ?? '') !== '') return true;
  return /(^|,)\s*service\.name=/.test(process.env['OTEL_RESOURCE_ATTRIBUTES'] ?? '');
}

export function startTracing(): void {
  const sdk = startNodeSdk({
    // The service's own name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES give one.
    ...(namedByEnvironment() ? {} : { resourceAttributes: { 'service.name': 'person-subgraph' } }),
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request)),
        // Applied after the instrumentation's own attributes: replaces any query string.
        startIncomingSpanHook: (request) =>
          (request.url ?? '').includes('?') ? { 'url.query': '[removed]' } : {},
      }),
    ],
    // Traces only: metrics are scraped from /metrics, logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  markTracingStarted();
  onTracingShutdown(() => sdk.shutdown());
}
