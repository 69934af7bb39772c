// One log line and metrics per operation, and the audit event for operations that read person
// data. Failures of registers are logged where they are handled (the person loader), once per
// failed call; here only unexpected errors are logged.
import type { ApolloServerPlugin } from '@apollo/server';
import { redactText } from '../observability/redact.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { AuditOutcome, AuditTrail } from '../observability/audit.ts';
import { activeSpan, traceFields } from '../observability/tracing.ts';
import { SpanStatusCode } from '@opentelemetry/api';
import type { RequestContext } from './context.ts';
import { clientCodeOf } from './errors.ts';

export interface ObservabilityPluginOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly audit: AuditTrail;
  /** Person field → caller scope, to name the field groups an operation read. */
  readonly callerScopeOf: ReadonlyMap<string, readonly string[]>;
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// A long digit run in an operation name is a value someone built into it (an identity number,
// a phone number), not a name: it never becomes a metric label or an audited name.
const VALUE_IN_NAME = /\d{6,}/;

/** The operation name as the audit trail keeps it: null when it may carry personal data. */
function auditedName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  return VALUE_IN_NAME.test(name) || redactText(name) !== name ? null : name;
}
const MAX_OPERATION_LABELS = 200;

export function observabilityPlugin(
  options: ObservabilityPluginOptions,
): ApolloServerPlugin<RequestContext> {
  const seenNames = new Set<string>();
  // Operation names come from callers: keep the metric's label set bounded.
  const label = (name: string | null | undefined): string => {
    if (name === null || name === undefined) return 'anonymous';
    // Names already seen were vetted when first seen: the common case costs one lookup.
    if (seenNames.has(name)) return name;
    if (!OPERATION_NAME.test(name) || auditedName(name) === null) return 'invalid';
    if (seenNames.size >= MAX_OPERATION_LABELS) return 'other';
    seenNames.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            // Only what reaches the client as INTERNAL_SERVER_ERROR is unexpected; every other
            // code is the caller's input or a register's failure (logged where handled).
            if (clientCodeOf(error) === 'INTERNAL_SERVER_ERROR') {
              const original = error.originalError ?? error;
              options.logger.error(
                { event: 'internal_error', requestId: contextValue.requestId, err: original },
                'unexpected error while serving an operation',
              );
            }
          }
        },
        async willSendResponse({ response, contextValue, operationName }) {
          const durationMs = performance.now() - started;
          const errors =
            response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const errorCodes: Record<string, number> = {};
          for (const error of errors) {
            const raw = error.extensions?.['code'];
            const code = typeof raw === 'string' ? raw : 'UNKNOWN';
            errorCodes[code] = (errorCodes[code] ?? 0) + 1;
          }
          const hasData =
            response.body.kind === 'single' && response.body.singleResult.data != null;
          const outcome: AuditOutcome = errors.length === 0 ? 'ok' : hasData ? 'partial' : 'error';
          options.metrics.operations.inc({ operation: label(operationName), outcome });
          options.metrics.requestDuration.observe({ outcome }, durationMs / 1000);

          const decision = contextValue.operation.decision;
          const identifiers = contextValue.persons.requestedIdentifiers();
          // The operation span (server.ts): the vetted name and counts, never the document,
          // variables or error messages.
          const span = activeSpan();
          if (span !== undefined) {
            span.setAttributes({
              'graphql.operation.name': label(operationName),
              'graphql.operation.outcome': outcome,
              'graphql.operation.persons': identifiers.size,
              'graphql.error.codes': Object.keys(errorCodes).sort(),
            });
            if (outcome === 'error')
              span.setStatus({
                code: SpanStatusCode.ERROR,
                message: Object.keys(errorCodes).sort().join(','),
              });
          }
          options.logger.info(
            {
              event: 'operation',
              requestId: contextValue.requestId,
              operationName: label(operationName),
              outcome,
              durationMs: Math.round(durationMs),
              persons: identifiers.size,
              errorCodes,
            },
            'operation served',
          );
          if (decision === null || identifiers.size === 0) return;
          const caller = contextValue.auth.caller;
          const groups = new Set<string>();
          for (const field of decision.fetch.personFields) {
            for (const scope of options.callerScopeOf.get(field) ?? []) groups.add(scope);
          }
          options.audit.record({
            requestId: contextValue.requestId,
            caller: { subject: caller?.subject ?? null, clientId: caller?.clientId ?? null },
            operationName: auditedName(operationName),
            fieldGroups: [...groups].sort(),
            registers: [
              ...(decision.fetch.needsKrr ? ['krr'] : []),
              ...(decision.fetch.needsFreg ? ['freg'] : []),
            ],
            identifiers,
            outcome,
            errorCodes,
            trace: traceFields(),
          });
        },
      };
    },
  };
}
