// What the manifests are checked against: the configuration loader (which variables it reads, what
// it makes of them), the paths the server serves, and the scopes the register clients request.
import { readFileSync } from 'node:fs';
import { loadConfig, type Env } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/config.ts';
import { RETTIGHETSPAKKER } from '../../src/upstream/freg/freg-client.ts';

/** Served by src/http/server.ts without GraphQL; the integration test asks each over HTTP. */
export const SERVED_PATHS = ['/health/live', '/health/ready', '/metrics', '/graphql'];

/** NAIS's native preStop sleep when the Application sets no preStop hook (naiserator pod.go). */
export const NAIS_PRESTOP_SECONDS = 5;

/** Stand-in values for what NAIS injects next to an Application's own env (platform reference). */
export function naisInjected(port: number, registers: 'test' | 'prod'): Env {
  const maskinporten =
    registers === 'prod' ? 'https://maskinporten.no/' : 'https://test.maskinporten.no/';
  return {
    PORT: String(port),
    BIND_ADDRESS: `0.0.0.0:${port}`,
    NAIS_APP_NAME: 'person-subgraph',
    NAIS_NAMESPACE: 'team-person',
    NAIS_CLUSTER_NAME: `${registers}-gcp`,
    NAIS_APP_IMAGE: 'example.invalid/person-subgraph:1',
    NAIS_POD_NAME: 'person-subgraph-1',
    NAIS_CLIENT_ID: `${registers}-gcp:team-person:person-subgraph`,
    NAIS_TOKEN_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token',
    NAIS_TOKEN_EXCHANGE_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token/exchange',
    NAIS_TOKEN_INTROSPECTION_ENDPOINT: 'http://127.0.0.1:7164/api/v1/introspect',
    AZURE_APP_CLIENT_ID: '00000000-0000-4000-8000-000000000001',
    AZURE_APP_WELL_KNOWN_URL:
      'https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration',
    AZURE_OPENID_CONFIG_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    AZURE_OPENID_CONFIG_JWKS_URI: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys',
    MASKINPORTEN_WELL_KNOWN_URL: `${maskinporten}.well-known/oauth-authorization-server`,
    MASKINPORTEN_ISSUER: maskinporten,
    MASKINPORTEN_JWKS_URI: `${maskinporten}jwk`,
    OTEL_SERVICE_NAME: 'person-subgraph',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://opentelemetry-collector.nais-system:4317',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
  };
}

/** A value for each secret key a manifest's Secret is documented to hold (README "Deploy"). */
export const SECRET_STAND_INS: Env = {
  AUDIT_HMAC_KEY: 'stand-in-audit-key-'.padEnd(40, 'x'),
};

/** Runs loadConfig on `env` and records every variable name it read. */
export function loadConfigRecording(env: Env): { config: Config; read: ReadonlySet<string> } {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  return { config: loadConfig(recording), read };
}

/** The Maskinporten scopes the register clients request with `config`. */
export function requestedScopes(config: Config): string[] {
  const upstream = config.upstream;
  if (upstream === null) return [];
  return [
    ...(upstream.krr?.scopes ?? []),
    ...(upstream.freg === null ? [] : [RETTIGHETSPAKKER[upstream.freg.rettighetspakke].scope]),
  ].sort();
}

/** Variable names that hold secrets: they may only come from a Secret, never inline. */
export const SECRET_NAME = /KEY|SECRET|JWK(?!S)|PASSPHRASE|PASSWORD|TOKEN(?!_ENDPOINT|_CACHE)/;

/** Read by Node itself rather than the configuration loader: V8's heap sizes. */
export const RUNTIME_VARIABLES: ReadonlySet<string> = new Set(['NODE_OPTIONS']);

/** A Kubernetes memory quantity (`512Mi`, `1Gi`) in MiB. */
export function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (match === null) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** The share of a replica's memory limit kept free of measured use (README "Admission and memory"). */
export const MEMORY_MARGIN = 0.2;

/** The figures of BENCHMARKS.md (j) a replica is sized from (bench/results/memory.json). */
export interface MemorySizingFigures {
  /** RSS at rest with tracing on, plus what operations leave behind, MiB. */
  readonly baseMiB: number;
  /** The largest peak RSS growth per person in flight over the concurrency rows, KiB. */
  readonly growthKiBPerPerson: number;
  /** The largest peak heap used per person in flight over the concurrency rows, KiB. */
  readonly heapKiBPerPerson: number;
}

interface MedianOf {
  readonly median: number;
}

export function memorySizingFigures(): MemorySizingFigures {
  const results = JSON.parse(
    readFileSync(new URL('../../bench/results/memory.json', import.meta.url), 'utf8'),
  ) as {
    rest: { stage: string; rssMiB: MedianOf }[];
    concurrent: {
      personsInFlight: number;
      growthKiBPerPerson: MedianOf;
      peakHeapUsedMiB: MedianOf;
    }[];
  };
  const rss = (name: string): number => {
    const found = results.rest.find((row) => row.stage === name);
    if (found === undefined) throw new Error(`bench/results/memory.json has no stage ${name}`);
    return found.rssMiB.median;
  };
  const left = rss('service+operations') - rss('service');
  return {
    baseMiB: rss('service+tracing') + Math.max(0, left),
    growthKiBPerPerson: Math.max(...results.concurrent.map((row) => row.growthKiBPerPerson.median)),
    heapKiBPerPerson: Math.max(
      ...results.concurrent.map((row) => (row.peakHeapUsedMiB.median * 1024) / row.personsInFlight),
    ),
  };
}

/**
 * Persons in flight a replica with this memory limit holds: the limit less the margin and the
 * base, over the growth per person.
 */
export function personsInFlightFor(limitMiB: number, figures: MemorySizingFigures): number {
  return Math.floor(
    ((limitMiB * (1 - MEMORY_MARGIN) - figures.baseMiB) * 1024) / figures.growthKiBPerPerson,
  );
}

/** V8's heap limits in NODE_OPTIONS (MiB), or null for a limit not set. */
export function heapLimits(nodeOptions: string): {
  readonly oldSpaceMiB: number | null;
  readonly semiSpaceMiB: number | null;
} {
  const value = (flag: string): number | null => {
    const match = new RegExp(`(?:^|\\s)--${flag}=(\\d+)(?:\\s|$)`).exec(nodeOptions);
    return match === null ? null : Number(match[1]);
  };
  return { oldSpaceMiB: value('max-old-space-size'), semiSpaceMiB: value('max-semi-space-size') };
}

/**
 * What is wrong with a manifest's memory settings against the measured figures. The memory limit
 * is kept by the admission budget: the budget must fit the limit with the margin, V8's heap
 * limits must be set and its old-space limit must not bind before the budget does, and the
 * request must hold the base and one largest operation.
 */
export function memorySizingProblems(
  manifest: { readonly limit: string; readonly request: string; readonly nodeOptions: string },
  config: Config,
  figures: MemorySizingFigures = memorySizingFigures(),
): string[] {
  const problems: string[] = [];
  const limit = mebibytes(manifest.limit);
  const request = mebibytes(manifest.request);
  const budget = config.limits.maxPersonsInFlight;
  const { oldSpaceMiB, semiSpaceMiB } = heapLimits(manifest.nodeOptions);
  if (oldSpaceMiB === null || semiSpaceMiB === null) {
    problems.push('NODE_OPTIONS sets no --max-old-space-size or no --max-semi-space-size');
  } else {
    const heapAtBudget = Math.ceil((budget * figures.heapKiBPerPerson) / 1024);
    if (oldSpaceMiB < heapAtBudget)
      problems.push(
        `--max-old-space-size ${oldSpaceMiB} is below the ${heapAtBudget} MiB heap the budget allows`,
      );
  }
  const largest = (config.limits.maxPersonsPerOperation * figures.growthKiBPerPerson) / 1024;
  if (figures.baseMiB + largest > request)
    problems.push(`the request ${request} MiB holds less than the base and one largest operation`);
  const fits = personsInFlightFor(limit, figures);
  if (budget > fits)
    problems.push(`MAX_PERSONS_IN_FLIGHT ${budget} exceeds the ${fits} the limit holds`);
  return problems;
}
