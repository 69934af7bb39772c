// Graceful shutdown of the real process (the start command as a child): on SIGTERM readiness turns 503,
// new operations are refused, the operation in flight completes with its data, and the process
// exits 0; a second signal ends it at once.
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import { spawnService, upstreamEnv, type ServiceProcess } from '../../support/service-process.ts';
import { ALL_CALLER_SCOPES, startTestSimulator } from '../support/stack.ts';
import { CHECKED_KRR_FIELDS, krrMismatches, type CheckedKrrPerson } from './person-check.ts';

const QUERY = `query Drain($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${CHECKED_KRR_FIELDS} } }`;

let sim: Simulator;
let token: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 200 });
  token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
});
afterEach(() => {
  sim.faults.clear();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.close();
});

/**
 * Starts the service as production does, in upstream mode against the test's simulator, so
 * faults can be injected.
 */
async function startChild(): Promise<ServiceProcess> {
  const child = await spawnService({
    env: { ...upstreamEnv(sim), UPSTREAM_MAX_RETRIES: '0', SHUTDOWN_GRACE_MS: '30000' },
  });
  children.push(child.process);
  return child;
}

async function postQuery(base: string, ids: readonly string[]): Promise<Response> {
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { ids } }),
  });
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match === null ? Number.NaN : Number(match[1]);
}

it('reads SHUTDOWN_GRACE_MS with a default of 25 s and refuses nonsense', () => {
  expect(loadConfig({}).shutdown.graceMs).toBe(25_000);
  expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdown.graceMs).toBe(0);
  for (const bad of ['-1', 'soon', '1.5', '600001']) {
    let error: unknown;
    try {
      loadConfig({ SHUTDOWN_GRACE_MS: bad });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('SHUTDOWN_GRACE_MS');
  }
});

it('finishes the operation in flight on SIGTERM, refuses new ones, and exits 0', async () => {
  const child = await startChild();
  const ids = sim.population.ids.slice(0, 20);
  expect((await fetch(`${child.base}/health/ready`)).status).toBe(200);
  // Warm the token cache, so the slow part of the next operation is the register call.
  expect((await postQuery(child.base, ids)).status).toBe(200);

  sim.faults.inject('krr', { kind: 'delay', ms: 3000 }, 1);
  const inFlight = postQuery(child.base, ids);
  await vi.waitFor(
    async () => expect(await metric(child.base, 'graphql_requests_in_flight')).toBe(1),
    { timeout: 10_000, interval: 50 },
  );
  child.process.kill('SIGTERM');

  // Readiness turns 503 while the process drains; new operations get a clean refusal.
  await vi.waitFor(
    async () => expect((await fetch(`${child.base}/health/ready`)).status).toBe(503),
    { timeout: 10_000, interval: 50 },
  );
  const refused = await postQuery(child.base, ids);
  expect(refused.status).toBe(503);
  expect(refused.headers.get('connection')).toBe('close');
  const refusal = (await refused.json()) as { errors: { extensions: { code: string } }[] };
  expect(refusal.errors[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');

  // The operation that was in flight completes with its data.
  const response = await inFlight;
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    data: { personer: CheckedKrrPerson[] };
    errors?: unknown[];
  };
  expect(body.errors).toBeUndefined();
  expect(body.data.personer.map((p) => p.personidentifikator)).toEqual(ids);
  for (const person of body.data.personer)
    expect(krrMismatches(sim.population, person)).toEqual([]);

  expect(await child.exited).toEqual({ code: 0, signal: null });
  const events = child.lines.map((line) => (JSON.parse(line) as { event?: string }).event);
  expect(events).toContain('shutdown');
  expect(events).toContain('stopped');
  expect(events).not.toContain('shutdown_grace_expired');
});

it('exits at once, non-zero, on a second signal while draining', async () => {
  const child = await startChild();
  sim.faults.inject('krr', { kind: 'hang' }, 1);
  const inFlight = postQuery(child.base, sim.population.ids.slice(0, 5)).catch(
    (error: unknown) => error,
  );
  await vi.waitFor(
    async () => expect(await metric(child.base, 'graphql_requests_in_flight')).toBe(1),
    { timeout: 10_000, interval: 50 },
  );
  child.process.kill('SIGTERM');
  await vi.waitFor(
    async () => expect((await fetch(`${child.base}/health/ready`)).status).toBe(503),
    { timeout: 10_000, interval: 50 },
  );
  // Still draining (the register hangs, the grace period is 30 s): a second signal ends it now.
  child.process.kill('SIGTERM');
  const exit = await child.exited;
  expect(exit.code).not.toBe(0);
  expect(exit.code).not.toBeNull();
  // The abandoned client sees its connection end rather than wait forever.
  await inFlight;
});
