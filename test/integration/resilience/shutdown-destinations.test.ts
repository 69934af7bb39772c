// Shutdown always ends: after SIGTERM the process (started as production starts it) exits within
// SHUTDOWN_GRACE_MS plus the stated margin (README: 3 s), whatever state its log and audit
// destinations are in: stdout and stderr closed, a stdout pipe nobody reads any more, an audit
// file on a full disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  freePort,
  NODE,
  ROOT,
  spawnService,
  startArguments,
  upstreamEnv,
} from '../../support/service-process.ts';
import { ALL_CALLER_SCOPES, startTestSimulator } from '../support/stack.ts';

const GRACE_MS = 1500;
/** README: the process exits at most this long after the grace period. */
const MARGIN_MS = 3000;

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 200 });
  token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
});
afterAll(async () => {
  await sim.close();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...upstreamEnv(sim), SHUTDOWN_GRACE_MS: String(GRACE_MS), LOG_LEVEL: 'debug', ...extra };
}

/** Operations that each write log and audit lines (a few hundred bytes per operation). */
async function load(base: string, operations: number): Promise<void> {
  const ids = sim.population.ids.slice(0, 5);
  for (let i = 0; i < operations; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, operations - i) }, () =>
        fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query:
              'query Last($ids: [ID!]!) { personer(personidentifikatorer: $ids) { kanVarsles } }',
            variables: { ids },
          }),
        }).then((response) => response.arrayBuffer()),
      ),
    );
  }
}

async function stopTimed(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = performance.now();
  child.kill('SIGTERM');
  const guard = setTimeout(() => child.kill('SIGKILL'), GRACE_MS + MARGIN_MS + 10_000);
  const exit = await exited;
  clearTimeout(guard);
  return { ...exit, ms: performance.now() - started };
}

it('exits within grace + margin with stdout and stderr closed', async () => {
  const port = await freePort();
  // `>&-` closes the descriptors before node starts, as a supervisor that closed them would.
  const child = spawn('/bin/sh', ['-c', 'exec "$@" >&- 2>&-', 'sh', NODE, ...startArguments()], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: env({ PORT: String(port) }),
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (
    !(await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await load(base, 100);
  const exit = await stopTimed(child, exited);
  expect(exit.signal).toBeNull();
  expect(exit.code).toBe(0);
  expect(exit.ms).toBeLessThan(GRACE_MS + MARGIN_MS);
});

it('exits within grace + margin when nobody reads its stdout pipe any more', async () => {
  const service = await spawnService({ env: env() });
  // The reader stops: the pipe fills (64 KiB) and then accepts nothing.
  service.process.stdout?.pause();
  service.process.stderr?.pause();
  await load(service.base, 600);
  const exit = await stopTimed(service.process, service.exited);
  expect(exit.signal).toBeNull();
  expect(exit.ms).toBeLessThan(GRACE_MS + MARGIN_MS);
});

it('exits within grace + margin with AUDIT_LOG_FILE on a full disk, and says so', async () => {
  const service = await spawnService({ env: env({ AUDIT_LOG_FILE: '/dev/full' }) });
  await load(service.base, 40);
  const exit = await stopTimed(service.process, service.exited);
  expect(exit.signal).toBeNull();
  expect(exit.ms).toBeLessThan(GRACE_MS + MARGIN_MS);
  // Audit lines that could not be written are an error, on the log and in the exit status.
  expect(exit.code).toBe(1);
  const events = service.lines.map((line) => (JSON.parse(line) as { event?: string }).event);
  expect(events).toContain('audit_write_failed');
});
