// Failures of an upstream register call, classified into the stable codes clients see.
import { AppError, type AppErrorCode } from '../errors.ts';

export type RegisterName = 'krr' | 'freg';

export type UpstreamErrorCode = Extract<
  AppErrorCode,
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_CONTRACT_VIOLATION'
>;

/** A register call that failed; `status` is the HTTP status when there was one. */
export class UpstreamError extends AppError {
  readonly upstream: RegisterName;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: UpstreamErrorCode,
    upstream: RegisterName,
    message: string,
    options: {
      readonly status?: number;
      readonly retryAfterMs?: number;
      readonly cause?: unknown;
      readonly details?: Readonly<Record<string, string | number | boolean>>;
    } = {},
  ) {
    super(code, message, {
      cause: options.cause,
      ...(options.details === undefined ? {} : { details: options.details }),
    });
    this.upstream = upstream;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Maps an HTTP status that is not a success to the error code a client sees. */
export function codeForStatus(status: number): UpstreamErrorCode {
  if (status === 429) return 'UPSTREAM_RATE_LIMITED';
  if (status === 408 || status === 504) return 'UPSTREAM_TIMEOUT';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_REJECTED';
}

/** The error every field of an unconfigured register reports. */
export function notConfigured(upstream: RegisterName): UpstreamError {
  return new UpstreamError(
    'UPSTREAM_UNAVAILABLE',
    upstream,
    `${upstream} is not configured for this deployment`,
    {
      details: { reason: 'NOT_CONFIGURED' },
    },
  );
}
