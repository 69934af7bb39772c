// Caller token verification against the development identity provider over real HTTP: the matrix of
// forged, broken and stale tokens, key rotation, and the scope claims.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CallerAuthError,
  createCallerVerifier,
  type CallerAuthReason,
  type CallerVerifier,
  type CallerVerifierOptions,
} from '../../../src/auth/caller/index.ts';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../../src/simulator/idp.ts';

const SCOPES = ['person:kontaktinformasjon.read', 'person:folkeregister.read'];

let idp: DevIdentityProvider;
// A second issuer whose tokens the tests shape freely (ES256, claims the dev IdP never mints).
let local: {
  server: Server;
  verifier: CallerVerifier;
  sign: (claims: Record<string, unknown>, options?: { exp: boolean }) => Promise<string>;
};

function verifierFor(
  provider: DevIdentityProvider,
  overrides: Partial<CallerVerifierOptions> = {},
): CallerVerifier {
  return createCallerVerifier({
    issuer: provider.issuer,
    audience: provider.audience,
    jwksUri: new URL(provider.jwksUri),
    ...overrides,
  });
}

async function expectRefused(
  promise: Promise<unknown>,
  reason: CallerAuthReason,
): Promise<CallerAuthError> {
  const error: unknown = await promise.then(
    () => expect.fail(`expected the token to be refused with ${reason}`),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CallerAuthError);
  const authError = error as CallerAuthError;
  expect(authError.code).toBe('UNAUTHENTICATED');
  expect(authError.details).toEqual({ reason });
  return authError;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

async function currentPublicJwk(provider: DevIdentityProvider): Promise<JWK> {
  const response = await fetch(provider.jwksUri);
  const { keys } = (await response.json()) as { keys: JWK[] };
  const key = keys.at(-1);
  if (key === undefined) throw new Error('JWKS is empty');
  return key;
}

function validClaims(provider: DevIdentityProvider): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: provider.issuer,
    aud: provider.audience,
    sub: 'dev-user',
    scope: SCOPES.join(' '),
    iat: now,
    exp: now + 600,
  };
}

beforeAll(async () => {
  idp = await startDevIdentityProvider({ port: 0 });
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const server = await serveJson({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'es', alg: 'ES256', use: 'sig' }],
  });
  const issuer = 'https://idp.example/';
  local = {
    server,
    verifier: createCallerVerifier({
      issuer,
      audience: 'person-subgraph',
      jwksUri: new URL(`http://127.0.0.1:${portOf(server)}/jwks`),
    }),
    sign: (claims, options = { exp: true }) => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'es' })
        .setIssuer(issuer)
        .setAudience('person-subgraph');
      return (options.exp ? jwt.setExpirationTime('5m') : jwt).sign(privateKey);
    },
  };
});

afterAll(async () => {
  await idp.close();
  await closeServer(local.server);
});

describe('a valid token', () => {
  it('yields the caller with subject, client id and scopes', async () => {
    const token = await idp.mint({ scopes: SCOPES });
    const caller = await verifierFor(idp).verify(`Bearer ${token}`);
    expect(caller.subject).toBe('dev-user');
    expect(caller.clientId).toBe('dev-client');
    expect([...caller.scopes].sort()).toEqual([...SCOPES].sort());
  });

  it('is accepted with the Bearer scheme in any case', async () => {
    const token = await idp.mint({ scopes: SCOPES, subject: 'someone', clientId: 'frontend' });
    const caller = await verifierFor(idp).verify(`bEaReR ${token}`);
    expect(caller.subject).toBe('someone');
    expect(caller.clientId).toBe('frontend');
  });

  it('takes scopes from an scp array', async () => {
    const token = await idp.mint({ scopes: SCOPES, useScp: true });
    const payload = decodeSegment(token.split('.')[1]);
    expect(payload['scp']).toEqual(SCOPES);
    expect(payload['scope']).toBeUndefined();
    const caller = await verifierFor(idp).verify(`Bearer ${token}`);
    expect([...caller.scopes].sort()).toEqual([...SCOPES].sort());
  });

  it('takes the union of scope and scp (array or string), and azp when client_id is absent', async () => {
    const arrayCaller = await local.verifier.verify(
      `Bearer ${await local.sign({ scope: 'a b', scp: ['b', 'c'], azp: 'app' })}`,
    );
    expect([...arrayCaller.scopes].sort()).toEqual(['a', 'b', 'c']);
    expect(arrayCaller.clientId).toBe('app');
    expect(arrayCaller.subject).toBeNull();
    const stringCaller = await local.verifier.verify(`Bearer ${await local.sign({ scp: 'x  y' })}`);
    expect([...stringCaller.scopes].sort()).toEqual(['x', 'y']);
    expect(stringCaller.clientId).toBeNull();
    expect(stringCaller.subject).toBeNull();
  });

  it('reads Entra ID app roles as scopes only when told to, and refuses a roles claim of the wrong type then', async () => {
    const token = await local.sign({ roles: ['person:kontaktinformasjon.read'], azp: 'router' });
    const plain = await local.verifier.verify(`Bearer ${token}`);
    expect([...plain.scopes]).toEqual([]);
    const withRoles = createCallerVerifier({
      issuer: 'https://idp.example/',
      audience: 'person-subgraph',
      jwksUri: new URL(`http://127.0.0.1:${portOf(local.server)}/jwks`),
      rolesAsScopes: true,
    });
    const app = await withRoles.verify(`Bearer ${token}`);
    expect([...app.scopes]).toEqual(['person:kontaktinformasjon.read']);
    expect(app.clientId).toBe('router');
    await expect(
      withRoles.verify(`Bearer ${await local.sign({ roles: { read: true } })}`),
    ).rejects.toMatchObject({ reason: 'INVALID' });
  });

  it('is accepted within the clock tolerance after exp', async () => {
    const token = await idp.mint({ scopes: SCOPES, expiresInSeconds: -2 });
    await expect(verifierFor(idp).verify(`Bearer ${token}`)).resolves.toBeDefined();
  });
});

describe('a refused token', () => {
  it('is MISSING when there is no Authorization header', async () => {
    await expectRefused(verifierFor(idp).verify(undefined), 'MISSING');
    await expectRefused(verifierFor(idp).verify(''), 'MISSING');
  });

  it.each([
    ['a token that is not a JWT', 'Bearer abc'],
    ['another scheme', 'Basic x'],
    ['a bearer scheme without token', 'Bearer '],
    ['a header that is not JSON', 'Bearer bm90LWpzb24.e30.c2ln'],
    ['four segments', 'Bearer a.b.c.d'],
  ])('is MALFORMED for %s', async (_name, header) => {
    await expectRefused(verifierFor(idp).verify(header), 'MALFORMED');
  });

  it('is INVALID for alg none (an unsigned JWT)', async () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(validClaims(idp))}.`;
    await expectRefused(verifierFor(idp).verify(`Bearer ${token}`), 'INVALID');
  });

  it('is INVALID for HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
    const jwk = await currentPublicJwk(idp);
    const publicKey = await importJWK(jwk, 'RS256', { extractable: true });
    if (publicKey instanceof Uint8Array) throw new Error('expected an RSA public key');
    const pem = await exportSPKI(publicKey);
    const secrets = [new TextEncoder().encode(pem), new TextEncoder().encode(JSON.stringify(jwk))];
    const verifier = verifierFor(idp);
    for (const secret of secrets) {
      const forged = await new SignJWT(validClaims(idp))
        .setProtectedHeader({ alg: 'HS256', kid: jwk.kid ?? '' })
        .sign(secret);
      const error = await expectRefused(verifier.verify(`Bearer ${forged}`), 'INVALID');
      expect(error.message).not.toContain(forged);
    }
  });

  it('is INVALID when the issuer differs', async () => {
    const token = await idp.mint({ scopes: SCOPES });
    const verifier = verifierFor(idp, { issuer: 'https://other-issuer.example/' });
    await expectRefused(verifier.verify(`Bearer ${token}`), 'INVALID');
  });

  it('is INVALID when the audience differs', async () => {
    const token = await idp.mint({ scopes: SCOPES });
    const verifier = verifierFor(idp, { audience: 'some-other-api' });
    await expectRefused(verifier.verify(`Bearer ${token}`), 'INVALID');
  });

  it('is EXPIRED after exp plus the clock tolerance', async () => {
    const token = await idp.mint({ scopes: SCOPES, expiresInSeconds: -60 });
    await expectRefused(verifierFor(idp).verify(`Bearer ${token}`), 'EXPIRED');
  });

  it('is NOT_YET_VALID when nbf is an hour ahead', async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 3600;
    const token = await idp.mint({ scopes: SCOPES, notBefore });
    await expectRefused(verifierFor(idp).verify(`Bearer ${token}`), 'NOT_YET_VALID');
  });

  it('is INVALID when exp is missing', async () => {
    const token = await local.sign({ scope: 'a' }, { exp: false });
    await expectRefused(local.verifier.verify(`Bearer ${token}`), 'INVALID');
  });

  it('is INVALID when a scope claim has the wrong type', async () => {
    await expectRefused(
      local.verifier.verify(`Bearer ${await local.sign({ scope: ['a'] })}`),
      'INVALID',
    );
    await expectRefused(
      local.verifier.verify(`Bearer ${await local.sign({ scp: ['a', 1] })}`),
      'INVALID',
    );
  });

  it('is INVALID when signed by a key that is not in the JWKS (unknown kid)', async () => {
    const token = await signWithForeignKey(validClaims(idp), 'unknown-kid');
    await expectRefused(verifierFor(idp).verify(`Bearer ${token}`), 'INVALID');
  });

  it("is INVALID when signed by a foreign key under the provider's kid", async () => {
    const token = await signWithForeignKey(
      validClaims(idp),
      (await currentPublicJwk(idp)).kid ?? '',
    );
    await expectRefused(verifierFor(idp).verify(`Bearer ${token}`), 'INVALID');
  });

  it('is INVALID when the payload was changed after signing', async () => {
    const token = await idp.mint({ scopes: ['person:kontaktinformasjon.read'] });
    const [header, payload, signature] = token.split('.');
    const claims = decodeSegment(payload);
    const tampered = `${header}.${b64url({ ...claims, scope: SCOPES.join(' ') })}.${signature}`;
    await expectRefused(verifierFor(idp).verify(`Bearer ${tampered}`), 'INVALID');
  });
});

describe('key rotation', () => {
  let rotating: DevIdentityProvider;

  beforeAll(async () => {
    rotating = await startDevIdentityProvider();
  });

  afterAll(async () => {
    await rotating.close();
  });

  it('accepts a key rotated in, without restarting the verifier', async () => {
    const verifier = verifierFor(rotating, { jwksCacheMaxAgeMs: 60_000, jwksCooldownMs: 0 });
    await verifier.verify(`Bearer ${await rotating.mint({ scopes: SCOPES })}`);
    await rotating.rotateKey();
    const caller = await verifier.verify(`Bearer ${await rotating.mint({ scopes: SCOPES })}`);
    expect(caller.subject).toBe('dev-user');
  });

  it('refuses a key rotated out of the JWKS once the cache max age has passed', async () => {
    const verifier = verifierFor(rotating, { jwksCacheMaxAgeMs: 200, jwksCooldownMs: 0 });
    const oldToken = await rotating.mint({ scopes: SCOPES });
    await verifier.verify(`Bearer ${oldToken}`);
    await rotating.rotateKey();
    rotating.retireOldKeys();
    await sleep(300);
    await expectRefused(verifier.verify(`Bearer ${oldToken}`), 'INVALID');
    await expect(
      verifier.verify(`Bearer ${await rotating.mint({ scopes: SCOPES })}`),
    ).resolves.toBeDefined();
  });
});

describe('the verified-token cache', () => {
  let clock = Date.now();
  const cached = (overrides: Partial<CallerVerifierOptions> = {}): CallerVerifier =>
    verifierFor(idp, { verifiedTokenCacheMs: 30_000, now: () => clock, ...overrides });

  beforeEach(() => {
    clock = Date.now();
  });

  it('answers a token seen before from the cache, until the cache time has passed', async () => {
    const verifier = cached();
    const header = `Bearer ${await idp.mint({ scopes: SCOPES })}`;
    const first = await verifier.verify(header);
    expect(await verifier.verify(header)).toBe(first);
    clock += 30_001;
    const again = await verifier.verify(header);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('never trusts a cached token past its exp', async () => {
    const verifier = cached({ clockToleranceSeconds: 0 });
    const header = `Bearer ${await idp.mint({ scopes: SCOPES, expiresInSeconds: 10 })}`;
    const first = await verifier.verify(header);
    expect(await verifier.verify(header)).toBe(first);
    clock += 11_000;
    // Past exp the cache no longer answers; jose, on the real clock, still finds it valid.
    const again = await verifier.verify(header);
    expect(again).not.toBe(first);
  });

  it('keeps only the newest tokens when full, and never caches a refused one', async () => {
    const verifier = cached({ verifiedTokenCacheSize: 2 });
    const headers = await Promise.all(
      ['a', 'b', 'c'].map(
        async (subject) => `Bearer ${await idp.mint({ scopes: SCOPES, subject })}`,
      ),
    );
    const callers = [];
    for (const header of headers) callers.push(await verifier.verify(header));
    expect(await verifier.verify(headers[2])).toBe(callers[2]);
    expect(await verifier.verify(headers[0])).not.toBe(callers[0]);
    const expired = `Bearer ${await idp.mint({ scopes: SCOPES, expiresInSeconds: -60 })}`;
    await expectRefused(verifier.verify(expired), 'EXPIRED');
    await expectRefused(verifier.verify(expired), 'EXPIRED');
  });

  it('is off by default, and never outlives the JWKS cache', async () => {
    const header = `Bearer ${await idp.mint({ scopes: SCOPES })}`;
    const plain = verifierFor(idp);
    expect(await plain.verify(header)).not.toBe(await plain.verify(header));
    const bounded = cached({ jwksCacheMaxAgeMs: 1_000 });
    const first = await bounded.verify(header);
    clock += 1_001;
    expect(await bounded.verify(header)).not.toBe(first);
  });
});

describe('an unreachable JWKS', () => {
  const servers: Server[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });

  it('is JWKS_UNAVAILABLE when nothing listens', async () => {
    const provider = await startDevIdentityProvider();
    const token = await provider.mint({ scopes: SCOPES });
    const verifier = verifierFor(provider);
    await provider.close();
    await expectRefused(verifier.verify(`Bearer ${token}`), 'JWKS_UNAVAILABLE');
  });

  it('is JWKS_UNAVAILABLE when the JWKS does not answer within the timeout', async () => {
    const silent = createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const token = await idp.mint({ scopes: SCOPES });
    const verifier = verifierFor(idp, {
      jwksUri: new URL(`http://127.0.0.1:${portOf(silent)}/jwks`),
      jwksTimeoutMs: 100,
    });
    await expectRefused(verifier.verify(`Bearer ${token}`), 'JWKS_UNAVAILABLE');
  });

  it('is JWKS_UNAVAILABLE when the JWKS answers with an error status', async () => {
    const failing = createServer((_request, response) => response.writeHead(503).end());
    servers.push(failing);
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const token = await idp.mint({ scopes: SCOPES });
    const verifier = verifierFor(idp, {
      jwksUri: new URL(`http://127.0.0.1:${portOf(failing)}/jwks`),
    });
    await expectRefused(verifier.verify(`Bearer ${token}`), 'JWKS_UNAVAILABLE');
  });
});

describe('the development identity provider', () => {
  it('publishes public keys only, with kid, alg and use, and an OpenID configuration', async () => {
    const jwks = (await (await fetch(idp.jwksUri)).json()) as { keys: JWK[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(typeof key.kid).toBe('string');
      expect(key.d).toBeUndefined();
      expect(key.p).toBeUndefined();
    }
    const config = await (await fetch(`${idp.issuer}.well-known/openid-configuration`)).json();
    expect(config).toMatchObject({ issuer: idp.issuer, jwks_uri: idp.jwksUri });
  });
});

async function signWithForeignKey(claims: Record<string, unknown>, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

async function serveJson(body: unknown): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
