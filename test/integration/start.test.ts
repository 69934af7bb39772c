// `npm start` with no configuration: the process starts the simulator and the subgraph, prints
// where it listens, serves a real query, exposes health and metrics, and stops on SIGTERM.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let child: ChildProcess;
let url: string;
let output = '';
let queried: readonly string[] = [];

beforeAll(async () => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('KRR_') && !key.startsWith('MASKINPORTEN_'))
      env[key] = value;
  }
  child = spawn(process.execPath, ['src/index.ts'], {
    env: { ...env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /at (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output);
    if (match?.[1] !== undefined) {
      url = match[1];
      return;
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`service did not start:\n${output}`);
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start without configuration', () => {
  it('says loudly that it runs against the simulator and prints an example query', () => {
    expect(output).toContain('SIMULATOR MODE');
    expect(output).toContain('curl -s');
  });

  it('serves the example query from its own printout, with a token from `npm run token`', async () => {
    const match = /-d '(.+)'\n/.exec(output);
    expect(match).not.toBeNull();
    queried = [...match![1]!.matchAll(/(?<!\d)\d{11}(?!\d)/g)].map((m) => m[0]);
    expect(queried).toHaveLength(3);
    const base = url.replace('/graphql', '');
    const scopes = [
      'person:kontaktinformasjon.read',
      'person:digitalpost.read',
      'person:folkeregister.read',
    ];
    const token = execFileSync(
      process.execPath,
      ['scripts/token.ts', '--url', base, ...scopes.flatMap((scope) => ['--scope', scope])],
      { encoding: 'utf8' },
    ).trim();
    expect(token).toMatch(/^eyJ/);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: match![1]!,
    });
    const body = (await response.json()) as {
      data: {
        personer: { kontaktregisterstatus: string; navn: { visningsnavn: string } | null }[];
      };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.personer).toHaveLength(3);
    expect(body.data.personer[0]?.kontaktregisterstatus).toMatch(/AKTIV|SLETTET/);
    expect(body.data.personer[0]?.navn?.visningsnavn).toMatch(/^\p{Lu}/u);
  });

  it('serves Query.meg with an ID-porten token from `npm run token -- --idporten-pid`', async () => {
    expect(output).toContain('x-idporten-token');
    const base = url.replace('/graphql', '');
    const token = (args: string[]): string =>
      execFileSync(process.execPath, ['scripts/token.ts', '--url', base, ...args], {
        encoding: 'utf8',
      }).trim();
    const caller = token(['--scope', 'person:kontaktinformasjon.read']);
    const user = token(['--idporten-pid', queried[0]!]);
    expect(user).toMatch(/^eyJ/);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${caller}`,
        'x-idporten-token': user,
      },
      body: JSON.stringify({ query: '{ meg { personidentifikator kontaktregisterstatus } }' }),
    });
    const body = (await response.json()) as {
      data: { meg: { personidentifikator: string; kontaktregisterstatus: string } | null };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.meg?.personidentifikator).toBe(queried[0]);
    expect(body.data.meg?.kontaktregisterstatus).toMatch(/AKTIV|SLETTET|IKKE_REGISTRERT/);
  });

  it('answers a malformed development token request with 400 and a usage hint', async () => {
    const base = url.replace('/graphql', '');
    for (const [path, body] of [
      ['/dev/token', '{"scopes":"person:folkeregister.read"}'],
      ['/dev/idporten-token', '{"pid":"123"}'],
      ['/dev/idporten-token', 'not json'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method: 'POST', body });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(answer.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(answer.errors[0]?.message).toMatch(/^Send \{/);
    }
  });

  it('refuses person data without a token', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ personer(personidentifikatorer: []) { kanVarsles } }' }),
    });
    expect(response.status).toBe(401);
  });

  it('answers health checks and exposes upstream metrics without personal data', async () => {
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/upstream_requests_total\{upstream="krr",status="200"\} [1-9]/);
    expect(metrics).toMatch(
      /upstream_requests_total\{upstream="maskinporten",status="200"\} [1-9]/,
    );
    expect(metrics).toMatch(/upstream_batch_identifiers_bucket\{le="10",upstream="krr"\} [1-9]/);
    // Metric values may have 11 digits (memory sizes, long fractions); the queried ids may not.
    expect(queried).toHaveLength(3);
    for (const id of queried) expect(metrics).not.toContain(id);
    expect(metrics).not.toMatch(/\{[^}]*(?<!\d)\d{11}(?!\d)[^}]*\}/);
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
