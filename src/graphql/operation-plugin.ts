// Per-operation decisions made before any resolver runs: caller authentication, the limit on
// distinct persons, and field access (caller scopes and upstream grants). Denials are reported
// once per field selection when the response is sent, never once per person.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import type { Metrics } from '../observability/metrics.ts';
import type { RegisterName } from '../upstream/upstream-error.ts';
import type { Admission } from './admission.ts';
import { callerDenials, decideAccess, registersToAsk, type Denial } from './access.ts';
import type { RequestContext } from './context.ts';
import { clientError, formattedClientError } from './errors.ts';
import { collectIdentifiers } from './limits.ts';
import { planOperation } from './plan.ts';
import { checkQueryLimits, type CostDirectives, type QueryLimits } from './query-limits.ts';

export interface OperationPluginOptions {
  readonly maxPersons: number;
  /** Person field → caller scope (from the served SDL). */
  readonly callerScopeOf: ReadonlyMap<string, readonly string[]>;
  /** Scopes the subgraph's token for a register was granted (null: register not configured). */
  readonly grantedScopes: (
    register: RegisterName,
  ) => Promise<ReadonlySet<string> | null | 'unknown'>;
  readonly metrics?: Metrics;
  readonly queryLimits: QueryLimits;
  readonly costDirectives: CostDirectives;
  /** The replica's budget of persons in flight; without it every operation runs at once. */
  readonly admission?: Admission;
}

/** The retryable refusal of an operation that found no room in the budget in time. */
function overloaded(admission: Admission): GraphQLError {
  const retryAfter = String(Math.max(1, Math.ceil(admission.maxWaitMs / 1000)));
  const headers = new HeaderMap([['retry-after', retryAfter]]);
  return clientError(
    'SERVICE_UNAVAILABLE',
    'The service is at its limit of persons in flight; retry the operation after the Retry-After delay, or on another instance.',
    { reason: 'OVERLOADED', retryAfterSeconds: Number(retryAfter), http: { status: 503, headers } },
  );
}

function unauthenticated(reason: string): GraphQLError {
  const headers = new HeaderMap([['www-authenticate', 'Bearer']]);
  return clientError(
    'UNAUTHENTICATED',
    'Authentication with a valid access token is required to read person data.',
    { reason, http: { status: 401, headers } },
  );
}

function denialError(denial: Denial): GraphQLFormattedError {
  const who =
    denial.side === 'caller'
      ? 'the caller'
      : `the subgraph's ${denial.register ?? ''} access`.replace('  ', ' ');
  return formattedClientError(
    'FORBIDDEN',
    `Person.${denial.field} at ${denial.path} is not available: ${who} lacks the scope ${denial.scope}.`,
    {
      side: denial.side,
      scope: denial.scope,
      field: `Person.${denial.field}`,
      selection: denial.path,
      ...(denial.register === undefined ? {} : { upstream: denial.register }),
    },
  );
}

export function operationPlugin(
  options: OperationPluginOptions,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (operation === undefined) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION)
              fragments[definition.name.value] = definition;
          }
          const plan = planOperation(schema, operation, fragments);
          if (!plan.readsPersons) return;
          const violation = checkQueryLimits(
            schema,
            operation,
            fragments,
            request.variables ?? {},
            options.costDirectives,
            options.queryLimits,
          );
          if (violation !== null) {
            throw clientError(
              'BAD_USER_INPUT',
              `The operation exceeds the ${violation.reason.toLowerCase().replace('_', ' ')} limit (${violation.actual} > ${violation.limit}).`,
              {
                reason: `QUERY_${violation.reason}`,
                limit: violation.limit,
                http: { status: 400 },
              },
            );
          }
          const caller = contextValue.auth.caller;
          if (caller === null) throw unauthenticated(contextValue.auth.failure ?? 'MISSING');

          const root = schema.getRootType(operation.operation);
          const ids = new Set<unknown>();
          if (root !== undefined && root !== null && isObjectType(root)) {
            collectIdentifiers(
              root,
              operation.selectionSet,
              fragments,
              request.variables ?? {},
              ids,
            );
            if (ids.size > options.maxPersons) {
              throw clientError(
                'BAD_USER_INPUT',
                `The operation asks for ${ids.size} distinct persons; the limit is ${options.maxPersons}. Split it into smaller operations.`,
                { reason: 'TOO_MANY_PERSONS', limit: options.maxPersons, http: { status: 400 } },
              );
            }
          }

          const denied = callerDenials(plan, options.callerScopeOf, caller.scopes);
          const registers = registersToAsk(plan, denied);
          const granted: Record<RegisterName, ReadonlySet<string> | null | 'unknown'> = {
            krr: 'unknown',
            freg: 'unknown',
          };
          await Promise.all(
            [...registers].map(async (register) => {
              granted[register] = await options.grantedScopes(register);
            }),
          );
          const decision = decideAccess(plan, options.callerScopeOf, caller.scopes, granted);
          // Only persons whose register data is read take room (Query.meg reads one).
          const { admission } = options;
          if (admission !== undefined && (decision.fetch.needsKrr || decision.fetch.needsFreg)) {
            const permit = await admission.acquire(Math.max(ids.size, 1));
            if (permit === null) throw overloaded(admission);
            // Released by the HTTP server when the response has been written.
            contextValue.operation.permit = permit;
          }
          contextValue.operation.decision = decision;
          for (const denial of decision.denials) {
            options.metrics?.deniedFields.inc({ side: denial.side, field: denial.field });
          }
        },
        async willSendResponse({ response, contextValue }) {
          const denials = contextValue.operation.decision?.denials ?? [];
          if (denials.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...denials.map(denialError)];
        },
      };
    },
  };
}
