// Runs a gateway as a child process on loopback: a free port, output kept for diagnostics,
// readiness by polling its GraphQL endpoint (bounded), and a stop that escalates to SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The folder with this suite's own package.json and node_modules. */
export const GATEWAYS_DIR = new URL('..', import.meta.url).pathname;

/** Path of a file in the gateways' node_modules, or null when it is not installed. */
export function installed(...parts: string[]): string | null {
  const path = join(GATEWAYS_DIR, 'node_modules', ...parts);
  return existsSync(path) ? path : null;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface GatewayProcess {
  readonly url: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

export interface GatewayProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The GraphQL endpoint the process will serve. */
  readonly url: string;
  readonly readyTimeoutMs?: number;
}

/** Ready once the endpoint answers GraphQL (a gateway with authentication may refuse `{ __typename }`). */
async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    return response.status < 500 && (body.data !== undefined || body.errors !== undefined);
  } catch {
    return false;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

/** Starts the process and resolves once it answers `{ __typename }`; rejects with its output otherwise. */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    // An open stdin: `grafbase dev` exits as soon as its stdin reaches end of file.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const output = (): string => chunks.join('').slice(-8_000);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await isReady(options.url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child);
      throw new Error(
        `${options.command} did not become ready at ${options.url} (exit ${String(child.exitCode)}):\n${output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: options.url, output, close: () => stop(child) };
}
