// Simulated API gateway in front of KRR and Folkeregisteret, as in Digdir's set-up guide (an API
// manager such as Gravitee with its own Maskinporten call-out) or an Altinn-style API that wants
// an API key next to the caller's Maskinporten token. Publishes the guide's paths:
//   POST {gateway}/test/digdir/krr/personer        → KRR POST /rest/v1/personer
//   GET  {gateway}/test/digidir/freg/personer/{id} → Freg GET …/offentlig-med-hjemmel/api/v1/personer/{id}
// (Freg's bulk lookup is deliberately not published.) Every call needs the API key in
// `X-Gravitee-Api-Key` or `ApiKey`. A caller's bearer token is checked and passed on; without
// one the gateway fetches its own token for the registered client.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { SimulatedMaskinporten } from './maskinporten.ts';

export const GATEWAY_KEY_HEADERS = ['x-gravitee-api-key', 'apikey'] as const;
const KRR_SCOPES = ['krr:global/kontaktinformasjon.read', 'krr:global/digitalpost.read'];
const FREG_SCOPE = 'folkeregister:deling/offentligmedhjemmel';

export interface GatewayOptions {
  readonly host: string;
  readonly krrUrl: string;
  readonly fregUrl: string;
  readonly maskinporten: SimulatedMaskinporten;
  readonly clientId: () => string;
}

/** What the gateway saw of one call (no tokens, no keys, no identifiers). */
export interface GatewayCall {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** How the register call was authorised: the caller's token or the gateway's own. */
  readonly token: 'caller' | 'gateway' | 'none';
}

export interface SimulatedGateway {
  readonly url: string;
  /** The API key callers must send (random per run). */
  readonly apiKey: string;
  readonly calls: readonly GatewayCall[];
  close(): Promise<void>;
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  type = 'application/json',
): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readBody(request_: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request_.on('data', (chunk: Buffer) => chunks.push(chunk));
    request_.on('end', () => resolve(Buffer.concat(chunks)));
    request_.on('error', reject);
  });
}

export async function startGateway(options: GatewayOptions): Promise<SimulatedGateway> {
  const apiKey = randomBytes(18).toString('base64url');
  const expected = Buffer.from(apiKey);
  const calls: GatewayCall[] = [];

  const keyOk = (incoming: IncomingMessage): boolean =>
    GATEWAY_KEY_HEADERS.some((name) => {
      const value = incoming.headers[name];
      if (typeof value !== 'string') return false;
      const given = Buffer.from(value);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });

  const route = (
    method: string,
    path: string,
    query: string,
  ): { url: string; scopes: string[] } | null => {
    if (method === 'POST' && path === '/test/digdir/krr/personer')
      return { url: `${options.krrUrl}/rest/v1/personer`, scopes: KRR_SCOPES };
    const freg = /^\/test\/digidir\/freg\/personer\/(\d{11})$/.exec(path);
    if (method === 'GET' && freg !== null)
      return {
        url: `${options.fregUrl}/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/${freg[1] ?? ''}${query}`,
        scopes: [FREG_SCOPE],
      };
    return null;
  };

  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    const method = incoming.method ?? 'GET';
    const body = await readBody(incoming);
    const note = (status: number, token: GatewayCall['token']): void => {
      calls.push({ method, path: url.pathname, status, token });
    };
    if (!keyOk(incoming)) {
      note(401, 'none');
      send(response, 401, JSON.stringify({ message: 'Unauthorized', http_status_code: 401 }));
      return;
    }
    const target = route(method, url.pathname, url.search);
    if (target === null) {
      note(404, 'none');
      send(response, 404, JSON.stringify({ message: 'No context-path matches the request URI.' }));
      return;
    }
    let authorization: string;
    let token: GatewayCall['token'];
    const given = incoming.headers.authorization;
    if (typeof given === 'string') {
      const bearer = /^Bearer\s+(\S+)$/i.exec(given)?.[1];
      if (bearer === undefined || (await options.maskinporten.verifyAccessToken(bearer)) === null) {
        note(401, 'caller');
        send(response, 401, JSON.stringify({ message: 'Invalid token' }));
        return;
      }
      authorization = given;
      token = 'caller';
    } else {
      const own = await options.maskinporten.mintAccessToken(options.clientId(), target.scopes);
      if (own === null) {
        note(502, 'gateway');
        send(response, 502, JSON.stringify({ message: 'Maskinporten call-out failed' }));
        return;
      }
      authorization = `Bearer ${own}`;
      token = 'gateway';
    }
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    const contentType = incoming.headers['content-type'];
    if (typeof contentType === 'string') headers['content-type'] = contentType;
    const requestId = incoming.headers['x-request-id'];
    if (typeof requestId === 'string') headers['x-request-id'] = requestId;
    const upstream = await request(target.url, {
      method: method === 'POST' ? 'POST' : 'GET',
      headers,
      ...(method === 'POST' ? { body } : {}),
    });
    const text = await upstream.body.text();
    note(upstream.statusCode, token);
    const type = upstream.headers['content-type'];
    send(response, upstream.statusCode, text, typeof type === 'string' ? type : 'application/json');
  };

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch(() => {
      if (!response.headersSent) send(response, 502, JSON.stringify({ message: 'Bad gateway' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    apiKey,
    calls,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}
