// The per-request context: the caller, the operation's access decision and the loaders live
// here and never outlive the request. `createContextFactory` builds it for each HTTP request.
import type { HeaderMap } from '@apollo/server';
import { CallerAuthError, type Caller, type CallerVerifier } from '../auth/caller/index.ts';
import { Secret } from '../config/secret.ts';
import type { ContactInfo } from '../domain/person.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { FregClient } from '../upstream/freg/freg-client.ts';
import type { KrrClient } from '../upstream/krr/krr-client.ts';
import { toContactInfo } from '../upstream/krr/to-contact-info.ts';
import { notConfigured } from '../upstream/upstream-error.ts';
import type { AccessDecision } from './access.ts';
import type { AdmissionPermit } from './admission.ts';
import { PersonLoader } from './person-loader.ts';

export interface RequestContext {
  /** Correlation id of this request (accepted from the caller or generated). */
  readonly requestId: string;
  /** The verified caller, or null with the reason the token was refused. */
  readonly auth: { readonly caller: Caller | null; readonly failure: string | null };
  /**
   * Filled in when the operation has been resolved, before execution: the access decision, and
   * the operation's share of the replica's budget of persons in flight (released when the
   * response has been written).
   */
  readonly operation: { decision: AccessDecision | null; permit?: AdmissionPermit };
  /** Person loading for this request only. */
  readonly persons: PersonLoader;
  /** Whether synthetic (+80 month) identifiers are accepted. */
  readonly allowSyntheticIdentifiers: boolean;
  /**
   * The end user's own KRR record for Query.meg, looked up with the ID-porten token the request
   * carried (see {@link createOwnRecordLookup}); null or absent when the request carried none.
   */
  readonly ownRecord?: (() => Promise<OwnRecord>) | null;
}

/** The end user's own KRR record (Query.meg). */
export interface OwnRecord {
  readonly personidentifikator: string;
  readonly contactInfo: ContactInfo;
}

/** The access decision of the running operation; set by the operation plugin before execution. */
export function decisionOf(context: RequestContext): AccessDecision {
  const decision = context.operation.decision;
  if (decision === null)
    throw new Error('The operation plugin did not decide access for this operation');
  return decision;
}

/**
 * The request header that carries the end user's ID-porten access token for Query.meg (the
 * caller's own token stays in Authorization). `Bearer ` in front of the token is accepted.
 */
export const IDPORTEN_TOKEN_HEADER = 'x-idporten-token';

/** Reads the ID-porten token from the header value; null when absent or empty. */
export function idportenTokenFrom(value: string | null | undefined): string | null {
  const token = value
    ?.trim()
    .replace(/^Bearer\s+/i, '')
    .trim();
  return token === undefined || token === '' || /\s/.test(token) ? null : token;
}

/**
 * The context's own-record lookup for a request: null without a token; with one, a function that
 * asks KRR's user-bound endpoint (once per request) and maps the answer.
 */
export function createOwnRecordLookup(
  krr: KrrClient | null,
  userToken: Secret<string> | null,
  options: { readonly requestId: string; readonly deadline: number; readonly nowMs: number },
): (() => Promise<OwnRecord>) | null {
  if (userToken === null) return null;
  let pending: Promise<OwnRecord> | undefined;
  return () => {
    pending ??= (async () => {
      if (krr === null) throw notConfigured('krr');
      const wire = await krr.lookupOwn(userToken, {
        requestId: options.requestId,
        deadline: options.deadline,
      });
      return {
        personidentifikator: wire.personidentifikator,
        contactInfo: toContactInfo(wire, options.nowMs),
      };
    })();
    return pending;
  };
}

export interface ContextFactoryOptions {
  readonly verifier: CallerVerifier;
  /** Null when the register is not configured. */
  readonly krr: KrrClient | null;
  readonly freg: FregClient | null;
  readonly allowSyntheticIdentifiers: boolean;
  /** Time an operation may take; its upstream work must be done by then. */
  readonly operationTimeoutMs: number;
  /** Upstream calls in flight per register for one request. */
  readonly upstreamConcurrency: number;
  /** Clock, epoch ms, for the rules that depend on today's date. */
  readonly now: () => number;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** What the HTTP server knows of a request when it asks for its context. */
export interface ContextRequest {
  readonly requestId: string;
  readonly headers: HeaderMap;
}

/**
 * Builds each request's context: verifies the caller's token (a refused token becomes
 * `auth.failure`, which the operation plugin reports), fixes the request's deadline and clock
 * once, and gives the request its own person loader and own-record lookup.
 */
export function createContextFactory(
  options: ContextFactoryOptions,
): (request: ContextRequest) => Promise<RequestContext> {
  return async ({ requestId, headers }) => {
    const auth = await verifyCaller(options.verifier, headers.get('authorization'));
    const deadline = Date.now() + options.operationTimeoutMs;
    const nowMs = options.now();
    const userToken = idportenTokenFrom(headers.get(IDPORTEN_TOKEN_HEADER));
    return {
      requestId,
      auth,
      operation: { decision: null },
      allowSyntheticIdentifiers: options.allowSyntheticIdentifiers,
      ownRecord: createOwnRecordLookup(
        options.krr,
        userToken === null ? null : new Secret(userToken),
        { requestId, deadline, nowMs },
      ),
      persons: new PersonLoader({
        krr: options.krr,
        freg: options.freg,
        concurrency: options.upstreamConcurrency,
        nowMs,
        requestId,
        deadline,
        logger: options.logger,
        metrics: options.metrics,
      }),
    };
  };
}

/** The verified caller, or the reason its token was refused; other failures propagate. */
async function verifyCaller(
  verifier: CallerVerifier,
  authorization: string | undefined,
): Promise<RequestContext['auth']> {
  try {
    return { caller: await verifier.verify(authorization), failure: null };
  } catch (error) {
    if (!(error instanceof CallerAuthError)) throw error;
    return { caller: null, failure: String(error.details['reason'] ?? 'INVALID') };
  }
}
