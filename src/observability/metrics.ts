// Prometheus metrics for the service. Labels carry only bounded, non-personal values
// (register names, HTTP status classes, outcomes); never identifiers or names.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The upstreams the service talks to, as metric label values. */
export type UpstreamName = 'krr' | 'freg' | 'maskinporten';

export class Metrics {
  readonly registry: Registry;
  readonly upstreamRequests: Counter<'upstream' | 'status'>;
  readonly upstreamFailures: Counter<'upstream' | 'code'>;
  readonly upstreamDuration: Histogram<'upstream'>;
  readonly upstreamBatchSize: Histogram<'upstream'>;
  readonly operations: Counter<'operation' | 'outcome'>;
  readonly deniedFields: Counter<'side' | 'field'>;
  readonly circuitState: Gauge<'upstream'>;
  readonly requestDuration: Histogram<'outcome'>;
  readonly tokenFetches: Counter<'outcome' | 'code'>;
  readonly requestsInFlight: Gauge;
  readonly admissionBudget: Gauge;
  readonly admissionInFlight: Gauge;
  readonly admissionQueue: Gauge;
  readonly admissionQueuedPersons: Gauge;
  readonly admissionRefusals: Counter;
  readonly admissionWait: Histogram<'outcome'>;

  constructor(options: { readonly collectDefaults?: boolean } = {}) {
    this.registry = new Registry();
    if (options.collectDefaults === true) collectDefaultMetrics({ register: this.registry });
    this.upstreamRequests = new Counter({
      name: 'upstream_requests_total',
      help: 'Requests to upstream registers and Maskinporten, by upstream and HTTP status (or error kind).',
      labelNames: ['upstream', 'status'],
      registers: [this.registry],
    });
    this.upstreamFailures = new Counter({
      name: 'upstream_failures_total',
      help:
        'Register lookups (chunks) that failed and became per-person errors, by register and ' +
        'error code or, where there is one, its reason (e.g. CIRCUIT_OPEN).',
      labelNames: ['upstream', 'code'],
      registers: [this.registry],
    });
    this.upstreamDuration = new Histogram({
      name: 'upstream_request_duration_seconds',
      help: 'Duration of upstream requests in seconds.',
      labelNames: ['upstream'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.upstreamBatchSize = new Histogram({
      name: 'upstream_batch_identifiers',
      help: 'Identifiers per upstream register request.',
      labelNames: ['upstream'],
      buckets: [1, 10, 50, 100, 250, 500, 750, 1000],
      registers: [this.registry],
    });
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by operation name (or "anonymous") and outcome.',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Duration of GraphQL operations in seconds, by outcome.',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.tokenFetches = new Counter({
      name: 'maskinporten_token_fetches_total',
      help: 'Maskinporten token fetches (cache misses and refreshes) by outcome (ok | error) and error code (none when ok).',
      labelNames: ['outcome', 'code'],
      registers: [this.registry],
    });
    this.requestsInFlight = new Gauge({
      name: 'graphql_requests_in_flight',
      help: 'GraphQL HTTP requests being served now (what a shutdown drains).',
      registers: [this.registry],
    });
    this.admissionBudget = new Gauge({
      name: 'admission_persons_budget',
      help: 'Persons in flight this replica admits at once (MAX_PERSONS_IN_FLIGHT).',
      registers: [this.registry],
    });
    this.admissionInFlight = new Gauge({
      name: 'admission_persons_in_flight',
      help: 'Persons of admitted operations still being served.',
      registers: [this.registry],
    });
    this.admissionQueue = new Gauge({
      name: 'admission_queue_operations',
      help: 'Operations waiting for room in the budget.',
      registers: [this.registry],
    });
    this.admissionQueuedPersons = new Gauge({
      name: 'admission_queue_persons',
      help: 'Persons of the operations waiting for room in the budget.',
      registers: [this.registry],
    });
    this.admissionRefusals = new Counter({
      name: 'admission_refusals_total',
      help: 'Operations refused with 503 SERVICE_UNAVAILABLE (reason OVERLOADED) after waiting ADMISSION_WAIT_MS.',
      registers: [this.registry],
    });
    this.admissionWait = new Histogram({
      name: 'admission_wait_seconds',
      help: 'Time operations waited for admission, by outcome (admitted | refused).',
      labelNames: ['outcome'],
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [this.registry],
    });
    this.circuitState = new Gauge({
      name: 'upstream_circuit_state',
      help: 'Circuit breaker state per register: 0 closed, 1 half-open, 2 open.',
      labelNames: ['upstream'],
      registers: [this.registry],
    });
    this.deniedFields = new Counter({
      name: 'graphql_denied_fields_total',
      help: 'Denied Person field selections, by side (caller | upstream) and field name.',
      labelNames: ['side', 'field'],
      registers: [this.registry],
    });
  }

  /** Records one completed Maskinporten token fetch; `code` is the error code of a failure. */
  recordTokenFetch(result: { readonly outcome: 'ok' | 'error'; readonly code?: string }): void {
    this.tokenFetches.inc({ outcome: result.outcome, code: result.code ?? 'none' });
  }

  /** Records one upstream request; `status` is the HTTP status or an error kind such as `network`. */
  recordUpstream(upstream: UpstreamName, status: number | string, durationMs: number): void {
    this.upstreamRequests.inc({ upstream, status: String(status) });
    this.upstreamDuration.observe({ upstream }, durationMs / 1000);
  }
}
