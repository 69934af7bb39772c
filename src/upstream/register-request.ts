// One authenticated call to a register, shared by the KRR and Freg clients: bearer token from the
// token provider (or none behind an API-key gateway, or the end user's own token for user-bound
// lookups), an optional API key header, one refresh-and-retry on 401, bounded retries with backoff and jitter for
// failures that are safe to repeat, a circuit breaker, the operation's deadline over all of it,
// and metrics. The body of a non-success answer is read (bounded) only to free the connection,
// never logged.
//
// Both registers' batch lookups are POSTs that only read (KRR /personer, Freg bulkoppslag), so
// repeating one after a reset, a 502/503/504 or a 429 cannot change anything upstream.
import { setTimeout as sleep } from 'node:timers/promises';
import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { AccessToken, TokenProvider } from '../auth/tokens/index.ts';
import type { Secret } from '../config/secret.ts';
import type { Metrics } from '../observability/metrics.ts';
import { inSpan, SPAN, tracingActive } from '../observability/tracing.ts';
import { SpanKind, type Span } from '@opentelemetry/api';
import { UpstreamError, codeForStatus, type RegisterName } from './upstream-error.ts';

export interface RegisterEndpoint {
  readonly upstream: RegisterName;
  readonly scopes: readonly string[];
  /** Null: no Authorization header (an API gateway that authenticates by API key only). */
  readonly tokenProvider: TokenProvider | null;
  /** An API key sent in its own header on every call (API gateway mode). */
  readonly apiKey?: { readonly header: string; readonly value: Secret<string> } | null;
  readonly dispatcher: Dispatcher;
  readonly metrics: Metrics | undefined;
  /** Extra headers every call carries (e.g. a correlation header the register understands). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Retry policy for idempotent failures; none when absent. */
  readonly retry?: RetryPolicy;
  readonly breaker?: CircuitBreaker;
  /** Unit of a numeric Retry-After: Freg documents milliseconds, HTTP says seconds. */
  readonly retryAfterUnit?: 'ms' | 's';
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** First backoff; doubled per retry, with full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one fails the call at once. */
  readonly maxRetryAfterMs: number;
  readonly random?: () => number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export interface RegisterCall {
  readonly url: URL;
  /** Default POST (the batch lookups); GET for single-person lookups, which send no body. */
  readonly method?: 'POST' | 'GET';
  readonly body?: string;
  /** The end user's own access token (user-bound lookups) instead of a provider token. */
  readonly bearer?: Secret<string>;
  /** Identifiers in this call, for the batch-size histogram. */
  readonly identifiers: number;
  readonly requestId?: string;
  readonly signal?: AbortSignal;
  /** Epoch ms: no attempt or wait goes beyond it. */
  readonly deadline?: number;
}

export interface RegisterAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** Classifies an error thrown by undici (or an abort) as timeout or unavailability. */
export function classifyNetworkError(upstream: RegisterName, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const timeout =
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
  return timeout
    ? new UpstreamError('UPSTREAM_TIMEOUT', upstream, `${upstream} did not answer in time`, {
        cause: error,
      })
    : new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, `${upstream} could not be reached`, {
        cause: error,
      });
}

function outage(error: UpstreamError): boolean {
  return (
    error.code === 'UPSTREAM_UNAVAILABLE' ||
    error.code === 'UPSTREAM_TIMEOUT' ||
    (error.status !== undefined && error.status >= 500)
  );
}

function retryable(error: UpstreamError): boolean {
  if (error.status !== undefined) return RETRYABLE_STATUS.has(error.status);
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
}

/**
 * Sends the call and resolves with a 2xx answer (status, headers, body text). Rejects with
 * UpstreamError for every other outcome. A 401 first refreshes the token and retries once
 * (Maskinporten's guidance: fetch a new token on 401); idempotent failures are retried per the
 * endpoint's policy while the deadline allows; an open circuit fails at once.
 *
 * Retrying a POST is safe here: KRR's `POST /rest/v2/personer` and Freg's `POST …/bulkoppslag`
 * are read-only lookups that carry the identifiers in the body only to keep them out of URLs;
 * sending one twice changes nothing at the register.
 */
export async function postToRegister(
  endpoint: RegisterEndpoint,
  call: RegisterCall,
): Promise<RegisterAnswer> {
  if (!tracingActive()) return callWithRetries(endpoint, call, null);
  return inSpan(
    SPAN.register,
    { 'register.name': endpoint.upstream, 'register.identifiers': call.identifiers },
    (span) => callWithRetries(endpoint, call, span),
    SpanKind.CLIENT,
  );
}

/**
 * The call's span (when tracing) gets one `attempt` event per attempt (number, HTTP status or
 * error code), the number of attempts, the final status, and whether a retry or the circuit
 * breaker acted. Never the URL or the body: they can hold identity numbers.
 */
async function callWithRetries(
  endpoint: RegisterEndpoint,
  call: RegisterCall,
  span: Span | null,
): Promise<RegisterAnswer> {
  const policy = endpoint.retry;
  const random = policy?.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    span?.setAttributes({ 'register.attempts': attempt + 1, 'register.retried': attempt > 0 });
    if (call.deadline !== undefined && Date.now() >= call.deadline) {
      throw new UpstreamError(
        'UPSTREAM_TIMEOUT',
        endpoint.upstream,
        `${endpoint.upstream}: the operation's deadline passed`,
      );
    }
    if (endpoint.breaker !== undefined && !endpoint.breaker.tryAcquire()) {
      span?.setAttribute('register.circuit_open', true);
      throw new UpstreamError(
        'UPSTREAM_UNAVAILABLE',
        endpoint.upstream,
        `${endpoint.upstream} is failing; calls are paused`,
        {
          details: { reason: 'CIRCUIT_OPEN' },
        },
      );
    }
    let failure: UpstreamError;
    try {
      const answer = await attempt401(endpoint, call);
      span?.addEvent('attempt', {
        'register.attempt': attempt + 1,
        'http.response.status_code': answer.status,
      });
      span?.setAttribute('http.response.status_code', answer.status);
      if (answer.status >= 200 && answer.status < 300) {
        endpoint.breaker?.onSuccess();
        return answer;
      }
      const retryAfter = answer.headers['retry-after'];
      const retryAfterMs =
        typeof retryAfter === 'string'
          ? parseRetryAfterMs(retryAfter, endpoint.retryAfterUnit ?? 's')
          : undefined;
      failure = new UpstreamError(
        codeForStatus(answer.status),
        endpoint.upstream,
        `${endpoint.upstream} answered HTTP ${answer.status}`,
        {
          status: answer.status,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      );
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.upstream !== endpoint.upstream) throw error;
      failure = error;
      span?.addEvent('attempt', { 'register.attempt': attempt + 1, 'error.type': failure.code });
    }
    if (outage(failure)) endpoint.breaker?.onFailure();
    else endpoint.breaker?.onSuccess();
    if (
      policy === undefined ||
      attempt >= policy.maxRetries ||
      !retryable(failure) ||
      call.signal?.aborted === true
    )
      throw failure;
    let waitMs = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    if (failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > policy.maxRetryAfterMs) throw failure;
      waitMs = Math.max(waitMs, failure.retryAfterMs);
    }
    if (call.deadline !== undefined && Date.now() + waitMs >= call.deadline) throw failure;
    await sleep(
      waitMs,
      undefined,
      call.signal === undefined ? undefined : { signal: call.signal },
    ).catch(() => {
      throw failure;
    });
  }
}

async function attempt401(endpoint: RegisterEndpoint, call: RegisterCall): Promise<RegisterAnswer> {
  // A user-bound call carries the end user's own token: nothing to refresh on 401.
  if (call.bearer !== undefined) return send(endpoint, call, call.bearer);
  if (endpoint.tokenProvider === null) return send(endpoint, call, null);
  let token = await getToken(endpoint, endpoint.tokenProvider, call.signal);
  let answer = await send(endpoint, call, token.token);
  if (answer.status === 401) {
    token = await getToken(endpoint, endpoint.tokenProvider, call.signal, token);
    answer = await send(endpoint, call, token.token);
  }
  return answer;
}

/**
 * Reads Retry-After. Folkeregisteret documents milliseconds, unlike HTTP's seconds
 * (docs/registers.md F6), so the unit is the endpoint's; an HTTP date is honoured.
 */
export function parseRetryAfterMs(value: string, unit: 'ms' | 's'): number | undefined {
  const trimmed = value.trim();
  // A delay: digits, with a fraction tolerated ("1.5"); anything else numeric ("-1") is no delay.
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * (unit === 's' ? 1000 : 1));
  // An HTTP-date always names its weekday or month; Date.parse would read "-1" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function getToken(
  endpoint: RegisterEndpoint,
  provider: TokenProvider,
  signal: AbortSignal | undefined,
  rejected?: AccessToken,
): Promise<AccessToken> {
  return provider.getToken(endpoint.scopes, {
    ...(signal === undefined ? {} : { signal }),
    ...(rejected === undefined ? {} : { forceRefresh: true, rejected }),
  });
}

const MAX_ERROR_BODY = 64 * 1024;

async function send(
  endpoint: RegisterEndpoint,
  call: RegisterCall,
  token: Secret<string> | null,
): Promise<RegisterAnswer> {
  const started = performance.now();
  const apiKey = endpoint.apiKey ?? null;
  const headers: Record<string, string> = {
    ...endpoint.headers,
    ...(apiKey === null ? {} : { [apiKey.header]: apiKey.value.reveal() }),
    ...(token === null ? {} : { authorization: `Bearer ${token.reveal()}` }),
    accept: 'application/json',
  };
  if (call.method !== 'GET') headers['content-type'] = 'application/json';
  if (call.requestId !== undefined) headers['x-request-id'] = call.requestId;
  const signals: AbortSignal[] = [];
  if (call.signal !== undefined) signals.push(call.signal);
  if (call.deadline !== undefined)
    signals.push(AbortSignal.timeout(Math.max(1, call.deadline - Date.now())));
  const signal =
    signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(call.url, {
      method: call.method ?? 'POST',
      dispatcher: endpoint.dispatcher,
      headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    const failure = classifyNetworkError(endpoint.upstream, error);
    endpoint.metrics?.recordUpstream(
      endpoint.upstream,
      failure.code === 'UPSTREAM_TIMEOUT' ? 'timeout' : 'network',
      performance.now() - started,
    );
    throw failure;
  }
  const status = response.statusCode;
  try {
    let text = '';
    if (status >= 200 && status < 300) {
      text = await response.body.text();
    } else {
      // Drain a bounded amount so the connection can be reused; the content is never used.
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_ERROR_BODY) {
          response.body.destroy();
          break;
        }
      }
    }
    endpoint.metrics?.recordUpstream(endpoint.upstream, status, performance.now() - started);
    endpoint.metrics?.upstreamBatchSize.observe({ upstream: endpoint.upstream }, call.identifiers);
    return { status, headers: response.headers, text };
  } catch (error) {
    const failure = classifyNetworkError(endpoint.upstream, error);
    endpoint.metrics?.recordUpstream(
      endpoint.upstream,
      failure.code === 'UPSTREAM_TIMEOUT' ? 'timeout' : 'network',
      performance.now() - started,
    );
    throw failure;
  }
}
