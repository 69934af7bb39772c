// How Maskinporten's answers and transport failures become MaskinportenError codes, and what
// each fetch records in metrics; the timeout case uses a real loopback server that never answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { MaskinportenTokenProvider } from '../../../../src/auth/maskinporten/index.ts';
import { MaskinportenError } from '../../../../src/auth/tokens/index.ts';
import { Metrics } from '../../../../src/observability/metrics.ts';
import {
  CLIENT_ID,
  FakeMaskinporten,
  generateTestKeys,
  ISSUER,
  TestClock,
  tokenBody,
  type TestKeys,
} from './fake-maskinporten.ts';

let keys: TestKeys;
let fake: FakeMaskinporten;
let metrics: Metrics;
let recordUpstream: Mock<Metrics['recordUpstream']>;

beforeAll(async () => {
  keys = await generateTestKeys();
});

beforeEach(() => {
  fake = new FakeMaskinporten();
  metrics = new Metrics();
  recordUpstream = vi.fn<Metrics['recordUpstream']>();
  metrics.recordUpstream = recordUpstream;
});

afterEach(async () => {
  fake.agent.assertNoPendingInterceptors();
  await fake.agent.close();
});

function provider(): MaskinportenTokenProvider {
  return new MaskinportenTokenProvider({
    clientId: CLIENT_ID,
    privateJwk: keys.privateJwk,
    issuer: new URL(ISSUER),
    dispatcher: fake.agent,
    now: new TestClock().now,
    metrics,
  });
}

async function failure(): Promise<MaskinportenError> {
  const error = await provider()
    .getToken(['krr:global/kontaktinformasjon.read'])
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(MaskinportenError);
  const mpError = error as MaskinportenError;
  expect(mpError.message).not.toContain(fake.grants[0]?.assertion ?? 'no-assertion');
  return mpError;
}

describe('token request error mapping', () => {
  it('maps 400 invalid_grant MP-110 to MASKINPORTEN_GRANT_FAILED with oauthError and mpCode', async () => {
    fake.token(400, {
      error: 'invalid_grant',
      error_description:
        'Invalid assertion. Client authentication failed. Invalid JWT claim aud. (MP-110)',
    });
    const error = await failure();
    expect(error.code).toBe('MASKINPORTEN_GRANT_FAILED');
    expect(error.status).toBe(400);
    expect(error.oauthError).toBe('invalid_grant');
    expect(error.mpCode).toBe('MP-110');
    expect(recordUpstream).toHaveBeenCalledWith('maskinporten', 400, expect.any(Number));
  });

  it('classifies a 403 invalid_scope MP-250 as a refused grant', async () => {
    fake.token(403, { error: 'invalid_scope', error_description: 'MP-250 consumer has no access' });
    const error = await failure();
    expect(error.code).toBe('MASKINPORTEN_GRANT_FAILED');
    expect(error.oauthError).toBe('invalid_scope');
    expect(error.mpCode).toBe('MP-250');
  });

  it('maps 503 to UPSTREAM_UNAVAILABLE', async () => {
    fake.token(503, { error: 'temporarily_unavailable' });
    const error = await failure();
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(recordUpstream).toHaveBeenCalledWith('maskinporten', 503, expect.any(Number));
  });

  it('handles a non-JSON error body', async () => {
    fake.token(502, '<html><body>Bad Gateway</body></html>');
    const error = await failure();
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.oauthError).toBeUndefined();
  });

  it('handles a non-JSON 400 body as a refused grant without details', async () => {
    fake.token(400, 'Bad Request');
    const error = await failure();
    expect(error.code).toBe('MASKINPORTEN_GRANT_FAILED');
    expect(error.mpCode).toBeUndefined();
  });

  it('maps 429 to UPSTREAM_UNAVAILABLE, not to a grant problem', async () => {
    fake.token(429, '');
    expect((await failure()).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it.each([
    ['a non-JSON body', 'not json'],
    ['a JSON array', '[]'],
    ['no access_token', JSON.stringify({ token_type: 'Bearer', expires_in: 120 })],
    ['no expires_in', JSON.stringify({ access_token: 't', token_type: 'Bearer' })],
    ['a zero expires_in', JSON.stringify({ access_token: 't', expires_in: 0 })],
    [
      'a non-Bearer token_type',
      JSON.stringify({ access_token: 't', token_type: 'DPoP', expires_in: 1 }),
    ],
  ])('maps a 200 with %s to UPSTREAM_CONTRACT_VIOLATION', async (_case, body) => {
    fake.token(200, body);
    const error = await failure();
    expect(error.code).toBe('UPSTREAM_CONTRACT_VIOLATION');
    expect(error.message).not.toContain('"t"');
  });

  it('maps a network error to UPSTREAM_UNAVAILABLE and records "network"', async () => {
    fake.tokenNetworkError();
    const error = await failure();
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.status).toBeUndefined();
    expect(recordUpstream).toHaveBeenCalledWith('maskinporten', 'network', expect.any(Number));
  });

  it('records the status of a successful fetch', async () => {
    fake.token(200, tokenBody('t'));
    await provider().getToken(['s']);
    expect(recordUpstream).toHaveBeenCalledExactlyOnceWith('maskinporten', 200, expect.any(Number));
  });
});

describe('token request timeout', () => {
  let server: Server;
  let agent: Agent;

  beforeEach(async () => {
    server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    agent = new Agent();
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await agent.close();
  });

  it('rejects with UPSTREAM_TIMEOUT after timeoutMs and records "timeout"', async () => {
    const { port } = server.address() as AddressInfo;
    const p = new MaskinportenTokenProvider({
      clientId: CLIENT_ID,
      privateJwk: keys.privateJwk,
      issuer: new URL(`http://127.0.0.1:${port}/`),
      dispatcher: agent,
      timeoutMs: 100,
      metrics,
    });
    const started = performance.now();
    const error = await p.getToken(['s']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MaskinportenError);
    expect((error as MaskinportenError).code).toBe('UPSTREAM_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(recordUpstream).toHaveBeenCalledWith('maskinporten', 'timeout', expect.any(Number));
  });
});
