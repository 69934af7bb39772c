// Test kit: the register simulator and the subgraph, both real HTTP servers on loopback, plus a
// small client for GraphQL over HTTP. Every end-to-end test builds on this.
import { join } from 'node:path';
import { Lines } from '../../support/lines.ts';
import { loadConfig, type Env } from '../../../src/config/load-config.ts';
import { KRR_DEFAULT_SCOPES } from '../../../src/config/config.ts';
import { declaredCallerScopes } from '../../../src/graphql/schema.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { startService, type RunningService } from '../../../src/service.ts';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../../src/simulator/index.ts';
import {
  simulatorCallerAuth,
  simulatorEndpoints,
  simulatorUpstream,
} from '../../../src/simulator/service-config.ts';

export interface GraphqlResponse {
  readonly status: number;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: Record<string, unknown>;
    }[];
  };
  readonly headers: Headers;
}

/** What a test sends: an operation, its variables and extra headers. */
export type GraphqlQuery = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GraphqlResponse>;

/** The test GraphQL client: POSTs JSON to `url` with the caller token `token`. */
export function graphqlClient(url: string, token: string): GraphqlQuery {
  return async (query, variables = {}, headers = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: JSON.parse(await response.text()) as GraphqlResponse['body'],
      headers: response.headers,
    };
  };
}

let captureCount = 0;

/**
 * Collects every log line the service writes, for assertions and leak scans. When `LOG_SCAN_DIR`
 * is set (by test/log-scan/global-setup.ts), every line is also appended to a file there, so the
 * whole suite's log and audit traffic can be scanned for personal data at the end of the run.
 */
export class LogCapture extends Lines {
  constructor(kind: 'log' | 'audit' = 'log') {
    const dir = process.env['LOG_SCAN_DIR'];
    super(
      dir === undefined || dir === ''
        ? {}
        : { mirrorFile: join(dir, `${kind}-${process.pid}-${++captureCount}.jsonl`) },
    );
  }
}

/** Every caller scope the schema declares, in its default names. */
export const ALL_CALLER_SCOPES = declaredCallerScopes();

export interface Subgraph {
  readonly service: RunningService;
  readonly logs: LogCapture;
  /** The audit trail's lines (one per operation that read person data). */
  readonly audit: LogCapture;
  /** Mints a caller token from the simulator's identity provider. */
  token(scopes: readonly string[]): Promise<string>;
  query: GraphqlQuery;
  close(): Promise<void>;
}

/** Starts the subgraph against a running simulator. `env` adds configuration variables. */
export async function startSubgraph(
  simulator: Simulator,
  options: {
    readonly env?: Env;
    readonly krrScopes?: readonly string[];
    /** Null: no Folkeregisteret configured. */
    readonly freg?: {
      readonly rettighetspakke: 'offentlig-med-hjemmel' | 'offentlig-uten-hjemmel';
    } | null;
    /** Null: no KRR configured. */
    readonly krr?: null;
    /** Scopes of the caller token every query carries unless it sets its own authorization. */
    readonly callerScopes?: readonly string[];
    /** Serve `POST /dev/token` (minting with the simulator's identity provider), as `npm start` does. */
    readonly devTokens?: boolean;
    /** Identifiers for the explorer page's example query. */
    readonly exampleIds?: readonly string[];
    /** Execute with graphql-js (Apollo's own path) instead of graphql-jit. */
    readonly referenceExecution?: boolean;
  } = {},
): Promise<Subgraph> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...options.env });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const audit = new LogCapture('audit');
  const endpoints = simulatorEndpoints(simulator);
  const service = await startService(config, {
    logger,
    auditStream: audit,
    ...(options.referenceExecution === true ? { referenceExecution: true } : {}),
    ...(options.devTokens === true
      ? { devTokens: (scopes: readonly string[]) => simulator.idp.mint({ scopes }) }
      : {}),
    ...(options.exampleIds === undefined ? {} : { exampleIds: options.exampleIds }),
    auth: simulatorCallerAuth(endpoints),
    upstream: simulatorUpstream(endpoints, {
      krrScopes: options.krr === null ? null : (options.krrScopes ?? KRR_DEFAULT_SCOPES),
      rettighetspakke:
        options.freg === null ? null : (options.freg?.rettighetspakke ?? 'offentlig-med-hjemmel'),
    }),
  });
  const defaultToken = await simulator.idp.mint({
    scopes: options.callerScopes ?? ALL_CALLER_SCOPES,
  });
  return {
    service,
    logs,
    audit,
    token: (scopes) => simulator.idp.mint({ scopes }),
    query: graphqlClient(service.url, defaultToken),
    async close() {
      await service.close();
    },
  };
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ populationSize: 12_000, ...options });
}

/** All KRR fields of Person, for queries that select everything. */
export const ALL_KRR_FIELDS = `
  personidentifikator
  kontaktregisterstatus
  reservasjon { reservert tidspunkt oppdatert }
  varslingsstatus
  kanVarsles
  kontaktinformasjon {
    epostadresse { verdi oppdatert sistVerifisert sistValidert duplisert kanBrukesForVarsling }
    mobiltelefonnummer { verdi oppdatert sistVerifisert sistValidert duplisert kanBrukesForVarsling }
  }
  spraak { kode oppdatert }
  digitalPost { postkasseadresse postkasseleverandoeradresse }
  sertifikat { pem utsteder gyldigFra gyldigTil }
`;
