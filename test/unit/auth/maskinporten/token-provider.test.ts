// Token caching per scope set, refresh ahead of expiry, single flight, failure sharing and the
// forceRefresh/rejected contract, against a scripted Maskinporten and an injected clock.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lines } from '../../../support/lines.ts';
import { MaskinportenTokenProvider } from '../../../../src/auth/maskinporten/index.ts';
import { MaskinportenError, type AccessToken } from '../../../../src/auth/tokens/index.ts';
import { createLogger, type Logger } from '../../../../src/observability/logger.ts';
import {
  CLIENT_ID,
  FakeMaskinporten,
  generateTestKeys,
  TestClock,
  tokenBody,
  WELL_KNOWN,
  type TestKeys,
} from './fake-maskinporten.ts';

let keys: TestKeys;
let fake: FakeMaskinporten;
let clock: TestClock;
let logLines: Record<string, unknown>[];
let logger: Logger;

beforeAll(async () => {
  keys = await generateTestKeys();
});

beforeEach(() => {
  fake = new FakeMaskinporten();
  clock = new TestClock();
  logLines = [];
  logger = createLogger({
    level: 'debug',
    destination: new Lines({
      onLines: (lines) => {
        for (const line of lines) logLines.push(JSON.parse(line) as Record<string, unknown>);
      },
    }),
  });
});

afterEach(async () => {
  fake.agent.assertNoPendingInterceptors();
  await fake.agent.close();
});

function provider(): MaskinportenTokenProvider {
  return new MaskinportenTokenProvider({
    clientId: CLIENT_ID,
    privateJwk: keys.privateJwk,
    wellKnownUrl: WELL_KNOWN,
    dispatcher: fake.agent,
    now: clock.now,
    logger,
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<MaskinportenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MaskinportenError);
  return error as MaskinportenError;
}

describe('MaskinportenTokenProvider caching', () => {
  it('returns the token with expiresAt from expires_in and grantedScopes from scope', async () => {
    fake.metadata();
    fake.token(200, tokenBody('tok-1', { expires_in: 599, scope: 'b a' }));
    const token = await provider().getToken(['a', 'b']);
    expect(token.token.reveal()).toBe('tok-1');
    expect(token.expiresAt).toBe(clock.nowMs + 599_000);
    expect(token.grantedScopes).toEqual(['b', 'a']);
  });

  it('assumes the requested scopes were granted when the response has no scope', async () => {
    fake.metadata();
    fake.token(200, { access_token: 'tok-1', expires_in: '120' });
    const token = await provider().getToken(['b', 'a', 'b']);
    expect(token.grantedScopes).toEqual(['a', 'b']);
    expect(token.expiresAt).toBe(clock.nowMs + 120_000);
  });

  it('caches per scope set regardless of order and duplicates, and fetches metadata once', async () => {
    fake.metadata();
    fake.token(200, tokenBody('ab'));
    fake.token(200, tokenBody('a'));
    const p = provider();
    const first = await p.getToken(['a', 'b']);
    expect(await p.getToken(['b', 'a'])).toBe(first);
    expect(await p.getToken(['b', 'a', 'a'])).toBe(first);
    expect((await p.getToken(['a'])).token.reveal()).toBe('a');
    expect((await p.getToken(['a'])).token.reveal()).toBe('a');
    expect(fake.grants).toHaveLength(2);
  });

  it('keeps the cached token until the refresh window, then refreshes in the background', async () => {
    fake.metadata();
    fake.token(200, tokenBody('old', { expires_in: 120 }));
    const p = provider();
    const old = await p.getToken(['s']);
    clock.advance(99_000); // 21 s left: outside the 20 s window
    expect(await p.getToken(['s'])).toBe(old);
    expect(fake.grants).toHaveLength(1);

    fake.token(200, tokenBody('new', { expires_in: 120 }), { delayMs: 20 });
    clock.advance(2_000); // 19 s left: inside the window
    expect(await p.getToken(['s'])).toBe(old); // no waiting while a valid token exists
    expect(await p.getToken(['s'])).toBe(old); // and no second fetch
    await vi.waitFor(async () => expect((await p.getToken(['s'])).token.reveal()).toBe('new'));
    expect(fake.grants).toHaveLength(2);
  });

  it('widens the refresh margin to 10 % of a long lifetime', async () => {
    fake.metadata();
    fake.token(200, tokenBody('old', { expires_in: 600 }));
    const p = provider();
    const old = await p.getToken(['s']);
    clock.advance(539_000); // 61 s left > 60 s (10 %)
    expect(await p.getToken(['s'])).toBe(old);
    expect(fake.grants).toHaveLength(1);
    fake.token(200, tokenBody('new', { expires_in: 600 }));
    clock.advance(2_000);
    await p.getToken(['s']);
    await vi.waitFor(async () => expect((await p.getToken(['s'])).token.reveal()).toBe('new'));
  });

  it('waits for a new token once the cached one has expired', async () => {
    fake.metadata();
    fake.token(200, tokenBody('old', { expires_in: 120 }));
    fake.token(200, tokenBody('new', { expires_in: 120 }));
    const p = provider();
    await p.getToken(['s']);
    clock.advance(120_000);
    expect((await p.getToken(['s'])).token.reveal()).toBe('new');
  });

  it('keeps using a still-valid token when the background refresh fails, logging one warning', async () => {
    fake.metadata();
    fake.token(200, tokenBody('old', { expires_in: 120 }));
    const p = provider();
    const old = await p.getToken(['s']);
    fake.token(503, 'Service Unavailable');
    clock.advance(110_000);
    expect(await p.getToken(['s'])).toBe(old);
    await vi.waitFor(() => expect(logLines).toHaveLength(1));
    fake.token(200, tokenBody('new'));
    expect(await p.getToken(['s'])).toBe(old); // the next call retries in the background
    await vi.waitFor(async () => expect((await p.getToken(['s'])).token.reveal()).toBe('new'));
    const [line] = logLines;
    expect(line).toMatchObject({
      level: 'warn',
      event: 'maskinporten_token_failed',
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
      keptValidToken: true,
    });
    expect(logLines).toHaveLength(1);
    expect(JSON.stringify(logLines)).not.toContain('old');
  });
});

describe('MaskinportenTokenProvider single flight', () => {
  it('serves 100 concurrent callers with ONE token request', async () => {
    fake.metadata();
    fake.token(200, tokenBody('shared'), { delayMs: 30 });
    const p = provider();
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) => p.getToken(i % 2 === 0 ? ['a', 'b'] : ['b', 'a'])),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]?.token.reveal()).toBe('shared');
    expect(fake.grants).toHaveLength(1);
  });

  it('rejects every waiter of a failed fetch, does not cache the failure, and retries on the next call', async () => {
    fake.metadata();
    fake.token(503, { error: 'temporarily_unavailable' }, { delayMs: 20 });
    const p = provider();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => p.getToken(['s'])));
    const reasons: unknown[] = results.map((r) =>
      r.status === 'rejected' ? (r.reason as unknown) : undefined,
    );
    expect(reasons.every((r) => r instanceof MaskinportenError)).toBe(true);
    expect(new Set(reasons).size).toBe(1);
    expect((reasons[0] as MaskinportenError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(logLines.filter((l) => l['event'] === 'maskinporten_token_failed')).toHaveLength(1);
    expect(logLines[0]).toMatchObject({ level: 'error', keptValidToken: false });

    fake.token(200, tokenBody('second'));
    expect((await p.getToken(['s'])).token.reveal()).toBe('second');
    expect(fake.grants).toHaveLength(2);
  });

  it('fetches the metadata again after a failed metadata request', async () => {
    fake.agent
      .get('https://test.maskinporten.no')
      .intercept({ path: WELL_KNOWN.pathname, method: 'GET' })
      .reply(500, 'oops');
    const p = provider();
    expect((await rejectionOf(p.getToken(['s']))).code).toBe('UPSTREAM_UNAVAILABLE');
    fake.metadata();
    fake.token(200, tokenBody('t'));
    expect((await p.getToken(['s'])).token.reveal()).toBe('t');
  });

  it('lets a caller stop waiting with its signal without aborting the shared fetch', async () => {
    fake.metadata();
    fake.token(200, tokenBody('shared'), { delayMs: 50 });
    const p = provider();
    const controller = new AbortController();
    const impatient = p.getToken(['s'], { signal: controller.signal });
    const patient = p.getToken(['s']);
    controller.abort(new Error('caller gave up'));
    await expect(impatient).rejects.toThrow('caller gave up');
    expect((await patient).token.reveal()).toBe('shared');
    expect(fake.grants).toHaveLength(1);
  });
});

describe('MaskinportenTokenProvider forceRefresh', () => {
  it('with rejected: 50 concurrent 401s for the same token cause ONE refresh; late arrivals get the new token', async () => {
    fake.metadata();
    fake.token(200, tokenBody('first'));
    const p = provider();
    const first = await p.getToken(['s']);
    fake.token(200, tokenBody('second'), { delayMs: 20 });
    const refreshed = await Promise.all(
      Array.from({ length: 50 }, () => p.getToken(['s'], { forceRefresh: true, rejected: first })),
    );
    expect(new Set(refreshed.map((t) => t.token.reveal()))).toEqual(new Set(['second']));
    const late = await p.getToken(['s'], { forceRefresh: true, rejected: first });
    expect(late.token.reveal()).toBe('second');
    expect(fake.grants).toHaveLength(2);
  });

  it('with rejected equal to the cached token (even as a copy), fetches a new one', async () => {
    fake.metadata();
    fake.token(200, tokenBody('first'));
    fake.token(200, tokenBody('second'));
    const p = provider();
    const first = await p.getToken(['s']);
    const copy: AccessToken = { ...first };
    expect((await p.getToken(['s'], { forceRefresh: true, rejected: copy })).token.reveal()).toBe(
      'second',
    );
  });

  it('without rejected, always discards the cached token', async () => {
    fake.metadata();
    fake.token(200, tokenBody('first'));
    fake.token(200, tokenBody('second'));
    const p = provider();
    await p.getToken(['s']);
    expect((await p.getToken(['s'], { forceRefresh: true })).token.reveal()).toBe('second');
  });

  it('a failed forced refresh rejects and does not fall back to the rejected token', async () => {
    fake.metadata();
    fake.token(200, tokenBody('first'));
    fake.token(400, { error: 'invalid_grant', error_description: 'MP-100 client not found' });
    const p = provider();
    const first = await p.getToken(['s']);
    const error = await rejectionOf(p.getToken(['s'], { forceRefresh: true, rejected: first }));
    expect(error.code).toBe('MASKINPORTEN_GRANT_FAILED');
  });
});

describe('secrets', () => {
  it('the token stringifies and serialises as [redacted]', async () => {
    fake.metadata();
    fake.token(200, tokenBody('very-secret-token'));
    const token = await provider().getToken(['s']);
    expect(String(token.token)).toBe('[redacted]');
    expect(`${token.token.toString()}`).toBe('[redacted]');
    expect(JSON.stringify(token)).not.toContain('very-secret-token');
    expect(JSON.stringify(token.token)).toBe('"[redacted]"');
  });
});
