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
import { startSimulator, type Simulator } from '../src/simulator/index.ts';
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
  graphqlBodies,
  graphqlOperation,
  KRR_FIELDS,
  KRR_FIELDS_BUT_DIGITAL_POST,
  personerQuery,
  personQuery,
  postGraphql,
  rawOperation,
} from './operations.ts';
import { summariseProfile } from './profile.ts';
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
    /** Only these sections, comma-separated (a–g); results then go to bench/results/partial.json. */
    only: { type: 'string' },
    'sample-ms': { type: 'string' },
  },
});
const SHORT = args.short === true;
const ONLY = args.only === undefined ? null : new Set(args.only.split(',').map((x) => x.trim()));
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

function endpoints(sim: Simulator): SimEndpoints {
  return {
    krrUrl: sim.krrUrl,
    fregUrl: sim.fregUrl,
    wellKnownUrl: sim.maskinporten.wellKnownUrl,
    issuer: sim.maskinporten.issuer,
    tokenEndpoint: sim.maskinporten.tokenEndpoint,
    clientId: sim.client.clientId,
    privateJwk: sim.client.privateJwk,
    idp: { issuer: sim.idp.issuer, audience: sim.idp.audience, jwksUri: sim.idp.jwksUri },
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
  readonly sim: Simulator;
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
  const sim = await startSimulator({
    populationSize: 12_000,
    seed: 1,
    accessTokenLifetimeSeconds: 3600,
    krrLatencyMs: latency.krr,
    fregLatencyMs: latency.freg,
  });
  const ep = endpoints(sim);
  const subgraph = await startChild(
    { kind: 'subgraph', sim: ep, env: subgraphEnv() },
    { execArgv },
  );
  const agent = createBenchAgent();
  return {
    sim,
    ep,
    subgraph,
    agent,
    callerToken: await sim.idp.mint({ scopes: ALL_CALLER_SCOPES }),
    krrToken: await fetchMaskinportenToken(ep, KRR_SCOPES, agent),
    fregToken: await fetchMaskinportenToken(ep, [FREG_SCOPE], agent),
    fregQuery: '',
  };
}

async function stopStack(stack: Stack): Promise<void> {
  await stack.subgraph.stop();
  await stack.agent.close();
  await stack.sim.close();
}

/** Runs `operation` a few times, so the JIT and connection pools are warm before measuring. */
async function warm(operation: () => Promise<void>, times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await operation();
}

/** Reads the `part` query string the subgraph sent to Folkeregisteret for all Freg fields. */
async function learnFregQuery(stack: Stack): Promise<void> {
  stack.sim.recorder.reset();
  const ids = stack.sim.population.ids.slice(0, 10);
  await postGraphql(
    stack.subgraph.url,
    graphqlBodies(personerQuery(`${KRR_FIELDS} ${FREG_FIELDS}`), [ids])[0] ?? '',
    stack.callerToken,
    stack.agent,
  );
  const call = stack.sim.recorder.calls.find((c) => c.upstream === 'freg');
  if (call?.query === undefined) throw new Error('the subgraph made no Folkeregisteret call');
  stack.fregQuery = call.query;
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
    const ids = stack.sim.population.ids.slice(0, persons);
    for (const path of ['personer', '_entities'] as const) {
      for (const selection of selections) {
        const query =
          path === 'personer' ? personerQuery(selection.fields) : entitiesQuery(selection.fields);
        const body = graphqlBodies(query, [ids])[0] ?? '';
        stack.sim.recorder.reset();
        const result = await postGraphql(stack.subgraph.url, body, stack.callerToken, stack.agent);
        const list = result.data?.[path];
        const calls = {
          krr: stack.sim.recorder.count('krr', { path: KRR_PATH }),
          freg: stack.sim.recorder.count('freg', { path: FREG_BULK_PATH }),
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

interface ThroughputRow extends PairFigure {
  readonly name: string;
  readonly latency: string;
  readonly concurrency: number;
  /** CPU time the subgraph process used per 1000-person operation, ms. */
  readonly subgraphCpuMsPerOperation: Summary;
}

async function throughput(
  stack: Stack,
  name: string,
  withFreg: boolean,
  latency: string,
  sampleMs = SAMPLE_MS,
): Promise<ThroughputRow> {
  const persons = 1000;
  const batches = batchesOf(stack.sim.population.ids, persons, 10);
  const fields = withFreg ? `${KRR_FIELDS} ${FREG_FIELDS}` : KRR_FIELDS;
  const sub = graphqlOperation(
    stack.subgraph.url,
    graphqlBodies(personerQuery(fields), batches),
    stack.callerToken,
    stack.agent,
    { field: 'personer', length: persons },
  );
  const raw = rawOperation(
    stack.ep,
    batches,
    { krr: stack.krrToken, ...(withFreg ? { freg: stack.fregToken } : {}) },
    stack.agent,
    withFreg ? stack.fregQuery : undefined,
  );
  await warm(sub);
  await warm(raw);
  const loop = (op: () => Promise<void>) => () =>
    closedLoop(op, { concurrency: 4, durationMs: sampleMs, minOperations: 8 });
  const cpuPerOperation: number[] = [];
  const subLoop = loop(sub);
  const measuredSub = async (): Promise<Sample> => {
    const before = await stack.subgraph.cpu();
    const sample = await subLoop();
    cpuPerOperation.push(((await stack.subgraph.cpu()) - before) / sample.operations);
    return sample;
  };
  const figure = {
    ...figureOf(await sideBySide(loop(raw), measuredSub, (sample) => pps(sample, persons))),
    subgraphCpuMsPerOperation: summarise(cpuPerOperation),
  };
  log(
    `  ${name} (${latency}, c=4): raw ${show(figure.raw, 0)} persons/s, subgraph ${show(figure.subgraph, 0)} persons/s, ratio ${show(figure.ratio)}; subgraph CPU ${show(figure.subgraphCpuMsPerOperation, 1)} ms per operation`,
  );
  return { name, latency, concurrency: 4, ...figure };
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
  const batches = batchesOf(stack.sim.population.ids, persons, 10);
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
    const batches = batchesOf(stack.sim.population.ids, persons, 4);
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
      stack.sim.recorder.reset();
      await op();
      return stack.sim.recorder.count('krr', { path: KRR_PATH });
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
      const batches = batchesOf(stack.sim.population.ids, persons, 10);
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
  const ids = stack.sim.population.ids.slice(0, 10_000);
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
  const batches = batchesOf(stack.sim.population.ids, persons, 2);
  const bodies = graphqlBodies(personerQuery(KRR_FIELDS_BUT_DIGITAL_POST), batches);
  const limited = await stack.sim.idp.mint({
    scopes: ALL_CALLER_SCOPES.filter((s) => s !== 'person:digitalpost.read'),
  });
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
      await throughput(stack, 'all KRR + Freg fields', true, 'zero', 4000);
    } else await throughput(stack, 'all KRR fields', false, 'zero', 4000);
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
      results.throughput.push(await throughput(zero, 'all KRR fields', false, 'zero'));
      if (!SHORT)
        results.throughput.push(await throughput(zero, 'all KRR + Freg fields', true, 'zero'));
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
        results.throughput.push(await throughput(realistic, 'all KRR fields', false, latency));
        results.throughput.push(
          await throughput(realistic, 'all KRR + Freg fields', true, latency),
        );
      }
      if (want('d')) {
        log('(d) naive baseline');
        results.naive = [await naiveBaseline(realistic, 1), await naiveBaseline(realistic, 1000)];
      }
    } finally {
      await stopStack(realistic);
    }
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
