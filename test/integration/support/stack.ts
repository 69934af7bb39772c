// Test kit: the register simulator and the subgraph, both real HTTP servers on loopback, plus a
// small client for GraphQL over HTTP. Every end-to-end test builds on this.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Env } from '../../../src/config/load-config.ts';
import { Secret } from '../../../src/config/secret.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { startService, type RunningService } from '../../../src/service.ts';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../../src/simulator/index.ts';

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

let captureCount = 0;

/**
 * Collects every log line the service writes, for assertions and leak scans. When `LOG_SCAN_DIR`
 * is set (by test/log-scan/global-setup.ts), every line is also appended to a file there, so the
 * whole suite's log and audit traffic can be scanned for personal data at the end of the run.
 */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  readonly #file: string | undefined;

  constructor(kind: 'log' | 'audit' = 'log') {
    super();
    const dir = process.env['LOG_SCAN_DIR'];
    this.#file =
      dir === undefined || dir === ''
        ? undefined
        : join(dir, `${kind}-${process.pid}-${++captureCount}.jsonl`);
  }

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    const text = chunk.toString('utf8');
    for (const line of text.split('\n')) if (line !== '') this.lines.push(line);
    if (this.#file !== undefined)
      appendFileSync(this.#file, text.endsWith('\n') ? text : `${text}\n`);
    callback();
  }
}

/** Every caller scope the schema declares, in its default names. */
export const ALL_CALLER_SCOPES = [
  'person:kontaktinformasjon.read',
  'person:digitalpost.read',
  'person:folkeregister.read',
  'person:adressebeskyttelse.read',
] as const;

export interface Subgraph {
  readonly service: RunningService;
  readonly logs: LogCapture;
  /** The audit trail's lines (one per operation that read person data). */
  readonly audit: LogCapture;
  /** Mints a caller token from the simulator's identity provider. */
  token(scopes: readonly string[]): Promise<string>;
  query(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse>;
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
  } = {},
): Promise<Subgraph> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...options.env });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const audit = new LogCapture('audit');
  const service = await startService(config, {
    logger,
    auditStream: audit,
    ...(options.devTokens === true
      ? { devTokens: (scopes: readonly string[]) => simulator.idp.mint({ scopes }) }
      : {}),
    ...(options.exampleIds === undefined ? {} : { exampleIds: options.exampleIds }),
    auth: {
      issuer: simulator.idp.issuer,
      audience: simulator.idp.audience,
      jwksUri: new URL(simulator.idp.jwksUri),
    },
    upstream: {
      krr:
        options.krr === null
          ? null
          : {
              baseUrl: new URL(simulator.krrUrl),
              path: '/rest/v2/personer',
              scopes: options.krrScopes ?? [
                'krr:global/kontaktinformasjon.read',
                'krr:global/digitalpost.read',
              ],
            },
      freg:
        options.freg === null
          ? null
          : {
              baseUrl: new URL(simulator.fregUrl),
              rettighetspakke: options.freg?.rettighetspakke ?? 'offentlig-med-hjemmel',
            },
      maskinporten: {
        wellKnownUrl: new URL(simulator.maskinporten.wellKnownUrl),
        issuer: null,
        clientId: simulator.client.clientId,
        privateJwk: new Secret(simulator.client.privateJwk),
      },
    },
  });
  const defaultToken = await simulator.idp.mint({
    scopes: options.callerScopes ?? ALL_CALLER_SCOPES,
  });
  return {
    service,
    logs,
    audit,
    token: (scopes) => simulator.idp.mint({ scopes }),
    async query(query, variables = {}, headers = {}) {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${defaultToken}`,
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: JSON.parse(text) as GraphqlResponse['body'],
        headers: response.headers,
      };
    },
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
    epostadresse { verdi oppdatert sistVerifisert kanBrukesForVarsling }
    mobiltelefonnummer { verdi oppdatert sistVerifisert kanBrukesForVarsling }
  }
  spraak { kode oppdatert }
  digitalPost { postkasseadresse postkasseleverandoeradresse }
  sertifikat { pem utsteder gyldigFra gyldigTil }
`;
