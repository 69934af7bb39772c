// (j) Memory: what a replica holds at rest and what it is made of, what concurrent 10 000-person
// operations with every field cost per person in flight against the bytes' own size, and whether
// a replica started with the manifests' memory settings and the default admission budget lives
// through 8 of them at once while serving a 1-person operation.
//
// Every figure comes from a fresh process started as production starts it (package.json `start`:
// the tracing preload and src/index.ts with the pinned Node, NODE_ENV=production, LOG_LEVEL=warn,
// audit to /dev/null) against one register simulator, with bench/memory-probe.ts preloaded to
// answer memory questions over IPC. Peak RSS is getrusage's maxRSS of that process; peak heap is
// sampled every 5 ms (a synchronous step between two samples is not seen).
//
// `node bench/memory.ts [--runs N]` runs it alone; `npm run bench` runs it as section (j). Both
// write bench/results/memory.json and the section of BENCHMARKS.md between its markers.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request, type Dispatcher } from 'undici';
import { startSimulator, type Simulator } from '../src/simulator/index.ts';
import { at, naisEnv, renderNais } from '../test/deploy/render.ts';
import { startOtlpReceiver } from '../test/support/otlp-receiver.ts';
import {
  freePort,
  NODE,
  ROOT,
  spawnService,
  upstreamEnv,
  type ServiceProcess,
} from '../test/support/service-process.ts';
import type { ProbeMemory, ProbePeak, ProbeRequest } from './memory-probe.ts';
import {
  show,
  summarise,
  writeBenchmarksSection,
  writeResultFile,
  type Summary,
} from './measure.ts';
import { ALL_CALLER_SCOPES, FREG_FIELDS, KRR_FIELDS, personerQuery } from './operations.ts';
import {
  createBenchAgent,
  fetchMaskinportenToken,
  FREG_BULK_PATH,
  FREG_SCOPE,
  fregBody,
  KRR_PATH,
  KRR_SCOPES,
  krrBody,
  postBytes,
  simEndpoints,
} from './upstream.ts';

const MiB = 1024 * 1024;
const PERSONS = 10_000;
const CONCURRENCY = [1, 2, 4, 8] as const;
const PROBE = [
  '--expose-gc',
  '--import',
  fileURLToPath(new URL('./memory-probe.ts', import.meta.url)),
];
const BEGIN = '<!-- bench:memory:begin -->';
const END = '<!-- bench:memory:end -->';

interface RestFigure {
  readonly stage: string;
  readonly what: string;
  /** RSS without a forced collection, as a pod's metrics see it. */
  readonly rssMiB: Summary;
  /** After two full collections. */
  readonly rssAfterGcMiB: Summary;
  readonly heapUsedMiB: Summary;
  readonly externalMiB: Summary;
  readonly codeSpaceMiB: Summary;
}

interface ConcurrentFigure {
  readonly operations: number;
  readonly personsInFlight: number;
  /** After start, one 1000-person warm-up operation and a full collection. */
  readonly rssBeforeMiB: Summary;
  readonly peakRssMiB: Summary;
  readonly growthMiB: Summary;
  readonly peakHeapUsedMiB: Summary;
  readonly peakExternalMiB: Summary;
  /** Peak RSS growth per person in flight. */
  readonly growthKiBPerPerson: Summary;
  /** Peak RSS growth over the floor of the same persons (operations × floor). */
  readonly growthOverFloor: Summary;
  /** Wall time until the last operation answered. */
  readonly durationMs: Summary;
}

interface FloorFigure {
  /** KRR's answers for the operation's 10 000 persons (10 calls). */
  readonly krrAnswerBytes: number;
  /** Folkeregisteret's answers for them, with the parts the service asks for (10 calls). */
  readonly fregAnswerBytes: number;
  /** The service's response. */
  readonly responseBytes: number;
  readonly totalMiB: number;
}

interface OverloadFigure {
  readonly memoryLimit: string;
  readonly nodeOptions: string;
  readonly budget: string;
  readonly operations: number;
  readonly complete: number;
  readonly refused: number;
  readonly other: number;
  readonly onePersonComplete: boolean;
  readonly survived: boolean;
  readonly peakRssMiB: number;
  readonly durationMs: number;
}

/** One operation's peak RSS growth, this tree and another checkout measured in alternation. */
interface BaselineFigure {
  readonly baseline: string;
  readonly thisTreeGrowthMiB: Summary;
  readonly baselineGrowthMiB: Summary;
  readonly thisTreePeakHeapMiB: Summary;
  readonly baselinePeakHeapMiB: Summary;
  /** This tree's growth / the baseline's, per alternating pair. */
  readonly ratio: Summary;
  /** RSS at rest with tracing configured, each side. */
  readonly thisTreeTracedRestMiB: Summary;
  readonly baselineTracedRestMiB: Summary;
}

export interface MemoryResults {
  readonly command: string;
  readonly at: string;
  readonly machine: { readonly cores: number; readonly loadAverage: readonly number[] };
  readonly runs: number;
  readonly rest: readonly RestFigure[];
  readonly floor: FloorFigure;
  readonly concurrent: readonly ConcurrentFigure[];
  readonly overload: OverloadFigure;
}

/** Asks the probe in `child` and waits for its answer of `kind`. */
async function ask<T extends { kind: string }>(
  child: ChildProcess,
  message: ProbeRequest,
  kind: T['kind'],
): Promise<T> {
  const answer = new Promise<T>((resolve, reject) => {
    const onExit = (): void => reject(new Error('the measured process exited'));
    const onMessage = (reply: { kind: string }): void => {
      if (reply.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  child.send(message);
  return answer;
}

const probeMemory = (child: ChildProcess, gc: boolean): Promise<ProbeMemory> =>
  ask<ProbeMemory>(child, { kind: 'probe-memory', gc }, 'probe-memory');

async function startMeasured(
  sim: Simulator,
  env: Record<string, string> = {},
  root?: string,
): Promise<ServiceProcess> {
  return spawnService({
    ...(root === undefined ? {} : { root }),
    env: {
      ...upstreamEnv(sim),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      AUDIT_LOG_FILE: '/dev/null',
      GRAPHQL_INTROSPECTION: 'false',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    port: await freePort(),
    nodeArgs: PROBE,
  });
}

async function stopMeasured(service: ServiceProcess): Promise<void> {
  if (service.process.exitCode === null && service.process.signalCode === null)
    service.process.kill('SIGTERM');
  await service.exited;
}

/** `node` alone or with the libraries (bench/memory-rest.ts), probe preloaded. */
async function startBare(stage: 'node' | 'libraries'): Promise<ChildProcess> {
  const child = spawn(NODE, [...PROBE, 'bench/memory-rest.ts', stage], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production' },
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { kind: string }) => {
      if (message.kind === 'rest-ready') resolve();
    });
    child.once('exit', () => reject(new Error('the idle process exited')));
  });
  return child;
}

interface Answer {
  readonly status: number;
  readonly bytes: number;
  readonly body: {
    readonly data?: Record<string, unknown> | null;
    readonly errors?: readonly { readonly extensions?: Record<string, unknown> }[];
  };
  readonly retryAfter: string | undefined;
}

async function post(
  base: string,
  body: string,
  token: string,
  dispatcher: Dispatcher,
): Promise<Answer> {
  const response = await request(`${base}/graphql`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const bytes = Buffer.from(await response.body.arrayBuffer());
  const retryAfter = response.headers['retry-after'];
  return {
    status: response.statusCode,
    bytes: bytes.length,
    body: JSON.parse(bytes.toString('utf8')) as Answer['body'],
    retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
  };
}

function complete(answer: Answer, persons: number): boolean {
  const list = answer.body.data?.['personer'];
  return (
    answer.status === 200 &&
    answer.body.errors === undefined &&
    Array.isArray(list) &&
    list.length === persons
  );
}

function refused(answer: Answer): boolean {
  const extensions = answer.body.errors?.[0]?.extensions;
  return (
    answer.status === 503 &&
    answer.retryAfter !== undefined &&
    extensions?.['code'] === 'SERVICE_UNAVAILABLE' &&
    extensions['reason'] === 'OVERLOADED'
  );
}

const operationBody = (ids: readonly string[]): string =>
  JSON.stringify({ query: personerQuery(`${KRR_FIELDS} ${FREG_FIELDS}`), variables: { ids } });

const mib = (bytes: number): number => bytes / MiB;

interface Measurement {
  readonly durationMs: number;
  readonly beforeMiB: number;
  readonly peakRssMiB: number;
  readonly growthMiB: number;
  readonly peakHeapMiB: number;
  readonly peakHeapTotalMiB: number;
  readonly peakExternalMiB: number;
}

/** The simulator, a caller token and the operations every part of the section uses. */
async function setUp() {
  const sim = await startSimulator({
    populationSize: 12_000,
    seed: 1,
    accessTokenLifetimeSeconds: 3600,
  });
  const receiver = await startOtlpReceiver();
  const dispatcher = createBenchAgent(16);
  const token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
  const ids = sim.population.ids.slice(0, PERSONS);
  const big = operationBody(ids);
  const warm = operationBody(ids.slice(0, 1000));

  /**
   * `operations` concurrent 10 000-person operations in a fresh process without a budget (of
   * this tree, or of the checkout at `root`), after a 1000-person warm-up and a full collection.
   */
  const measure = async (
    operations: number,
    root?: string,
    nodeOptions?: string,
  ): Promise<Measurement> => {
    const env: Record<string, string> = { MAX_PERSONS_IN_FLIGHT: '10000000' };
    if (nodeOptions !== undefined) env['NODE_OPTIONS'] = nodeOptions;
    const service = await startMeasured(sim, env, root);
    try {
      if ((await post(service.base, warm, token, dispatcher)).status !== 200)
        throw new Error('warm-up failed');
      const before = await probeMemory(service.process, true);
      const start: ProbeRequest = { kind: 'probe-peak-start', intervalMs: 5 };
      service.process.send(start);
      const t0 = performance.now();
      const answers = await Promise.all(
        Array.from({ length: operations }, () => post(service.base, big, token, dispatcher)),
      );
      const durationMs = performance.now() - t0;
      if (!answers.every((answer) => complete(answer, PERSONS)))
        throw new Error(`${operations} concurrent operations: not every one completed`);
      const peak = await ask<ProbePeak>(service.process, { kind: 'probe-peak-stop' }, 'probe-peak');
      const after = await probeMemory(service.process, false);
      return {
        durationMs,
        beforeMiB: mib(before.rss),
        peakRssMiB: mib(after.maxRss),
        growthMiB: mib(after.maxRss - before.rss),
        peakHeapMiB: mib(peak.heapUsed),
        peakHeapTotalMiB: mib(peak.heapTotal),
        peakExternalMiB: mib(peak.external),
      };
    } finally {
      await stopMeasured(service);
    }
  };
  const close = async (): Promise<void> => {
    await dispatcher.close();
    await receiver.close();
    await sim.close();
  };
  return { sim, receiver, dispatcher, token, ids, big, warm, measure, close };
}

/**
 * One operation's peak RSS growth and peak heap, this tree and the checkout at `baseline`
 * (with its own node_modules) measured in alternation, a fresh process each time.
 */
export async function memoryBaseline(options: {
  readonly runs: number;
  readonly baseline: string;
  /** NODE_OPTIONS for this tree's side only (a runtime setting against none). */
  readonly nodeOptions?: string;
  readonly log: (line: string) => void;
}): Promise<BaselineFigure> {
  const setup = await setUp();
  try {
    const v = {
      growth: [] as number[],
      base: [] as number[],
      heap: [] as number[],
      baseHeap: [] as number[],
      ratio: [] as number[],
      rest: [] as number[],
      baseRest: [] as number[],
    };
    const tracedRest = async (root: string | undefined, nodeOptions?: string): Promise<number> => {
      const service = await startMeasured(
        setup.sim,
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: setup.receiver.httpUrl,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
        },
        root,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return mib((await probeMemory(service.process, false)).rss);
      } finally {
        await stopMeasured(service);
      }
    };
    for (let run = 0; run < options.runs; run++) {
      v.rest.push(await tracedRest(undefined, options.nodeOptions));
      v.baseRest.push(await tracedRest(options.baseline));
      const current = await setup.measure(1, undefined, options.nodeOptions);
      const other = await setup.measure(1, options.baseline);
      v.growth.push(current.growthMiB);
      v.base.push(other.growthMiB);
      v.heap.push(current.peakHeapMiB);
      v.baseHeap.push(other.peakHeapMiB);
      v.ratio.push(current.growthMiB / other.growthMiB);
      options.log(
        `  run ${run + 1}: before ${current.beforeMiB.toFixed(0)}, heap committed ${current.peakHeapTotalMiB.toFixed(0)}, external ${current.peakExternalMiB.toFixed(0)} MiB; growth ${current.growthMiB.toFixed(0)} vs ${other.growthMiB.toFixed(0)} MiB (×${(current.growthMiB / other.growthMiB).toFixed(2)}), peak heap ${current.peakHeapMiB.toFixed(0)} vs ${other.peakHeapMiB.toFixed(0)} MiB`,
      );
    }
    return {
      baseline: options.baseline,
      thisTreeGrowthMiB: summarise(v.growth),
      baselineGrowthMiB: summarise(v.base),
      thisTreePeakHeapMiB: summarise(v.heap),
      baselinePeakHeapMiB: summarise(v.baseHeap),
      ratio: summarise(v.ratio),
      thisTreeTracedRestMiB: summarise(v.rest),
      baselineTracedRestMiB: summarise(v.baseRest),
    };
  } finally {
    await setup.close();
  }
}

export async function memoryBenchmark(options: {
  readonly runs: number;
  readonly log: (line: string) => void;
  readonly command: string;
}): Promise<MemoryResults> {
  const { runs, log } = options;
  const setup = await setUp();
  const { sim, receiver, dispatcher, token, ids, big, warm, measure } = setup;
  try {
    // The manifests' V8 settings, which every service process below runs with (a replica's).
    const { app } = renderNais('prod');
    const memoryLimit = String(at(app, 'spec.resources.limits.memory'));
    const nodeOptions = naisEnv(app)['NODE_OPTIONS'] ?? '';
    const replicaEnv: Record<string, string> =
      nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions };

    // ---- at rest, stage by stage, each in fresh processes
    const restStages: {
      readonly stage: string;
      readonly what: string;
      readonly start: () => Promise<{ child: ChildProcess; stop: () => Promise<void> }>;
    }[] = [
      {
        stage: 'node',
        what: 'Node alone (runtime, ICU, the probe)',
        start: async () => {
          const child = await startBare('node');
          return { child, stop: async () => void child.kill('SIGTERM') };
        },
      },
      {
        stage: 'libraries',
        what: 'plus the libraries the service imports (graphql, Apollo, graphql-jit, undici, jose, pino, prom-client, …)',
        start: async () => {
          const child = await startBare('libraries');
          return { child, stop: async () => void child.kill('SIGTERM') };
        },
      },
      {
        stage: 'service',
        what: 'the service started, tracing off (npm start)',
        start: async () => {
          const service = await startMeasured(sim, replicaEnv);
          return { child: service.process, stop: () => stopMeasured(service) };
        },
      },
      {
        stage: 'service+tracing',
        what: 'the service started with OTEL_EXPORTER_OTLP_ENDPOINT set (NAIS auto-instrumentation)',
        start: async () => {
          const service = await startMeasured(sim, {
            ...replicaEnv,
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpUrl,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          });
          return { child: service.process, stop: () => stopMeasured(service) };
        },
      },
      {
        stage: 'service+operations',
        what: 'the service, tracing off, after one 1000-person and one 10 000-person operation with every field',
        start: async () => {
          const service = await startMeasured(sim, replicaEnv);
          for (const body of [warm, big]) {
            const answer = await post(service.base, body, token, dispatcher);
            if (answer.status !== 200) throw new Error(`warm-up answered ${answer.status}`);
          }
          return { child: service.process, stop: () => stopMeasured(service) };
        },
      },
    ];
    const rest: RestFigure[] = [];
    for (const stage of restStages) {
      const values = { rss: [], gc: [], heap: [], external: [], code: [] } as Record<
        'rss' | 'gc' | 'heap' | 'external' | 'code',
        number[]
      >;
      for (let run = 0; run < runs; run++) {
        const { child, stop } = await stage.start();
        try {
          // Let start-up's garbage settle the way an idle pod's would.
          await new Promise((resolve) => setTimeout(resolve, 500));
          values.rss.push(mib((await probeMemory(child, false)).rss));
          const after = await probeMemory(child, true);
          values.gc.push(mib(after.rss));
          values.heap.push(mib(after.heapUsed));
          values.external.push(mib(after.external));
          values.code.push(mib(after.spaces['code_space'] ?? 0));
        } finally {
          await stop();
        }
      }
      const figure: RestFigure = {
        stage: stage.stage,
        what: stage.what,
        rssMiB: summarise(values.rss),
        rssAfterGcMiB: summarise(values.gc),
        heapUsedMiB: summarise(values.heap),
        externalMiB: summarise(values.external),
        codeSpaceMiB: summarise(values.code),
      };
      rest.push(figure);
      log(
        `  at rest, ${stage.stage}: RSS ${show(figure.rssMiB, 0)} MiB, after GC ${show(figure.rssAfterGcMiB, 0)} MiB, heap ${show(figure.heapUsedMiB, 0)} MiB`,
      );
    }

    // ---- the floor: the register answers' bytes and the response's bytes for one operation
    const ep = simEndpoints(sim);
    sim.recorder.reset();
    const probeService = await startMeasured(sim);
    let responseBytes = 0;
    try {
      const answer = await post(probeService.base, big, token, dispatcher);
      if (!complete(answer, PERSONS)) throw new Error('the 10 000-person operation failed');
      responseBytes = answer.bytes;
    } finally {
      await stopMeasured(probeService);
    }
    const fregQuery = sim.recorder.calls.find((call) => call.upstream === 'freg')?.query;
    if (fregQuery === undefined) throw new Error('the service made no Folkeregisteret call');
    const krrToken = await fetchMaskinportenToken(ep, KRR_SCOPES, dispatcher);
    const fregToken = await fetchMaskinportenToken(ep, [FREG_SCOPE], dispatcher);
    let krrAnswerBytes = 0;
    let fregAnswerBytes = 0;
    for (let from = 0; from < PERSONS; from += 1000) {
      const chunk = ids.slice(from, from + 1000);
      krrAnswerBytes += (
        await postBytes(`${sim.krrUrl}${KRR_PATH}`, krrBody(chunk), krrToken, dispatcher)
      ).length;
      fregAnswerBytes += (
        await postBytes(
          `${sim.fregUrl}${FREG_BULK_PATH}?${fregQuery}`,
          fregBody(chunk),
          fregToken,
          dispatcher,
        )
      ).length;
    }
    const floor: FloorFigure = {
      krrAnswerBytes,
      fregAnswerBytes,
      responseBytes,
      totalMiB: mib(krrAnswerBytes + fregAnswerBytes + responseBytes),
    };
    log(
      `  floor for one 10 000-person operation: KRR ${mib(krrAnswerBytes).toFixed(1)} MiB + Freg ${mib(fregAnswerBytes).toFixed(1)} MiB + response ${mib(responseBytes).toFixed(1)} MiB = ${floor.totalMiB.toFixed(1)} MiB`,
    );

    // ---- concurrent 10 000-person operations, no admission limit, a fresh process each run,
    // with the manifests' V8 settings (a replica's)
    const concurrent: ConcurrentFigure[] = [];
    for (const operations of CONCURRENCY) {
      const v = {
        before: [] as number[],
        peak: [] as number[],
        growth: [] as number[],
        heap: [] as number[],
        external: [] as number[],
        perPerson: [] as number[],
        overFloor: [] as number[],
        duration: [] as number[],
      };
      for (let run = 0; run < runs; run++) {
        const m = await measure(operations, undefined, nodeOptions);
        v.duration.push(m.durationMs);
        v.before.push(m.beforeMiB);
        v.peak.push(m.peakRssMiB);
        v.growth.push(m.growthMiB);
        v.heap.push(m.peakHeapMiB);
        v.external.push(m.peakExternalMiB);
        v.perPerson.push((m.growthMiB * 1024) / (operations * PERSONS));
        v.overFloor.push(m.growthMiB / (operations * floor.totalMiB));
      }
      const figure: ConcurrentFigure = {
        operations,
        personsInFlight: operations * PERSONS,
        rssBeforeMiB: summarise(v.before),
        peakRssMiB: summarise(v.peak),
        growthMiB: summarise(v.growth),
        peakHeapUsedMiB: summarise(v.heap),
        peakExternalMiB: summarise(v.external),
        growthKiBPerPerson: summarise(v.perPerson),
        growthOverFloor: summarise(v.overFloor),
        durationMs: summarise(v.duration),
      };
      concurrent.push(figure);
      log(
        `  ${operations} × 10 000 persons at once: RSS ${show(figure.rssBeforeMiB, 0)} → peak ${show(figure.peakRssMiB, 0)} MiB (growth ${show(figure.growthKiBPerPerson, 1)} KiB per person, ×${show(figure.growthOverFloor)} the floor), peak heap ${show(figure.peakHeapUsedMiB, 0)} MiB, ${show(figure.durationMs, 0)} ms`,
      );
    }

    // ---- the goal: the manifests' memory settings and the default budget, 8 at once + 1 person
    const service = await startMeasured(
      sim,
      nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions },
    );
    let overload: OverloadFigure;
    try {
      const t0 = performance.now();
      const large = Array.from({ length: 8 }, () => post(service.base, big, token, dispatcher));
      // Sent while the large ones are admitted or waiting.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const one = await post(service.base, operationBody([ids[0] ?? '']), token, dispatcher);
      const answers = await Promise.all(large);
      const durationMs = performance.now() - t0;
      const after = await probeMemory(service.process, false);
      const metrics = await (await fetch(`${service.base}/metrics`)).text();
      const budget = /^admission_persons_budget (\d+)/m.exec(metrics)?.[1] ?? '?';
      overload = {
        memoryLimit,
        nodeOptions,
        budget,
        operations: answers.length,
        complete: answers.filter((answer) => complete(answer, PERSONS)).length,
        refused: answers.filter(refused).length,
        other: answers.filter((answer) => !complete(answer, PERSONS) && !refused(answer)).length,
        onePersonComplete: complete(one, 1),
        survived: service.process.exitCode === null && service.process.signalCode === null,
        peakRssMiB: mib(after.maxRss),
        durationMs,
      };
    } catch (error) {
      const exit = service.process.exitCode ?? service.process.signalCode;
      throw new Error(`the replica did not survive 8 operations at once (exit ${String(exit)})`, {
        cause: error,
      });
    } finally {
      await stopMeasured(service);
    }
    log(
      `  8 × 10 000 persons at once with the manifests' settings (limit ${memoryLimit}, NODE_OPTIONS ${nodeOptions || 'unset'}, budget ${overload.budget}): ${overload.complete} complete, ${overload.refused} refused (503 OVERLOADED), ${overload.other} other; 1 person ${overload.onePersonComplete ? 'served' : 'NOT served'}; peak RSS ${overload.peakRssMiB.toFixed(0)} MiB; ${overload.survived ? 'alive' : 'DIED'}`,
    );
    return {
      command: options.command,
      at: new Date().toISOString(),
      machine: { cores: cpus().length, loadAverage: loadavg().map((v) => Number(v.toFixed(2))) },
      runs,
      rest,
      floor,
      concurrent,
      overload,
    };
  } finally {
    await setup.close();
  }
}

/** Whether section (j) met its goals: nothing died, every answer complete or refused. */
export function memoryGoalsMet(results: MemoryResults): boolean {
  const o = results.overload;
  return o.survived && o.onePersonComplete && o.other === 0 && o.complete >= 1;
}

/** The BENCHMARKS.md section, between its own markers. */
export function memoryMarkdown(results: MemoryResults): string {
  const one = results.concurrent.find((row) => row.operations === 1);
  const o = results.overload;
  const lines = [
    `Produced by \`${results.command}\` on ${results.at} (${results.machine.cores} cores, load average ${results.machine.loadAverage.join(', ')}); ${results.runs} runs per figure, each in a fresh process started as \`npm start\` starts it; median (min–max).`,
    '',
    `**At rest** (each stage adds to the one before it; the service with \`NODE_OPTIONS=${results.overload.nodeOptions}\` as in the manifests):`,
    '',
    '| stage | RSS (MiB) | RSS after GC (MiB) | heap used (MiB) | external (MiB) | code space (MiB) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.rest.map(
      (r) =>
        `| ${r.what} | ${show(r.rssMiB, 0)} | ${show(r.rssAfterGcMiB, 0)} | ${show(r.heapUsedMiB, 1)} | ${show(r.externalMiB, 1)} | ${show(r.codeSpaceMiB, 1)} |`,
    ),
    '',
    `**The floor** of one 10 000-person operation with every KRR and Folkeregisteret field: KRR's answers ${mib(results.floor.krrAnswerBytes).toFixed(1)} MiB + Folkeregisteret's answers ${mib(results.floor.fregAnswerBytes).toFixed(1)} MiB + the response ${mib(results.floor.responseBytes).toFixed(1)} MiB = **${results.floor.totalMiB.toFixed(1)} MiB**.`,
    '',
    `**Concurrent 10 000-person operations** with every field, no admission limit, \`NODE_OPTIONS=${results.overload.nodeOptions}\` as in the manifests (peak RSS growth = peak RSS − RSS before):`,
    '',
    '| operations at once | RSS before (MiB) | peak RSS (MiB) | growth (MiB) | growth per person in flight (KiB) | growth / floor | peak heap used (MiB) | peak external (MiB) | time (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.concurrent.map(
      (r) =>
        `| ${r.operations} | ${show(r.rssBeforeMiB, 0)} | ${show(r.peakRssMiB, 0)} | ${show(r.growthMiB, 0)} | ${show(r.growthKiBPerPerson, 1)} | ${show(r.growthOverFloor)} | ${show(r.peakHeapUsedMiB, 0)} | ${show(r.peakExternalMiB, 0)} | ${show(r.durationMs, 0)} |`,
    ),
    '',
    one === undefined
      ? ''
      : `One operation's peak RSS growth is **×${show(one.growthOverFloor)}** its floor (goal: at most ×3).`,
    '',
    `**Goal run**: 8 concurrent 10 000-person operations against one replica with the manifests' settings (memory limit ${o.memoryLimit}, \`NODE_OPTIONS=${o.nodeOptions}\`) and the default budget of ${o.budget} persons in flight, a 1-person operation sent 200 ms in: ${o.complete} complete, ${o.refused} refused with 503 \`SERVICE_UNAVAILABLE\` (reason \`OVERLOADED\`, \`Retry-After\`), ${o.other} otherwise; the 1-person operation ${o.onePersonComplete ? 'succeeded' : 'FAILED'}; peak RSS ${o.peakRssMiB.toFixed(0)} MiB; the process ${o.survived ? 'lived' : 'DIED'} (${(o.durationMs / 1000).toFixed(1)} s).`,
  ];
  return lines.join('\n');
}

export async function writeMemoryResults(results: MemoryResults): Promise<void> {
  writeResultFile('memory.json', results);
  await writeBenchmarksSection(
    { begin: BEGIN, end: END, title: '(j) Memory per person in flight and admission' },
    memoryMarkdown(results),
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      baseline: { type: 'string' },
      'node-options': { type: 'string' },
    },
  });
  const runs = Number(values.runs ?? 3);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  setTimeout(() => {
    log('BENCH FAILED: memory benchmark did not finish in time');
    process.exit(1);
  }, 20 * 60_000).unref();
  if (values.baseline !== undefined) {
    const figure = await memoryBaseline({
      runs,
      baseline: values.baseline,
      log,
      ...(values['node-options'] === undefined ? {} : { nodeOptions: values['node-options'] }),
    });
    writeResultFile('memory-baseline.json', figure);
    log(
      `at rest with tracing: this tree ${show(figure.thisTreeTracedRestMiB, 0)} MiB, baseline ${show(figure.baselineTracedRestMiB, 0)} MiB; one 10 000-person operation, peak RSS growth: this tree ${show(figure.thisTreeGrowthMiB, 0)} MiB, ${figure.baseline} ${show(figure.baselineGrowthMiB, 0)} MiB, ratio ×${show(figure.ratio)}; peak heap ${show(figure.thisTreePeakHeapMiB, 0)} vs ${show(figure.baselinePeakHeapMiB, 0)} MiB`,
    );
    process.exit(0);
  }
  const command = `node bench/memory.ts --runs ${runs}`;
  const results = await memoryBenchmark({ runs, log, command });
  await writeMemoryResults(results);
  const met = memoryGoalsMet(results);
  log(
    `${met ? 'PASS' : 'FAIL'}: memory goal run; results in bench/results/memory.json and BENCHMARKS.md`,
  );
  process.exit(met ? 0 : 1);
}
