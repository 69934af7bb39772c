// Development identity provider: a loopback HTTP server that publishes a JWKS and mints RS256
// caller tokens, with key rotation, for simulator mode and tests. Keys live in memory only.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';

/** A running development identity provider. */
export interface DevIdentityProvider {
  /** Issuer (`iss`) of every token, e.g. `http://127.0.0.1:PORT/`. */
  readonly issuer: string;
  /** `${issuer}jwks`: the published public keys. */
  readonly jwksUri: string;
  /** Audience (`aud`) of every token; default `person-subgraph`. */
  readonly audience: string;
  /** Signs a caller token (RS256, current key) with the given scopes as a space-separated `scope` claim. */
  mint(options: MintOptions): Promise<string>;
  /** Adds a new signing key (published in the JWKS) and makes it current; old keys stay published. */
  rotateKey(): Promise<void>;
  /** Removes every key except the current one from the JWKS. */
  retireOldKeys(): void;
  /** Stops the HTTP server, closing open connections. */
  close(): Promise<void>;
}

/** What {@link DevIdentityProvider.mint} puts in the token. */
export interface MintOptions {
  /** Scopes; each a non-empty string without whitespace. */
  readonly scopes: readonly string[];
  /** `sub`; default `dev-user`. */
  readonly subject?: string;
  /** `client_id`; default `dev-client`. */
  readonly clientId?: string;
  /** Lifetime from now; default 3600. Zero or negative mints an already expired token (for tests). */
  readonly expiresInSeconds?: number;
  /** `nbf` as epoch seconds; omitted by default. */
  readonly notBefore?: number;
  /** Put the scopes in an `scp` array instead of the `scope` string. */
  readonly useScp?: boolean;
  /** Put the scopes in a `roles` array instead, as Entra ID's app-only tokens carry app roles. */
  readonly useRoles?: boolean;
}

/** Where the provider listens and what audience it stamps on tokens. */
export interface DevIdentityProviderOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Default `person-subgraph`. */
  readonly audience?: string;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

const ALGORITHM = 'RS256';

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const { kty, n, e } = await exportJWK(publicKey);
  if (kty !== 'RSA' || n === undefined || e === undefined) {
    throw new Error('Exported public key is not an RSA JWK');
  }
  // Thumbprint over the required members only (RFC 7638), used as a stable `kid`.
  const bare = { kty, n, e };
  const kid = await calculateJwkThumbprint(bare);
  return { kid, privateKey, publicJwk: { ...bare, kid, alg: ALGORITHM, use: 'sig' } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

function validateMintOptions(options: MintOptions): void {
  if (!Array.isArray(options.scopes)) {
    throw new TypeError('"scopes" must be an array of strings');
  }
  for (const scope of options.scopes) {
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) {
      throw new TypeError('"scopes" entries must be non-empty strings without whitespace');
    }
  }
  const lifetime = options.expiresInSeconds;
  if (lifetime !== undefined && !Number.isSafeInteger(lifetime)) {
    throw new TypeError(`"expiresInSeconds" must be an integer, received ${String(lifetime)}`);
  }
  const nbf = options.notBefore;
  if (nbf !== undefined && !Number.isSafeInteger(nbf)) {
    throw new TypeError(`"notBefore" must be an integer (epoch seconds), received ${String(nbf)}`);
  }
}

/**
 * Starts the provider on its own loopback HTTP server (`GET /jwks`,
 * `GET /.well-known/openid-configuration`). Rejects if the port cannot be bound.
 */
export async function startDevIdentityProvider(
  options: DevIdentityProviderOptions = {},
): Promise<DevIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const audience = options.audience ?? 'person-subgraph';
  let keys: SigningKey[] = [await createSigningKey()];
  let issuer = '';
  let jwksUri = '';

  const currentKey = (): SigningKey => {
    const key = keys.at(-1);
    if (key === undefined) throw new Error('The identity provider has no signing key');
    return key;
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const known = path === '/jwks' || path === '/.well-known/openid-configuration';
    if (!known) {
      sendJson(response, 404, { error: 'not_found' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: 'method_not_allowed' });
      return;
    }
    if (path === '/jwks') {
      sendJson(response, 200, { keys: keys.map((key) => key.publicJwk) });
    } else {
      sendJson(response, 200, {
        issuer,
        jwks_uri: jwksUri,
        id_token_signing_alg_values_supported: [ALGORITHM],
      });
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  issuer = `http://${urlHost}:${port}/`;
  jwksUri = `${issuer}jwks`;

  return {
    issuer,
    jwksUri,
    audience,

    async mint(mintOptions) {
      validateMintOptions(mintOptions);
      const key = currentKey();
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        client_id: mintOptions.clientId ?? 'dev-client',
        ...(mintOptions.useRoles === true
          ? { roles: [...mintOptions.scopes] }
          : mintOptions.useScp === true
            ? { scp: [...mintOptions.scopes] }
            : { scope: mintOptions.scopes.join(' ') }),
      };
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(mintOptions.subject ?? 'dev-user')
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + (mintOptions.expiresInSeconds ?? 3600));
      if (mintOptions.notBefore !== undefined) jwt.setNotBefore(mintOptions.notBefore);
      return jwt.sign(key.privateKey);
    },

    async rotateKey() {
      const key = await createSigningKey();
      keys = [...keys, key];
    },

    retireOldKeys() {
      keys = [currentKey()];
    },

    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive sockets (undici's fetch pool) would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
