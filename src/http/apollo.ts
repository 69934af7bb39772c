// Apollo Server for the subgraph: schema, error formatting, landing page off (the default one
// loads from a CDN), no inline traces, CSRF prevention on, no batched HTTP operations, and
// execution by graphql-jit (operations compiled once, then run as plain JavaScript).
import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { RequestContext } from '../graphql/context.ts';
import { formatError } from '../graphql/errors.ts';
import type { Logger } from '../observability/logger.ts';
import {
  observabilityPlugin,
  type ObservabilityPluginOptions,
} from '../graphql/observability-plugin.ts';
import { operationPlugin, type OperationPluginOptions } from '../graphql/operation-plugin.ts';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly operation: OperationPluginOptions;
  readonly observability: ObservabilityPluginOptions;
  readonly introspection: boolean;
  readonly includeStacktrace: boolean;
}

/** Compiled operations kept per server; a full cache is emptied (operations repeat, so it refills). */
const COMPILED_CACHE_LIMIT = 1000;

/**
 * Executes with graphql-jit: each operation (by Apollo's query hash and operation name) is
 * compiled once into a function that walks the result without graphql-js's per-field work
 * (resolve info, argument maps, promise checks). Resolvers, default property resolvers, Errors
 * at paths, abstract types and scalar serialisation keep graphql-js semantics. Apollo's only way
 * to replace execution is the gateway interface: parsing, validation and every plugin hook still
 * run as with `schema`.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery>();
  const executor: GatewayExecutor = async (request) => {
    const key = `${request.operationName ?? ''}:${request.queryHash}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, request.document, request.operationName ?? undefined, {
        // Errors keep their resolver's originalError; their own stack is never shown.
        disablingCapturingStackErrors: true,
      });
      if (!isCompiledQuery(result)) return result;
      if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear();
      compiled.set(key, result);
      query = result;
    }
    const result = await query.query(undefined, request.context, request.request.variables ?? {});
    if (result.errors === undefined) return result;
    // Without `data` nothing ran: the variables failed coercion, which is the caller's input
    // problem (graphql-js gives these errors no code either; Apollo would call them
    // BAD_USER_INPUT). Their messages echo the values; formatError removes those.
    const variablesFailed = !('data' in result);
    return {
      ...result,
      errors: result.errors.map((error) =>
        toGraphqlJsError(
          error,
          variablesFailed && error.extensions?.['code'] === undefined
            ? { code: 'BAD_USER_INPUT' }
            : undefined,
        ),
      ),
    };
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {
      compiled.clear();
    },
  };
}

/**
 * graphql-jit's errors lack graphql-js's always-present `extensions` object, which Apollo's error
 * formatting reads: each becomes a graphql-js GraphQLError with the same message, path,
 * locations and originalError (only errors are converted, so the cost is per error), plus
 * `extraExtensions` when given.
 */
function toGraphqlJsError(
  error: GraphQLError,
  extraExtensions?: Readonly<Record<string, unknown>>,
): GraphQLError {
  const extensions =
    extraExtensions === undefined ? error.extensions : { ...error.extensions, ...extraExtensions };
  const converted = new GraphQLError(error.message, {
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    ...(extensions === undefined ? {} : { extensions }),
  });
  if (error.locations !== undefined)
    Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: true });
  return converted;
}

export function createApolloServer(
  options: ApolloOptions,
): ApolloServer<RequestContext & BaseContext> {
  return new ApolloServer<RequestContext>({
    gateway: compiledExecution(options.schema),
    logger: options.logger,
    formatError,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: options.includeStacktrace,
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
      // cached, so every response says `no-store`, as the plugin said without hints.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('cache-control', 'no-store');
            },
          };
        },
      },
      operationPlugin(options.operation),
      observabilityPlugin(options.observability),
    ],
  });
}
