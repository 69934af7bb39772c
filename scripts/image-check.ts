// Runs inside the Dockerfile's `test` stage (Node builtins only: the image has production
// dependencies alone). It stands in for `podman run`, which these build machines cannot do.
//
//   node image-check.ts lock            as root: every directory but /tmp loses its write bits for
//                                       others, as a read-only root filesystem would
//   node image-check.ts run <cmd> ...   as the image's non-root user: checks nothing outside /tmp is
//                                       writable, starts <cmd> (the image's CMD) in simulator mode,
//                                       asks the README's example query with a development token,
//                                       checks the answer, sends SIGTERM and expects a clean exit
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const WRITABLE = '/tmp';
// Kernel and runtime file systems, mounted by the container runtime, not part of the image.
const SKIP = new Set(['/proc', '/sys', '/dev', '/run', WRITABLE]);
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const SCOPES = [
  'person:kontaktinformasjon.read',
  'person:digitalpost.read',
  'person:folkeregister.read',
];

// The service under test; killed on any failure so that no process outlives the build step.
let service: ChildProcess | undefined;

function fail(message: string): never {
  process.stderr.write(`image-check: FAILED: ${message}\n`);
  if (service?.exitCode === null) service.kill('SIGKILL');
  process.exit(1);
}

function* directories(dir: string): Generator<string> {
  if (SKIP.has(dir)) return;
  yield dir;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable for this user: not writable either (checked by the caller on `dir`)
  }
  for (const entry of entries) if (entry.isDirectory()) yield* directories(join(dir, entry.name));
}

function lock(): void {
  let changed = 0;
  for (const dir of directories('/')) {
    const { mode } = lstatSync(dir);
    if ((mode & 0o022) !== 0) {
      chmodSync(dir, mode & 0o7755);
      changed++;
    }
  }
  process.stdout.write(`image-check: write bits removed from ${changed} directories\n`);
}

function checkReadOnly(): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) fail(`runs as uid ${String(uid)}, expected a non-root user`);
  const writable: string[] = [];
  for (const dir of directories('/')) {
    try {
      accessSync(dir, constants.W_OK);
      writable.push(dir);
    } catch {
      // not writable: as wanted
    }
  }
  if (writable.length > 0) fail(`writable outside ${WRITABLE}: ${writable.join(', ')}`);
  accessSync(WRITABLE, constants.W_OK);
  process.stdout.write(`image-check: uid ${uid}, only ${WRITABLE} writable\n`);
}

async function run(command: readonly string[]): Promise<void> {
  const [program, ...args] = command;
  if (program === undefined) fail('no command given after "run"');
  checkReadOnly();

  // Simulator mode: no upstream variables; PORT=0 because the build shares the host's network.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^(KRR_|FREG_|MASKINPORTEN_|NAIS_|AUTH_)/.test(key))
      env[key] = value;
  const child = spawn(program, args, {
    env: { ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service = child;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

  let url: string | undefined;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (url === undefined && Date.now() < deadline && child.exitCode === null) {
    url = /at (http:\/\/127\.0\.0\.1:\d+\/graphql)\n/.exec(output)?.[1];
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (url === undefined) {
    child.kill('SIGKILL');
    fail(`the service did not start:\n${output}`);
  }
  const example = /-d '(\{.+\})'\n/.exec(output)?.[1];
  if (example === undefined) fail('the start-up printout has no example query');

  const tokenResponse = await fetch(url.replace(/\/graphql$/, '/dev/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: SCOPES }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token?: unknown };
  if (typeof token !== 'string') fail(`no development token (HTTP ${tokenResponse.status})`);

  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: example,
  });
  const body = (await response.json()) as {
    data?: { personer?: { kontaktregisterstatus?: unknown; navn?: { visningsnavn?: unknown } }[] };
    errors?: unknown[];
  };
  const personer = body.data?.personer;
  if (response.status !== 200 || body.errors !== undefined || personer?.length !== 3)
    fail(`the example query was not answered in full (HTTP ${response.status})`);
  for (const person of personer) {
    if (person.kontaktregisterstatus !== 'AKTIV' && person.kontaktregisterstatus !== 'SLETTET')
      fail('a person lacks kontaktregisterstatus');
    if (typeof person.navn?.visningsnavn !== 'string') fail('a person lacks navn');
  }
  process.stdout.write(`image-check: example query answered (${personer.length} persons)\n`);

  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const { code, signal } = await exited;
  clearTimeout(timer);
  if (code !== 0) fail(`exit after SIGTERM: code ${String(code)}, signal ${String(signal)}`);
  if (!output.includes('"event":"stopped"')) fail('no "stopped" log line after SIGTERM');
  process.stdout.write('image-check: SIGTERM gave a clean exit (code 0)\n');
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'lock') lock();
else if (mode === 'run')
  await run(rest).catch((error: unknown) =>
    fail(error instanceof Error ? error.message : String(error)),
  );
else fail('usage: image-check.ts lock | run <command> [args...]');
