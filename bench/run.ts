// `npm run bench` (node bench/run.ts): the subgraph in production mode against the register
// simulator, measured side by side with the registers called directly (BENCHMARKS.md lists the
// scenarios).
// Results go to bench/results/latest.json and into BENCHMARKS.md between the bench markers.
// `npm run bench:short` (--short, < 1 min): only the call counts as pass/fail (exit code) and a
// few ratios, printed without judging them. `--profile`: the subgraph under --cpu-prof for the
// all-KRR-fields 1000-person operation, with a summary of where its CPU time goes.
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { format, resolveConfig } from 'prettier';
import type { Agent } from 'undici';
import { subgraphEnv } from './child.ts';
import {
  closedLoop,
  percentile,
  show,
  startChild,
  summarise,
  type ChildServer,
  type Sample,
  type Summary,
} from './measure.ts';
import { NAIVE_UPSTREAM_CONNECTIONS } from './naive.ts';
import {
  ALL_CALLER_SCOPES,
  entitiesQuery,
  FREG_FIELDS,
  graphqlAnswerBytes,
  graphqlBodies,
  graphqlOperation,
  KRR_FIELDS,
  KRR_FIELDS_BUT_DIGITAL_POST,
  personerQuery,
  personQuery,
  postGraphql,
  rawOperation,
  registerAnswerBytes,
} from './operations.ts';
import { summariseProfile } from './profile.ts';
import { memoryBenchmark, memoryGoalsMet, writeMemoryResults } from './memory.ts';
import { tracingBenchmark, writeTracingResults } from './tracing.ts';
import {
  createBenchAgent,
  FREG_BULK_PATH,
  FREG_SCOPE,
  fetchMaskinportenToken,
  KRR_PATH,
  KRR_SCOPES,
  type SimEndpoints,
} from './upstream.ts';

const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    /** With --profile: the 1-person operation at concurrency 1 instead of 1000 persons at 4. */
    'profile-one': { type: 'boolean', default: false },
    /** With --profile: all KRR + Freg fields. */
    'profile-freg': { type: 'boolean', default: false },
    runs: { type: 'string' },

    /**
     * A checkout of another commit (its own bench/child.ts and src/, sharing this node_modules):
     * section (h) measures it side by side with this tree.
     */
    baseline: { type: 'string' },
    /** Extra node flags for this tree's subgraph child (space-separated), e.g. GC settings. */
    'subgraph-flags': { type: 'string' },
    /** Only these sections, comma-separated (a–j); results then go to bench/results/partial.json. */
    only: { type: 'string' },
    'sample-ms': { type: 'string' },
  },
});
const SHORT = args.short === true;
const ONLY = args.only === undefined ? null : new Set(args.only.split(',').map((x) => x.trim()));
/** Extra node flags for this tree's subgraph children (--subgraph-flags). */
const SUBGRAPH_FLAGS = args['subgraph-flags']?.split(' ').filter((f) => f !== '') ?? [];
const want = (section: string): boolean => ONLY === null || ONLY.has(section);
const PROFILE = args.profile === true;
/** Runs per figure (each figure is the median of these, with min and max). */
const RUNS = Number(args.runs ?? (SHORT ? 3 : 5));
/** Length of one measured sample, ms. */
const SAMPLE_MS = Number(args['sample-ms'] ?? (SHORT ? 700 : 1500));
const KRR_LATENCY_MS = 50;
const FREG_LATENCY_MS = 100;
const RESULTS = new URL('./results/', import.meta.url);
const BENCHMARKS_MD = new URL('../BENCHMARKS.md', import.meta.url);
const COMMAND = SHORT ? 'npm run bench:short' : PROFILE ? 'npm run bench:profile' : 'npm run bench';

// A hung run fails instead of blocking CI or an unattended rerun.
setTimeout(
  () => {
    console.error('BENCH FAILED: did not finish in time');
    process.exit(1);
  },
  (SHORT ? 3 : 15) * 60_000,
).unref();

const started = Date.now();
const log = (line: string): void => console.log(line);

/** The register simulator, running in a child process of its own (bench/child.ts). */
interface Sim {
  readonly child: ChildServer;
  readonly ep: SimEndpoints;
  readonly ids: readonly string[];
  /** A caller token from the simulator's identity provider. */
  mint(scopes: readonly string[]): Promise<string>;
  /** Clears the simulator's call recorder. */
  reset(): Promise<void>;
  /** Recorded calls to `upstream` on `path` since the last reset. */
  count(upstream: 'krr' | 'freg', path: string): Promise<number>;
  /** The query string of the first recorded call to `upstream`. */
  firstQuery(upstream: 'krr' | 'freg'): Promise<string | null>;
}

async function startSim(latency: { krr: number; freg: number }): Promise<Sim> {
  const child = await startChild({
    kind: 'simulator',
    latency: { krrMs: latency.krr, fregMs: latency.freg },
  });
  const ready = child.sim;
  if (ready === undefined) throw new Error('the simulator child reported no endpoints');
  const text = async (value: Promise<string | number | null>): Promise<string> => {
    const v = await value;
    if (typeof v !== 'string') throw new Error('expected a string from the simulator child');
    return v;
  };
  return {
    child,
    ep: ready.endpoints,
    ids: ready.ids,
    mint: (scopes) => text(child.ask({ kind: 'sim-mint', scopes })),
    reset: async () => void (await child.ask({ kind: 'sim-reset' })),
    count: async (upstream, path) => Number(await child.ask({ kind: 'sim-count', upstream, path })),
    firstQuery: async (upstream) => {
      const v = await child.ask({ kind: 'sim-query', upstream });
      return typeof v === 'string' ? v : null;
    },
  };
}

/** `count` batches of `size` distinct identifiers from the population, cycling through it. */
function batchesOf(ids: readonly string[], size: number, count: number): string[][] {
  const batches: string[][] = [];
  for (let b = 0; b < count; b++) {
    const start = (b * size) % Math.max(1, ids.length - size);
    batches.push(ids.slice(start, start + size));
  }
  return batches;
}

const pps = (sample: Sample, persons: number): number =>
  (sample.operations * persons * 1000) / sample.elapsedMs;

interface Stack {
  readonly sim: Sim;
  readonly ep: SimEndpoints;
  readonly subgraph: ChildServer;
  readonly agent: Agent;
  readonly callerToken: string;
  readonly krrToken: string;
  readonly fregToken: string;
  /** The `part` query Folkeregisteret gets for the all-fields operation. */
  fregQuery: string;
}

async function startStack(
  latency: { krr: number; freg: number },
  execArgv: readonly string[] = [],
): Promise<Stack> {
  const sim = await startSim(latency);
  const ep = sim.ep;
  const subgraph = await startChild(
    { kind: 'subgraph', sim: ep, env: subgraphEnv() },
    { execArgv: [...execArgv, ...SUBGRAPH_FLAGS] },
  );
  const agent = createBenchAgent();
  return {
    sim,
    ep,
    subgraph,
    agent,
    callerToken: await sim.mint(ALL_CALLER_SCOPES),
    krrToken: await fetchMaskinportenToken(ep, KRR_SCOPES, agent),
    fregToken: await fetchMaskinportenToken(ep, [FREG_SCOPE], agent),
    fregQuery: '',
  };
}

async function stopStack(stack: Stack): Promise<void> {
  await stack.subgraph.stop();
  await stack.agent.close();
  await stack.sim.child.stop();
}

/** Runs `operation` a few times, so the JIT and connection pools are warm before measuring. */
async function warm(operation: () => Promise<void>, times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await operation();
}

/** Reads the `part` query string the subgraph sent to Folkeregisteret for all Freg fields. */
async function learnFregQuery(stack: Stack): Promise<void> {
  await stack.sim.reset();
  const ids = stack.sim.ids.slice(0, 10);
  await postGraphql(
    stack.subgraph.url,
    graphqlBodies(personerQuery(`${KRR_FIELDS} ${FREG_FIELDS}`), [ids])[0] ?? '',
    stack.callerToken,
    stack.agent,
  );
  const query = await stack.sim.firstQuery('freg');
  if (query === null) throw new Error('the subgraph made no Folkeregisteret call');
  stack.fregQuery = query;
}

// ---------------------------------------------------------------------------------------------
// (a) upstream calls per operation

interface CallCountRow {
  readonly path: 'personer' | '_entities';
  readonly persons: number;
  readonly registers: string;
  readonly expected: { readonly krr: number; readonly freg: number };
  readonly actual: { readonly krr: number; readonly freg: number };
  readonly pass: boolean;
}

async function callCounts(stack: Stack): Promise<CallCountRow[]> {
  const rows: CallCountRow[] = [];
  const selections = [
    { registers: 'KRR', fields: KRR_FIELDS, krr: true, freg: false },
    { registers: 'Freg', fields: `personidentifikator ${FREG_FIELDS}`, krr: false, freg: true },
    { registers: 'KRR+Freg', fields: `${KRR_FIELDS} ${FREG_FIELDS}`, krr: true, freg: true },
  ];
  for (const persons of [1, 1000, 1001, 10_000]) {
    const ids = stack.sim.ids.slice(0, persons);
    for (const path of ['personer', '_entities'] as const) {
      for (const selection of selections) {
        const query =
          path === 'personer' ? personerQuery(selection.fields) : entitiesQuery(selection.fields);
        const body = graphqlBodies(query, [ids])[0] ?? '';
        await stack.sim.reset();
        const result = await postGraphql(stack.subgraph.url, body, stack.callerToken, stack.agent);
        const list = result.data?.[path];
        const calls = {
          krr: await stack.sim.count('krr', KRR_PATH),
          freg: await stack.sim.count('freg', FREG_BULK_PATH),
        };
        const limit = Math.ceil(persons / 1000);
        const expected = { krr: selection.krr ? limit : 0, freg: selection.freg ? limit : 0 };
        const pass =
          calls.krr === expected.krr &&
          calls.freg === expected.freg &&
          Array.isArray(list) &&
          list.length === persons &&
          result.errors === undefined;
        rows.push({ path, persons, registers: selection.registers, expected, actual: calls, pass });
        log(
          `  ${pass ? 'PASS' : 'FAIL'} ${path} N=${persons} ${selection.registers}: KRR ${calls.krr}/${expected.krr}, Freg ${calls.freg}/${expected.freg}` +
            (result.errors === undefined ? '' : ` errors: ${result.errors[0]?.message ?? ''}`),
        );
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// (b) persons per second, subgraph vs raw

interface PairFigure {
  readonly raw: Summary;
  readonly subgraph: Summary;
  readonly ratio: Summary;
}

/**
 * Alternates raw and subgraph samples (the order flips each run, so drift in machine load hits
 * both) and summarises a metric of each plus the per-run ratio subgraph/raw.
 */
async function sideBySide(
  raw: () => Promise<Sample>,
  subgraph: () => Promise<Sample>,
  metric: (sample: Sample) => number,
  runs = RUNS,
): Promise<PairFigure & { readonly pairs: readonly { raw: Sample; sub: Sample }[] }> {
  const pairs: { raw: Sample; sub: Sample }[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      const a = await raw();
      pairs.push({ raw: a, sub: await subgraph() });
    } else {
      const b = await subgraph();
      pairs.push({ raw: await raw(), sub: b });
    }
  }
  return { ...pairFigure(pairs, metric), pairs };
}

/** The figure without its samples (for the results file). */
function figureOf(result: PairFigure): PairFigure {
  return { raw: result.raw, subgraph: result.subgraph, ratio: result.ratio };
}

function pairFigure(
  pairs: readonly { raw: Sample; sub: Sample }[],
  metric: (sample: Sample) => number,
): PairFigure {
  return {
    raw: summarise(pairs.map((p) => metric(p.raw))),
    subgraph: summarise(pairs.map((p) => metric(p.sub))),
    ratio: summarise(pairs.map((p) => metric(p.sub) / metric(p.raw))),
  };
}

/** The field sets measured: KRR only, Folkeregisteret only, both. */
type FieldSet = 'krr' | 'freg' | 'both';

const FIELD_SETS: Record<FieldSet, { readonly name: string; readonly fields: string }> = {
  krr: { name: 'all KRR fields', fields: KRR_FIELDS },
  freg: { name: 'all Freg fields', fields: `personidentifikator ${FREG_FIELDS}` },
  both: { name: 'all KRR + Freg fields', fields: `${KRR_FIELDS} ${FREG_FIELDS}` },
};

interface ThroughputRow extends PairFigure {
  readonly name: string;
  readonly fieldSet: FieldSet;
  readonly latency: string;
  readonly concurrency: number;
  /** CPU time the subgraph process used per 1000-person operation, ms. */
  readonly subgraphCpuMsPerOperation: Summary;
  /**
   * The encode/decode floor per operation, ms of CPU, measured in the benchmark process after
   * each subgraph sample: UTF-8 decode + JSON.parse of the same register answers, then
   * JSON.stringify + UTF-8 encode of the same response (zero latency only).
   */
  readonly floorMsPerOperation?: Summary;
  /** Subgraph CPU per operation / floor, per run. */
  readonly cpuOverFloor?: Summary;
}

/** Keeps the floor's results alive so the work cannot be optimised away. */
let floorSink = 0;

/**
 * CPU time (ms) per operation of the work any subgraph pays for the same bytes: decode and
 * parse each register answer, stringify and encode the response. Averaged over `iterations`
 * operations cycling through the batches.
 */
function floorMs(
  answers: readonly (readonly Buffer[])[],
  responses: readonly Buffer[],
  iterations = 20,
): number {
  const objects = responses.map((bytes) => JSON.parse(bytes.toString('utf8')) as unknown);
  const t0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const b = i % objects.length;
    for (const answer of answers[b] ?? []) {
      const parsed = JSON.parse(answer.toString('utf8')) as object;
      floorSink += Object.keys(parsed).length;
    }
    floorSink += Buffer.from(JSON.stringify(objects[b]), 'utf8').length;
  }
  const used = process.cpuUsage(t0);
  if (floorSink < 0) throw new Error('unreachable');
  return (used.user + used.system) / 1000 / iterations;
}

/** Register answers and subgraph responses of the first `count` batches, as bytes. */
async function floorInputs(
  stack: Stack,
  set: FieldSet,
  batches: readonly (readonly string[])[],
  bodies: readonly string[],
  count = 3,
): Promise<{ answers: Buffer[][]; responses: Buffer[] }> {
  const answers: Buffer[][] = [];
  const responses: Buffer[] = [];
  for (let b = 0; b < Math.min(count, batches.length); b++) {
    answers.push(
      await registerAnswerBytes(
        stack.ep,
        batches[b] ?? [],
        rawTokens(stack, set),
        stack.agent,
        set === 'krr' ? undefined : stack.fregQuery,
      ),
    );
    responses.push(
      await graphqlAnswerBytes(stack.subgraph.url, bodies[b] ?? '', stack.callerToken, stack.agent),
    );
  }
  return { answers, responses };
}

function rawTokens(stack: Stack, set: FieldSet): { krr?: string; freg?: string } {
  return {
    ...(set === 'freg' ? {} : { krr: stack.krrToken }),
    ...(set === 'krr' ? {} : { freg: stack.fregToken }),
  };
}

/** Wraps a sample so the CPU time `child` used during it is recorded per operation. */
function withCpu(
  child: ChildServer,
  sample: () => Promise<Sample>,
  perOperation: number[],
): () => Promise<Sample> {
  return async () => {
    const before = await child.cpu();
    const result = await sample();
    perOperation.push(((await child.cpu()) - before) / result.operations);
    return result;
  };
}

async function throughput(
  stack: Stack,
  set: FieldSet,
  latency: string,
  sampleMs = SAMPLE_MS,
): Promise<ThroughputRow> {
  const persons = 1000;
  const { name, fields } = FIELD_SETS[set];
  const batches = batchesOf(stack.sim.ids, persons, 10);
  const bodies = graphqlBodies(personerQuery(fields), batches);
  const sub = graphqlOperation(stack.subgraph.url, bodies, stack.callerToken, stack.agent, {
    field: 'personer',
    length: persons,
  });
  const raw = rawOperation(
    stack.ep,
    batches,
    rawTokens(stack, set),
    stack.agent,
    set === 'krr' ? undefined : stack.fregQuery,
  );
  await warm(sub);
  await warm(raw);
  const withFloor = latency === 'zero' && !PROFILE;
  const inputs = withFloor ? await floorInputs(stack, set, batches, bodies) : null;
  const loop = (op: () => Promise<void>) => () =>
    closedLoop(op, { concurrency: 4, durationMs: sampleMs, minOperations: 8 });
  const cpuPerOperation: number[] = [];
  const floors: number[] = [];
  const measured = withCpu(stack.subgraph, loop(sub), cpuPerOperation);
  const measuredSub = async (): Promise<Sample> => {
    const sample = await measured();
    if (inputs !== null) floors.push(floorMs(inputs.answers, inputs.responses));
    return sample;
  };
  const result = await sideBySide(loop(raw), measuredSub, (sample) => pps(sample, persons));
  const figure = {
    ...figureOf(result),
    subgraphCpuMsPerOperation: summarise(cpuPerOperation),
    ...(inputs === null
      ? {}
      : {
          floorMsPerOperation: summarise(floors),
          cpuOverFloor: summarise(cpuPerOperation.map((cpu, i) => cpu / (floors[i] ?? NaN))),
        }),
  };
  log(
    `  ${name} (${latency}, c=4): raw ${show(figure.raw, 0)} persons/s, subgraph ${show(figure.subgraph, 0)} persons/s, ratio ${show(figure.ratio)}; subgraph CPU ${show(figure.subgraphCpuMsPerOperation, 1)} ms per operation` +
      (figure.floorMsPerOperation === undefined || figure.cpuOverFloor === undefined
        ? ''
        : `, floor ${show(figure.floorMsPerOperation, 1)} ms, CPU/floor ${show(figure.cpuOverFloor)}`),
  );
  return { name, fieldSet: set, latency, concurrency: 4, ...figure };
}

// ---------------------------------------------------------------------------------------------
// (h) side by side with another checkout (--baseline=DIR)

interface BaselineRow {
  readonly measure: string;
  /** `raw` = the baseline checkout, `subgraph` = this tree, ratio = this tree / baseline. */
  readonly figure: PairFigure;
  /** Whether both answered the first batch with the same bytes. */
  readonly identicalResponse?: boolean;
}

interface BaselineFigure {
  readonly baseline: string;
  readonly rows: readonly BaselineRow[];
}

/**
 * Both subgraphs start fresh here and get the same warm-up, so neither has had more operations
 * to optimise on (the stack's own subgraph has run every other section by now).
 */
async function baselineComparison(stack: Stack, dir: string): Promise<BaselineFigure> {
  const baseline = await startChild(
    { kind: 'subgraph', sim: stack.ep, env: subgraphEnv() },
    { childPath: join(dir, 'bench', 'child.ts') },
  );
  // --subgraph-flags apply to this tree's side only: a runtime setting measured against none.
  const current = await startChild(
    { kind: 'subgraph', sim: stack.ep, env: subgraphEnv() },
    { execArgv: SUBGRAPH_FLAGS },
  );
  try {
    return await compareWith({ ...stack, subgraph: current }, baseline, dir);
  } finally {
    await baseline.stop();
    await current.stop();
  }
}

async function compareWith(
  stack: Stack,
  baseline: ChildServer,
  dir: string,
): Promise<BaselineFigure> {
  const rows: BaselineRow[] = [];
  const pair = (
    url: string,
    bodies: readonly string[],
    expected: { field: string; length: number | 'single' },
  ) => graphqlOperation(url, bodies, stack.callerToken, stack.agent, expected);
  // The three field sets through `personer`, and all KRR fields through `_entities` (the
  // router's path, where every entity is loaded on its own).
  const cases = [
    ...(['krr', 'freg', 'both'] as const).map((set) => ({ set, path: 'personer' as const })),
    { set: 'krr' as const, path: '_entities' as const },
  ];
  for (const { set, path } of cases) {
    const batches = batchesOf(stack.sim.ids, 1000, 10);
    const query =
      path === 'personer'
        ? personerQuery(FIELD_SETS[set].fields)
        : entitiesQuery(FIELD_SETS[set].fields);
    const bodies = graphqlBodies(query, batches);
    const expected = { field: path, length: 1000 } as const;
    const old = pair(baseline.url, bodies, expected);
    const current = pair(stack.subgraph.url, bodies, expected);
    await warm(old, 20);
    await warm(current, 20);
    const answers = await Promise.all(
      [baseline.url, stack.subgraph.url].map((url) =>
        graphqlAnswerBytes(url, bodies[0] ?? '', stack.callerToken, stack.agent),
      ),
    );
    const identical = answers[0] !== undefined && answers[1]?.equals(answers[0]) === true;
    const loop = (op: () => Promise<void>) => () =>
      closedLoop(op, { concurrency: 4, durationMs: SAMPLE_MS, minOperations: 8 });
    const cpuOld: number[] = [];
    const cpuNew: number[] = [];
    await sideBySide(
      withCpu(baseline, loop(old), cpuOld),
      withCpu(stack.subgraph, loop(current), cpuNew),
      (sample) => sample.operations,
    );
    const figure: PairFigure = {
      raw: summarise(cpuOld),
      subgraph: summarise(cpuNew),
      ratio: summarise(cpuNew.map((cpu, i) => cpu / (cpuOld[i] ?? NaN))),
    };
    const name = `${FIELD_SETS[set].name}${path === '_entities' ? ' through _entities' : ''}`;
    rows.push({
      measure: `CPU ms per 1000-person operation, ${name}, c=4`,
      figure,
      identicalResponse: identical,
    });
    log(
      `  ${name}: CPU ms per operation baseline ${show(figure.raw, 1)}, this tree ${show(figure.subgraph, 1)} (×${show(figure.ratio)}); response bytes ${identical ? 'identical' : 'DIFFER'}`,
    );
  }
  const batches = batchesOf(stack.sim.ids, 1, 10);
  const bodies = graphqlBodies(personQuery(KRR_FIELDS), batches);
  const expected = { field: 'person', length: 'single' } as const;
  const old = pair(baseline.url, bodies, expected);
  const current = pair(stack.subgraph.url, bodies, expected);
  await warm(old, 200);
  await warm(current, 200);
  const loop = (op: () => Promise<void>) => () =>
    closedLoop(op, { concurrency: 1, durationMs: SAMPLE_MS, minOperations: 20 });
  const p50 = figureOf(
    await sideBySide(loop(old), loop(current), (sample) => percentile(sample.latenciesMs, 50)),
  );
  rows.push({ measure: 'p50 ms, 1 person, all KRR fields, c=1', figure: p50 });
  log(
    `  1 person c=1 p50: baseline ${show(p50.raw)} ms, this tree ${show(p50.subgraph)} ms (×${show(p50.ratio)})`,
  );
  return { baseline: dir, rows };
}

// ---------------------------------------------------------------------------------------------
// (c) latency percentiles

interface LatencyRow {
  readonly persons: number;
  readonly concurrency: number;
  readonly p50: PairFigure;
  readonly p99: PairFigure;
  /** Subgraph p50 minus raw p50, ms. */
  readonly p50OverheadMs: Summary;
}

async function latencies(
  stack: Stack,
  persons: number,
  concurrency: number,
  sampleMs = SAMPLE_MS,
): Promise<LatencyRow> {
  const batches = batchesOf(stack.sim.ids, persons, 10);
  const sub =
    persons === 1
      ? graphqlOperation(
          stack.subgraph.url,
          graphqlBodies(personQuery(KRR_FIELDS), batches),
          stack.callerToken,
          stack.agent,
          { field: 'person', length: 'single' },
        )
      : graphqlOperation(
          stack.subgraph.url,
          graphqlBodies(personerQuery(KRR_FIELDS), batches),
          stack.callerToken,
          stack.agent,
          { field: 'personer', length: persons },
        );
  const raw = rawOperation(stack.ep, batches, { krr: stack.krrToken }, stack.agent);
  await warm(sub, persons === 1 ? 50 : 5);
  await warm(raw, persons === 1 ? 50 : 5);
  const minOperations = Math.max(20, concurrency * 4);
  const loop = (op: () => Promise<void>) => () =>
    closedLoop(op, { concurrency, durationMs: sampleMs, minOperations });
  const { pairs, ...figure } = await sideBySide(loop(raw), loop(sub), (sample) =>
    percentile(sample.latenciesMs, 50),
  );
  const p99 = pairFigure(pairs, (sample) => percentile(sample.latenciesMs, 99));
  const overhead = pairs.map(
    (p) => percentile(p.sub.latenciesMs, 50) - percentile(p.raw.latenciesMs, 50),
  );
  const row = { persons, concurrency, p50: figure, p99, p50OverheadMs: summarise(overhead) };
  log(
    `  ${persons} person(s), c=${concurrency}: p50 raw ${show(figure.raw)} ms, subgraph ${show(figure.subgraph)} ms (×${show(figure.ratio)}, +${show(row.p50OverheadMs)} ms); p99 raw ${show(p99.raw)} ms, subgraph ${show(p99.subgraph)} ms (×${show(p99.ratio)})`,
  );
  return row;
}

// ---------------------------------------------------------------------------------------------
// (d) naive baseline, (e) gateway, (f) memory, (g) denied fields

interface NaiveFigure {
  readonly persons: number;
  readonly upstreamLatencyMs: number;
  readonly naiveMs: Summary;
  readonly subgraphMs: Summary;
  /** naive / subgraph latency. */
  readonly ratio: Summary;
  readonly naiveCallsPerOperation: number;
  readonly subgraphCallsPerOperation: number;
}

async function naiveBaseline(stack: Stack, persons: number): Promise<NaiveFigure> {
  const naive = await startChild({ kind: 'naive', sim: stack.ep });
  try {
    const batches = batchesOf(stack.sim.ids, persons, 4);
    const expected = { field: 'personer', length: persons } as const;
    const naiveOp = graphqlOperation(
      naive.url,
      graphqlBodies(personerQuery(KRR_FIELDS), batches),
      stack.callerToken,
      stack.agent,
      expected,
    );
    const subOp = graphqlOperation(
      stack.subgraph.url,
      graphqlBodies(personerQuery(KRR_FIELDS), batches),
      stack.callerToken,
      stack.agent,
      expected,
    );
    await warm(naiveOp, 2);
    await warm(subOp, 2);
    const count = async (op: () => Promise<void>): Promise<number> => {
      await stack.sim.reset();
      await op();
      return stack.sim.count('krr', KRR_PATH);
    };
    const naiveCalls = await count(naiveOp);
    const subCalls = await count(subOp);
    const runs = Math.max(3, Math.min(RUNS, persons > 100 ? 3 : RUNS));
    const loop = (op: () => Promise<void>) => () =>
      closedLoop(op, { concurrency: 1, durationMs: 0, minOperations: persons > 100 ? 2 : 10 });
    const figure = await sideBySide(
      loop(naiveOp),
      loop(subOp),
      (sample) => percentile(sample.latenciesMs, 50),
      runs,
    );
    const result: NaiveFigure = {
      persons,
      upstreamLatencyMs: KRR_LATENCY_MS,
      naiveMs: figure.raw,
      subgraphMs: figure.subgraph,
      ratio: summarise([1 / figure.ratio.median, 1 / figure.ratio.max, 1 / figure.ratio.min]),
      naiveCallsPerOperation: naiveCalls,
      subgraphCallsPerOperation: subCalls,
    };
    log(
      `  ${persons} person(s) at ${KRR_LATENCY_MS} ms per KRR call: naive ${show(figure.raw, 0)} ms (${naiveCalls} calls), subgraph ${show(figure.subgraph, 0)} ms (${subCalls} call); naive/subgraph ×${result.ratio.median.toFixed(1)}`,
    );
    return result;
  } finally {
    await naive.stop();
  }
}

interface GatewayFigure {
  /** Persons per second, 1000-person all-KRR operations at c=4: subgraph alone vs through the gateway. */
  readonly throughput: PairFigure;
  /** p50 ms of a 1-person operation at c=1. */
  readonly onePersonP50: PairFigure;
  /** p50 ms of a 1000-person operation at c=1. */
  readonly thousandPersonsP50: PairFigure;
}

async function gatewayOverhead(stack: Stack): Promise<GatewayFigure> {
  // @apollo/gateway refuses supergraphs with @authenticated / @requiresScopes: the subgraph
  // serves its SDL without them (SCHEMA_AUTH_DIRECTIVES=false) and still enforces every scope.
  const subgraph = await startChild({
    kind: 'subgraph',
    sim: stack.ep,
    env: subgraphEnv({ SCHEMA_AUTH_DIRECTIVES: 'false' }),
  });
  let gateway: ChildServer | null = null;
  try {
    const sdlAnswer = await postGraphql(
      subgraph.url,
      JSON.stringify({ query: '{ _service { sdl } }' }),
      stack.callerToken,
      stack.agent,
    );
    const sdl = (sdlAnswer.data?.['_service'] as { sdl?: string } | undefined)?.sdl;
    if (sdl === undefined) throw new Error('no _service.sdl');
    const composed = composeServices([{ name: 'person', url: subgraph.url, typeDefs: parse(sdl) }]);
    if (composed.errors !== undefined)
      throw new Error(composed.errors.map((e) => e.message).join('\n'));
    gateway = await startChild({ kind: 'gateway', supergraphSdl: composed.supergraphSdl });
    const make = (url: string, persons: number, concurrency: number) => {
      const batches = batchesOf(stack.sim.ids, persons, 10);
      const op = graphqlOperation(
        url,
        graphqlBodies(persons === 1 ? personQuery(KRR_FIELDS) : personerQuery(KRR_FIELDS), batches),
        stack.callerToken,
        stack.agent,
        persons === 1
          ? { field: 'person', length: 'single' }
          : { field: 'personer', length: persons },
      );
      return {
        op,
        loop: () =>
          closedLoop(op, { concurrency, durationMs: SAMPLE_MS, minOperations: concurrency * 4 }),
      };
    };
    const figures: PairFigure[] = [];
    for (const [persons, concurrency, metric] of [
      [1000, 4, 'pps'],
      [1, 1, 'p50'],
      [1000, 1, 'p50'],
    ] as const) {
      const alone = make(subgraph.url, persons, concurrency);
      const through = make(gateway.url, persons, concurrency);
      await warm(alone.op, persons === 1 ? 50 : 5);
      await warm(through.op, persons === 1 ? 50 : 5);
      figures.push(
        figureOf(
          await sideBySide(alone.loop, through.loop, (sample) =>
            metric === 'pps' ? pps(sample, persons) : percentile(sample.latenciesMs, 50),
          ),
        ),
      );
    }
    const [tp, one, thousand] = figures as [PairFigure, PairFigure, PairFigure];
    log(
      `  1000 persons c=4: subgraph ${show(tp.raw, 0)} persons/s, gateway+subgraph ${show(tp.subgraph, 0)} persons/s (×${show(tp.ratio)})`,
    );
    log(
      `  1 person c=1 p50: subgraph ${show(one.raw)} ms, gateway+subgraph ${show(one.subgraph)} ms (×${show(one.ratio)})`,
    );
    log(
      `  1000 persons c=1 p50: subgraph ${show(thousand.raw)} ms, gateway+subgraph ${show(thousand.subgraph)} ms (×${show(thousand.ratio)})`,
    );
    return { throughput: tp, onePersonP50: one, thousandPersonsP50: thousand };
  } finally {
    await gateway?.stop();
    await subgraph.stop();
  }
}

interface MemoryFigure {
  readonly persons: number;
  readonly method: string;
  /** RSS after start and one 1000-person warm-up operation, MiB. */
  readonly rssBeforeMiB: Summary;
  /** Peak RSS of the process (getrusage maxrss) after the 10 000-person operation, MiB. */
  readonly peakRssMiB: Summary;
  readonly operationMs: Summary;
}

async function peakMemory(stack: Stack): Promise<MemoryFigure> {
  const before: number[] = [];
  const peak: number[] = [];
  const durations: number[] = [];
  const MiB = 1024 * 1024;
  const ids = stack.sim.ids.slice(0, 10_000);
  const fields = `${KRR_FIELDS} ${FREG_FIELDS}`;
  const body = graphqlBodies(personerQuery(fields), [ids])[0] ?? '';
  const warmBody = graphqlBodies(personerQuery(fields), [ids.slice(0, 1000)])[0] ?? '';
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const child = await startChild({ kind: 'subgraph', sim: stack.ep, env: subgraphEnv() });
    try {
      await postGraphql(child.url, warmBody, stack.callerToken, stack.agent);
      before.push((await child.memory()).rss / MiB);
      const t0 = performance.now();
      const result = await postGraphql(child.url, body, stack.callerToken, stack.agent);
      durations.push(performance.now() - t0);
      const list = result.data?.['personer'];
      if (!Array.isArray(list) || list.length !== 10_000 || result.errors !== undefined)
        throw new Error('10 000-person operation failed');
      peak.push((await child.memory()).maxRss / MiB);
    } finally {
      await child.stop();
    }
  }
  const figure: MemoryFigure = {
    persons: 10_000,
    method:
      'fresh child process per run; peak = getrusage maxRSS of the subgraph process after the operation',
    rssBeforeMiB: summarise(before),
    peakRssMiB: summarise(peak),
    operationMs: summarise(durations),
  };
  log(
    `  10 000 persons, all KRR + Freg fields: RSS before ${show(figure.rssBeforeMiB, 0)} MiB, peak ${show(figure.peakRssMiB, 0)} MiB, operation ${show(figure.operationMs, 0)} ms`,
  );
  return figure;
}

interface DeniedFigure {
  readonly persons: number;
  /** p50 ms with every scope vs a caller without person:digitalpost.read (sertifikat denied). */
  readonly p50: PairFigure;
  readonly forbiddenErrors: number;
}

async function deniedCost(stack: Stack): Promise<DeniedFigure> {
  const persons = 5000;
  const batches = batchesOf(stack.sim.ids, persons, 2);
  const bodies = graphqlBodies(personerQuery(KRR_FIELDS_BUT_DIGITAL_POST), batches);
  const limited = await stack.sim.mint(
    ALL_CALLER_SCOPES.filter((s) => s !== 'person:digitalpost.read'),
  );
  const probe = await postGraphql(stack.subgraph.url, bodies[0] ?? '', limited, stack.agent);
  const forbidden = (probe.errors ?? []).filter((e) => e.extensions?.['code'] === 'FORBIDDEN');
  if ((probe.errors ?? []).length !== forbidden.length || forbidden.length !== 1)
    throw new Error(`expected exactly one FORBIDDEN error, got ${probe.errors?.length ?? 0}`);
  const expected = { field: 'personer', length: persons } as const;
  const none = graphqlOperation(
    stack.subgraph.url,
    bodies,
    stack.callerToken,
    stack.agent,
    expected,
  );
  const denied = graphqlOperation(stack.subgraph.url, bodies, limited, stack.agent, expected, true);
  await warm(none, 3);
  await warm(denied, 3);
  const loop = (op: () => Promise<void>) => () =>
    closedLoop(op, { concurrency: 1, durationMs: SAMPLE_MS, minOperations: 5 });
  const figure = figureOf(
    await sideBySide(loop(none), loop(denied), (sample) => percentile(sample.latenciesMs, 50)),
  );
  log(
    `  5000 persons, KRR fields: p50 none denied ${show(figure.raw)} ms, sertifikat denied ${show(figure.subgraph)} ms (×${show(figure.ratio)}; ${forbidden.length} FORBIDDEN error per operation)`,
  );
  return { persons, p50: figure, forbiddenErrors: forbidden.length };
}

// ---------------------------------------------------------------------------------------------
// Report

function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    loadAverageAtStart: loadavg().map((v) => Number(v.toFixed(2))),
  };
}

const fmt = (s: Summary, digits = 2): string => show(s, digits);

interface Results {
  readonly command: string;
  readonly startedAt: string;
  machine: Record<string, unknown>;
  readonly settings: Record<string, unknown>;
  callCounts?: CallCountRow[];
  throughput?: ThroughputRow[];
  latency?: LatencyRow[];
  naive?: NaiveFigure[];
  gateway?: GatewayFigure;
  memory?: MemoryFigure;
  denied?: DeniedFigure;
  baseline?: BaselineFigure;
  durationSeconds?: number;
}

function markdown(results: Results): string {
  const m = results.machine;
  const lines: string[] = [];
  lines.push(
    `Produced by \`${results.command}\` on ${results.startedAt}: ${String(m['cores'])} cores (${String(m['cpuModel'])}), Node ${String(m['node'])}, ${String(m['platform'])}, load average at start ${JSON.stringify(m['loadAverageAtStart'])}, at end ${JSON.stringify(m['loadAverageAtEnd'])}; ${String(results.settings['runs'])} runs per figure of ${String(results.settings['sampleMs'])} ms each, shown as median (min–max); took ${String(results.durationSeconds)} s.`,
    '',
  );
  if (results.callCounts !== undefined) {
    const failed = results.callCounts.filter((r) => !r.pass).length;
    lines.push(
      `**(a) Upstream calls per operation** — ${failed === 0 ? 'all PASS' : `${failed} FAIL`}: each cell is KRR calls / Freg calls for the selected registers (expected ⌈N/1000⌉ each, 0 for unselected).`,
      '',
      '| path | registers | N=1 | N=1000 | N=1001 | N=10 000 |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const path of ['personer', '_entities'] as const) {
      for (const registers of ['KRR', 'Freg', 'KRR+Freg']) {
        const cells = [1, 1000, 1001, 10_000].map((n) => {
          const row = results.callCounts?.find(
            (r) => r.path === path && r.registers === registers && r.persons === n,
          );
          return row === undefined
            ? '–'
            : `${row.actual.krr} / ${row.actual.freg} ${row.pass ? '✓' : '✗ FAIL'}`;
        });
        lines.push(`| \`${path}\` | ${registers} | ${cells.join(' | ')} |`);
      }
    }
    lines.push('');
  }
  if (results.throughput !== undefined) {
    lines.push(
      '**(b) Persons per second**, 1000-person operations at concurrency 4; raw = the same simulator called directly (POST + JSON.parse of every register the fields need).',
      '',
      '| fields | upstream latency | raw persons/s | subgraph persons/s | subgraph / raw | subgraph CPU ms per operation |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const row of results.throughput)
      lines.push(
        `| ${row.name} | ${row.latency} | ${fmt(row.raw, 0)} | ${fmt(row.subgraph, 0)} | **${fmt(row.ratio)}** | ${fmt(row.subgraphCpuMsPerOperation, 1)} |`,
      );
    lines.push('');
    const floored = results.throughput.filter((row) => row.cpuOverFloor !== undefined);
    if (floored.length > 0) {
      lines.push(
        "**CPU per 1000-person operation against the floor**, zero upstream latency, concurrency 4. Subgraph CPU = the subgraph process's own `process.cpuUsage()` over each sample / operations; floor = CPU time in the benchmark process, after each subgraph sample, to UTF-8 decode and `JSON.parse` the same register answers and `JSON.stringify` and UTF-8 encode the same response (what any subgraph pays for these bytes). **The goal is CPU / floor ≤ 2.0 for all KRR fields.**",
        '',
        '| fields | subgraph CPU ms per operation | floor ms per operation | CPU / floor |',
        '| --- | --- | --- | --- |',
      );
      for (const row of floored)
        lines.push(
          `| ${row.name} | ${fmt(row.subgraphCpuMsPerOperation, 1)} | ${row.floorMsPerOperation === undefined ? '–' : fmt(row.floorMsPerOperation, 1)} | **${row.cpuOverFloor === undefined ? '–' : fmt(row.cpuOverFloor)}** |`,
        );
      lines.push('');
    }
  }
  if (results.latency !== undefined) {
    lines.push(
      '**(c) Latency**, all KRR fields, zero upstream latency (1 person: `person`, 1000: `personer`), ms; raw = direct KRR call.',
      '',
      '| persons | concurrency | raw p50 | subgraph p50 | p50 ratio | p50 overhead ms | raw p99 | subgraph p99 | p99 ratio |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const row of results.latency)
      lines.push(
        `| ${row.persons} | ${row.concurrency} | ${fmt(row.p50.raw)} | ${fmt(row.p50.subgraph)} | ${fmt(row.p50.ratio)} | ${fmt(row.p50OverheadMs)} | ${fmt(row.p99.raw)} | ${fmt(row.p99.subgraph)} | ${fmt(row.p99.ratio)} |`,
      );
    lines.push('');
  }
  if (results.naive !== undefined) {
    lines.push(
      `**(d) Naive baseline** (bench/naive.ts: one KRR call per person, async resolver per field, up to ${NAIVE_UPSTREAM_CONNECTIONS} upstream connections) vs the subgraph, ${KRR_LATENCY_MS} ms per KRR call, concurrency 1, p50 ms.`,
      '',
      '| persons | naive ms | KRR calls | subgraph ms | KRR calls | naive / subgraph |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const row of results.naive)
      lines.push(
        `| ${row.persons} | ${fmt(row.naiveMs, 0)} | ${row.naiveCallsPerOperation} | ${fmt(row.subgraphMs, 0)} | ${row.subgraphCallsPerOperation} | ×${fmt(row.ratio, 1)} |`,
      );
    lines.push('');
  }
  if (results.gateway !== undefined) {
    const g = results.gateway;
    lines.push(
      '**(e) @apollo/gateway** in front of the subgraph (SCHEMA_AUTH_DIRECTIVES=false), all KRR fields, zero upstream latency.',
      '',
      '| measure | subgraph alone | gateway + subgraph | ratio (gateway+subgraph / subgraph) |',
      '| --- | --- | --- | --- |',
      `| persons/s, 1000-person ops, c=4 | ${fmt(g.throughput.raw, 0)} | ${fmt(g.throughput.subgraph, 0)} | ${fmt(g.throughput.ratio)} |`,
      `| p50 ms, 1 person, c=1 | ${fmt(g.onePersonP50.raw)} | ${fmt(g.onePersonP50.subgraph)} | ${fmt(g.onePersonP50.ratio)} |`,
      `| p50 ms, 1000 persons, c=1 | ${fmt(g.thousandPersonsP50.raw)} | ${fmt(g.thousandPersonsP50.subgraph)} | ${fmt(g.thousandPersonsP50.ratio)} |`,
      '',
    );
  }
  if (results.memory !== undefined) {
    const mem = results.memory;
    lines.push(
      `**(f) Memory**: one 10 000-person operation with all KRR + Freg fields (${mem.method}): RSS before ${fmt(mem.rssBeforeMiB, 0)} MiB, peak ${fmt(mem.peakRssMiB, 0)} MiB; the operation took ${fmt(mem.operationMs, 0)} ms.`,
      '',
    );
  }
  if (results.denied !== undefined) {
    const d = results.denied;
    lines.push(
      `**(g) Denied-field cost**: 5000 persons, KRR fields without digitalPost, concurrency 1, p50: every scope ${fmt(d.p50.raw)} ms, caller without person:digitalpost.read (sertifikat denied, ${d.forbiddenErrors} FORBIDDEN error per operation) ${fmt(d.p50.subgraph)} ms, ratio ${fmt(d.p50.ratio)}.`,
      '',
    );
  }
  if (results.baseline !== undefined) {
    lines.push(
      `**(h) Side by side** with the checkout at \`${results.baseline.baseline}\` (same simulator, samples alternating): baseline, this tree, this tree / baseline.`,
      '',
      '| measure | baseline | this tree | this tree / baseline | same response bytes |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const row of results.baseline.rows)
      lines.push(
        `| ${row.measure} | ${fmt(row.figure.raw)} | ${fmt(row.figure.subgraph)} | ${fmt(row.figure.ratio)} | ${row.identicalResponse === undefined ? '–' : row.identicalResponse ? 'yes' : '**no**'} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

async function writeResults(results: Results): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const name = SHORT ? 'short.json' : ONLY !== null ? 'partial.json' : 'latest.json';
  writeFileSync(new URL(name, RESULTS), `${JSON.stringify(results, null, 2)}\n`);
  if (SHORT || ONLY !== null) return;
  const table = markdown(results);
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const current = existsSync(BENCHMARKS_MD)
    ? readFileSync(BENCHMARKS_MD, 'utf8')
    : `# Benchmarks\n\n${begin}\n${end}\n`;
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  const next =
    from === -1 || to === -1
      ? `${current.trimEnd()}\n\n${begin}\n${table}\n${end}\n`
      : `${current.slice(0, from + begin.length)}\n${table}\n${current.slice(to)}`;
  // Formatted as `npm run format:check` expects (tables aligned), so CI stays green.
  const options = (await resolveConfig(BENCHMARKS_MD)) ?? {};
  writeFileSync(BENCHMARKS_MD, await format(next, { ...options, parser: 'markdown' }));
}

// ---------------------------------------------------------------------------------------------

async function profile(): Promise<void> {
  const dir = join(new URL('./results/profiles/', import.meta.url).pathname);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stack = await startStack({ krr: 0, freg: 0 }, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--cpu-prof-interval=200',
  ]);
  try {
    if (args['profile-one'] === true) await latencies(stack, 1, 1, 4000);
    else if (args['profile-freg'] === true) {
      await learnFregQuery(stack);
      await throughput(stack, 'both', 'zero', 4000);
    } else await throughput(stack, 'krr', 'zero', 4000);
  } finally {
    await stopStack(stack);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('no profile written');
  log(`\nprofile: ${join(dir, file)}`);
  log(summariseProfile(readFileSync(join(dir, file), 'utf8')));
}

async function main(): Promise<number> {
  if (PROFILE) {
    await profile();
    return 0;
  }
  const results: Results = {
    command: COMMAND,
    startedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      runs: RUNS,
      sampleMs: SAMPLE_MS,
      realisticLatency: { krrMs: KRR_LATENCY_MS, fregMs: FREG_LATENCY_MS },
      upstreamConcurrency: 4,
      subgraph: 'child process, startService + loadConfig (LOG_LEVEL=warn, introspection off)',
    },
  };
  log(
    `machine: ${JSON.stringify(results.machine)}\nsettings: ${RUNS} runs × ${SAMPLE_MS} ms per figure`,
  );
  let exitCode = 0;
  const zero = await startStack({ krr: 0, freg: 0 });
  try {
    await learnFregQuery(zero);
    if (want('a')) {
      log('(a) upstream calls per operation');
      results.callCounts = await callCounts(zero);
      if (results.callCounts.some((row) => !row.pass)) exitCode = 1;
    }
    results.throughput = [];
    if (want('b')) {
      log('(b) persons per second, subgraph vs raw');
      results.throughput.push(await throughput(zero, 'krr', 'zero'));
      if (!SHORT) {
        results.throughput.push(await throughput(zero, 'freg', 'zero'));
        results.throughput.push(await throughput(zero, 'both', 'zero'));
      }
    }
    if (want('c')) log('(c) latency');
    results.latency = [];
    for (const [persons, concurrency] of !want('c')
      ? []
      : SHORT
        ? ([[1, 1]] as const)
        : ([
            [1, 1],
            [1, 4],
            [1, 16],
            [1000, 1],
            [1000, 4],
            [1000, 16],
          ] as const)) {
      results.latency.push(await latencies(zero, persons, concurrency));
    }
    if (!SHORT && want('e')) {
      log('(e) @apollo/gateway overhead');
      results.gateway = await gatewayOverhead(zero);
    }
    if (!SHORT && want('f')) {
      log('(f) peak RSS');
      results.memory = await peakMemory(zero);
    }
    if (!SHORT && want('g')) {
      log('(g) denied-field cost');
      results.denied = await deniedCost(zero);
    }
    if (args.baseline !== undefined && want('h')) {
      log(`(h) side by side with ${args.baseline}`);
      results.baseline = await baselineComparison(zero, args.baseline);
    }
  } finally {
    await stopStack(zero);
  }
  if (!SHORT && (want('b') || want('d'))) {
    const realistic = await startStack({ krr: KRR_LATENCY_MS, freg: FREG_LATENCY_MS });
    try {
      await learnFregQuery(realistic);
      const latency = `${KRR_LATENCY_MS} ms KRR / ${FREG_LATENCY_MS} ms Freg`;
      if (want('b')) {
        log(`(b) persons per second at ${latency}`);
        results.throughput.push(await throughput(realistic, 'krr', latency));
        results.throughput.push(await throughput(realistic, 'both', latency));
      }
      if (want('d')) {
        log('(d) naive baseline');
        results.naive = [await naiveBaseline(realistic, 1), await naiveBaseline(realistic, 1000)];
      }
    } finally {
      await stopStack(realistic);
    }
  }
  if (!SHORT && want('i')) {
    // Its own module, section and results file (bench/tracing.ts).
    log('(i) tracing on vs off');
    const figure = await tracingBenchmark({ runs: RUNS, sampleMs: SAMPLE_MS, log });
    if (ONLY === null) await writeTracingResults(figure, COMMAND);
  }
  if (!SHORT && want('j')) {
    // Its own module, section and results file (bench/memory.ts).
    log('(j) memory per person in flight and admission');
    const memory = await memoryBenchmark({ runs: Math.min(RUNS, 3), log, command: COMMAND });
    if (!memoryGoalsMet(memory)) exitCode = 1;
    await writeMemoryResults(memory);
  }
  results.machine = {
    ...results.machine,
    loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))),
  };
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  await writeResults(results);
  log(
    `\n${exitCode === 0 ? 'PASS' : 'FAIL'}: upstream call counts; results in bench/results/${SHORT ? 'short.json' : ONLY !== null ? 'partial.json' : 'latest.json and BENCHMARKS.md'} (${results.durationSeconds} s)`,
  );
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('BENCH FAILED:', error);
    process.exit(1);
  },
);
