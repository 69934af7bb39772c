// One error base for the whole service: every failure carries a stable `code`, the contract that
// logs, metrics and the GraphQL error formatter switch on. Messages never carry personal data.

/** Every code an AppError can carry. Codes are stable; messages are not. */
export type AppErrorCode =
  | 'CONFIG_INVALID'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'MASKINPORTEN_GRANT_FAILED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_CONTRACT_VIOLATION'
  | 'INTERNAL';

/**
 * Every `extensions.code` a client can receive from this service, and nothing else: the
 * service's own codes (mapped from AppErrorCode by clientCodeFor in src/graphql/errors.ts), the
 * HTTP server's (BAD_REQUEST, SERVICE_UNAVAILABLE) and Apollo Server's for documents it cannot
 * run. src/graphql/errors.ts turns any other code into INTERNAL_SERVER_ERROR; README.md lists
 * them all under "Errors".
 */
export const CLIENT_ERROR_CODES = [
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

const CLIENT_ERROR_CODE_SET: ReadonlySet<unknown> = new Set(CLIENT_ERROR_CODES);

export function isClientErrorCode(value: unknown): value is ClientErrorCode {
  return CLIENT_ERROR_CODE_SET.has(value);
}

/** Base class: sets `name` from the subclass and keeps `cause`. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Non-personal details a client may see in `extensions` (e.g. which scope is missing). */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(
    code: AppErrorCode,
    message: string,
    options?: {
      readonly cause?: unknown;
      readonly details?: Readonly<Record<string, string | number | boolean>>;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/** Input from the caller that cannot be served (bad identifier, too many persons). */
export class BadUserInputError extends AppError {
  constructor(message: string, details?: Readonly<Record<string, string | number | boolean>>) {
    super('BAD_USER_INPUT', message, details === undefined ? undefined : { details });
  }
}

/** Thrown by exhaustive switches: reaching it means a union gained a member nobody handled. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${String(value)}`);
    this.name = 'UnreachableCaseError';
  }
}
