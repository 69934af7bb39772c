// The one place errors become GraphQL errors: a closed set of `extensions.code` values, generic
// messages, and no identity numbers or upstream bodies in anything a client sees.
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError } from 'graphql';
import { MaskinportenError } from '../auth/tokens/index.ts';
import {
  AppError,
  isClientErrorCode,
  UnreachableCaseError,
  type AppErrorCode,
  type ClientErrorCode,
} from '../errors.ts';
import { redactText } from '../observability/redact.ts';
import { UpstreamError } from '../upstream/upstream-error.ts';

export type { ClientErrorCode } from '../errors.ts';

/** The codes the service's own errors reach a client with. */
type OwnClientErrorCode = Extract<
  ClientErrorCode,
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'
>;

/** Maps an application error code to what a client sees. */
export function clientCodeFor(code: AppErrorCode): OwnClientErrorCode {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_RATE_LIMITED':
      return code;
    case 'MASKINPORTEN_GRANT_FAILED':
    case 'UPSTREAM_REJECTED':
    case 'UPSTREAM_CONTRACT_VIOLATION':
      // The register or token service refused or answered nonsense: for the caller the data is
      // unavailable; the precise cause is in `extensions.reason` and in the service's log.
      return 'UPSTREAM_UNAVAILABLE';
    case 'CONFIG_INVALID':
    case 'INTERNAL':
      return 'INTERNAL_SERVER_ERROR';
    default:
      throw new UnreachableCaseError(code);
  }
}

/**
 * The code a client will see for `error` (an error GraphQL execution or Apollo produced): the
 * mapped code of the service's own errors, Apollo's and GraphQL's codes from the set as they are,
 * and INTERNAL_SERVER_ERROR for anything else.
 */
export function clientCodeOf(error: GraphQLError): ClientErrorCode {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return clientCodeFor(original.code);
  const code = error.extensions['code'];
  return isClientErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR';
}

/** A GraphQL error with a code from the set, for errors raised outside resolvers. */
export function clientError(
  code: ClientErrorCode,
  message: string,
  extensions: Readonly<Record<string, unknown>> = {},
  options: Omit<GraphQLErrorOptions, 'extensions'> = {},
): GraphQLError {
  return new GraphQLError(message, { ...options, extensions: { code, ...extensions } });
}

/** A formatted error (as sent) with a code from the set, for errors added to a response. */
export function formattedClientError(
  code: ClientErrorCode,
  message: string,
  extensions: Readonly<Record<string, unknown>> = {},
): GraphQLFormattedError {
  return { message, extensions: { code, ...extensions } };
}

const GENERIC_MESSAGES: Record<OwnClientErrorCode, string> = {
  BAD_USER_INPUT: 'Invalid input.',
  UNAUTHENTICATED: 'Authentication required.',
  FORBIDDEN: 'Not allowed.',
  UPSTREAM_UNAVAILABLE: 'The register is unavailable for this person.',
  UPSTREAM_TIMEOUT: 'The register did not answer in time for this person.',
  UPSTREAM_RATE_LIMITED: 'The register is throttling requests; try again later.',
  INTERNAL_SERVER_ERROR: 'Internal server error.',
};

/** Apollo `formatError`: see the file comment. */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    const code = clientCodeFor(original.code);
    const extensions: Record<string, unknown> = { ...original.details, code };
    let message = GENERIC_MESSAGES[code];
    if (original.code === 'BAD_USER_INPUT' || original.code === 'FORBIDDEN') {
      message = redactText(original.message);
    }
    if (original instanceof UpstreamError) {
      extensions['upstream'] = original.upstream;
      if (original.status !== undefined) extensions['upstreamStatus'] = original.status;
      if (original.code !== code && extensions['reason'] === undefined)
        extensions['reason'] = original.code;
    } else if (original instanceof MaskinportenError) {
      // No token for the register: the register's data is unavailable, and the cause is the
      // token service, so say so the same way for every kind of token failure.
      extensions['upstream'] = 'maskinporten';
      if (original.status !== undefined) extensions['upstreamStatus'] = original.status;
      if (original.code !== code && extensions['reason'] === undefined)
        extensions['reason'] = original.code;
    }
    return { ...formatted, message, extensions };
  }
  const code = formatted.extensions?.['code'];
  if (!isClientErrorCode(code) || code === 'INTERNAL_SERVER_ERROR') {
    // Anything unexpected: never show its message, which may carry upstream detail.
    return {
      ...formatted,
      message: GENERIC_MESSAGES.INTERNAL_SERVER_ERROR,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  // GraphQL's own validation, syntax and coercion errors echo what the caller sent (a name in an
  // object, an identity number in a list): drop the echoed values, then redact what is left.
  const { stacktrace: _stacktrace, ...rest } = formatted.extensions ?? {};
  void _stacktrace;
  return {
    ...formatted,
    message: redactText(withoutEchoedValues(formatted.message)),
    extensions: rest,
  };
}

const VARIABLE_VALUE = /^Variable "\$(\w+)" got invalid value /;
const TYPE = String.raw`[A-Za-z_][\w]*(?:!|\]|\[)*|\[[\w[\]!]+`;
const NULL_ITEM = new RegExp(
  String.raw`Expected non-nullable type (${TYPE}) not to be null at (value(?:\.\w+|\[\d+\])*)\.$`,
);
const MISSING_FIELD = new RegExp(
  String.raw`Field (value(?:\.\w+|\[\d+\])*) of required type (${TYPE}) was not provided\.$`,
);
const EXPECTED_TYPE = new RegExp(String.raw`; Expected type (${TYPE})(?:;|\.|$)`);
const CANNOT_REPRESENT = /^(\w+ cannot represent [^:]*value): [\s\S]*$/;
const EXPECTED_VALUE = /^(Expected value of type "[^"]*"), found [\s\S]*$/;
const ENUM_VALUE = /^Value "[^"]*" does not exist in /;
const SYNTAX_TOKEN = /\b(String|BlockString|Name|Int|Float) "(?:[^"\\]|\\.)*"/g;

/**
 * Rewrites the graphql-js and graphql-jit messages that quote a caller's value so they keep only
 * what the schema says (variable, type, position in the value); other messages are unchanged.
 */
export function withoutEchoedValues(message: string): string {
  const variable = VARIABLE_VALUE.exec(message);
  if (variable !== null) {
    const head = `Variable "$${variable[1] ?? ''}" got an invalid value`;
    const nullItem = NULL_ITEM.exec(message);
    if (nullItem !== null)
      return `${head}: ${nullItem[2] ?? 'value'} must not be null (type ${nullItem[1] ?? ''}).`;
    const missing = MISSING_FIELD.exec(message);
    if (missing !== null)
      return `${head}: ${missing[1] ?? 'value'} of required type ${missing[2] ?? ''} was not provided.`;
    const expected = EXPECTED_TYPE.exec(message);
    return expected === null ? `${head}.` : `${head}; expected type ${expected[1] ?? ''}.`;
  }
  if (message.startsWith('Syntax Error:')) return message.replace(SYNTAX_TOKEN, '$1');
  if (ENUM_VALUE.test(message)) return message.replace(ENUM_VALUE, 'The value does not exist in ');
  return message
    .replace(CANNOT_REPRESENT, '$1.')
    .replace(EXPECTED_VALUE, '$1, found an invalid value.');
}
