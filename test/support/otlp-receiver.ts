// An in-process OTLP trace receiver on loopback for tests and benchmarks: OTLP/HTTP (protobuf
// and JSON) at POST /v1/traces and OTLP/gRPC (TraceService/Export). Requests are decoded into
// plain spans. The protobuf decoding follows opentelemetry-proto's trace.proto and common.proto
// (field numbers below); it reads only what tests look at and skips everything else.
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';

export type AttributeValue = string | number | boolean | null | AttributeValue[];

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, AttributeValue>;
  readonly events: { readonly name: string; readonly attributes: Record<string, AttributeValue> }[];
  readonly status: { readonly code: number; readonly message: string };
  readonly scope: string;
  readonly resource: Record<string, AttributeValue>;
}

// --- protobuf wire format --------------------------------------------------------------------

interface Field {
  readonly number: number;
  readonly wire: number;
  /** Varint and fixed values as bigint; length-delimited as bytes. */
  readonly value: bigint | Uint8Array;
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const fixed = (size: number): bigint => {
    let result = 0n;
    for (let i = size - 1; i >= 0; i--) result = (result << 8n) | BigInt(bytes[pos + i] ?? 0);
    pos += size;
    return result;
  };
  while (pos < bytes.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { number, wire, value: varint() };
    else if (wire === 1) yield { number, wire, value: fixed(8) };
    else if (wire === 5) yield { number, wire, value: fixed(4) };
    else if (wire === 2) {
      const length = Number(varint());
      yield { number, wire, value: bytes.subarray(pos, pos + length) };
      pos += length;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (value: bigint | Uint8Array): string =>
  value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : '';
const hex = (value: bigint | Uint8Array): string =>
  value instanceof Uint8Array ? Buffer.from(value).toString('hex') : '';
const bytesOf = (value: bigint | Uint8Array): Uint8Array =>
  value instanceof Uint8Array ? value : new Uint8Array();

function anyValue(bytes: Uint8Array): AttributeValue {
  for (const f of fields(bytes)) {
    switch (f.number) {
      case 1:
        return text(f.value);
      case 2:
        return f.value !== 0n;
      case 3:
        return Number(BigInt.asIntN(64, f.value as bigint));
      case 4: {
        const buffer = Buffer.alloc(8);
        buffer.writeBigUInt64LE(f.value as bigint);
        return buffer.readDoubleLE(0);
      }
      case 5: {
        const items: AttributeValue[] = [];
        for (const item of fields(bytesOf(f.value)))
          if (item.number === 1) items.push(anyValue(bytesOf(item.value)));
        return items;
      }
      case 7:
        return hex(f.value);
      default:
        return null;
    }
  }
  return null;
}

function keyValues(list: Uint8Array[]): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list) {
    let key = '';
    let value: AttributeValue = null;
    for (const f of fields(kv)) {
      if (f.number === 1) key = text(f.value);
      else if (f.number === 2) value = anyValue(bytesOf(f.value));
    }
    out[key] = value;
  }
  return out;
}

function decodeSpan(
  bytes: Uint8Array,
  scope: string,
  resource: Record<string, AttributeValue>,
): ReceivedSpan {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  const attributes: Uint8Array[] = [];
  const events: ReceivedSpan['events'][number][] = [];
  let status = { code: 0, message: '' };
  for (const f of fields(bytes)) {
    if (f.number === 1) traceId = hex(f.value);
    else if (f.number === 2) spanId = hex(f.value);
    else if (f.number === 4) parentSpanId = hex(f.value);
    else if (f.number === 5) name = text(f.value);
    else if (f.number === 6) kind = Number(f.value);
    else if (f.number === 9) attributes.push(bytesOf(f.value));
    else if (f.number === 11) {
      let eventName = '';
      const eventAttributes: Uint8Array[] = [];
      for (const e of fields(bytesOf(f.value))) {
        if (e.number === 2) eventName = text(e.value);
        else if (e.number === 3) eventAttributes.push(bytesOf(e.value));
      }
      events.push({ name: eventName, attributes: keyValues(eventAttributes) });
    } else if (f.number === 15) {
      let message = '';
      let code = 0;
      for (const s of fields(bytesOf(f.value))) {
        if (s.number === 2) message = text(s.value);
        else if (s.number === 3) code = Number(s.value);
      }
      status = { code, message };
    }
  }
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    attributes: keyValues(attributes),
    events,
    status,
    scope,
    resource,
  };
}

/** Decodes an ExportTraceServiceRequest (protobuf) into spans. */
export function decodeTraceRequest(bytes: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fields(bytes)) {
    if (resourceSpans.number !== 1) continue;
    let resource: Record<string, AttributeValue> = {};
    const scopeSpansList: Uint8Array[] = [];
    for (const f of fields(bytesOf(resourceSpans.value))) {
      if (f.number === 1) {
        const list: Uint8Array[] = [];
        for (const r of fields(bytesOf(f.value))) if (r.number === 1) list.push(bytesOf(r.value));
        resource = keyValues(list);
      } else if (f.number === 2) scopeSpansList.push(bytesOf(f.value));
    }
    for (const scopeSpans of scopeSpansList) {
      let scope = '';
      const spanBytes: Uint8Array[] = [];
      for (const f of fields(scopeSpans)) {
        if (f.number === 1) {
          for (const s of fields(bytesOf(f.value))) if (s.number === 1) scope = text(s.value);
        } else if (f.number === 2) spanBytes.push(bytesOf(f.value));
      }
      for (const span of spanBytes) spans.push(decodeSpan(span, scope, resource));
    }
  }
  return spans;
}

// --- the receiver ------------------------------------------------------------------------------

export interface OtlpReceiver {
  /** OTLP/HTTP base URL (the exporter appends /v1/traces). */
  readonly httpUrl: string;
  /** OTLP/gRPC endpoint. */
  readonly grpcUrl: string;
  readonly spans: ReceivedSpan[];
  /** Export requests received, by transport. */
  readonly requests: { http: number; grpc: number };
  /** Resolves once `predicate` holds for the received spans (polling), or rejects after timeoutMs. */
  waitFor(
    predicate: (spans: readonly ReceivedSpan[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  close(): Promise<void>;
}

let captureCount = 0;

/**
 * Starts both transports on 127.0.0.1. Every received span is also written as one JSON line to
 * LOG_SCAN_DIR when set, so the suite's personal-data scan (test/log-scan) covers spans too.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests = { http: 0, grpc: 0 };
  const dir = process.env['LOG_SCAN_DIR'];
  const scanFile =
    dir === undefined || dir === ''
      ? undefined
      : join(dir, `spans-${process.pid}-${++captureCount}.jsonl`);
  const accept = (received: ReceivedSpan[]): void => {
    spans.push(...received);
    if (scanFile !== undefined && received.length > 0)
      appendFileSync(scanFile, received.map((span) => `${JSON.stringify(span)}\n`).join(''));
  };

  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      requests.http++;
      if ((req.headers['content-type'] ?? '').includes('json')) {
        res.writeHead(415).end();
        return;
      }
      accept(decodeTraceRequest(body));
      // An empty ExportTraceServiceResponse.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  const grpcServer = new grpc.Server();
  const identity = (value: Buffer): Buffer => value;
  grpcServer.addService(
    {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    {
      Export: (
        call: grpc.ServerUnaryCall<Buffer, Buffer>,
        callback: grpc.sendUnaryData<Buffer>,
      ) => {
        requests.grpc++;
        accept(decodeTraceRequest(call.request));
        callback(null, Buffer.alloc(0));
      },
    },
  );
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error === null ? resolve(port) : reject(error),
    ),
  );

  return {
    httpUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    spans,
    requests,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(spans)) {
        if (Date.now() > deadline)
          throw new Error(`OTLP receiver: condition not met; ${spans.length} spans received`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
    },
  };
}
