// The HTTP transport: a node:http server with GraphQL at /graphql, liveness, readiness and
// Prometheus metrics, a request body limit, and draining on shutdown.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { ClientErrorCode } from '../errors.ts';
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

/**
 * Every response of this server: GraphQL responses may carry person data (and errors name what
 * was asked for), so neither a shared cache nor a router's entity cache may keep them
 * (docs/gateways.md, "Caching").
 */
export const CACHE_CONTROL = 'no-store, private';

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'cache-control': CACHE_CONTROL,
    ...headers,
  });
  res.end(body);
}

function sendJsonError(
  res: ServerResponse,
  status: number,
  code: ClientErrorCode,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  send(res, status, JSON_TYPE, errorBody(code, message), headers);
}

/**
 * A GraphQL error answered outside Apollo, in the media type the request accepts: GraphQL over
 * HTTP's `application/graphql-response+json` when the Accept header names it, else
 * `application/json` (what routers ask for).
 */
function sendGraphqlError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: ClientErrorCode,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const accept = req.headers.accept ?? '';
  const type = accept.includes('application/graphql-response+json')
    ? GRAPHQL_RESPONSE_TYPE
    : JSON_TYPE;
  send(res, status, type, errorBody(code, message), headers);
}

/** A GraphQL-shaped error response body for errors answered outside Apollo. */
function errorBody(code: ClientErrorCode, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
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

/**
 * Counts GraphQL requests in flight and drains them on shutdown: once `draining`, new requests
 * are refused, and `idle()` resolves when the last running one has finished.
 */
class InFlightRequests {
  draining = false;
  #count = 0;
  readonly #idleWaiters: (() => void)[] = [];
  readonly #metrics: Metrics;

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  get count(): number {
    return this.#count;
  }

  /** Counts the request until its response closes. */
  track(res: ServerResponse): void {
    this.#count++;
    this.#metrics.requestsInFlight.inc();
    res.once('close', () => {
      this.#count--;
      this.#metrics.requestsInFlight.dec();
      if (this.#count === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    });
  }

  /** Resolves when no request is in flight, or after `graceMs` (without it: no limit). */
  async idle(graceMs: number | undefined): Promise<void> {
    if (this.#count === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#idleWaiters.push(resolve);
      if (graceMs !== undefined) timer = setTimeout(resolve, graceMs);
    });
    clearTimeout(timer);
  }
}

/** Starts the server on `listen`; it answers readiness 503 until `setReady(true)`. */
export async function startHttpServer(
  options: HttpServerOptions,
  listen: { readonly host: string; readonly port: number },
): Promise<RunningHttpServer> {
  let ready = false;
  const requests = new InFlightRequests(options.metrics);
  const server = createServer((req, res) => {
    route(req, res, { options, requests, ready });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const url = await listenOn(server, listen);
  return {
    server,
    url,
    setReady(value: boolean) {
      ready = value;
    },
    inFlight: () => requests.count,
    async close(closeOptions = {}) {
      ready = false;
      requests.draining = true;
      // Idle keep-alive connections carry nothing; close them so clients reconnect elsewhere.
      server.closeIdleConnections();
      await requests.idle(closeOptions.graceMs);
      const abandoned = requests.count;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return { abandoned };
    },
  };
}

/** Listens and returns the GraphQL endpoint's URL. */
async function listenOn(
  server: Server,
  listen: { readonly host: string; readonly port: number },
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/graphql`;
}

interface ServerState {
  readonly options: HttpServerOptions;
  readonly requests: InFlightRequests;
  readonly ready: boolean;
}

/** Sends each request to its handler by path (and method). */
function route(req: IncomingMessage, res: ServerResponse, state: ServerState): void {
  const { options } = state;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === '/health/live') {
    send(res, 200, 'application/json', '{"status":"live"}');
  } else if (path === '/health/ready') {
    if (state.ready) send(res, 200, 'application/json', '{"status":"ready"}');
    else send(res, 503, 'application/json', '{"status":"not ready"}');
  } else if (path === '/metrics' && req.method === 'GET') {
    serveMetrics(res, options);
  } else if (serveDevTokens(req, res, path, options)) {
    // Answered by the simulator's token minting.
  } else if (options.explorer?.handle(req, res, url) === true) {
    // Before GraphQL: a browser's GET /graphql gets the explorer page; all else goes to Apollo.
  } else if (path === '/graphql') {
    serveGraphql(req, res, url, state);
  } else {
    send(res, 404, 'application/json', '{"error":"not found"}');
  }
}

function serveMetrics(res: ServerResponse, options: HttpServerOptions): void {
  options.metrics.registry
    .metrics()
    .then((text) => send(res, 200, options.metrics.registry.contentType, text))
    .catch((error: unknown) => {
      options.logger.error({ err: error, event: 'metrics_failed' }, 'metrics rendering failed');
      send(res, 500, 'text/plain', 'metrics unavailable');
    });
}

/** Simulator mode: `POST /dev/token` and `POST /dev/idporten-token`. True when answered. */
function serveDevTokens(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  options: HttpServerOptions,
): boolean {
  if (req.method !== 'POST') return false;
  if (path === '/dev/token' && options.devTokens !== undefined) {
    const scopesOf = (body: Record<string, unknown>): string[] | undefined => {
      const scopes: unknown = body['scopes'];
      return Array.isArray(scopes) && scopes.every((s) => typeof s === 'string')
        ? scopes
        : undefined;
    };
    serveDevToken(req, res, 'Send {"scopes": ["…"]}.', scopesOf, options.devTokens);
    return true;
  }
  if (path === '/dev/idporten-token' && options.devIdportenTokens !== undefined) {
    const pidOf = (body: Record<string, unknown>): string | undefined => {
      const pid = body['pid'];
      return typeof pid === 'string' && /^\d{11}$/.test(pid) ? pid : undefined;
    };
    const usage = 'Send {"pid": "<11-digit identifier of a simulated person>"}.';
    serveDevToken(req, res, usage, pidOf, options.devIdportenTokens);
    return true;
  }
  return false;
}

/** A GraphQL request: refused while draining, otherwise tracked until its response closes. */
function serveGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  { options, requests }: ServerState,
): void {
  if (requests.draining) {
    // Shutting down: refuse cleanly, so a router retries on another instance.
    const message = 'The service is shutting down; retry on another instance.';
    sendGraphqlError(req, res, 503, 'SERVICE_UNAVAILABLE', message, {
      connection: 'close',
      'retry-after': '1',
    });
    return;
  }
  if (refusedByHttp(req, res)) return;
  requests.track(res);
  handleGraphql(req, res, url, options, requests).catch((error: unknown) => {
    options.logger.error({ err: error, event: 'http_handler_failed' }, 'GraphQL request failed');
    if (!res.headersSent)
      sendGraphqlError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
    else res.destroy();
  });
}

/**
 * GraphQL over HTTP before Apollo sees the request: a method other than GET and POST gets 405
 * with `Allow` (Apollo's CSRF prevention would otherwise answer a DELETE with 400), and a POST
 * whose body is not declared as JSON gets 415 (the only request media type served). True when
 * answered.
 */
function refusedByHttp(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    const message = 'GraphQL is served with GET and POST only.';
    sendGraphqlError(req, res, 405, 'BAD_REQUEST', message, { allow: 'GET, POST' });
    req.resume();
    return true;
  }
  if (method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      const message = 'A GraphQL POST is a JSON body sent as Content-Type: application/json.';
      sendGraphqlError(req, res, 415, 'BAD_REQUEST', message);
      req.resume();
      return true;
    }
  }
  return false;
}

/** Reads the request, has Apollo execute it and writes Apollo's response. */
async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpServerOptions,
  requests: InFlightRequests,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const incomingId = headers.get('x-request-id');
  const requestId =
    incomingId !== undefined && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
  const body = await readGraphqlBody(req, res, headers, options.maxBodyBytes);
  if (body === REFUSED) return;
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: req.method ?? 'GET',
    headers,
    search: url.search,
    body,
  };
  // The operation's share of the budget of persons in flight is held until its execution has
  // settled and its response has been written or its client has gone: the result, its JSON text
  // and its bytes live until then, and an operation whose client left still runs to its end.
  // Only the operation's record is kept here, not the context with its loaders and records.
  let operation: RequestContext['operation'] | undefined;
  let closed = false;
  let settled = false;
  const release = (): void => {
    if (closed && settled) operation?.permit?.release();
  };
  res.once('close', () => {
    closed = true;
    release();
  });
  // The operation's span: resolvers and register calls run inside it (a no-op without tracing).
  const response = await inSpan(SPAN.operation, {}, () =>
    options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const context = await options.createContext({ requestId, headers });
        operation = context.operation;
        return context;
      },
    }),
  ).finally(() => {
    settled = true;
    release();
  });
  const outHeaders: Record<string, string> = { 'x-request-id': requestId };
  for (const [key, value] of response.headers) outHeaders[key] = value;
  // Also on what Apollo answers before any plugin runs (CSRF refusal, 406, a bad request).
  outHeaders['cache-control'] = CACHE_CONTROL;
  // While draining, finish this response and let the client go elsewhere for the next one.
  if (requests.draining) outHeaders['connection'] = 'close';
  if (response.body.kind === 'complete') {
    // Sent with Content-Length rather than chunked; the UTF-8 encoding (~10% of a 1000-person
    // all-KRR operation's CPU in bench:profile) is paid once either way. Every complete body
    // here is JSON from Apollo's stringifyResult (landing page and batching are off), which
    // leaves out the trailing newline Apollo's default appends (src/http/apollo.ts): it is
    // written here as a byte, so the response is encoded straight from JSON.stringify's string.
    const payload = encodeWithNewline(response.body.string);
    outHeaders['content-length'] = String(payload.length);
    res.writeHead(response.status ?? 200, outHeaders);
    res.end(payload);
    return;
  }
  res.writeHead(response.status ?? 200, outHeaders);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** `text` + "\n" as UTF-8, without first concatenating them into a new string. */
function encodeWithNewline(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const payload = Buffer.allocUnsafe(length + 1);
  payload.write(text, 0, length, 'utf8');
  payload[length] = 0x0a;
  return payload;
}

/** Marks a request already answered with an error. */
const REFUSED = Symbol('refused');

/**
 * The body of a POST (parsed when JSON, else the text), undefined for other methods, or REFUSED
 * after answering a body that is too large (413) or not valid JSON (400).
 */
async function readGraphqlBody(
  req: IncomingMessage,
  res: ServerResponse,
  headers: HeaderMap,
  maxBodyBytes: number,
): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  let text: string;
  try {
    text = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendGraphqlError(
      req,
      res,
      413,
      'BAD_USER_INPUT',
      `Request body exceeds ${maxBodyBytes} bytes.`,
    );
    req.destroy();
    return REFUSED;
  }
  if (!(headers.get('content-type') ?? '').includes('application/json')) return text;
  try {
    return text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    sendGraphqlError(req, res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    return REFUSED;
  }
}
