// Child process for the benchmark's servers, so each one has its own event loop, its own RSS and
// can run under --cpu-prof: the register simulator, the subgraph in production mode
// (startService with a loadConfig configuration, log level warn, introspection and explorer off,
// audit to /dev/null), the naive baseline, or @apollo/gateway in front of a running subgraph.
// Driven over the IPC channel.
import { randomBytes } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { startService } from '../src/service.ts';
import { startSimulator, type Simulator } from '../src/simulator/index.ts';
import { simulatorCallerAuth, simulatorUpstream } from '../src/simulator/service-config.ts';
import { startNaiveServer } from './naive.ts';
import { simEndpoints, type SimEndpoints } from './upstream.ts';

export type ChildStart =
  | {
      readonly kind: 'simulator';
      readonly latency: { readonly krrMs: number; readonly fregMs: number };
    }
  | { readonly kind: 'subgraph'; readonly sim: SimEndpoints; readonly env: Record<string, string> }
  | { readonly kind: 'naive'; readonly sim: SimEndpoints }
  | { readonly kind: 'gateway'; readonly supergraphSdl: string };

/** Questions to a simulator child: caller tokens and its call recorder. */
export type SimRequest =
  | { readonly kind: 'sim-mint'; readonly scopes: readonly string[] }
  | { readonly kind: 'sim-reset' }
  | { readonly kind: 'sim-count'; readonly upstream: 'krr' | 'freg'; readonly path: string }
  /** The query string of the first recorded call to `upstream` (null when none). */
  | { readonly kind: 'sim-query'; readonly upstream: 'krr' | 'freg' };

export type ChildRequest =
  | ChildStart
  | SimRequest
  | { readonly kind: 'memory' }
  | { readonly kind: 'cpu' }
  | { readonly kind: 'stop' };

/** What a simulator child reports when it is ready. */
export interface SimReady {
  readonly endpoints: SimEndpoints;
  /** The population's identifiers, in order. */
  readonly ids: readonly string[];
}

export type ChildReply =
  | { readonly kind: 'ready'; readonly url: string; readonly sim?: SimReady }
  | { readonly kind: 'value'; readonly value: string | number | null }
  | { readonly kind: 'memory'; readonly rss: number; readonly maxRss: number }
  | { readonly kind: 'cpu'; readonly ms: number }
  | { readonly kind: 'error'; readonly message: string };

/** The production-mode environment of the subgraph under test (plus the run's own variables). */
export function subgraphEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    GRAPHQL_INTROSPECTION: 'false',
    GRAPHQL_EXPLORER: 'false',
    ALLOW_SYNTHETIC_IDENTIFIERS: 'true',
    AUDIT_LOG_FILE: '/dev/null',
    AUDIT_HMAC_KEY: randomBytes(32).toString('base64url'),
    ...extra,
  };
}

let simulator: Simulator | null = null;

async function start(
  message: ChildStart,
): Promise<{ url: string; sim?: SimReady; close: () => Promise<void> }> {
  switch (message.kind) {
    case 'simulator': {
      const sim = await startSimulator({
        populationSize: 12_000,
        seed: 1,
        accessTokenLifetimeSeconds: 3600,
        krrLatencyMs: message.latency.krrMs,
        fregLatencyMs: message.latency.fregMs,
      });
      simulator = sim;
      return {
        url: sim.krrUrl,
        sim: { endpoints: simEndpoints(sim), ids: sim.population.ids },
        close: () => sim.close(),
      };
    }
    case 'subgraph': {
      const { sim } = message;
      const config = loadConfig(message.env);
      const service = await startService(config, {
        logger: createLogger({ level: config.logLevel }),
        auth: simulatorCallerAuth(sim),
        upstream: simulatorUpstream(sim),
      });
      return { url: service.url, close: async () => void (await service.close({ graceMs: 0 })) };
    }
    case 'naive': {
      const { url, server } = await startNaiveServer(message.sim);
      return {
        url,
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }
    case 'gateway': {
      const gateway = new ApolloGateway({
        supergraphSdl: message.supergraphSdl,
        buildService: ({ url }) =>
          new RemoteGraphQLDataSource<{ authorization?: string }>({
            ...(url === undefined ? {} : { url }),
            willSendRequest({ request, context }) {
              // The subgraph verifies the caller's token itself: forward it unchanged.
              if (context.authorization !== undefined)
                request.http?.headers.set('authorization', context.authorization);
            },
          }),
      });
      const server = new ApolloServer<{ authorization?: string }>({ gateway });
      const { url } = await startStandaloneServer(server, {
        listen: { host: '127.0.0.1', port: 0 },
        context: async ({ req }) =>
          req.headers.authorization === undefined
            ? {}
            : { authorization: req.headers.authorization },
      });
      return { url, close: () => server.stop() };
    }
  }
}

function reply(message: ChildReply): void {
  process.send?.(message);
}

function answerSim(message: SimRequest): void {
  const sim = simulator;
  if (sim === null) {
    reply({ kind: 'error', message: 'not a simulator child' });
    return;
  }
  switch (message.kind) {
    case 'sim-mint':
      void sim.idp.mint({ scopes: message.scopes }).then(
        (token) => reply({ kind: 'value', value: token }),
        (error: unknown) => reply({ kind: 'error', message: String(error) }),
      );
      return;
    case 'sim-reset':
      sim.recorder.reset();
      reply({ kind: 'value', value: null });
      return;
    case 'sim-count':
      reply({
        kind: 'value',
        value: sim.recorder.count(message.upstream, { path: message.path }),
      });
      return;
    case 'sim-query':
      reply({
        kind: 'value',
        value: sim.recorder.calls.find((c) => c.upstream === message.upstream)?.query ?? null,
      });
      return;
  }
}

let running: { close: () => Promise<void> } | null = null;
process.on('message', (message: ChildRequest) => {
  switch (message.kind) {
    case 'sim-mint':
    case 'sim-reset':
    case 'sim-count':
    case 'sim-query':
      answerSim(message);
      return;
    case 'memory': {
      reply({
        kind: 'memory',
        rss: process.memoryUsage.rss(),
        maxRss: process.resourceUsage().maxRSS * 1024,
      });
      return;
    }
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      reply({ kind: 'cpu', ms: (user + system) / 1000 });
      return;
    }
    case 'stop': {
      void (running?.close() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
    }
    default:
      start(message).then(
        (server) => {
          running = server;
          reply({
            kind: 'ready',
            url: server.url,
            ...(server.sim === undefined ? {} : { sim: server.sim }),
          });
        },
        (error: unknown) => {
          reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
          process.exit(1);
        },
      );
  }
});
// The parent going away ends the child too.
process.on('disconnect', () => process.exit(0));
