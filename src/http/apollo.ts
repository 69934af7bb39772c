// Apollo Server for the subgraph: schema, error formatting, landing page off (the default one
// loads from a CDN), no inline traces, CSRF prevention on, no batched HTTP operations, and
// execution by graphql-jit (src/graphql/executor.ts).
import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graphql/context.ts';
import { formatError } from '../graphql/errors.ts';
import { compiledExecution } from '../graphql/executor.ts';
import { KnownOperationTypes } from '../graphql/validation.ts';
import type { Logger } from '../observability/logger.ts';
import {
  observabilityPlugin,
  type ObservabilityPluginOptions,
} from '../graphql/observability-plugin.ts';
import { operationPlugin, type OperationPluginOptions } from '../graphql/operation-plugin.ts';
import { CACHE_CONTROL } from './server.ts';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly operation: OperationPluginOptions;
  readonly observability: ObservabilityPluginOptions;
  readonly introspection: boolean;
  readonly includeStacktrace: boolean;
  /**
   * Tests: execute with graphql-js, Apollo's own path, instead of graphql-jit; the reference the
   * compiled executor's responses are compared with, byte for byte.
   */
  readonly referenceExecution?: boolean;
}

export function createApolloServer(
  options: ApolloOptions,
): ApolloServer<RequestContext & BaseContext> {
  return new ApolloServer<RequestContext>({
    ...(options.referenceExecution === true
      ? { schema: options.schema }
      : { gateway: compiledExecution(options.schema) }),
    // Apollo's default is JSON.stringify(result) + "\n". Concatenating the newline makes a string
    // that V8 copies whole (1 MB for 1000 persons with all KRR fields) before it can be encoded;
    // src/http/server.ts writes the newline as a byte after the encoded JSON instead.
    stringifyResult: (result) => JSON.stringify(result),
    logger: options.logger,
    formatError,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: options.includeStacktrace,
    validationRules: [KnownOperationTypes],
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Signals belong to src/index.ts, which drains in-flight operations first. Apollo's own
    // handlers (on outside NODE_ENV=test) would stop it and re-raise the signal, which then
    // reads as a second signal and ends the process at once.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Federated traces (ftv1) would cost time on every field and carry error texts to routers
      // that report usage elsewhere; this subgraph does not produce them.
      ApolloServerPluginInlineTraceDisabled(),
      // The cache-control plugin hooks every field of every response (its willResolveField makes
      // Apollo wrap each resolver); the schema has no cache hints and person data must never be
      // cached, so every response says `no-store, private` (src/http/server.ts also sets it on
      // what Apollo answers before any plugin runs).
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('cache-control', CACHE_CONTROL);
            },
          };
        },
      },
      operationPlugin(options.operation),
      observabilityPlugin(options.observability),
    ],
  });
}
