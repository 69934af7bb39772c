// Composition root and the only owner of process side effects: reads the environment, starts the
// embedded simulator when no upstream is configured, starts the service, handles signals.
import { loadConfig } from './config/load-config.ts';
import { ConfigError } from './config/config-error.ts';
import type { CallerVerifierOptions } from './auth/caller/index.ts';
import type { UpstreamConfig } from './config/config.ts';
import { declaredCallerScopes } from './graphql/schema.ts';
import { lineDestination } from './observability/destination.ts';
import { createLogger } from './observability/logger.ts';
import { shutdownTracing } from './observability/tracing.ts';
import { startService } from './service.ts';
import { startSimulator, type Simulator } from './simulator/index.ts';
import {
  simulatorCallerAuth,
  simulatorEndpoints,
  simulatorUpstream,
} from './simulator/service-config.ts';

/**
 * After SIGTERM the process exits at most this long after SHUTDOWN_GRACE_MS, whatever state its
 * log and audit destinations are in (README: Shutdown).
 */
const SHUTDOWN_MARGIN_MS = 3000;

const EXAMPLE_QUERY = `query Kontakt($ids: [ID!]!) {
  personer(personidentifikatorer: $ids) {
    personidentifikator
    kontaktregisterstatus
    navn { visningsnavn }
    kanVarsles
    reservasjon { reservert }
    kontaktinformasjon { epostadresse { verdi kanBrukesForVarsling } mobiltelefonnummer { verdi kanBrukesForVarsling } }
    spraak { kode }
    digitalPost { postkasseadresse postkasseleverandoeradresse }
  }
}`;

/** A few simulator persons that show different cases, for the explorer's example query. */
function explorerExampleIds(simulator: Simulator): string[] {
  const { cases } = simulator.population;
  const picks = [cases.bothChannels[0], cases.reserved[0], cases.mailbox[0]];
  return [...new Set(picks.filter((id) => id !== undefined))];
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nThe service did not start.\n`);
      process.exit(1);
    }
    throw error;
  }
  // Never holds the process: a stdout nobody reads drops lines instead (destination.ts).
  const logOutput = lineDestination({ fd: 1 });
  const logger = createLogger({ level: config.logLevel, destination: logOutput });

  let simulator: Simulator | null = null;
  let upstream: UpstreamConfig;
  let auth: CallerVerifierOptions;
  if (config.upstream === null || config.auth === null) {
    simulator = await startSimulator();
    const endpoints = simulatorEndpoints(simulator);
    upstream = simulatorUpstream(endpoints);
    // Simulator mode trusts only the simulator's development identity provider.
    auth = simulatorCallerAuth(endpoints);
    logger.warn(
      {
        event: 'simulator_mode',
        krr: simulator.krrUrl,
        freg: simulator.fregUrl,
        maskinporten: simulator.maskinporten.issuer,
      },
      'SIMULATOR MODE: no upstream configured (KRR_URL, FREG_URL, MASKINPORTEN_*). Serving synthetic data from the embedded register simulator, not real registers.',
    );
  } else {
    upstream = config.upstream;
    auth = config.auth;
  }

  const idp = simulator?.idp;
  const service = await startService(config, {
    logger,
    upstream,
    auth,
    ...(idp === undefined
      ? {}
      : { devTokens: (scopes: readonly string[]) => idp.mint({ scopes }) }),
    ...(simulator === null
      ? {}
      : { devIdportenTokens: (pid: string) => simulator.idporten.mint({ pid }) }),
    ...(simulator === null ? {} : { exampleIds: explorerExampleIds(simulator) }),
  });
  logger.info(
    {
      event: 'started',
      url: service.url,
      mode: config.mode,
      callerTokens: config.auth?.source ?? 'simulator',
    },
    `GraphQL endpoint: ${service.url}`,
  );
  if (simulator !== null) {
    const ids = simulator.population.ids.slice(0, 3);
    const base = service.url.replace(/\/graphql$/, '');
    process.stdout.write(
      [
        '',
        `Person subgraph (simulator mode) at ${service.url}`,
        '',
        ...(config.graphql.explorer
          ? [`Explorer (GraphiQL with a token picker): open ${service.url} in a browser`, '']
          : []),
        'Get a development caller token (scopes as you need them):',
        '',
        `  TOKEN=$(npm run -s token -- --url ${base} ${declaredCallerScopes()
          .map((s) => `--scope ${s}`)
          .join(' ')})`,
        '',
        'Example:',
        '',
        `curl -s ${service.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
        `  -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' '), variables: { ids } })}'`,
        '',
        "Query.meg as a simulated end user (the user's ID-porten token in x-idporten-token):",
        '',
        `  USER_TOKEN=$(npm run -s token -- --url ${base} --idporten-pid ${ids[0] ?? '<id>'})`,
        `  curl -s ${service.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
        `    -H "x-idporten-token: $USER_TOKEN" -d '{"query":"{ meg { personidentifikator kanVarsles } }"}'`,
        '',
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ event: 'shutdown_forced', signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { event: 'shutdown', signal, graceMs: config.shutdown.graceMs },
      'shutting down: refusing new operations, finishing those in flight',
    );
    const deadline = Date.now() + config.shutdown.graceMs + SHUTDOWN_MARGIN_MS;
    const left = (capMs: number): number => Math.max(0, Math.min(capMs, deadline - Date.now()));
    // Should closing itself hang, do not outlive the margin. Exiting writes nothing more (the
    // destinations do not flush at exit), so this cannot be held up by a stalled stdout.
    setTimeout(() => {
      logger.error({ event: 'shutdown_stuck' }, 'shutdown did not finish: exiting');
      process.exit(1);
    }, config.shutdown.graceMs + SHUTDOWN_MARGIN_MS).unref();
    // The service first: its in-flight operations may still need the (simulated) registers.
    service
      .close({ settleMs: left(2000) })
      .then(async ({ auditComplete }) => {
        await simulator?.close();
        await shutdownTracing(left(1000));
        logger.info({ event: 'stopped', auditComplete }, 'stopped');
        await logOutput.settle(left(1000));
        // Audit lines that could not be written are a failed shutdown.
        process.exit(auditComplete ? 0 : 1);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, event: 'shutdown_failed' }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
