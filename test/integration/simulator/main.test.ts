// `npm run simulator`: the stand-alone simulator prints where everything listens, writes the
// client key and the gateway's API key to private files (never to the terminal), serves a lookup
// through its gateway with that key, and removes the files when stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let child: ChildProcess;
let output = '';

function field(label: string): string {
  const match = new RegExp(`${label}:\\s+(\\S+)`).exec(output);
  if (match?.[1] === undefined) throw new Error(`no "${label}" line in the simulator's output`);
  return match[1];
}

beforeAll(async () => {
  child = spawn(process.execPath, ['src/simulator/main.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes('Press Ctrl+C') && Date.now() < deadline && child.exitCode === null)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!output.includes('Press Ctrl+C')) throw new Error(`simulator did not start:\n${output}`);
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run simulator', () => {
  it('writes the keys to private files and never prints them', () => {
    const jwkFile = field('Client private JWK');
    const apiKeyFile = /the key in (\S+)\)/.exec(output)?.[1];
    expect(apiKeyFile).toBeDefined();
    for (const file of [jwkFile, apiKeyFile!]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const apiKey = readFileSync(apiKeyFile!, 'utf8');
    expect(apiKey.length).toBeGreaterThanOrEqual(16);
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain('"d":');
    expect(output).toContain(field('Token service \\(NAIS\\)'));
  });

  it('serves a KRR lookup through its gateway with the written key, and refuses a wrong one', async () => {
    const gateway = field('API gateway');
    const apiKey = readFileSync(/the key in (\S+)\)/.exec(output)![1]!, 'utf8');
    const id = /e\.g\. (\d{11})/.exec(output)?.[1];
    expect(id).toBeDefined();
    const lookup = (key: string): Promise<Response> =>
      fetch(`${gateway}/test/digdir/krr/personer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gravitee-api-key': key },
        body: JSON.stringify({ personidentifikatorer: [id] }),
      });
    const ok = await lookup(apiKey);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { personer: { personidentifikator: string }[] };
    expect(body.personer.map((p) => p.personidentifikator)).toEqual([id]);
    expect((await lookup(`${apiKey}x`)).status).toBe(401);
  });

  it('removes the key files and exits 0 on SIGTERM', async () => {
    const jwkFile = field('Client private JWK');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(existsSync(jwkFile)).toBe(false);
  });
});
