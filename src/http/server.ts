// The HTTP transport: a node:http server with GraphQL at /graphql, liveness, readiness and
// Prometheus metrics, a request body limit, and draining on shutdown.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { RequestContext } from '../graphql/context.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { inSpan, SPAN } from '../observability/tracing.ts';
import type { Explorer } from './explorer.ts';

export interface HttpServerOptions {
  readonly apollo: ApolloServer<RequestContext>;
  /** Builds the per-request context; `requestId` is the correlation id of the request. */
  readonly createContext: (request: {
    readonly requestId: string;
    readonly headers: HeaderMap;
  }) => Promise<RequestContext>;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Simulator mode only: mints development caller tokens at `POST /dev/token`. */
  readonly devTokens?: (scopes: readonly string[]) => Promise<string>;
  /**
   * Simulator mode only: mints a simulated end user's ID-porten token for `Query.meg` at
   * `POST /dev/idporten-token` (body `{"pid": "<11 digits>"}`).
   */
  readonly devIdportenTokens?: (pid: string) => Promise<string>;
  /** The local GraphQL explorer (GET /graphql from a browser, and its assets), when enabled. */
  readonly explorer?: Explorer;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly url: string;
  /** Marks the service ready (after start-up) or not ready (during shutdown). */
  setReady(ready: boolean): void;
  /** GraphQL requests being served now. */
  inFlight(): number;
  /**
   * Graceful stop: readiness turns 503 at once and new GraphQL requests are refused with 503 and
   * `Connection: close`, while requests already in flight run to completion for up to `graceMs`
   * (default: wait without limit); then every connection is closed. Resolves with the number of
   * requests abandoned when the grace period ran out (0 after a clean drain).
   */
  close(options?: { readonly graceMs?: number }): Promise<{ readonly abandoned: number }>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  send(
    res,
    status,
    'application/json; charset=utf-8',
    JSON.stringify({ errors: [{ message, extensions: { code } }] }),
  );
}

/** Simulator mode: mints a development token from what the JSON body asks for, or answers 400. */
function serveDevToken<T>(
  req: IncomingMessage,
  res: ServerResponse,
  usage: string,
  read: (body: Record<string, unknown>) => T | undefined,
  mint: (value: T) => Promise<string>,
): void {
  readBody(req, 64 * 1024)
    .then(async (text) => {
      const parsed: unknown = JSON.parse(text);
      const value =
        typeof parsed === 'object' && parsed !== null
          ? read(parsed as Record<string, unknown>)
          : undefined;
      if (value === undefined) {
        sendJsonError(res, 400, 'BAD_USER_INPUT', usage);
        return;
      }
      const token = await mint(value);
      send(
        res,
        200,
        'application/json',
        JSON.stringify({ access_token: token, token_type: 'Bearer' }),
      );
    })
    .catch(() => sendJsonError(res, 400, 'BAD_USER_INPUT', usage));
}

export async function startHttpServer(
  options: HttpServerOptions,
  listen: { readonly host: string; readonly port: number },
): Promise<RunningHttpServer> {
  let ready = false;
  let draining = false;
  let inFlight = 0;
  const idleWaiters: (() => void)[] = [];
  const requestDone = (): void => {
    inFlight--;
    options.metrics.requestsInFlight.dec();
    if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
  };

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const incomingId = headers.get('x-request-id');
    const requestId =
      incomingId !== undefined && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, options.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJsonError(
            res,
            413,
            'BAD_USER_INPUT',
            `Request body exceeds ${options.maxBodyBytes} bytes.`,
          );
          req.destroy();
          return;
        }
        throw error;
      }
      if ((headers.get('content-type') ?? '').includes('application/json')) {
        try {
          body = text.length === 0 ? undefined : JSON.parse(text);
        } catch {
          sendJsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
          return;
        }
      } else {
        body = text;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method ?? 'GET',
      headers,
      search: url.search,
      body,
    };
    // The operation's span: resolvers and register calls run inside it (a no-op without tracing).
    const response = await inSpan(SPAN.operation, {}, () =>
      options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: () => options.createContext({ requestId, headers }),
      }),
    );
    const outHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [key, value] of response.headers) outHeaders[key] = value;
    // While draining, finish this response and let the client go elsewhere for the next one.
    if (draining) outHeaders['connection'] = 'close';
    if (response.body.kind === 'complete') {
      // Sent with Content-Length rather than chunked; the UTF-8 encoding (~10% of a 1000-person
      // all-KRR operation's CPU in bench:profile) is paid once either way.
      const payload = Buffer.from(response.body.string, 'utf8');
      outHeaders['content-length'] = String(payload.length);
      res.writeHead(response.status ?? 200, outHeaders);
      res.end(payload);
      return;
    }
    res.writeHead(response.status ?? 200, outHeaders);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname;
    if (route === '/health/live') {
      send(res, 200, 'application/json', '{"status":"live"}');
      return;
    }
    if (route === '/health/ready') {
      if (ready) send(res, 200, 'application/json', '{"status":"ready"}');
      else send(res, 503, 'application/json', '{"status":"not ready"}');
      return;
    }
    if (route === '/metrics' && req.method === 'GET') {
      options.metrics.registry
        .metrics()
        .then((text) => send(res, 200, options.metrics.registry.contentType, text))
        .catch((error: unknown) => {
          options.logger.error({ err: error, event: 'metrics_failed' }, 'metrics rendering failed');
          send(res, 500, 'text/plain', 'metrics unavailable');
        });
      return;
    }
    if (route === '/dev/token' && req.method === 'POST' && options.devTokens !== undefined) {
      const scopesOf = (body: Record<string, unknown>): string[] | undefined => {
        const scopes: unknown = body['scopes'];
        return Array.isArray(scopes) && scopes.every((s) => typeof s === 'string')
          ? scopes
          : undefined;
      };
      serveDevToken(req, res, 'Send {"scopes": ["…"]}.', scopesOf, options.devTokens);
      return;
    }
    if (
      route === '/dev/idporten-token' &&
      req.method === 'POST' &&
      options.devIdportenTokens !== undefined
    ) {
      const pidOf = (body: Record<string, unknown>): string | undefined => {
        const pid = body['pid'];
        return typeof pid === 'string' && /^\d{11}$/.test(pid) ? pid : undefined;
      };
      const usage = 'Send {"pid": "<11-digit identifier of a simulated person>"}.';
      serveDevToken(req, res, usage, pidOf, options.devIdportenTokens);
      return;
    }
    // Before GraphQL: a browser's GET /graphql gets the explorer page; all else goes to Apollo.
    if (options.explorer?.handle(req, res, url) === true) return;
    if (route === '/graphql') {
      if (draining) {
        // Shutting down: refuse cleanly, so a router retries on another instance.
        res.writeHead(503, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'close',
          'retry-after': '1',
        });
        res.end(
          JSON.stringify({
            errors: [
              {
                message: 'The service is shutting down; retry on another instance.',
                extensions: { code: 'SERVICE_UNAVAILABLE' },
              },
            ],
          }),
        );
        return;
      }
      inFlight++;
      options.metrics.requestsInFlight.inc();
      res.once('close', requestDone);
      handleGraphql(req, res, url).catch((error: unknown) => {
        options.logger.error(
          { err: error, event: 'http_handler_failed' },
          'GraphQL request failed',
        );
        if (!res.headersSent)
          sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
        else res.destroy();
      });
      return;
    }
    send(res, 404, 'application/json', '{"error":"not found"}');
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}/graphql`,
    setReady(value: boolean) {
      ready = value;
    },
    inFlight: () => inFlight,
    async close(closeOptions = {}) {
      ready = false;
      draining = true;
      // Idle keep-alive connections carry nothing; close them so clients reconnect elsewhere.
      server.closeIdleConnections();
      if (inFlight > 0) {
        const graceMs = closeOptions.graceMs;
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
          if (graceMs !== undefined) timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      const abandoned = inFlight;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return { abandoned };
    },
  };
}
