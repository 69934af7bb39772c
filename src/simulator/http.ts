// Shared HTTP plumbing of the simulated registers: a loopback node:http server that reads the
// body, consults the fault queue, records the call and writes the handler's answer.
import { randomInt } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, FaultQueue } from './faults.ts';
import type { CallLog, SimUpstream } from './recorder.ts';

/** A request as the handlers see it: the body is fully read. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string without `?`; empty when there is none. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A complete answer plus what the recorder should note about the call. */
export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  readonly identifiers: number;
  readonly scopes: readonly string[];
}

/** What the recorder notes about a request whose answer a fault replaced. */
export interface CallSummary {
  readonly identifiers: number;
  readonly scopes: readonly string[];
}

export interface SimServerOptions {
  readonly host: string;
  readonly port: number;
  readonly upstream: SimUpstream;
  readonly faults: FaultQueue;
  readonly log: CallLog;
  readonly handle: (request: SimRequest) => Promise<SimResponse>;
  /** Summarises a request for the recorder when a fault replaces the handler. */
  readonly summarise: (request: SimRequest) => Promise<CallSummary>;
  /** Upper bound of a random extra latency per request, in ms (0: none). */
  readonly maxLatencyMs?: number;
  /** Fixed extra latency per request, in ms, before any random one (0: none); for benchmarks. */
  readonly latencyMs?: number;
}

export interface SimServer {
  /** `http://host:port` without a trailing slash. */
  readonly origin: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Builds a JSON answer. */
export function json(
  status: number,
  body: unknown,
  summary: CallSummary,
  headers: Readonly<Record<string, string>> = {},
): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
    body: JSON.stringify(body),
    ...summary,
  };
}

function faultResponse(fault: Fault, summary: CallSummary): SimResponse | null {
  if ('status' in fault) {
    return {
      status: fault.status,
      headers: {
        'content-type': fault.contentType ?? 'application/json',
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
      },
      body:
        fault.body ??
        JSON.stringify({
          error: 'simulated_fault',
          error_description: `Simulated ${fault.status}`,
        }),
      ...summary,
    };
  }
  switch (fault.kind) {
    case 'html':
      return {
        status: 503,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body:
          '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>' +
          '<h1>The service is temporarily unavailable</h1>' +
          `<p>Please try again later. Support ID: ${randomInt(1e9, 1e10 - 1)}</p></body></html>`,
        ...summary,
      };
    case 'non-json':
      return {
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: 'OK -- this is not JSON\n',
        ...summary,
      };
    default:
      return null;
  }
}

function write(response: ServerResponse, answer: SimResponse, body: string = answer.body): void {
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}

/**
 * Starts a simulated register on `host:port` (0: a free port). Every request is recorded once,
 * including those answered by a fault (status 0 for `reset` and `hang`).
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const simRequest: SimRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      const requestIdHeader = request.headers['x-request-id'];
      const requestId = typeof requestIdHeader === 'string' ? requestIdHeader : undefined;
      const record = (status: number, summary: CallSummary): void =>
        options.log.record({
          upstream: options.upstream,
          method: simRequest.method,
          path: simRequest.path,
          ...(simRequest.query === '' ? {} : { query: simRequest.query }),
          status,
          identifiers: summary.identifiers,
          scopes: summary.scopes,
          ...(requestId === undefined ? {} : { requestId }),
        });
      const answer = async (): Promise<void> => {
        if (tooLarge) {
          const tooLargeAnswer = json(
            413,
            { error: 'payload_too_large' },
            { identifiers: 0, scopes: [] },
          );
          record(413, tooLargeAnswer);
          write(response, tooLargeAnswer);
          return;
        }
        const fault = options.faults.take(options.upstream);
        if (fault !== null && !('kind' in fault && fault.kind === 'delay')) {
          const summary = await options.summarise(simRequest);
          if ('kind' in fault && fault.kind === 'reset') {
            record(0, summary);
            request.socket.destroy();
            return;
          }
          if ('kind' in fault && fault.kind === 'hang') {
            record(0, summary);
            return;
          }
          const replaced = faultResponse(fault, summary);
          if (replaced !== null) {
            record(replaced.status, replaced);
            write(response, replaced);
            return;
          }
          // `truncated`: the normal answer cut in the middle, with a matching content-length.
          const normal = await options.handle(simRequest);
          const truncated = { ...normal, status: 200 };
          record(200, truncated);
          write(response, truncated, normal.body.slice(0, Math.floor(normal.body.length / 2)));
          return;
        }
        if (fault !== null && 'kind' in fault && fault.kind === 'delay') await sleep(fault.ms);
        const fixedLatency = options.latencyMs ?? 0;
        if (fixedLatency > 0) await sleep(fixedLatency);
        const maxLatency = options.maxLatencyMs ?? 0;
        if (maxLatency > 0) await sleep(randomInt(0, Math.floor(maxLatency) + 1));
        if (response.destroyed) return;
        const normal = await options.handle(simRequest);
        record(normal.status, normal);
        write(response, normal);
      };
      answer().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const failure = json(
          500,
          { error: 'simulator_error', error_description: message },
          {
            identifiers: 0,
            scopes: [],
          },
        );
        record(500, failure);
        if (!response.headersSent && !response.destroyed) write(response, failure);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    origin: `http://${urlHost}:${port}`,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive sockets and hanging requests would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
