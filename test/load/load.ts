// Bounded load test (`npm run test:load`, run with --expose-gc): sustained concurrent operations of
// 100–1000 persons against the register simulator on loopback (KRR and Folkeregisteret), with
// faults injected into a share of register calls. Checks that no person is lost or mixed up (every
// served person's data is the simulator's data for its own identifier; every unserved one has a
// documented error code), that
// no log or audit line carries personal data, and that the heap after GC grows by less than the
// stated bound. Prints a summary and exits non-zero on any violation.
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startService } from '../../src/service.ts';
import { startSimulator, type Fault, type SimUpstream } from '../../src/simulator/index.ts';
import {
  simulatorCallerAuth,
  simulatorEndpoints,
  simulatorUpstream,
} from '../../src/simulator/service-config.ts';
import {
  CHECKED_KRR_FIELDS,
  krrMismatches,
  type CheckedKrrPerson,
} from '../integration/resilience/person-check.ts';
import { ALL_CALLER_SCOPES } from '../integration/support/stack.ts';
import { Lines } from '../support/lines.ts';
import {
  countByCategory,
  describeFindings,
  populationMatcher,
  scanLines,
  type LeakFinding,
} from '../log-scan/scanner.ts';

const DURATION_MS = Number(process.env['LOAD_DURATION_MS'] ?? 60_000);
const CONCURRENCY = Number(process.env['LOAD_CONCURRENCY'] ?? 8);
/** Share of operations that queue one fault for the next call to a register. */
const FAULT_SHARE = 0.2;
/** Heap after GC at the end may exceed the start by at most this much. */
const HEAP_GROWTH_BOUND = 64 * 1024 * 1024;
const MIN_PERSONS = 100;
const MAX_PERSONS = 1000;
const DOCUMENTED_CODES = new Set([
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_RATE_LIMITED',
]);

const FAULTS: readonly Fault[] = [
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 504 },
  { status: 429, retryAfter: '0' },
  // Longer than UPSTREAM_MAX_RETRY_AFTER_MS: given up at once, UPSTREAM_RATE_LIMITED.
  { status: 429, retryAfter: '10' },
  { kind: 'html' },
  { kind: 'reset' },
  { kind: 'truncated' },
  { kind: 'non-json' },
  { kind: 'delay', ms: 2_500 },
];

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('Run with node --expose-gc (npm run test:load does).\n');
  process.exit(2);
}
// Stops by itself whatever happens: a hung run fails instead of blocking CI.
setTimeout(() => {
  process.stderr.write('LOAD TEST FAILED: did not finish in time\n');
  process.exit(1);
}, DURATION_MS + 60_000).unref();

const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
function memory(): { rss: number; heapUsed: number } {
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

// Every log and audit line is scanned as it is written and then dropped, so the capture itself
// does not hold memory.
const sim = await startSimulator({ populationSize: 12_000, seed: 1 });
const matcher = populationMatcher(sim.population);
const leaks: LeakFinding[] = [];
let logLines = 0;
const scanningStream = (source: string): Lines =>
  new Lines({
    onLines(lines) {
      const report = scanLines(lines, source, matcher);
      logLines += report.lines;
      if (leaks.length < 100) leaks.push(...report.findings);
    },
  });

const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  UPSTREAM_MAX_RETRIES: '1',
  UPSTREAM_RETRY_BASE_DELAY_MS: '5',
  UPSTREAM_RETRY_MAX_DELAY_MS: '50',
  UPSTREAM_HEADERS_TIMEOUT_MS: '1500',
  UPSTREAM_BODY_TIMEOUT_MS: '1500',
  OPERATION_DEADLINE_MS: '10000',
  CIRCUIT_FAILURE_THRESHOLD: '20',
  CIRCUIT_OPEN_MS: '500',
});
const service = await startService(config, {
  logger: createLogger({ level: 'info', destination: scanningStream('log') }),
  auditStream: scanningStream('audit'),
  auth: simulatorCallerAuth(simulatorEndpoints(sim)),
  upstream: simulatorUpstream(simulatorEndpoints(sim)),
});
const token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
const QUERY = `query Load($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${CHECKED_KRR_FIELDS} finnesIFolkeregisteret folkeregisteridentifikator } }`;

type LoadPerson = CheckedKrrPerson & {
  readonly finnesIFolkeregisteret: boolean | null;
  readonly folkeregisteridentifikator: string | null;
};

/** Freg fields that differ from what the simulator holds for `id`. */
function fregMismatches(id: string, person: LoadPerson): string[] {
  const found = sim.population.fregLookup(id);
  if (found === 'opphoert') return [];
  const expected = found === undefined ? null : found.id;
  const problems: string[] = [];
  if (person.finnesIFolkeregisteret !== (expected !== null))
    problems.push('finnesIFolkeregisteret');
  if (person.folkeregisteridentifikator !== expected) problems.push('folkeregisteridentifikator');
  return problems;
}

const population = sim.population.ids;
const unknown = sim.population.unknownIds(500);
/** Deterministic pseudo-random numbers, so a failing run can be repeated. */
let state = 0x9e3779b9;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x1_0000_0000;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function drawIds(): string[] {
  const count = MIN_PERSONS + Math.floor(random() * (MAX_PERSONS - MIN_PERSONS + 1));
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    // Mostly registered persons, some unknown to KRR, some repeated within the operation.
    if (r < 0.05 && ids.length > 0) ids.push(pick(ids));
    else if (r < 0.1) ids.push(pick(unknown));
    else ids.push(pick(population));
  }
  return ids;
}

type Register = 'krr' | 'freg';
interface Totals {
  operations: number;
  httpErrors: number;
  persons: number;
  /** Person × register results. */
  served: Record<Register, number>;
  lost: number;
  mixedUp: Record<Register, number>;
  faultsInjected: Record<Register, number>;
  /** `register code` → person count. */
  failedByCode: Record<string, number>;
}
const totals: Totals = {
  operations: 0,
  httpErrors: 0,
  persons: 0,
  served: { krr: 0, freg: 0 },
  lost: 0,
  mixedUp: { krr: 0, freg: 0 },
  faultsInjected: { krr: 0, freg: 0 },
  failedByCode: {},
};
const PROBE: Record<Register, keyof LoadPerson> = {
  krr: 'kontaktregisterstatus',
  freg: 'finnesIFolkeregisteret',
};

interface Body {
  data?: { personer?: (LoadPerson | null)[] } | null;
  errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function runOperation(): Promise<void> {
  const ids = drawIds();
  if (random() < FAULT_SHARE) {
    const register: Register & SimUpstream = random() < 0.5 ? 'krr' : 'freg';
    sim.faults.inject(register, pick(FAULTS), 1);
    totals.faultsInjected[register]++;
  }
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { ids } }),
  });
  const body = (await response.json()) as Body;
  totals.operations++;
  totals.persons += ids.length;
  const persons = body.data?.personer;
  if (response.status !== 200 || persons === undefined) {
    totals.httpErrors++;
    totals.lost += ids.length;
    return;
  }
  // Error code per register and failed person index, from the error at the register's probe field.
  const failedCode: Record<Register, Map<number, string>> = { krr: new Map(), freg: new Map() };
  for (const error of body.errors ?? []) {
    const [root, index, field] = error.path ?? [];
    if (root !== 'personer' || typeof index !== 'number') continue;
    const register = field === PROBE.krr ? 'krr' : field === PROBE.freg ? 'freg' : null;
    if (register === null) continue;
    const reason = error.extensions?.['reason'];
    const code = String(error.extensions?.['code']);
    failedCode[register].set(index, reason === 'CIRCUIT_OPEN' ? `${code} (circuit open)` : code);
  }
  if (persons.length !== ids.length) totals.lost += Math.abs(ids.length - persons.length);
  persons.forEach((person, i) => {
    const id = ids[i] as string;
    if (person === null || person.personidentifikator !== id) {
      totals.lost++;
      return;
    }
    for (const register of ['krr', 'freg'] as const) {
      const code = failedCode[register].get(i);
      if (person[PROBE[register]] === null) {
        if (code === undefined || !DOCUMENTED_CODES.has(code.split(' ')[0] as string))
          totals.lost++;
        else {
          const key = `${register} ${code}`;
          totals.failedByCode[key] = (totals.failedByCode[key] ?? 0) + 1;
        }
        continue;
      }
      const wrong =
        register === 'krr'
          ? krrMismatches(sim.population, person).length > 0
          : fregMismatches(id, person).length > 0;
      if (code !== undefined || wrong) totals.mixedUp[register]++;
      else totals.served[register]++;
    }
  });
}

// Warm-up (token, connections, JIT), then the baseline.
for (let i = 0; i < 3; i++) await runOperation();
const start = memory();
const startTotals = { operations: totals.operations };
const began = performance.now();
const stopAt = began + DURATION_MS;
let workerErrors = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < stopAt) {
      await runOperation().catch((error: unknown) => {
        workerErrors++;
        process.stderr.write(
          `operation failed: ${error instanceof Error ? error.message : 'unknown'}\n`,
        );
      });
    }
  }),
);
const elapsedS = (performance.now() - began) / 1000;
sim.faults.clear();
await service.close();
await sim.close();
const end = memory();

const growth = end.heapUsed - start.heapUsed;
const failedPersons = Object.values(totals.failedByCode).reduce((a, b) => a + b, 0);
const mixedUp = totals.mixedUp.krr + totals.mixedUp.freg;
const rows: [string, string][] = [
  ['duration', `${elapsedS.toFixed(1)} s, ${CONCURRENCY} concurrent clients`],
  [
    'operations',
    `${totals.operations - startTotals.operations} (+3 warm-up), ${((totals.operations - startTotals.operations) / elapsedS).toFixed(1)}/s`,
  ],
  ['persons requested', String(totals.persons)],
  ['served and verified (KRR / Freg)', `${totals.served.krr} / ${totals.served.freg}`],
  ['failed with a documented code', String(failedPersons)],
  ...Object.entries(totals.failedByCode)
    .sort()
    .map(([code, n]): [string, string] => [`  ${code}`, String(n)]),
  [
    'faults injected (KRR / Freg calls)',
    `${totals.faultsInjected.krr} / ${totals.faultsInjected.freg}`,
  ],
  ['persons lost', String(totals.lost)],
  ['mixed up (KRR / Freg)', `${totals.mixedUp.krr} / ${totals.mixedUp.freg}`],
  ['non-200 answers / client errors', `${totals.httpErrors} / ${workerErrors}`],
  ['log + audit lines scanned', `${logLines}, personal data found: ${leaks.length}`],
  ['RSS start → end', `${MiB(start.rss)} → ${MiB(end.rss)}`],
  [
    'heap after GC start → end',
    `${MiB(start.heapUsed)} → ${MiB(end.heapUsed)} (growth ${MiB(growth)}, bound ${MiB(HEAP_GROWTH_BOUND)})`,
  ],
];
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(
  `\nLoad test summary\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`,
);

const problems: string[] = [];
if (totals.operations - startTotals.operations === 0) problems.push('no operations ran');
if (totals.lost > 0) problems.push(`${totals.lost} persons lost`);
if (mixedUp > 0) problems.push(`${mixedUp} person results mixed up`);
if (totals.httpErrors > 0 || workerErrors > 0) problems.push('operations failed as a whole');
if (failedPersons === 0)
  problems.push('no injected fault reached a person (the faults did not work)');
if (leaks.length > 0)
  problems.push(
    describeFindings({ lines: logLines, findings: leaks, counts: countByCategory(leaks) }),
  );
if (growth >= HEAP_GROWTH_BOUND) problems.push(`heap grew by ${MiB(growth)}`);
if (problems.length > 0) {
  process.stderr.write(`\nLOAD TEST FAILED:\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
}
process.stdout.write('\nLoad test passed.\n');
process.exit(0);
