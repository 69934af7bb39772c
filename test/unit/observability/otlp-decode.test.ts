// The test OTLP receiver's protobuf decoding, checked against OpenTelemetry's own serializer: spans
// made by the SDK, serialized as the OTLP exporters send them, decode to the same ids, names,
// attributes, events and status.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { decodeTraceRequest } from '../../support/otlp-receiver.ts';

it('decodes what the OTLP protobuf serializer encodes', async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('decode-test');
  const parent = tracer.startSpan('parent', { kind: SpanKind.SERVER });
  parent.end();
  const child = tracer.startSpan(
    'register.call',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'register.name': 'krr', 'register.identifiers': 1000, flag: true, ratio: 0.5 },
    },
    // A child of `parent` through an explicit context.
    trace.setSpan(context.active(), parent),
  );
  child.setAttribute('codes', ['A', 'B']);
  child.addEvent('attempt', { 'register.attempt': 1, 'http.response.status_code': 503 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'UPSTREAM_UNAVAILABLE' });
  child.end();
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  const bytes = ProtobufTraceSerializer.serializeRequest([...spans]);
  expect(bytes).toBeDefined();
  const decoded = decodeTraceRequest(bytes!);
  expect(decoded).toHaveLength(2);
  const [p, c] = [
    decoded.find((s) => s.name === 'parent'),
    decoded.find((s) => s.name !== 'parent'),
  ];
  expect(p?.traceId).toBe(parent.spanContext().traceId);
  expect(p?.parentSpanId).toBe('');
  expect(c).toMatchObject({
    traceId: parent.spanContext().traceId,
    spanId: child.spanContext().spanId,
    parentSpanId: parent.spanContext().spanId,
    name: 'register.call',
    scope: 'decode-test',
    attributes: {
      'register.name': 'krr',
      'register.identifiers': 1000,
      flag: true,
      ratio: 0.5,
      codes: ['A', 'B'],
    },
    events: [
      { name: 'attempt', attributes: { 'register.attempt': 1, 'http.response.status_code': 503 } },
    ],
    status: { code: 2, message: 'UPSTREAM_UNAVAILABLE' },
  });
  await provider.shutdown();
});
