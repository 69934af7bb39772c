// Operation execution by graphql-jit: each operation is compiled once, then run as plain
// JavaScript. Apollo takes it through its gateway interface (src/http/apollo.ts).
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ClientErrorCode } from '../errors.ts';

const BAD_USER_INPUT: ClientErrorCode = 'BAD_USER_INPUT';

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
            ? { code: BAD_USER_INPUT }
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
