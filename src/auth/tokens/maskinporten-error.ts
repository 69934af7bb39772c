// The one error type of the Maskinporten token provider: a stable code plus the OAuth error and
// MP-xxx id Maskinporten reported. Messages never contain the assertion, the token or the key.
import { AppError, type AppErrorCode } from '../../errors.ts';

/** Codes a MaskinportenError can carry. */
export type MaskinportenErrorCode = Extract<
  AppErrorCode,
  | 'MASKINPORTEN_GRANT_FAILED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_CONTRACT_VIOLATION'
>;

/**
 * A token (or metadata) request to Maskinporten failed.
 * - `MASKINPORTEN_GRANT_FAILED`: Maskinporten refused the grant (4xx other than 408/429); fix
 *   configuration (client id, key, scopes, environment). `oauthError`/`mpCode` say why.
 * - `UPSTREAM_UNAVAILABLE`: network failure, 5xx, 429 or an unexpected status.
 * - `UPSTREAM_TIMEOUT`: no complete answer within `timeoutMs` (or a 408).
 * - `UPSTREAM_CONTRACT_VIOLATION`: a success answer whose body is not a usable token/metadata.
 */
export class MaskinportenError extends AppError {
  declare readonly code: MaskinportenErrorCode;
  /** HTTP status, when Maskinporten answered. */
  readonly status?: number;
  /** OAuth2 `error`, e.g. `invalid_grant`, `invalid_scope`. */
  readonly oauthError?: string;
  /** Maskinporten's id from `error_description`, e.g. `MP-110`. */
  readonly mpCode?: string;
  /** Maskinporten's `error_description` (its own text; never contains our secrets), truncated. */
  readonly errorDescription?: string;

  constructor(
    code: MaskinportenErrorCode,
    message: string,
    options: {
      readonly status?: number;
      readonly oauthError?: string;
      readonly mpCode?: string;
      readonly errorDescription?: string;
      readonly cause?: unknown;
    } = {},
  ) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
    if (options.oauthError !== undefined) this.oauthError = options.oauthError;
    if (options.mpCode !== undefined) this.mpCode = options.mpCode;
    if (options.errorDescription !== undefined) this.errorDescription = options.errorDescription;
  }
}
