// Which environments turn tracing on: only the standard OTEL_* exporter variables.
import { describe, expect, it } from 'vitest';
import { tracingConfigured } from '../../../src/observability/tracing-config.ts';

describe('tracingConfigured', () => {
  it('is off without any OTEL_* exporter configuration', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_SERVICE_NAME: 'x', OTEL_PROPAGATORS: 'tracecontext' })).toBe(
      false,
    );
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
  });

  it('is on with an OTLP endpoint, as NAIS sets it (gRPC) or for traces only', () => {
    expect(
      tracingConfigured({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://opentelemetry-collector.nais-system:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      }),
    ).toBe(true);
    expect(
      tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }),
    ).toBe(true);
  });

  it('follows OTEL_TRACES_EXPORTER: none turns it off, any exporter on', () => {
    expect(
      tracingConfigured({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
        OTEL_TRACES_EXPORTER: 'none',
      }),
    ).toBe(false);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'otlp, none' })).toBe(true);
  });

  it('is off with OTEL_SDK_DISABLED=true whatever else is set', () => {
    expect(
      tracingConfigured({
        OTEL_SDK_DISABLED: 'TRUE',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      }),
    ).toBe(false);
    expect(
      tracingConfigured({
        OTEL_SDK_DISABLED: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      }),
    ).toBe(true);
  });
});
