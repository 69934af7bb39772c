// The per-request context: the caller, the operation's access decision and the loaders live
// here and never outlive the request.
import type { Caller } from '../auth/caller/index.ts';
import type { ContactInfo } from '../domain/person.ts';
import type { AccessDecision } from './access.ts';
import type { PersonLoader } from './person-loader.ts';

export interface RequestContext {
  /** Correlation id of this request (accepted from the caller or generated). */
  readonly requestId: string;
  /** The verified caller, or null with the reason the token was refused. */
  readonly auth: { readonly caller: Caller | null; readonly failure: string | null };
  /** Filled in when the operation has been resolved, before execution. */
  readonly operation: { decision: AccessDecision | null };
  /** Person loading for this request only. */
  readonly persons: PersonLoader;
  /** Whether synthetic (+80 month) identifiers are accepted. */
  readonly allowSyntheticIdentifiers: boolean;
  /**
   * The end user's own KRR record for Query.meg, looked up with the ID-porten token the request
   * carried (see Query.ts); null or absent when the request carried none.
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
