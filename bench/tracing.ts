// Tracing on vs off, side by side: two copies of the service started as production starts it
// (package.json `start`, the tracing preload, NODE_ENV=production, LOG_LEVEL=warn, audit to
// /dev/null) against the same zero-latency register simulator, one exporting every span over
// OTLP/HTTP protobuf to an in-process receiver, one without OTEL_* configuration. Measured in
// alternation (off, on, off, on, …) so drift on the shared machine hits both alike: persons per
// second for 1000-person operations at concurrency 4, and 1-person latency at concurrency 1.
//
// `node bench/tracing.ts [--runs N] [--sample-ms MS]` runs it alone and writes
// bench/results/tracing.json and its section of BENCHMARKS.md; `npm run bench` runs it as
// section (i).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { startSimulator } from '../src/simulator/index.ts';
import { startOtlpReceiver } from '../test/support/otlp-receiver.ts';
import {
  freePort,
  spawnService,
  upstreamEnv,
  type ServiceProcess,
} from '../test/support/service-process.ts';
import {
  closedLoop,
  percentile,
  show,
  summarise,
  writeBenchmarksSection,
  writeResultFile,
  type Summary,
} from './measure.ts';
import { ALL_CALLER_SCOPES, graphqlOperation, KRR_FIELDS, personerQuery } from './operations.ts';

export interface TracingFigure {
  readonly runs: number;
  readonly sampleMs: number;
  /** Persons per second, 1000-person operations, concurrency 4. */
  readonly throughput: { readonly off: Summary; readonly on: Summary; readonly ratio: Summary };
  /** 1-person operations at concurrency 1, ms. */
  readonly latencyP50: { readonly off: Summary; readonly on: Summary };
  readonly latencyP99: { readonly off: Summary; readonly on: Summary };
  /** Spans the receiver got during the run (the traced copy really exported). */
  readonly spansExported: number;
}

const BEGIN = '<!-- bench:tracing:begin -->';
const END = '<!-- bench:tracing:end -->';

async function startCopy(env: Record<string, string>): Promise<ServiceProcess> {
  // LOG_LEVEL=warn writes no `started` line: readiness is polled on a known port.
  return spawnService({
    env: {
      ...env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      AUDIT_LOG_FILE: '/dev/null',
      GRAPHQL_INTROSPECTION: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    port: await freePort(),
  });
}

export async function tracingBenchmark(options: {
  readonly runs: number;
  readonly sampleMs: number;
  readonly log: (line: string) => void;
}): Promise<TracingFigure> {
  const sim = await startSimulator({
    populationSize: 12_000,
    seed: 1,
    accessTokenLifetimeSeconds: 3600,
  });
  const receiver = await startOtlpReceiver();
  const base = upstreamEnv(sim);
  const off = await startCopy(base);
  const on = await startCopy({
    ...base,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
  const dispatcher = new Agent({ connections: 32 });
  try {
    const token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
    const ids = sim.population.ids;
    const big = Array.from({ length: 8 }, (_, i) =>
      JSON.stringify({
        query: personerQuery(KRR_FIELDS),
        variables: { ids: ids.slice(i * 1000, i * 1000 + 1000) },
      }),
    );
    const one = ids
      .slice(0, 200)
      .map((id) => JSON.stringify({ query: personerQuery(KRR_FIELDS), variables: { ids: [id] } }));
    const bigOf = (copy: ServiceProcess) =>
      graphqlOperation(`${copy.base}/graphql`, big, token, dispatcher, {
        field: 'personer',
        length: 1000,
      });
    const oneOf = (copy: ServiceProcess) =>
      graphqlOperation(`${copy.base}/graphql`, one, token, dispatcher, {
        field: 'personer',
        length: 1,
      });
    // Warm both: compiled operations, token caches, connections, JIT.
    for (const copy of [off, on]) {
      await closedLoop(bigOf(copy), { concurrency: 4, durationMs: 300 });
      await closedLoop(oneOf(copy), { concurrency: 1, durationMs: 300 });
    }
    const rate = { off: [] as number[], on: [] as number[], ratio: [] as number[] };
    const p50 = { off: [] as number[], on: [] as number[] };
    const p99 = { off: [] as number[], on: [] as number[] };
    for (let run = 0; run < options.runs; run++) {
      const pair: Record<'off' | 'on', number> = { off: 0, on: 0 };
      for (const [name, copy] of [
        ['off', off],
        ['on', on],
      ] as const) {
        const sample = await closedLoop(bigOf(copy), {
          concurrency: 4,
          durationMs: options.sampleMs,
        });
        pair[name] = (sample.operations * 1000) / (sample.elapsedMs / 1000);
        rate[name].push(pair[name]);
        const latency = await closedLoop(oneOf(copy), {
          concurrency: 1,
          durationMs: options.sampleMs,
        });
        p50[name].push(percentile(latency.latenciesMs, 50));
        p99[name].push(percentile(latency.latenciesMs, 99));
      }
      rate.ratio.push(pair.on / pair.off);
      options.log(
        `  run ${run + 1}: ${Math.round(pair.off)} vs ${Math.round(pair.on)} persons/s (on/off ${(pair.on / pair.off).toFixed(3)}); 1-person p50 ${p50.off.at(-1)?.toFixed(2)} vs ${p50.on.at(-1)?.toFixed(2)} ms`,
      );
    }
    // Let the batch processor deliver what it holds before counting.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    return {
      runs: options.runs,
      sampleMs: options.sampleMs,
      throughput: {
        off: summarise(rate.off),
        on: summarise(rate.on),
        ratio: summarise(rate.ratio),
      },
      latencyP50: { off: summarise(p50.off), on: summarise(p50.on) },
      latencyP99: { off: summarise(p99.off), on: summarise(p99.on) },
      spansExported: receiver.spans.length,
    };
  } finally {
    await dispatcher.close();
    for (const copy of [off, on]) {
      copy.process.kill('SIGTERM');
      await copy.exited;
    }
    await receiver.close();
    await sim.close();
  }
}

/** The BENCHMARKS.md section, between its own markers. */
export function tracingMarkdown(figure: TracingFigure, command: string): string {
  const load = loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
  return [
    `Produced by \`${command}\` on ${new Date().toISOString()} (${cpus().length} cores, load average ${load}); ${figure.runs} alternating runs of ${figure.sampleMs} ms per figure, median (min–max). The traced copy exported ${figure.spansExported} spans.`,
    '',
    '| measure | tracing off | tracing on (OTLP/HTTP to a local receiver) | on / off |',
    '| --- | --- | --- | --- |',
    `| persons/s, 1000-person operations, concurrency 4 | ${show(figure.throughput.off, 0)} | ${show(figure.throughput.on, 0)} | ${show(figure.throughput.ratio, 3)} |`,
    `| 1-person latency p50, concurrency 1 (ms) | ${show(figure.latencyP50.off)} | ${show(figure.latencyP50.on)} | ${(figure.latencyP50.on.median / figure.latencyP50.off.median).toFixed(3)} |`,
    `| 1-person latency p99, concurrency 1 (ms) | ${show(figure.latencyP99.off)} | ${show(figure.latencyP99.on)} | ${(figure.latencyP99.on.median / figure.latencyP99.off.median).toFixed(3)} |`,
  ].join('\n');
}

/** Writes bench/results/tracing.json and replaces the section between the markers. */
export async function writeTracingResults(figure: TracingFigure, command: string): Promise<void> {
  writeResultFile('tracing.json', figure);
  await writeBenchmarksSection(
    { begin: BEGIN, end: END, title: 'Tracing on vs off' },
    tracingMarkdown(figure, command),
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, 'sample-ms': { type: 'string' } },
  });
  const runs = Number(values.runs ?? 5);
  const sampleMs = Number(values['sample-ms'] ?? 1500);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  setTimeout(() => {
    log('BENCH FAILED: tracing benchmark did not finish in time');
    process.exit(1);
  }, 10 * 60_000).unref();
  const figure = await tracingBenchmark({ runs, sampleMs, log });
  log(tracingMarkdown(figure, 'node bench/tracing.ts'));
  await writeTracingResults(figure, 'node bench/tracing.ts');
  process.exit(0);
}
