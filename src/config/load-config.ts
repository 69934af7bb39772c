// Reads and validates the environment into a Config. Pure: takes an env record, collects every
// problem, and throws one ConfigError listing them all. Secrets are wrapped at once.
import { largestAdmissible, RESERVED_SHARE } from '../graphql/admission.ts';
import { readCallerAuth } from './caller-auth.ts';
import { ConfigError } from './config-error.ts';
import type { Config } from './config.ts';
import { Secret } from './secret.ts';
import { readUpstreamConfig, UPSTREAM_VARIABLES, type ConfigIo } from './upstream.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Persons in flight per replica: what the manifests' 1024 Mi memory limit holds with a 20%
 * margin, from the memory figures in BENCHMARKS.md (j) (README.md "Admission and memory" shows
 * the arithmetic; test/deploy checks it against bench/results/memory.json).
 */
export const DEFAULT_MAX_PERSONS_IN_FLIGHT = 30_000;

/** Long enough for a running 10 000-person operation to finish (~1.3 s in BENCHMARKS.md). */
export const DEFAULT_ADMISSION_WAIT_MS = 3_000;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

class Reader {
  readonly problems: string[] = [];
  readonly #env: Env;

  constructor(env: Env) {
    this.#env = env;
  }

  string(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }
}

/**
 * Validates the environment; throws ConfigError listing every problem. `io` reads certificate
 * files (default the file system) and gives the time their validity is checked at.
 */
export function loadConfig(env: Env, io: ConfigIo = {}): Config {
  const r = new Reader(env);
  const configured = UPSTREAM_VARIABLES.filter((name) => r.string(name) !== undefined);
  const mode: Config['mode'] = configured.length === 0 ? 'simulator' : 'upstream';

  const port = r.integer('PORT', 4000, 0, 65535);
  const host = r.string('HOST') ?? (mode === 'simulator' ? '127.0.0.1' : '0.0.0.0');
  const logLevel = r.string('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.has(logLevel))
    r.problems.push(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);

  // Registers, credentials, gateway, presets: see upstream.ts.
  const upstream: Config['upstream'] =
    mode === 'upstream' ? readUpstreamConfig(env, r.problems, io) : null;

  // AUTH_*, or the platform's Entra ID / TokenX variables: see caller-auth.ts.
  const auth: Config['auth'] = mode === 'upstream' ? readCallerAuth(env, r.problems) : null;

  const callerScopeNames = new Map<string, string>();
  const scopeMap = r.string('CALLER_SCOPE_MAP');
  if (scopeMap !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(scopeMap);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      r.problems.push(
        'CALLER_SCOPE_MAP must be a JSON object mapping schema scope names to deployment scope names',
      );
    } else {
      for (const [from, to] of Object.entries(parsed)) {
        if (typeof to !== 'string' || to.trim() === '' || /\s/.test(to)) {
          r.problems.push(
            `CALLER_SCOPE_MAP: the name for "${from}" must be a non-empty string without spaces`,
          );
        } else {
          callerScopeNames.set(from, to);
        }
      }
    }
  }

  const auditKey = r.string('AUDIT_HMAC_KEY');
  if (mode === 'upstream' && auditKey === undefined) {
    r.problems.push(
      'AUDIT_HMAC_KEY is required outside simulator mode (it pseudonymises identities in the audit trail)',
    );
  } else if (auditKey !== undefined && auditKey.length < 32) {
    r.problems.push('AUDIT_HMAC_KEY must be at least 32 characters');
  }
  const auditFile = r.string('AUDIT_LOG_FILE');

  const maxPersonsPerOperation = r.integer('MAX_PERSONS_PER_OPERATION', 10_000, 1, 1_000_000);
  const maxPersonsInFlight = r.integer(
    'MAX_PERSONS_IN_FLIGHT',
    DEFAULT_MAX_PERSONS_IN_FLIGHT,
    1,
    10_000_000,
  );
  if (largestAdmissible(maxPersonsInFlight) < maxPersonsPerOperation) {
    r.problems.push(
      `MAX_PERSONS_IN_FLIGHT (${maxPersonsInFlight}) must admit one operation of MAX_PERSONS_PER_OPERATION (${maxPersonsPerOperation}) besides the ${RESERVED_SHARE * 100}% kept for small operations: at least ${Math.ceil(maxPersonsPerOperation / (1 - RESERVED_SHARE))}`,
    );
  }

  const config: Config = {
    mode,
    http: {
      host,
      port,
      maxBodyBytes: r.integer('MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    },
    upstream,
    auth,
    schema: { authDirectives: r.boolean('SCHEMA_AUTH_DIRECTIVES', true), callerScopeNames },
    limits: {
      maxPersonsPerOperation,
      maxPersonsInFlight,
      admissionWaitMs: r.integer('ADMISSION_WAIT_MS', DEFAULT_ADMISSION_WAIT_MS, 0, 60_000),
      upstreamConcurrency: r.integer('UPSTREAM_CONCURRENCY', 4, 1, 64),
      maxDepth: r.integer('MAX_QUERY_DEPTH', 10, 2, 100),
      maxAliases: r.integer('MAX_ALIASES', 30, 0, 10_000),
      maxRootFields: r.integer('MAX_ROOT_FIELDS', 20, 1, 1000),
      maxCost: r.integer('MAX_QUERY_COST', 1_000_000, 1, 1_000_000_000),
    },
    timeouts: {
      connectMs: r.integer('UPSTREAM_CONNECT_TIMEOUT_MS', 2_000, 1, 60_000),
      headersMs: r.integer('UPSTREAM_HEADERS_TIMEOUT_MS', 10_000, 1, 120_000),
      bodyMs: r.integer('UPSTREAM_BODY_TIMEOUT_MS', 10_000, 1, 120_000),
      tokenMs: r.integer('MASKINPORTEN_TIMEOUT_MS', 5_000, 1, 60_000),
      operationMs: r.integer('OPERATION_DEADLINE_MS', 15_000, 100, 300_000),
    },
    resilience: {
      maxRetries: r.integer('UPSTREAM_MAX_RETRIES', 2, 0, 5),
      retryBaseDelayMs: r.integer('UPSTREAM_RETRY_BASE_DELAY_MS', 100, 1, 10_000),
      retryMaxDelayMs: r.integer('UPSTREAM_RETRY_MAX_DELAY_MS', 1_000, 1, 30_000),
      maxRetryAfterMs: r.integer('UPSTREAM_MAX_RETRY_AFTER_MS', 3_000, 0, 60_000),
      circuitFailureThreshold: r.integer('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 1000),
      circuitOpenMs: r.integer('CIRCUIT_OPEN_MS', 5_000, 1, 600_000),
    },
    identifiers: { allowSynthetic: r.boolean('ALLOW_SYNTHETIC_IDENTIFIERS', true) },
    callerTokens: { verifiedCacheMs: r.integer('AUTH_TOKEN_CACHE_MS', 30_000, 0, 300_000) },
    shutdown: { graceMs: r.integer('SHUTDOWN_GRACE_MS', 25_000, 0, 600_000) },
    audit: {
      hmacKey: auditKey === undefined ? null : new Secret(auditKey),
      destination: auditFile === undefined ? 'stdout' : { file: auditFile },
    },
    graphql: {
      introspection: r.boolean('GRAPHQL_INTROSPECTION', mode === 'simulator'),
      includeStacktrace: r.boolean('GRAPHQL_STACKTRACES', false),
      explorer: r.boolean('GRAPHQL_EXPLORER', mode === 'simulator'),
    },
    logLevel,
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(config);
}
