// `npm run test:replicas`: rolling restarts with zero failed operations, and the blast radius of a
// killed replica. Loopback only, bounded (it stops by itself well within two minutes).
//
// Setup: the register simulator (in this process); three replicas of the service, each a child
// process started as production starts it (package.json `start`), each with its own
// AUDIT_LOG_FILE; a load balancer that follows readiness like a Kubernetes Service
// (load-balancer.ts); @apollo/gateway in front, configured as README "Running behind a router"
// says a router must be (retry queries on 503 SERVICE_UNAVAILABLE and on connections that fail
// before an answer). Clients keep 1-person and 1000-person operations running.
//
// 1. Rolling update: three times, a new replica starts and becomes ready, then the oldest gets
//    SIGTERM. Zero operations may fail, every answered operation has its audit line, and each old
//    replica exits 0 within its grace period.
// 2. SIGKILL of one replica under load, seen through a second gateway with @apollo/gateway's
//    default fetcher (no retries): only operations in flight at the kill may fail, each with a
//    network error (retryable); the retrying gateway loses none.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { spawnService, upstreamEnv, type ServiceProcess } from '../support/service-process.ts';
import { LoadBalancer } from './load-balancer.ts';

/** The fetch function a RemoteGraphQLDataSource uses for subgraph requests. */
type Fetcher = RemoteGraphQLDataSource['fetcher'];

const GRACE_MS = 10_000;
const PROBE_PERIOD_MS = 100;
const BIG = 1000;
const RUN_DEADLINE_MS = 110_000;

interface Replica {
  readonly name: string;
  readonly service: ServiceProcess;
  readonly port: number;
  readonly auditFile: string;
  exit?: { code: number | null; signal: string | null; shutdownMs: number };
}

interface OperationResult {
  readonly requestId: string;
  readonly persons: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly ok: boolean;
  readonly error?: string;
}

interface GatewayContext {
  readonly authorization?: string;
  readonly requestId?: string;
}

const watchdog = setTimeout(() => {
  process.stderr.write(`test:replicas did not finish within ${RUN_DEADLINE_MS} ms\n`);
  process.exit(2);
}, RUN_DEADLINE_MS);
watchdog.unref();

const workDir = mkdtempSync(join(tmpdir(), 'replicas-'));
let counter = 0;

async function startReplica(sim: Simulator, balancer: LoadBalancer): Promise<Replica> {
  const name = `replica-${++counter}`;
  const auditFile = join(workDir, `${name}.audit.jsonl`);
  const service = await spawnService({
    env: {
      ...upstreamEnv(sim),
      AUDIT_LOG_FILE: auditFile,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // @apollo/gateway refuses supergraphs with @requiresScopes; the subgraph enforces scopes.
      SCHEMA_AUTH_DIRECTIVES: 'false',
      UPSTREAM_MAX_RETRIES: '0',
    },
  });
  const port = Number(new URL(service.base).port);
  balancer.add(name, port);
  return { name, service, port, auditFile };
}

async function stopReplica(replica: Replica, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const started = performance.now();
  replica.service.process.kill(signal);
  const exit = await replica.service.exited;
  replica.exit = { ...exit, shutdownMs: Math.round(performance.now() - started) };
}

/** Network failures a router may retry: the subgraph never answered on that connection. */
function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return error instanceof Error ? error.message : 'unknown';
}

/**
 * A router's subgraph fetch with the retries README asks for: queries are retried (up to 3
 * times, short backoff) when the subgraph refuses with 503 (it is shutting down) or when the
 * connection fails before an answer.
 */
function retryingFetcher(stats: { refused: number; networkErrors: string[] }): Fetcher {
  return async (url, init) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(url, {
          ...(init?.method === undefined ? {} : { method: init.method }),
          ...(init?.headers === undefined ? {} : { headers: init.headers }),
          ...(init?.body === undefined ? {} : { body: init.body }),
        });
        if (response.status === 503 && attempt <= 3) {
          await response.arrayBuffer();
          stats.refused++;
          await sleep(25 * attempt);
          continue;
        }
        return response;
      } catch (error) {
        stats.networkErrors.push(networkCode(error));
        if (attempt > 3) throw error;
        await sleep(25 * attempt);
      }
    }
  };
}

async function startGateway(
  supergraphSdl: string,
  fetcher: Fetcher | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        ...(url === undefined ? {} : { url }),
        ...(fetcher === undefined ? {} : { fetcher }),
        willSendRequest({ request, context }) {
          if (context.authorization !== undefined)
            request.http?.headers.set('authorization', context.authorization);
          if (context.requestId !== undefined)
            request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => {
      const requestId = req.headers['x-request-id'];
      return {
        ...(req.headers.authorization === undefined
          ? {}
          : { authorization: req.headers.authorization }),
        ...(typeof requestId === 'string' ? { requestId } : {}),
      };
    },
  });
  return { url, close: () => server.stop() };
}

/** Client loops against a gateway until `stop` is set; each records every operation. */
function runClients(
  gatewayUrl: string,
  token: string,
  ids: readonly string[],
  loops: { readonly small: number; readonly big: number },
): { stop(): Promise<OperationResult[]> } {
  const results: OperationResult[] = [];
  let stopping = false;
  const one = async (persons: number): Promise<void> => {
    const offset = Math.floor(Math.random() * (ids.length - persons));
    const chosen = ids.slice(offset, offset + persons);
    const requestId = randomUUID();
    const startedAt = performance.now();
    try {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': requestId,
        },
        body: JSON.stringify({
          query:
            'query Rullering($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kanVarsles } }',
          variables: { ids: chosen },
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as {
        data?: { personer?: unknown[] } | null;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const ok =
        response.status === 200 &&
        body.errors === undefined &&
        body.data?.personer?.length === persons;
      const error = ok
        ? undefined
        : `HTTP ${response.status}: ${(body.errors ?? [])
            .map((e) => `${e.extensions?.code ?? ''} ${e.message}`)
            .join('; ')
            .replace(/\d{11}/g, '<id>')
            .slice(0, 300)}`;
      results.push({
        requestId,
        persons,
        startedAt,
        endedAt: performance.now(),
        ok,
        ...(error === undefined ? {} : { error }),
      });
    } catch (error) {
      results.push({
        requestId,
        persons,
        startedAt,
        endedAt: performance.now(),
        ok: false,
        error: networkCode(error),
      });
    }
  };
  const loop = async (persons: number): Promise<void> => {
    while (!stopping) await one(persons);
  };
  const running = [
    ...Array.from({ length: loops.small }, () => loop(1)),
    ...Array.from({ length: loops.big }, () => loop(BIG)),
  ];
  return {
    async stop() {
      stopping = true;
      await Promise.all(running);
      return results;
    },
  };
}

function auditRequestIds(replicas: readonly Replica[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const replica of replicas) {
    if (!existsSync(replica.auditFile)) continue;
    for (const line of readFileSync(replica.auditFile, 'utf8').split('\n')) {
      if (line === '') continue;
      const event = JSON.parse(line) as { event?: string; requestId?: string };
      if (event.event === 'person_lookup' && event.requestId !== undefined)
        seen.set(event.requestId, (seen.get(event.requestId) ?? 0) + 1);
    }
  }
  return seen;
}

async function main(): Promise<number> {
  const started = performance.now();
  const failures: string[] = [];
  const check = (condition: boolean, message: string): void => {
    if (!condition) failures.push(message);
  };

  const sim = await startSimulator({ populationSize: 3000 });
  const ids = sim.population.ids;
  const token = await sim.idp.mint({ scopes: ['person:kontaktinformasjon.read'] });
  const balancer = await LoadBalancer.start({ periodMs: PROBE_PERIOD_MS });
  const all: Replica[] = [];
  let live: Replica[] = [];
  for (let i = 0; i < 3; i++) {
    const replica = await startReplica(sim, balancer);
    all.push(replica);
    live.push(replica);
  }
  for (const replica of live) await balancer.waitFor(replica.name, true);

  const sdlResponse = await fetch(`${balancer.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const sdl = ((await sdlResponse.json()) as { data: { _service: { sdl: string } } }).data._service
    .sdl;
  const composed = composeServices([
    { name: 'person', url: `${balancer.url}/graphql`, typeDefs: parse(sdl) },
  ]);
  if (composed.errors !== undefined)
    throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  const retryStats = { refused: 0, networkErrors: [] as string[] };
  const retrying = await startGateway(composed.supergraphSdl, retryingFetcher(retryStats));
  const plain = await startGateway(composed.supergraphSdl, undefined);

  // --- 1. rolling update ------------------------------------------------------------------------
  const rollingClients = runClients(retrying.url, token, ids, { small: 6, big: 2 });
  await sleep(1500);
  const replaced: Replica[] = [];
  for (let i = 0; i < 3; i++) {
    const fresh = await startReplica(sim, balancer);
    all.push(fresh);
    await balancer.waitFor(fresh.name, true);
    const old = live[0]!;
    live = [...live.slice(1), fresh];
    await stopReplica(old, 'SIGTERM');
    balancer.remove(old.name);
    replaced.push(old);
    await sleep(500);
  }
  await sleep(1000);
  const rolling = await rollingClients.stop();
  const rollingFailed = rolling.filter((op) => !op.ok);
  const rollingRefused = retryStats.refused;
  const rollingNetwork = retryStats.networkErrors.length;

  // --- 2. SIGKILL under load ----------------------------------------------------------------------
  retryStats.refused = 0;
  retryStats.networkErrors = [];
  const killRetrying = runClients(retrying.url, token, ids, { small: 4, big: 1 });
  const killPlain = runClients(plain.url, token, ids, { small: 4, big: 1 });
  await sleep(1500);
  const victim = live[0]!;
  const killedAt = performance.now();
  await stopReplica(victim, 'SIGKILL');
  // A subgraph request can still go out on a pooled connection to the dead replica until the
  // gateway has seen that connection close; after that (and one probe period, for the balancer)
  // nothing may fail.
  const diedAt = performance.now();
  live = live.slice(1);
  await balancer.waitFor(victim.name, false);
  balancer.remove(victim.name);
  await sleep(2000);
  const afterKillRetrying = await killRetrying.stop();
  const afterKillPlain = await killPlain.stop();

  // --- the end: stop the rest and read every audit file ------------------------------------------
  for (const replica of live) await stopReplica(replica, 'SIGTERM');
  await retrying.close();
  await plain.close();
  await balancer.close();
  await sim.close();

  // Rolling phase: every answered operation audited exactly once.
  const audited = auditRequestIds(all);
  const answered = rolling.filter((op) => op.ok);
  const missing = answered.filter((op) => !audited.has(op.requestId));
  const duplicated = answered.filter((op) => (audited.get(op.requestId) ?? 0) > 1);

  const plainFailed = afterKillPlain.filter((op) => !op.ok);
  const plainFailedLate = plainFailed.filter((op) => op.startedAt > diedAt + PROBE_PERIOD_MS);
  const retryingKillFailed = afterKillRetrying.filter((op) => !op.ok);

  const line = (text: string): void => void process.stdout.write(`${text}\n`);
  line('== rolling update (3 replicas replaced one at a time under load)');
  line(
    `operations run: ${rolling.length} (${rolling.filter((op) => op.persons === 1).length} × 1 person, ${rolling.filter((op) => op.persons === BIG).length} × ${BIG} persons)`,
  );
  line(`failed: ${rollingFailed.length}`);
  for (const op of rollingFailed.slice(0, 5)) line(`  failed: ${op.persons} persons: ${op.error}`);
  line(
    `audit lines vs answered operations: ${answered.length - missing.length} of ${answered.length} answered operations audited (${missing.length} missing, ${duplicated.length} audited twice)`,
  );
  line(
    `router retries: ${rollingRefused} subgraph requests refused with 503 while draining, ${rollingNetwork} connection failures before an answer (${[...new Set(retryStats.networkErrors)].join(', ') || 'none'}); all retried`,
  );
  for (const replica of replaced)
    line(
      `${replica.name}: SIGTERM → exit code ${String(replica.exit?.code)} in ${replica.exit?.shutdownMs} ms (grace ${GRACE_MS} ms)`,
    );
  line('== SIGKILL of one replica under load');
  line(
    `retrying gateway: ${afterKillRetrying.length} operations, failed ${retryingKillFailed.length}; retried after connection failures: ${retryStats.networkErrors.length} (${[...new Set(retryStats.networkErrors)].join(', ') || 'none'})`,
  );
  line(
    `@apollo/gateway default fetcher (no retries): ${afterKillPlain.length} operations, failed ${plainFailed.length} (all in flight at the kill or sent on a connection to the killed replica before its exit was seen, ${Math.round(diedAt - killedAt)} ms after SIGKILL; later: ${plainFailedLate.length})`,
  );
  for (const op of plainFailed.slice(0, 5)) line(`  failed: ${op.persons} persons: ${op.error}`);
  line(
    `${victim.name}: SIGKILL → ${String(victim.exit?.signal)}; remaining replicas: ${live.map((r) => `${r.name} exit ${String(r.exit?.code)} in ${r.exit?.shutdownMs} ms`).join(', ')}`,
  );

  check(rolling.length > 50, `too few operations in the rolling phase (${rolling.length})`);
  check(
    rolling.some((op) => op.persons === BIG && op.ok),
    'no 1000-person operation answered',
  );
  check(
    rollingFailed.length === 0,
    `${rollingFailed.length} operations failed during the rolling update`,
  );
  check(missing.length === 0, `${missing.length} answered operations have no audit line`);
  check(duplicated.length === 0, `${duplicated.length} operations audited twice`);
  for (const replica of [...replaced, ...live]) {
    check(replica.exit?.code === 0, `${replica.name} exited with ${String(replica.exit?.code)}`);
    check(
      (replica.exit?.shutdownMs ?? Infinity) < GRACE_MS,
      `${replica.name} took ${replica.exit?.shutdownMs} ms to stop`,
    );
  }
  check(victim.exit?.signal === 'SIGKILL', 'the victim did not die of SIGKILL');
  check(
    retryingKillFailed.length === 0,
    `${retryingKillFailed.length} operations failed behind the retrying gateway`,
  );
  // Without retries, only operations in flight on the killed replica fail, each with a network
  // error.
  check(
    plainFailedLate.length === 0,
    `${plainFailedLate.length} operations started after the killed replica's exit failed`,
  );
  check(
    plainFailed.every((op) => op.endedAt >= killedAt),
    'an operation that ended before the kill failed',
  );
  check(
    plainFailed.every((op) =>
      /ECONNRESET|UND_ERR_SOCKET|socket hang up|other side closed|ECONNREFUSED|network|fetch/i.test(
        op.error ?? '',
      ),
    ),
    'a failed operation did not fail with a network error',
  );
  check(
    plainFailed.length <= 5 + 1,
    `${plainFailed.length} operations failed; at most the 5 client loops' operations can be in flight`,
  );

  line(
    `== ${failures.length === 0 ? 'PASS' : 'FAIL'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const failure of failures) line(`  ${failure}`);
  rmSync(workDir, { recursive: true, force: true });
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `test:replicas failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
