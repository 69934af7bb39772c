// Injected faults replace (or delay) the simulated registers' answers, one request at a time.
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { KONTAKT, accessToken, lookup, requestToken, signGrant } from './support.ts';

let sim: Simulator;
let token: string;
let body: { personidentifikatorer: string[] };

beforeAll(async () => {
  sim = await startSimulator({ populationSize: 200 });
  token = await accessToken(sim, [KONTAKT]);
  body = { personidentifikatorer: sim.population.ids.slice(0, 20) };
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.faults.clear();
  sim.recorder.reset();
});

describe('faults', () => {
  it('answers the injected status with Retry-After once, then normally again', async () => {
    sim.faults.inject('krr', { status: 429, retryAfter: '3' });
    const faulted = await lookup(sim, token, body);
    expect(faulted.status).toBe(429);
    expect(faulted.headers.get('retry-after')).toBe('3');
    expect((await lookup(sim, token, body)).status).toBe(200);
    expect(sim.recorder.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(sim.recorder.calls[0]).toMatchObject({ identifiers: 20, scopes: [KONTAKT] });
  });

  it('consumes faults in order and honours times', async () => {
    sim.faults.inject('krr', { status: 500 }, 2);
    sim.faults.inject('krr', { status: 503, body: 'down', contentType: 'text/plain' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup(sim, token, body)).status);
    expect(statuses).toEqual([500, 500, 503, 200]);
  });

  it('keeps faults per upstream: a KRR fault does not touch Maskinporten', async () => {
    sim.faults.inject('krr', { status: 500 });
    expect((await requestToken(sim, await signGrant(sim, { scope: KONTAKT }))).status).toBe(200);
    expect((await lookup(sim, token, body)).status).toBe(500);
  });

  it('fails Maskinporten token requests with an injected 503', async () => {
    sim.faults.inject('maskinporten', { status: 503 });
    expect((await requestToken(sim, await signGrant(sim))).status).toBe(503);
    expect(sim.recorder.count('maskinporten', { path: '/token', status: 503 })).toBe(1);
  });

  it('serves an HTML error page with a support id', async () => {
    sim.faults.inject('krr', { kind: 'html' });
    const answer = await lookup(sim, token, body);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toMatch(/Support ID: \d+/);
  });

  it('serves a 200 that is not JSON, and a 200 JSON body cut in the middle', async () => {
    sim.faults.inject('krr', { kind: 'non-json' });
    sim.faults.inject('krr', { kind: 'truncated' });
    const nonJson = await lookup(sim, token, body);
    expect(nonJson.status).toBe(200);
    expect(nonJson.body).toBeUndefined();
    const truncated = await lookup(sim, token, body);
    expect(truncated.status).toBe(200);
    expect(truncated.text.startsWith('{"personer":[')).toBe(true);
    expect(truncated.body).toBeUndefined();
  });

  it('resets the connection', async () => {
    sim.faults.inject('krr', { kind: 'reset' });
    await expect(lookup(sim, token, body)).rejects.toThrow();
    expect(sim.recorder.calls[0]).toMatchObject({ upstream: 'krr', status: 0 });
    expect((await lookup(sim, token, body)).status).toBe(200);
  });

  it('delays the normal answer', async () => {
    sim.faults.inject('krr', { kind: 'delay', ms: 300 });
    const started = performance.now();
    const answer = await lookup(sim, token, body);
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hangs until the client gives up, and close() still terminates', async () => {
    const own = await startSimulator({ populationSize: 10 });
    own.faults.inject('krr', { kind: 'hang' }, Infinity);
    const pending = request(`${own.krrUrl}/rest/v2/personer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      headersTimeout: 200,
    });
    await expect(pending).rejects.toThrow(/timeout/i);
    const second = request(`${own.krrUrl}/rest/v2/personer`, { method: 'POST', body: '{}' });
    const closing = own.close();
    await expect(second).rejects.toThrow();
    await closing;
  });
});

describe('artificial latency', () => {
  it('adds up to krrMaxLatencyMs to KRR calls', async () => {
    const slow = await startSimulator({ populationSize: 10, krrMaxLatencyMs: 50 });
    try {
      const slowToken = await accessToken(slow, [KONTAKT]);
      const answer = await lookup(slow, slowToken, {
        personidentifikatorer: slow.population.ids.slice(0, 1),
      });
      expect(answer.status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
