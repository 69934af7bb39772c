// The service as production starts it: a child process running package.json's `start` command
// (`node --import ./src/observability/tracing-preload.ts src/index.ts`) with the pinned Node, in
// upstream mode against a given simulator. Used by tests and by the replica runner.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../src/simulator/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PINNED_NODE = join(ROOT, 'node_modules/node/bin/node');
/** The Node the project pins (the `node` devDependency); the running one otherwise. */
export const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;

/** A loopback port free a moment ago (for a child that cannot report the one it got). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** package.json's `start` script as node arguments (it must start with `node `). */
export function startArguments(root = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return args;
}

/** Environment for upstream mode against the simulator (KRR and Freg, direct Maskinporten). */
export function upstreamEnv(sim: Simulator): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    KRR_URL: sim.krrUrl,
    FREG_URL: sim.fregUrl,
    MASKINPORTEN_WELL_KNOWN_URL: sim.maskinporten.wellKnownUrl,
    MASKINPORTEN_CLIENT_ID: sim.client.clientId,
    MASKINPORTEN_CLIENT_JWK: JSON.stringify(sim.client.privateJwk),
    AUTH_ISSUER: sim.idp.issuer,
    AUTH_AUDIENCE: sim.idp.audience,
    AUTH_JWKS_URI: sim.idp.jwksUri,
    AUDIT_HMAC_KEY: 'service-process-audit-key-0123456789abcdef',
  };
}

export interface ServiceProcess {
  readonly process: ChildProcess;
  /** http://127.0.0.1:port (no path). */
  readonly base: string;
  /** Log and audit lines from stdout (when piped). */
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let captureCount = 0;

/**
 * Spawns the service and resolves when it listens. With piped stdout, lines are collected (and
 * mirrored to LOG_SCAN_DIR for the personal-data scan) and the address is read from the
 * `started` line; otherwise `port` must be given and readiness is polled.
 */
export async function spawnService(options: {
  readonly env: Record<string, string>;
  readonly stdio?: StdioOptions;
  readonly port?: number;
  readonly timeoutMs?: number;
  /** Node options placed before the start script's own (a benchmark's probe, --expose-gc). */
  readonly nodeArgs?: readonly string[];
  /** Another checkout of the project to start instead of this one (a side-by-side benchmark). */
  readonly root?: string;
}): Promise<ServiceProcess> {
  const stdio = options.stdio ?? ['ignore', 'pipe', 'pipe'];
  const env = {
    ...options.env,
    ...(options.port === undefined ? {} : { PORT: String(options.port) }),
  };
  const root = options.root ?? ROOT;
  const child = spawn(NODE, [...(options.nodeArgs ?? []), ...startArguments(root)], {
    cwd: root,
    stdio,
    env,
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const dir = process.env['LOG_SCAN_DIR'];
  const scanFile =
    dir === undefined || dir === ''
      ? undefined
      : join(dir, `service-${process.pid}-${++captureCount}.jsonl`);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let started: (base: string) => void = () => {};
  const startedLine = new Promise<string>((resolve) => (started = resolve));
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) {
      if (line === '') continue;
      lines.push(line);
      if (scanFile !== undefined) appendFileSync(scanFile, `${line}\n`);
      if (line.includes('"event":"started"')) {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url !== undefined) started(parsed.url.replace(/\/graphql$/, ''));
      }
    }
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ready =
    child.stdout !== null
      ? startedLine
      : (async () => {
          const base = `http://127.0.0.1:${options.port ?? 0}`;
          const deadline = Date.now() + timeoutMs;
          while (Date.now() < deadline) {
            const ok = await fetch(`${base}/health/ready`)
              .then((response) => response.status === 200)
              .catch(() => false);
            if (ok) return base;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          throw new Error('the service did not become ready');
        })();
  let timer: NodeJS.Timeout | undefined;
  const base = await Promise.race([
    ready,
    exited.then(({ code }) => {
      throw new Error(`the service exited with ${String(code)} before starting: ${stderr}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the service did not start: ${stderr}`)),
        timeoutMs,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  return { process: child, base, lines, exited };
}
