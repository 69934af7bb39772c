// OpenTelemetry traces of the service started as production starts it (the `start` script's
// `node --import` preload, as a child process), exported to an in-process OTLP receiver over
// HTTP/protobuf and over gRPC: the operation joins the caller's trace, register calls are spans
// with their attempts, log and audit lines carry the trace id, and no span holds personal data.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '../../support/otlp-receiver.ts';
import { spawnService, upstreamEnv, type ServiceProcess } from '../../support/service-process.ts';
import { ALL_CALLER_SCOPES, startTestSimulator } from '../support/stack.ts';

let sim: Simulator;
let receiver: OtlpReceiver;
let token: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 3000 });
  receiver = await startOtlpReceiver();
  token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  for (const service of services) {
    if (service.process.exitCode === null) {
      service.process.kill('SIGTERM');
      await service.exited;
    }
  }
  await receiver.close();
  await sim.close();
});

async function startTraced(protocol: 'http/protobuf' | 'grpc'): Promise<ServiceProcess> {
  const service = await spawnService({
    env: {
      ...upstreamEnv(sim),
      OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? receiver.grpcUrl : receiver.httpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_INSECURE: 'true',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'person-subgraph-test',
      UPSTREAM_MAX_RETRIES: '2',
      UPSTREAM_RETRY_BASE_DELAY_MS: '10',
    },
  });
  services.push(service);
  return service;
}

function traceparent(): { header: string; traceId: string; parentId: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

async function query(
  base: string,
  ids: readonly string[],
  fields: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify({
      query: `query Oppslag($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${fields} } }`,
      variables: { ids },
    }),
  });
  return { status: response.status, body: (await response.json()) as { errors?: unknown[] } };
}

const inTrace = (traceId: string) => (spans: readonly ReceivedSpan[]) =>
  spans.filter((span) => span.traceId === traceId);

/** Every string a span carries: name, attribute and event values, status message. */
function spanStrings(span: ReceivedSpan): string[] {
  const values: string[] = [span.name, span.status.message];
  const add = (value: unknown): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) value.forEach(add);
  };
  for (const [key, value] of Object.entries(span.attributes)) {
    values.push(key);
    add(value);
  }
  for (const event of span.events) {
    values.push(event.name);
    for (const value of Object.values(event.attributes)) add(value);
  }
  return values;
}

describe.each(['http/protobuf', 'grpc'] as const)('tracing exported over %s', (protocol) => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startTraced(protocol);
  });

  it('joins the caller trace: HTTP server span, then one operation span, then ⌈N/1000⌉ register spans', async () => {
    const ids = sim.population.ids.slice(0, 2500);
    const parent = traceparent();
    const answer = await query(service.base, ids, 'personidentifikator kanVarsles', {
      traceparent: parent.header,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const trace = inTrace(parent.traceId);
    await receiver.waitFor((spans) => trace(spans).some((s) => s.name === 'graphql.operation'));
    await receiver.waitFor(
      (spans) => trace(spans).filter((s) => s.name === 'register.call').length >= 3,
    );
    const spans = trace(receiver.spans);

    const server = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-http');
    expect(server).toHaveLength(1);
    expect(server[0]?.parentSpanId).toBe(parent.parentId);
    expect(server[0]?.resource['service.name']).toBe('person-subgraph-test');

    const operations = spans.filter((span) => span.name === 'graphql.operation');
    expect(operations).toHaveLength(1);
    const operation = operations[0]!;
    expect(operation.parentSpanId).toBe(server[0]?.spanId);
    expect(operation.attributes['graphql.operation.name']).toBe('Oppslag');
    expect(operation.attributes['graphql.operation.persons']).toBe(2500);
    expect(operation.attributes['graphql.operation.outcome']).toBe('ok');

    const registerCalls = spans.filter((span) => span.name === 'register.call');
    // KRR only (the fields asked for), 1000 identifiers per call.
    expect(registerCalls).toHaveLength(Math.ceil(ids.length / 1000));
    expect(registerCalls.map((span) => span.attributes['register.identifiers']).sort()).toEqual([
      1000, 1000, 500,
    ]);
    for (const call of registerCalls) {
      expect(call.parentSpanId).toBe(operation.spanId);
      expect(call.attributes['register.name']).toBe('krr');
      expect(call.attributes['register.attempts']).toBe(1);
      expect(call.attributes['register.retried']).toBe(false);
      expect(call.attributes['http.response.status_code']).toBe(200);
    }
  });

  it('shows retries as attempts on the register call span', async () => {
    sim.faults.inject('krr', { status: 503 }, 1);
    const parent = traceparent();
    const answer = await query(service.base, sim.population.ids.slice(0, 3), 'kanVarsles', {
      traceparent: parent.header,
    });
    expect(answer.body.errors).toBeUndefined();
    const trace = inTrace(parent.traceId);
    await receiver.waitFor((spans) => trace(spans).some((s) => s.name === 'register.call'));
    const [call] = trace(receiver.spans).filter((span) => span.name === 'register.call');
    expect(call?.attributes['register.attempts']).toBe(2);
    expect(call?.attributes['register.retried']).toBe(true);
    expect(call?.events.map((event) => event.attributes)).toEqual([
      { 'register.attempt': 1, 'http.response.status_code': 503 },
      { 'register.attempt': 2, 'http.response.status_code': 200 },
    ]);
  });

  it('writes the operation trace id on its log line and its audit line', async () => {
    const parent = traceparent();
    await query(service.base, sim.population.ids.slice(10, 12), 'kanVarsles', {
      traceparent: parent.header,
    });
    const trace = inTrace(parent.traceId);
    await receiver.waitFor((spans) => trace(spans).some((s) => s.name === 'graphql.operation'));
    const operation = trace(receiver.spans).find((span) => span.name === 'graphql.operation');
    const linesOfTrace = (): Record<string, unknown>[] =>
      service.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line['traceId'] === parent.traceId);
    // stdout is written asynchronously: wait for both lines.
    await vi.waitFor(() => expect(linesOfTrace()).toHaveLength(2), { timeout: 10_000 });
    const lines = linesOfTrace();
    const log = lines.find((line) => line['event'] === 'operation');
    const audit = lines.find((line) => line['stream'] === 'audit');
    expect(log?.['spanId']).toBe(operation?.spanId);
    expect(audit?.['spanId']).toBe(operation?.spanId);
    expect(audit?.['event']).toBe('person_lookup');
  });

  it('records token and caller-key fetches as their own spans', async () => {
    await receiver.waitFor((spans) =>
      spans.some((s) => s.name === 'token.fetch' && s.attributes['token.request'] === 'token'),
    );
    await receiver.waitFor((spans) => spans.some((s) => s.name === 'caller.jwks.fetch'));
    const jwks = receiver.spans.find((s) => s.name === 'caller.jwks.fetch');
    expect(jwks?.attributes['http.response.status_code']).toBe(200);
  });

  it('puts no personal data, tokens or query text in any span', async () => {
    const parent = traceparent();
    const ids = sim.population.ids.slice(20, 25);
    // A GET with the variables in the query string, and a failing register call.
    sim.faults.inject('krr', { status: 500 }, 3);
    const url = new URL(`${service.base}/graphql`);
    url.searchParams.set(
      'query',
      'query Oppslag($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kanVarsles } }',
    );
    url.searchParams.set('variables', JSON.stringify({ ids }));
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        traceparent: parent.header,
        'apollo-require-preflight': 'true',
      },
    });
    expect(response.status).toBe(200);
    await query(service.base, ids, 'navn { visningsnavn } kanVarsles', {
      traceparent: traceparent().header,
    });
    const trace = inTrace(parent.traceId);
    await receiver.waitFor((spans) => trace(spans).some((s) => s.name === 'graphql.operation'));
    const server = trace(receiver.spans).find((span) => span.scope.includes('http'));
    expect(server?.attributes['url.query']).toBe('[removed]');
    const text = receiver.spans.flatMap(spanStrings).join('\n');
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain(token.slice(0, 20));
    expect(text).not.toContain('personidentifikatorer');
    expect(text).not.toMatch(/(?<!\d)\d{11}(?!\d)/);
  });
});

it('without OTEL configuration the preload starts nothing and lines carry no trace ids', async () => {
  const service = await spawnService({ env: upstreamEnv(sim) });
  services.push(service);
  const before = receiver.spans.length;
  await query(service.base, sim.population.ids.slice(0, 2), 'kanVarsles', {
    traceparent: traceparent().header,
  });
  service.process.kill('SIGTERM');
  expect(await service.exited).toEqual({ code: 0, signal: null });
  expect(service.lines.some((line) => line.includes('"event":"operation"'))).toBe(true);
  expect(service.lines.filter((line) => line.includes('traceId'))).toEqual([]);
  expect(receiver.spans.length).toBe(before);
});
