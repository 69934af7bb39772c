// Wires the service from a validated configuration: upstream agent, token provider, register
// clients, caller verification, schema, Apollo and the HTTP server. Used by index.ts and by
// end-to-end tests.
import type { Dispatcher } from 'undici';
import { createCallerVerifier, type CallerVerifierOptions } from './auth/caller/index.ts';
import { createTokenSources, type TokenSources } from './auth/token-sources.ts';
import type { Config, UpstreamConfig } from './config/config.ts';
import { Admission } from './graphql/admission.ts';
import { createContextFactory } from './graphql/context.ts';
import type { OperationPluginOptions } from './graphql/operation-plugin.ts';
import { buildSchema } from './graphql/schema.ts';
import { createApolloServer } from './http/apollo.ts';
import { createExplorer } from './http/explorer.ts';
import { startHttpServer } from './http/server.ts';
import type { Logger } from './observability/logger.ts';
import { AuditTrail } from './observability/audit.ts';
import { Metrics } from './observability/metrics.ts';
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { Secret } from './config/secret.ts';
import { CircuitBreaker, type CircuitState } from './upstream/circuit-breaker.ts';
import { createUpstreamAgent } from './upstream/http-client.ts';
import type { RetryPolicy } from './upstream/register-request.ts';
import { FregClient } from './upstream/freg/freg-client.ts';
import { KrrClient } from './upstream/krr/krr-client.ts';
import type { RegisterName } from './upstream/upstream-error.ts';

export interface ServiceDependencies {
  readonly logger: Logger;
  /** Resolved upstream configuration (the simulator's in simulator mode). */
  readonly upstream: UpstreamConfig;
  /** Resolved caller verification (the simulator's identity provider in simulator mode). */
  readonly auth: CallerVerifierOptions;
  /** Simulator mode only: mints development caller tokens for `POST /dev/token`. */
  readonly devTokens?: (scopes: readonly string[]) => Promise<string>;
  /** Simulator mode only: mints end users' ID-porten tokens for `POST /dev/idporten-token`. */
  readonly devIdportenTokens?: (pid: string) => Promise<string>;
  /** Identifiers for the explorer page's example query (simulator mode: from its population). */
  readonly exampleIds?: readonly string[];
  /** Clock, epoch ms; injected by tests. */
  readonly now?: () => number;
  /** Dispatcher for upstream calls; default a new Agent with the configured timeouts. */
  readonly dispatcher?: Dispatcher;
  /** Where audit events go instead of the configured destination (tests). */
  readonly auditStream?: DestinationStream;
  /** Tests: graphql-js execution instead of graphql-jit, as the reference for responses. */
  readonly referenceExecution?: boolean;
}

export interface RunningService {
  /** The GraphQL endpoint. */
  readonly url: string;
  readonly metrics: Metrics;
  /**
   * Stops accepting (readiness 503, new operations refused), lets in-flight operations finish
   * for up to `graceMs` (default the configured SHUTDOWN_GRACE_MS), then closes connections,
   * Apollo, the audit stream and upstream connections. Resolves with the number of operations
   * abandoned when the grace period ran out.
   */
  close(options?: {
    readonly graceMs?: number;
    readonly settleMs?: number;
  }): Promise<{ readonly abandoned: number; readonly auditComplete: boolean }>;
}

/**
 * Starts the service: register clients, caller verification, audit trail, Apollo and the HTTP
 * server, in that order; the HTTP server turns ready last.
 */
export async function startService(
  config: Config,
  deps: ServiceDependencies,
): Promise<RunningService> {
  const now = deps.now ?? Date.now;
  const metrics = new Metrics({ collectDefaults: true });
  const dispatcher = deps.dispatcher ?? createDispatcher(config);
  const registers = connectRegisters(config, deps, { dispatcher, metrics, now });
  const verifier = createCallerVerifier({
    verifiedTokenCacheMs: config.callerTokens.verifiedCacheMs,
    ...deps.auth,
  });
  // An audit trail that cannot write takes the instance out of rotation (readiness 503): it
  // must not serve person data it cannot account for.
  let auditFailed = false;
  let setReady: (ready: boolean) => void = () => {};
  const audit = createAuditTrail(config, deps, () => {
    auditFailed = true;
    setReady(false);
  });
  const prepared = buildSchema(config.schema);
  const apollo = createApolloServer({
    schema: prepared.schema,
    logger: deps.logger,
    introspection: config.graphql.introspection,
    includeStacktrace: config.graphql.includeStacktrace,
    ...(deps.referenceExecution === true ? { referenceExecution: true } : {}),
    observability: { logger: deps.logger, metrics, audit, callerScopeOf: prepared.callerScopeOf },
    operation: {
      maxPersons: config.limits.maxPersonsPerOperation,
      callerScopeOf: prepared.callerScopeOf,
      costDirectives: prepared.costDirectives,
      queryLimits: {
        maxDepth: config.limits.maxDepth,
        maxAliases: config.limits.maxAliases,
        maxRootFields: config.limits.maxRootFields,
        maxCost: config.limits.maxCost,
      },
      metrics,
      grantedScopes: registers.grantedScopes,
      admission: new Admission({
        maxPersonsInFlight: config.limits.maxPersonsInFlight,
        maxWaitMs: config.limits.admissionWaitMs,
        metrics,
      }),
    },
  });
  // Read before Apollo starts, so a missing package stops the start-up with nothing to undo.
  const explorer = config.graphql.explorer
    ? await createExplorer({
        mode: config.mode,
        callerScopes: [...new Set([...prepared.callerScopeOf.values()].flat())],
        exampleIds: deps.exampleIds ?? [],
        devTokens: deps.devTokens !== undefined,
      })
    : undefined;
  await apollo.start();
  const http = await startHttpServer(
    {
      apollo,
      ...(explorer === undefined ? {} : { explorer }),
      metrics,
      logger: deps.logger,
      maxBodyBytes: config.http.maxBodyBytes,
      ...(deps.devTokens === undefined ? {} : { devTokens: deps.devTokens }),
      ...(deps.devIdportenTokens === undefined
        ? {}
        : { devIdportenTokens: deps.devIdportenTokens }),
      createContext: createContextFactory({
        verifier,
        krr: registers.krr,
        freg: registers.freg,
        allowSyntheticIdentifiers: config.identifiers.allowSynthetic,
        operationTimeoutMs: config.timeouts.operationMs,
        upstreamConcurrency: config.limits.upstreamConcurrency,
        now,
        logger: deps.logger,
        metrics,
      }),
    },
    { host: config.http.host, port: config.http.port },
  );
  setReady = (ready) => http.setReady(ready && !auditFailed);
  setReady(true);
  return {
    url: http.url,
    metrics,
    async close(options = {}) {
      setReady = () => http.setReady(false);
      http.setReady(false);
      const { abandoned } = await http.close({
        graceMs: options.graceMs ?? config.shutdown.graceMs,
      });
      if (abandoned > 0)
        deps.logger.warn(
          { event: 'shutdown_grace_expired', abandoned },
          `shutdown grace period ended with ${abandoned} operations still running`,
        );
      await apollo.stop();
      const auditComplete = await audit.settle(options.settleMs ?? 2000);
      if (!auditComplete)
        deps.logger.error(
          { event: 'audit_incomplete', dropped: audit.dropped() },
          'audit lines were not all written',
        );
      // After a clean drain nothing is pending upstream; otherwise do not wait for it. A
      // dispatcher the caller passed in is the caller's to close.
      if (deps.dispatcher === undefined)
        await (abandoned > 0 ? dispatcher.destroy() : dispatcher.close());
      return { abandoned, auditComplete };
    },
  };
}

/** The upstream connection pool, sized from the configured concurrency. */
function createDispatcher(config: Config): Dispatcher {
  return createUpstreamAgent({
    connectTimeoutMs: config.timeouts.connectMs,
    headersTimeoutMs: config.timeouts.headersMs,
    bodyTimeoutMs: config.timeouts.bodyMs,
    connectionsPerOrigin: Math.max(config.limits.upstreamConcurrency * 4, 8),
  });
}

interface Registers {
  /** Null when the register is not configured. */
  readonly krr: KrrClient | null;
  readonly freg: FregClient | null;
  /** What the operation plugin asks before planning which fields a register can give. */
  readonly grantedScopes: OperationPluginOptions['grantedScopes'];
}

/**
 * The register clients with their credentials (token sources, API key), retry policy and one
 * circuit breaker each.
 */
function connectRegisters(
  config: Config,
  deps: ServiceDependencies,
  shared: {
    readonly dispatcher: Dispatcher;
    readonly metrics: Metrics;
    readonly now: () => number;
  },
): Registers {
  const { dispatcher, metrics, now } = shared;
  const { krr: krrConfig, freg: fregConfig } = deps.upstream;
  // Direct Maskinporten grant (JWK or business certificate), a platform token service, or none
  // behind an API-key gateway; KRR and Freg share one token cache.
  const tokens = createTokenSources(deps.upstream, {
    dispatcher,
    now,
    timeoutMs: config.timeouts.tokenMs,
    metrics,
    logger: deps.logger,
    onFetch: (result) => metrics.recordTokenFetch(result),
  });
  const apiKey = deps.upstream.apiKey ?? null;
  deps.logger.info(
    {
      event: 'upstream_credentials',
      tokens: tokens.kind,
      apiKeyHeader: apiKey?.header ?? null,
      certificateNotAfter: deps.upstream.maskinporten?.certificate?.notAfter.toISOString() ?? null,
    },
    `register credentials: ${tokens.kind}${apiKey === null ? '' : ` with API key header ${apiKey.header}`}`,
  );
  const retry: RetryPolicy = {
    maxRetries: config.resilience.maxRetries,
    baseDelayMs: config.resilience.retryBaseDelayMs,
    maxDelayMs: config.resilience.retryMaxDelayMs,
    maxRetryAfterMs: config.resilience.maxRetryAfterMs,
  };
  const breakerFor = (upstream: RegisterName): CircuitBreaker =>
    createBreaker(upstream, config, { metrics, now, logger: deps.logger });
  const krr =
    krrConfig === null
      ? null
      : new KrrClient({
          baseUrl: krrConfig.baseUrl,
          path: krrConfig.path,
          ...(krrConfig.userPath === undefined ? {} : { userPath: krrConfig.userPath }),
          scopes: krrConfig.scopes,
          tokenProvider: tokens.krr,
          apiKey,
          dispatcher,
          metrics,
          retry,
          breaker: breakerFor('krr'),
        });
  const freg =
    fregConfig === null
      ? null
      : new FregClient({
          baseUrl: fregConfig.baseUrl,
          rettighetspakke: fregConfig.rettighetspakke,
          ...(fregConfig.pathPrefix === undefined ? {} : { pathPrefix: fregConfig.pathPrefix }),
          ...(fregConfig.lookup === undefined ? {} : { lookup: fregConfig.lookup }),
          singleConcurrency: config.limits.upstreamConcurrency * 2,
          tokenProvider: tokens.freg,
          apiKey,
          dispatcher,
          metrics,
          retry,
          breaker: breakerFor('freg'),
        });
  const scopesOf: Record<RegisterName, readonly string[] | null> = {
    krr: krr === null ? null : krr.scopes,
    freg: freg === null ? null : [freg.scope],
  };
  return { krr, freg, grantedScopes: grantedScopesFrom(tokens, scopesOf) };
}

/**
 * The scopes Maskinporten granted (the token response's `scope`), so the subgraph never asks a
 * register for what its token cannot get.
 */
function grantedScopesFrom(
  tokens: TokenSources,
  scopesOf: Record<RegisterName, readonly string[] | null>,
): OperationPluginOptions['grantedScopes'] {
  return async (register) => {
    const scopes = scopesOf[register];
    if (scopes === null) return null;
    const provider = tokens[register];
    // Behind an API-key gateway the gateway holds the grant: assume the configured scopes.
    if (provider === null) return new Set(scopes);
    try {
      return new Set((await provider.getToken(scopes)).grantedScopes);
    } catch {
      return 'unknown';
    }
  };
}

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** A register's circuit breaker; its state is a gauge and each change a log line. */
function createBreaker(
  upstream: RegisterName,
  config: Config,
  observe: { readonly metrics: Metrics; readonly now: () => number; readonly logger: Logger },
): CircuitBreaker {
  observe.metrics.circuitState.set({ upstream }, 0);
  return new CircuitBreaker({
    failureThreshold: config.resilience.circuitFailureThreshold,
    openMs: config.resilience.circuitOpenMs,
    now: observe.now,
    onStateChange: (state) => {
      observe.metrics.circuitState.set({ upstream }, STATE_VALUE[state]);
      observe.logger.warn(
        { event: 'circuit_state', upstream, state },
        `circuit for ${upstream} is ${state}`,
      );
    },
  });
}

/**
 * The audit trail; without a configured key (simulator mode only) a random one for this run.
 * `onFailure` runs once if its destination fails (lines are dropped from then on).
 */
function createAuditTrail(
  config: Config,
  deps: ServiceDependencies,
  onFailure: () => void,
): AuditTrail {
  if (config.audit.hmacKey === null) {
    deps.logger.warn(
      { event: 'audit_key_generated' },
      'AUDIT_HMAC_KEY not set: using a random key for this run (simulator mode only)',
    );
  }
  return new AuditTrail({
    hmacKey: config.audit.hmacKey ?? new Secret(randomBytes(32).toString('base64url')),
    destination: config.audit.destination,
    ...(deps.auditStream === undefined ? {} : { stream: deps.auditStream }),
    onFailure: (code) => {
      onFailure();
      deps.logger.error(
        { event: 'audit_write_failed', code },
        `the audit destination failed (${code}): audit lines are being dropped; readiness is now 503`,
      );
    },
  });
}
