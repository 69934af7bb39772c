// .nais/app.yaml, rendered with each environment's variables: valid against the vendored NAIS
// Application CRD, and in agreement with the code (configuration loader, served paths, presets,
// requested scopes, shutdown grace).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FREG_PRESETS, KRR_PRESETS } from '../../src/config/presets.ts';
import { declaredCallerScopes } from '../../src/graphql/schema.ts';
import {
  NAIS_PRESTOP_SECONDS,
  SECRET_NAME,
  SECRET_STAND_INS,
  SERVED_PATHS,
  loadConfigRecording,
  naisInjected,
  requestedScopes,
} from './agreement.ts';
import { ROOT, at, isObject, naisEnv, naisScopes, renderNais, type JsonObject } from './render.ts';

function applicationSchema(): object {
  const crd: unknown = parse(
    readFileSync(join(ROOT, 'test/deploy/schemas/nais.io_applications.yaml'), 'utf8'),
  );
  const versions = at(crd, 'spec.versions');
  if (!Array.isArray(versions)) throw new Error('CRD without versions');
  const schema = at(
    versions.find((v) => at(v, 'name') === 'v1alpha1'),
    'schema.openAPIV3Schema',
  );
  if (!isObject(schema)) throw new Error('CRD without a v1alpha1 schema');
  return schema;
}

// One maskinporten pattern uses `\:`, which only non-unicode regular expressions accept.
const validate = new Ajv({
  strict: false,
  allErrors: true,
  unicodeRegExp: false,
  // Formats of the schema's status part: the type is checked, the format is not.
  formats: { int32: true, int64: true, 'date-time': true },
}).compile(applicationSchema());

describe.each(['test', 'prod'] as const)('.nais/app.yaml with .nais/%s.yaml', (environment) => {
  const { app, vars } = renderNais(environment);
  const spec = app['spec'] as JsonObject;
  const env = naisEnv(app);
  const port = at(app, 'spec.port');
  const { config, read } = loadConfigRecording({
    ...naisInjected(typeof port === 'number' ? port : 0, environment),
    ...SECRET_STAND_INS,
    ...env,
  });

  it('validates against the Application CRD schema from nais/liberator', () => {
    expect(validate(app), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(app['apiVersion']).toBe('nais.io/v1alpha1');
    expect(app['kind']).toBe('Application');
  });

  it('sets only variables the configuration loader reads, and they load as an upstream start', () => {
    expect(Object.keys(env).filter((name) => !read.has(name))).toEqual([]);
    expect(config.mode).toBe('upstream');
    expect(config.upstream?.tokenService?.endpoint.href).toBe('http://127.0.0.1:7164/api/v1/token');
  });

  it("verifies callers against Entra ID from the platform's AZURE_* variables", () => {
    expect(at(spec, 'azure.application.enabled')).toBe(true);
    expect(config.auth?.source).toBe('azure');
    expect(Object.keys(env).filter((name) => name.startsWith('AUTH_'))).toEqual([]);
    const rules = at(spec, 'accessPolicy.inbound.rules');
    expect(rules).toEqual([
      {
        application: at(vars, 'router.application'),
        namespace: at(vars, 'router.namespace'),
        permissions: { roles: expect.any(Array) as unknown },
      },
    ]);
  });

  it("grants the router app roles that are the schema's caller scopes under their mapped names", () => {
    // Entra ID app-only tokens carry `roles`, which are read as scopes for Entra ID callers.
    expect(config.auth?.rolesAsScopes).toBe(true);
    const names = config.schema.callerScopeNames;
    expect([...names.keys()].sort()).toEqual([...declaredCallerScopes()].sort());
    const roles = at(spec, 'accessPolicy.inbound.rules.0.permissions.roles');
    expect(Array.isArray(roles) && roles.length > 0).toBe(true);
    const mapped = new Set(names.values());
    for (const role of roles as unknown[]) expect(mapped.has(role as string)).toBe(true);
  });

  it('probes the served paths on the port the service listens on', () => {
    expect(config.http.port).toBe(port);
    expect(config.http.host).toBe('0.0.0.0');
    for (const probe of ['liveness', 'readiness']) {
      expect(SERVED_PATHS).toContain(at(spec, `${probe}.path`));
      expect(at(spec, `${probe}.port`) ?? port).toBe(port);
    }
    expect(at(spec, 'liveness.path')).toBe('/health/live');
    expect(at(spec, 'readiness.path')).toBe('/health/ready');
    expect(at(spec, 'prometheus')).toEqual({ enabled: true, path: '/metrics' });
  });

  it('allows egress to exactly the preset hosts of KRR_ENV and FREG_ENV', () => {
    const hosts = (at(spec, 'accessPolicy.outbound.external') as JsonObject[]).map(
      (e) => e['host'],
    );
    const configured = [config.upstream?.krr?.baseUrl.host, config.upstream?.freg?.baseUrl.host];
    expect(hosts.sort()).toEqual(configured.sort());
    expect(configured.sort()).toEqual(
      [new URL(KRR_PRESETS[environment]).host, new URL(FREG_PRESETS[environment]).host].sort(),
    );
  });

  it('consumes exactly the Maskinporten scopes the register clients request', () => {
    expect(at(spec, 'maskinporten.enabled')).toBe(true);
    expect(naisScopes(app)).toEqual(requestedScopes(config));
  });

  it('outlasts the shutdown grace period plus the preStop sleep', () => {
    expect(at(spec, 'preStopHook')).toBeUndefined();
    const grace = at(spec, 'terminationGracePeriodSeconds');
    expect(typeof grace).toBe('number');
    expect(grace as number).toBeGreaterThan(config.shutdown.graceMs / 1000 + NAIS_PRESTOP_SECONDS);
  });

  it('scales on CPU, sizes memory above the benchmark peak, and instruments through the SDK', () => {
    expect(at(spec, 'replicas.scalingStrategy.cpu.thresholdPercentage')).toBeTypeOf('number');
    expect(at(spec, 'replicas.min') as number).toBeGreaterThanOrEqual(2);
    // BENCHMARKS.md (f): peak RSS 487 MiB at most for one 10 000-person operation.
    expect(at(spec, 'resources.requests.memory')).toBe('512Mi');
    expect(at(spec, 'resources.limits.memory')).toBe('1024Mi');
    expect(at(spec, 'observability.autoInstrumentation')).toEqual({
      enabled: true,
      runtime: 'sdk',
    });
  });

  it('holds no secret inline: secrets come only by reference', () => {
    expect(Object.keys(env).filter((name) => SECRET_NAME.test(name))).toEqual([]);
    expect(at(spec, 'envFrom')).toEqual([{ secret: 'person-subgraph-audit' }]);
    expect(Object.keys(SECRET_STAND_INS).filter((name) => name in env)).toEqual([]);
    expect(config.audit.hmacKey).not.toBeNull();
  });
});
