// .nais/app.yaml, rendered with each environment's variables: valid against the project's own
// JSON Schema of the NAIS Application fields it uses (test/deploy/schemas/), and in agreement with
// the code (configuration loader, served paths, presets, requested scopes, shutdown grace).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FREG_PRESETS, KRR_PRESETS } from '../../src/config/presets.ts';
import { declaredCallerScopes } from '../../src/graphql/schema.ts';
import {
  NAIS_PRESTOP_SECONDS,
  RUNTIME_VARIABLES,
  SECRET_NAME,
  SECRET_STAND_INS,
  SERVED_PATHS,
  loadConfigRecording,
  memorySizingProblems,
  naisInjected,
  requestedScopes,
} from './agreement.ts';
import { ROOT, at, naisEnv, naisScopes, renderNais, type JsonObject } from './render.ts';

const APPLICATION_SCHEMA = 'test/deploy/schemas/nais-application.schema.json';

// ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
const addFormats = addFormatsModule.default;
// strictRequired would refuse `oneOf: [{ required: [host] }, ...]`, whose properties sit beside it.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv, ['hostname', 'ipv4']);
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, APPLICATION_SCHEMA), 'utf8')));

/** `path keyword` of each error, e.g. `/spec/port type` (`/` is the manifest itself). */
function failures(manifest: unknown): string[] {
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.keyword}`);
}

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

  it(`validates against ${APPLICATION_SCHEMA}`, () => {
    expect(validate(app), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(app['apiVersion']).toBe('nais.io/v1alpha1');
    expect(app['kind']).toBe('Application');
  });

  it('sets only variables the configuration loader reads, and they load as an upstream start', () => {
    expect(
      Object.keys(env).filter((name) => !read.has(name) && !RUNTIME_VARIABLES.has(name)),
    ).toEqual([]);
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

  it("sizes V8's heap and the admission budget for the memory limit, from BENCHMARKS.md (j)", () => {
    const manifest = {
      limit: String(at(spec, 'resources.limits.memory')),
      request: String(at(spec, 'resources.requests.memory')),
      nodeOptions: env['NODE_OPTIONS'] ?? '',
    };
    expect(memorySizingProblems(manifest, config)).toEqual([]);
    // The same settings with a limit that cannot hold them are refused.
    expect(memorySizingProblems({ ...manifest, limit: '512Mi' }, config)).not.toEqual([]);
    expect(memorySizingProblems({ ...manifest, nodeOptions: '' }, config)).toEqual([
      'NODE_OPTIONS sets no --max-old-space-size or no --max-semi-space-size',
    ]);
    const small = '--max-old-space-size=64 --max-semi-space-size=16';
    expect(memorySizingProblems({ ...manifest, nodeOptions: small }, config)).toEqual([
      expect.stringMatching(
        /^--max-old-space-size 64 is below the \d+ MiB heap the budget allows$/,
      ),
    ]);
  });

  it('scales on CPU, sizes memory above the benchmark peak, and instruments through the SDK', () => {
    expect(at(spec, 'replicas.scalingStrategy.cpu.thresholdPercentage')).toBeTypeOf('number');
    expect(at(spec, 'replicas.min') as number).toBeGreaterThanOrEqual(2);
    // BENCHMARKS.md (f): peak RSS 487 MiB at most for one 10 000-person operation.
    expect(at(spec, 'resources.requests.memory')).toBe('640Mi');
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

describe(APPLICATION_SCHEMA, () => {
  const { app } = renderNais('test');
  /** The rendered test manifest with `change` applied to a copy of its spec. */
  function changed(change: (spec: JsonObject) => void): JsonObject {
    const copy = structuredClone(app);
    change(copy['spec'] as JsonObject);
    return copy;
  }

  it('accepts what a memory or CPU change would add: a variable, a CPU limit, other sizes', () => {
    const manifest = changed((spec) => {
      (spec['env'] as JsonObject[]).push({
        name: 'NODE_OPTIONS',
        value: '--max-old-space-size=768',
      });
      spec['resources'] = {
        requests: { cpu: '1', memory: '768Mi' },
        limits: { cpu: '2', memory: '2Gi' },
      };
    });
    expect(failures(manifest)).toEqual([]);
  });

  it('refuses a misspelled key in a closed object', () => {
    const manifest = changed((spec) => {
      (spec['resources'] as JsonObject)['limits'] = { memroy: '1024Mi' };
      spec['readines'] = spec['readiness']!;
      delete spec['readiness'];
    });
    expect(failures(manifest)).toEqual([
      '/spec additionalProperties',
      '/spec/resources/limits additionalProperties',
    ]);
    expect(validate.errors?.map((e) => e.params['additionalProperty'] as unknown)).toEqual([
      'readines',
      'memroy',
    ]);
  });

  it('refuses a wrong type, a wrong unit and a value outside its enum', () => {
    const manifest = changed((spec) => {
      spec['port'] = '8080';
      (spec['resources'] as JsonObject)['limits'] = { memory: '1GB' };
      (spec['observability'] as JsonObject)['autoInstrumentation'] = {
        enabled: true,
        runtime: 'node',
      };
      (spec['env'] as JsonObject[]).push({ name: 'LOG_LEVEL', value: 3 });
    });
    expect(failures(manifest).sort()).toEqual(
      [
        '/spec/port type',
        '/spec/resources/limits/memory pattern',
        '/spec/observability/autoInstrumentation/runtime enum',
        `/spec/env/${(at(app, 'spec.env') as unknown[]).length}/value type`,
      ].sort(),
    );
  });

  it('refuses a manifest without an image, a probe without a path, a host that is no host name', () => {
    const manifest = changed((spec) => {
      delete spec['image'];
      spec['liveness'] = { port: 8080 };
      (at(spec, 'accessPolicy.outbound.external') as JsonObject[]).push({
        host: 'not a host',
      });
    });
    const external = (at(app, 'spec.accessPolicy.outbound.external') as unknown[]).length;
    expect(failures(manifest).sort()).toEqual(
      [
        '/spec required',
        '/spec/liveness required',
        `/spec/accessPolicy/outbound/external/${external}/host format`,
      ].sort(),
    );
  });

  it('refuses one envFrom entry naming two sources, and a key beside spec', () => {
    const manifest = changed((spec) => {
      spec['envFrom'] = [{ secret: 'person-subgraph-audit', configmap: 'person-subgraph' }];
    });
    manifest['specs'] = {};
    expect(failures(manifest).sort()).toEqual([
      '/ additionalProperties',
      '/spec/envFrom/0 maxProperties',
    ]);
  });
});
