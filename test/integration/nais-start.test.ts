// The service started as NAIS starts it: package.json's start command, .nais/app.yaml's env for
// the test environment, and the variables the platform injects (Entra ID's AZURE_*, the token
// sidecar's NAIS_TOKEN_ENDPOINT, PORT) pointing at the simulator, with no AUTH_* at all. Caller
// tokens are verified from the JWKS over real HTTP; the register calls carry exactly the
// manifest's Maskinporten scopes; probes and /metrics answer; SIGTERM ends it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../src/simulator/idp.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { ROOT, at, naisEnv, naisScopes, renderNais, type JsonObject } from '../deploy/render.ts';
import { NODE, startArguments } from '../support/service-process.ts';
import { ALL_CALLER_SCOPES, LogCapture, startTestSimulator } from './support/stack.ts';

const PLATFORM_PREFIXES = /^(KRR_|FREG_|MASKINPORTEN_|AUTH_|AZURE_|TOKEN_X_|NAIS_)/;
const QUERY = `query ($ids: [ID!]!) {
  personer(personidentifikatorer: $ids) {
    kontaktregisterstatus
    digitalPost { postkasseadresse }
    navn { visningsnavn }
  }
}`;

interface Started {
  readonly child: ChildProcess;
  readonly logs: LogCapture;
  readonly exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !PLATFORM_PREFIXES.test(key)) inherited[key] = value;
  const child = spawn(NODE, startArguments(), {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = new LogCapture();
  child.stdout?.pipe(logs);
  child.stderr?.on('data', (chunk: Buffer) => logs.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, logs, exited };
}

async function startedUrl(started: Started): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && started.child.exitCode === null) {
    for (const line of started.logs.lines) {
      const url = /"event":"started".*"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/.exec(line)?.[1];
      if (url !== undefined) return url;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the service did not start:\n${started.logs.lines.join('\n')}`);
}

let sim: Simulator;
let otherIdp: DevIdentityProvider;
let service: Started;
let url: string;
let manifestScopes: string[];
/** The router's app roles in the manifest's inbound rule (caller scopes under their mapped names). */
let routerRoles: string[];

beforeAll(async () => {
  sim = await startTestSimulator();
  otherIdp = await startDevIdentityProvider({ audience: sim.idp.audience });
  const { app } = renderNais('test');
  const env = naisEnv(app);
  manifestScopes = naisScopes(app);
  routerRoles = at(app, 'spec.accessPolicy.inbound.rules.0.permissions.roles') as string[];
  // The register presets name the real hosts: here the simulator stands in for them.
  expect(env['KRR_ENV']).toBe('test');
  expect(env['FREG_ENV']).toBe('test');
  delete env['KRR_ENV'];
  delete env['FREG_ENV'];
  service = start({
    ...env,
    KRR_URL: sim.krrUrl,
    FREG_URL: sim.fregUrl,
    // Injected by NAIS (PORT 0 and HOST: loopback, any free port).
    PORT: '0',
    HOST: '127.0.0.1',
    NAIS_TOKEN_ENDPOINT: sim.tokenService.endpoint,
    AZURE_OPENID_CONFIG_ISSUER: sim.idp.issuer,
    AZURE_OPENID_CONFIG_JWKS_URI: sim.idp.jwksUri,
    AZURE_APP_CLIENT_ID: sim.idp.audience,
    AZURE_APP_WELL_KNOWN_URL: `${sim.idp.issuer}.well-known/openid-configuration`,
    // From the Secret the manifest references.
    AUDIT_HMAC_KEY: randomBytes(32).toString('base64url'),
  });
  url = await startedUrl(service);
});

afterAll(async () => {
  if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  await otherIdp?.close();
  await sim?.close();
});

async function ask(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { ids: sim.population.ids.slice(0, 3) } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("a start with the NAIS manifest's env and the platform's Entra ID variables alone", () => {
  it('says it verifies callers with the Entra ID variables', () => {
    expect(service.logs.lines.some((l) => l.includes('"callerTokens":"azure"'))).toBe(true);
  });

  it('answers the probe paths and /metrics', async () => {
    const base = url.replace(/\/graphql$/, '');
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      await response.text();
    }
  });

  it('accepts a caller token signed by the key in AZURE_OPENID_CONFIG_JWKS_URI', async () => {
    sim.recorder.reset();
    // What the router gets from Entra ID for itself: the manifest's app roles in `roles`.
    const { status, body } = await ask(await sim.idp.mint({ scopes: routerRoles, useRoles: true }));
    expect(status).toBe(200);
    expect(body['errors']).toBeUndefined();
    const personer = at(body, 'data.personer') as JsonObject[];
    expect(personer).toHaveLength(3);
    expect(at(personer[0], 'navn.visningsnavn')).toBeTypeOf('string');
    expect(at(personer[0], 'kontaktregisterstatus')).toMatch(/AKTIV|SLETTET|IKKE_REGISTRERT/);
  });

  it("calls the registers with exactly the manifest's Maskinporten scopes", () => {
    const calls = sim.recorder.calls.filter((c) => c.upstream === 'krr' || c.upstream === 'freg');
    expect(calls.map((c) => c.upstream).sort()).toEqual(['freg', 'krr']);
    expect([...new Set(calls.flatMap((c) => c.scopes))].sort()).toEqual(manifestScopes);
  });

  it("denies fields to a token with the schema's own scope names, which this deployment renames", async () => {
    const { status, body } = await ask(await sim.idp.mint({ scopes: ALL_CALLER_SCOPES }));
    expect(status).toBe(200);
    expect(at(body, 'errors.0.extensions.code')).toBe('FORBIDDEN');
    expect(at(body, 'data.personer.0.navn')).toBeNull();
  });

  it('refuses a token from another issuer with the same audience', async () => {
    const { body } = await ask(await otherIdp.mint({ scopes: routerRoles, useRoles: true }));
    expect(at(body, 'errors.0.extensions.code')).toBe('UNAUTHENTICATED');
    expect(at(body, 'data.personer')).toBeFalsy();
  });

  it('stops cleanly on SIGTERM', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.logs.lines.some((l) => l.includes('"event":"stopped"'))).toBe(true);
  });
});

describe('platform caller variables at start', () => {
  const upstream = {
    KRR_URL: 'http://127.0.0.1:9/',
    NAIS_TOKEN_ENDPOINT: 'http://127.0.0.1:9/api/v1/token',
    AUDIT_HMAC_KEY: 'k'.repeat(40),
    PORT: '0',
    HOST: '127.0.0.1',
  };

  it('refuses Entra ID and TokenX together, naming AUTH_PROVIDER', async () => {
    const started = start({
      ...upstream,
      AZURE_OPENID_CONFIG_ISSUER: 'https://issuer.example/',
      AZURE_OPENID_CONFIG_JWKS_URI: 'https://issuer.example/jwks',
      AZURE_APP_CLIENT_ID: 'client',
      TOKEN_X_ISSUER: 'https://tokenx.example/',
      TOKEN_X_JWKS_URI: 'https://tokenx.example/jwks',
      TOKEN_X_CLIENT_ID: 'cluster:team:app',
    });
    expect(await started.exited).toBe(1);
    const output = started.logs.lines.join('\n');
    expect(output).toContain('AUTH_PROVIDER=azure');
    expect(output).toContain('The service did not start');
  });

  it('refuses a partial Entra ID set, naming the missing variable', async () => {
    const started = start({
      ...upstream,
      AZURE_OPENID_CONFIG_ISSUER: 'https://issuer.example/',
      AZURE_OPENID_CONFIG_JWKS_URI: 'https://issuer.example/jwks',
    });
    expect(await started.exited).toBe(1);
    expect(started.logs.lines.join('\n')).toContain('AZURE_APP_CLIENT_ID is required');
  });
});
