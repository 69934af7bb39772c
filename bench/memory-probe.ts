// Loaded into a service process by bench/memory.ts, ahead of the start script's own preload
// (`node --expose-gc --import ./bench/memory-probe.ts --import …tracing-preload.ts src/index.ts`).
// Answers memory questions over the IPC channel of a process forked with one; in any other
// process it does nothing. It holds no reference to the service's objects.
import { getHeapSpaceStatistics } from 'node:v8';

/** Questions from bench/memory.ts. */
export type ProbeRequest =
  /** Memory now; with `gc`, after two full collections (needs --expose-gc). */
  | { readonly kind: 'probe-memory'; readonly gc: boolean }
  /** Starts sampling the heap every `intervalMs` for its peak. */
  | { readonly kind: 'probe-peak-start'; readonly intervalMs: number }
  /** Stops sampling and answers the peaks. */
  | { readonly kind: 'probe-peak-stop' };

export interface ProbeMemory {
  readonly kind: 'probe-memory';
  readonly rss: number;
  /** Peak RSS of the process so far (getrusage maxRSS), bytes. */
  readonly maxRss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  /** Memory of C++ objects bound to JavaScript objects, Buffers' contents included. */
  readonly external: number;
  readonly arrayBuffers: number;
  /** Used bytes per V8 heap space (new_space, old_space, code_space, large_object_space, …). */
  readonly spaces: Readonly<Record<string, number>>;
}

export interface ProbePeak {
  readonly kind: 'probe-peak';
  readonly samples: number;
  readonly heapUsed: number;
  /** Heap the V8 has committed (what RSS sees of the heap). */
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly rss: number;
}

function memory(gc: boolean): ProbeMemory {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect !== undefined) {
    collect();
    collect();
  }
  const usage = process.memoryUsage();
  const spaces: Record<string, number> = {};
  for (const space of getHeapSpaceStatistics()) spaces[space.space_name] = space.space_used_size;
  return {
    kind: 'probe-memory',
    rss: usage.rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    spaces,
  };
}

let sampler: NodeJS.Timeout | undefined;
let peak = { samples: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, rss: 0 };

function sample(): void {
  const usage = process.memoryUsage();
  peak = {
    samples: peak.samples + 1,
    heapUsed: Math.max(peak.heapUsed, usage.heapUsed),
    heapTotal: Math.max(peak.heapTotal, usage.heapTotal),
    external: Math.max(peak.external, usage.external),
    arrayBuffers: Math.max(peak.arrayBuffers, usage.arrayBuffers),
    rss: Math.max(peak.rss, usage.rss),
  };
}

if (process.send !== undefined) {
  process.on('message', (message: ProbeRequest) => {
    switch (message.kind) {
      case 'probe-memory':
        process.send?.(memory(message.gc));
        return;
      case 'probe-peak-start':
        clearInterval(sampler);
        peak = { samples: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, rss: 0 };
        sample();
        sampler = setInterval(sample, message.intervalMs);
        sampler.unref();
        return;
      case 'probe-peak-stop': {
        clearInterval(sampler);
        sample();
        const reply: ProbePeak = { kind: 'probe-peak', ...peak };
        process.send?.(reply);
        return;
      }
    }
  });
  // The channel must not keep the service alive when it is asked to stop.
  process.channel?.unref();
}
