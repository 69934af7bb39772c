// Simulated platform token service in the style of NAIS's "texas" (`NAIS_TOKEN_ENDPOINT`): POST
// JSON {identity_provider: "maskinporten", target: "<scopes>", resource?, skip_cache?} answers
// {access_token, expires_in, token_type} with a token from the simulated Maskinporten for the
// registered client, and no `scope` (texas documents none). Caches per target like texas does.
import type { FaultQueue } from './faults.ts';
import { json, startSimServer, type SimRequest, type SimResponse } from './http.ts';
import type { SimulatedMaskinporten } from './maskinporten.ts';
import type { CallLog } from './recorder.ts';

export interface TokenServiceOptions {
  readonly host: string;
  readonly port: number;
  readonly maskinporten: SimulatedMaskinporten;
  readonly clientId: () => string;
  readonly lifetimeSeconds: number;
  readonly faults: FaultQueue;
  readonly log: CallLog;
}

export interface SimulatedTokenService {
  /** The endpoint to configure as NAIS_TOKEN_ENDPOINT. */
  readonly endpoint: string;
  /** How many token requests asked to bypass the cache (`skip_cache: true`) so far. */
  skipCacheRequests(): number;
  close(): Promise<void>;
}

export async function startTokenService(
  options: TokenServiceOptions,
): Promise<SimulatedTokenService> {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  let skipCacheRequests = 0;
  const handle = async (request: SimRequest): Promise<SimResponse> => {
    const none = { identifiers: 0, scopes: [] as string[] };
    if (request.path !== '/api/v1/token') return json(404, { error: 'not_found' }, none);
    if (request.method !== 'POST')
      return json(405, { error: 'invalid_request' }, none, { allow: 'POST' });
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return json(400, { error: 'invalid_request', error_description: 'body is not JSON' }, none);
    }
    const record =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const target = record['target'];
    const resource = record['resource'];
    if (
      record['identity_provider'] !== 'maskinporten' ||
      typeof target !== 'string' ||
      target.trim() === ''
    )
      return json(
        400,
        {
          error: 'invalid_request',
          error_description: 'identity_provider maskinporten and target required',
        },
        none,
      );
    if (resource !== undefined && resource !== null && typeof resource !== 'string')
      return json(
        400,
        { error: 'invalid_request', error_description: 'resource must be a string' },
        none,
      );
    const scopes = target.split(' ').filter((s) => s !== '');
    const key = `${scopes.join(' ')}|${typeof resource === 'string' ? resource : ''}`;
    const cached = cache.get(key);
    const now = Date.now();
    if (record['skip_cache'] === true) skipCacheRequests++;
    if (record['skip_cache'] !== true && cached !== undefined && cached.expiresAt > now + 1000)
      return json(
        200,
        {
          access_token: cached.token,
          expires_in: Math.floor((cached.expiresAt - now) / 1000),
          token_type: 'Bearer',
        },
        { identifiers: 0, scopes },
      );
    const token = await options.maskinporten.mintAccessToken(
      options.clientId(),
      scopes,
      typeof resource === 'string' ? { resource } : {},
    );
    if (token === null)
      return json(
        400,
        { error: 'invalid_scope', error_description: 'MP-200 Invalid scope (via token service)' },
        none,
      );
    cache.set(key, { token, expiresAt: now + options.lifetimeSeconds * 1000 });
    return json(
      200,
      { access_token: token, expires_in: options.lifetimeSeconds, token_type: 'Bearer' },
      { identifiers: 0, scopes },
    );
  };
  const server = await startSimServer({
    host: options.host,
    port: options.port,
    upstream: 'maskinporten',
    faults: options.faults,
    log: options.log,
    handle,
    summarise: async () => ({ identifiers: 0, scopes: [] }),
  });
  return {
    endpoint: `${server.origin}/api/v1/token`,
    skipCacheRequests: () => skipCacheRequests,
    close: () => server.close(),
  };
}
