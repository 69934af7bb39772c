// Load generation and statistics for the benchmark: a closed loop of `concurrency` workers that
// run one operation after another for a fixed time, median/min/max summaries over runs, and the
// writers of bench/results and BENCHMARKS.md's generated sections.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import type { ChildReply, ChildRequest, ChildStart, SimReady, SimRequest } from './child.ts';

export interface Sample {
  /** Completed operations. */
  readonly operations: number;
  readonly elapsedMs: number;
  /** Latency of each operation, ms, sorted ascending. */
  readonly latenciesMs: readonly number[];
}

/**
 * Runs `operation` with `concurrency` workers until `durationMs` has passed and at least
 * `minOperations` have completed. Any failed operation fails the whole sample.
 */
export async function closedLoop(
  operation: () => Promise<void>,
  options: { concurrency: number; durationMs: number; minOperations?: number },
): Promise<Sample> {
  const latencies: number[] = [];
  const started = performance.now();
  const minOperations = options.minOperations ?? 1;
  const worker = async (): Promise<void> => {
    while (performance.now() - started < options.durationMs || latencies.length < minOperations) {
      const t0 = performance.now();
      await operation();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { operations: latencies.length, elapsedMs, latenciesMs: latencies };
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? Number.NaN)
      : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
  return {
    median,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    runs: sorted.length,
  };
}

/** Formats a summary as `median (min–max)` with `digits` decimals. */
export function show(summary: Summary, digits = 2): string {
  const f = (n: number): string => n.toFixed(digits);
  return `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})`;
}

/** A server running in a child process (bench/child.ts). */
export interface ChildServer {
  readonly url: string;
  readonly process: ChildProcess;
  memory(): Promise<{ rss: number; maxRss: number }>;
  /** CPU time (user + system) the child has used so far, ms. */
  cpu(): Promise<number>;
  /** What a simulator child reported at start (undefined for other children). */
  readonly sim: SimReady | undefined;
  /** Asks a simulator child (tokens, call recorder). */
  ask(message: SimRequest): Promise<string | number | null>;
  stop(): Promise<void>;
}

const CHILD = new URL('./child.ts', import.meta.url);

/**
 * Forks bench/child.ts (or `options.childPath`, the child.ts of another checkout for a
 * side-by-side comparison), starts the server described by `start` and waits until it listens.
 */
export async function startChild(
  start: ChildStart,
  options: { execArgv?: readonly string[]; childPath?: string } = {},
): Promise<ChildServer> {
  const child = fork(options.childPath ?? CHILD, [], {
    execArgv: [...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Production mode: graphql-js (and Apollo) run their production code paths only with
    // NODE_ENV=production (graphql-js's development instanceOf checks cost ~8% of the time).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const next = async (): Promise<ChildReply> => {
    const [message] = (await once(child, 'message')) as [ChildReply];
    return message;
  };
  const send = (message: ChildRequest): void => {
    child.send(message);
  };
  const ready = next();
  send(start);
  const first = await ready;
  if (first.kind !== 'ready')
    throw new Error(`child ${start.kind} failed: ${'message' in first ? first.message : ''}`);
  return {
    url: first.url,
    process: child,
    sim: first.sim,
    async ask(message) {
      const answer = next();
      send(message);
      const reply = await answer;
      if (reply.kind !== 'value')
        throw new Error(
          `unexpected child reply${reply.kind === 'error' ? `: ${reply.message}` : ''}`,
        );
      return reply.value;
    },
    async memory() {
      const answer = next();
      send({ kind: 'memory' });
      const message = await answer;
      if (message.kind !== 'memory') throw new Error('unexpected child reply');
      return { rss: message.rss, maxRss: message.maxRss };
    },
    async cpu() {
      const answer = next();
      send({ kind: 'cpu' });
      const message = await answer;
      if (message.kind !== 'cpu') throw new Error('unexpected child reply');
      return message.ms;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      send({ kind: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Writes `value` as bench/results/<name>, pretty-printed. */
export function writeResultFile(name: string, value: unknown): void {
  const results = new URL('./results/', import.meta.url);
  mkdirSync(results, { recursive: true });
  writeFileSync(new URL(name, results), `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Replaces the part of BENCHMARKS.md between `begin` and `end` with `markdown`, or appends it
 * under a `## title` heading when the markers are not there yet; formatted with prettier.
 */
export async function writeBenchmarksSection(
  section: { readonly begin: string; readonly end: string; readonly title: string },
  markdown: string,
): Promise<void> {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(section.begin);
  const to = current.indexOf(section.end);
  const body = `${section.begin}\n${markdown}\n${section.end}`;
  const next =
    from === -1 || to === -1
      ? `${current.trimEnd()}\n\n## ${section.title}\n\n${body}\n`
      : `${current.slice(0, from)}${body}${current.slice(to + section.end.length)}`;
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(next, { ...options, parser: 'markdown' }));
}
