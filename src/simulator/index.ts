// The register simulator: simulated Maskinporten, KRR and Folkeregisteret (plus the development
// identity provider) on loopback, over one deterministic synthetic population, with a call
// recorder and faults.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createFaultQueue, type Faults } from './faults.ts';
import { SCOPE_MED_HJEMMEL, SCOPE_UTEN_HJEMMEL, startFreg, type SimulatedFreg } from './freg.ts';
import { startDevIdentityProvider, type DevIdentityProvider } from './idp.ts';
import {
  SCOPE_DIGITALPOST,
  SCOPE_KONTAKTINFORMASJON,
  SCOPE_SUPPLIER_KONTAKTINFO,
  SCOPE_SUPPLIER_POSTKASSE,
  startKrr,
  type SimulatedKrr,
} from './krr.ts';
import {
  startMaskinporten,
  type RegisteredClient,
  type SimulatedMaskinporten,
} from './maskinporten.ts';
import { generatePopulation, type Population } from './population.ts';
import { createCallLog, type Recorder } from './recorder.ts';
import { createSelfSignedCertificate, createTestCa, type TestCa } from './x509.ts';
import { startGateway, type SimulatedGateway } from './gateway.ts';
import { createIdporten, type SimulatedIdporten } from './idporten.ts';
import { startTokenService, type SimulatedTokenService } from './nais.ts';

export type { Fault, Faults } from './faults.ts';
export type { DevIdentityProvider } from './idp.ts';
export type { FregCase, FregDocument, FregProfile } from './freg-records.ts';
export type { KrrSimRecord } from './krr-records.ts';
export type { FregCases, Population, PopulationCases, SimPerson } from './population.ts';
export type { RecordedCall, Recorder, SimUpstream } from './recorder.ts';

export interface SimulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0 (ephemeral) for each. */
  ports?: { maskinporten?: number; krr?: number; freg?: number };
  /** Generated persons (the documented test users come on top); default 12000. */
  populationSize?: number;
  /** Seed of the deterministic population; default 1. */
  seed?: number;
  /**
   * Scopes the registered client may be granted; default both `krr:global/*` scopes and both
   * `folkeregister:deling/offentlig*` scopes.
   */
  clientScopes?: readonly string[];
  /** `expires_in` of issued access tokens; default 120. */
  accessTokenLifetimeSeconds?: number;
  /** Upper bound of a random artificial latency per KRR call; default 0. */
  krrMaxLatencyMs?: number;
  /** Upper bound of a random artificial latency per Folkeregisteret call; default 0. */
  fregMaxLatencyMs?: number;
  /** Fixed artificial latency per KRR call (before any random one), e.g. 50 for benchmarks; default 0. */
  krrLatencyMs?: number;
  /** Fixed artificial latency per Folkeregisteret call (before any random one); default 0. */
  fregLatencyMs?: number;
  /**
   * Document properties this Folkeregisteret does not know as `part` values (400, as for any
   * unknown part), like a register of another version; default none.
   */
  fregUnknownParts?: readonly string[];
}

export interface Simulator {
  readonly maskinporten: {
    readonly issuer: string;
    readonly wellKnownUrl: string;
    readonly tokenEndpoint: string;
    readonly jwksUri: string;
  };
  /** KRR base URL, e.g. `http://127.0.0.1:PORT`; the API is at `/rest/v1/personer` and `/rest/v2/personer`. */
  readonly krrUrl: string;
  /**
   * Folkeregisteret base URL, e.g. `http://127.0.0.1:PORT`; the packages are at
   * `/folkeregisteret/offentlig-med-hjemmel/api/v1/personer…` and
   * `/folkeregisteret/api/offentligutenhjemmel/v1/personer…`.
   */
  readonly fregUrl: string;
  /** The client registered in Maskinporten, with its private RS256 JWK (generated at start). */
  readonly client: { readonly clientId: string; readonly privateJwk: JWK };
  /** Development identity provider for caller tokens (simulator mode). */
  readonly idp: DevIdentityProvider;
  /**
   * TEST CA the simulated Maskinporten trusts for business-certificate (`x5c`) grants; issue
   * the client's certificate with `testCa.issue({ orgnr: clientOrgnr })`. Created on first use.
   */
  readonly testCa: TestCa;
  /** The registered client's organisation number. */
  readonly clientOrgnr: string;
  /** A customer organisation that delegated to the client as supplier (`consumer_org`). */
  readonly customerOrgnr: string;
  /** NAIS-style token service for the registered client (`NAIS_TOKEN_ENDPOINT`). */
  readonly tokenService: SimulatedTokenService;
  /** API gateway with an API key in front of KRR v1 and Freg's single GET (guide's paths). */
  readonly gateway: Pick<SimulatedGateway, 'url' | 'apiKey' | 'calls'>;
  /** ID-porten for end users' own tokens (KRR's `GET /rest/v1/person`). */
  readonly idporten: Pick<SimulatedIdporten, 'issuer' | 'mint'>;
  readonly population: Population;
  readonly recorder: Recorder;
  readonly faults: Faults;
  /** Changes what the client may be granted from now on. */
  setClientScopes(scopes: readonly string[]): void;
  /** Stops every server, terminating hanging and keep-alive connections. */
  close(): Promise<void>;
}

/** The client's organisation number: a synthetic test organisation (valid MOD11). */
const CLIENT_ORGNR = '310000000';
/** A synthetic customer organisation that delegated KRR access to the client (supplier mode). */
const CUSTOMER_ORGNR = '310000011';
const DEFAULT_CLIENT_SCOPES = [
  SCOPE_KONTAKTINFORMASJON,
  SCOPE_DIGITALPOST,
  SCOPE_MED_HJEMMEL,
  SCOPE_UTEN_HJEMMEL,
  SCOPE_SUPPLIER_KONTAKTINFO,
  SCOPE_SUPPLIER_POSTKASSE,
] as const;

function checkOptions(options: SimulatorOptions): void {
  const nonNegativeInteger = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new TypeError(`"${name}" must be a non-negative integer, received ${String(value)}`);
    }
  };
  nonNegativeInteger('populationSize', options.populationSize);
  nonNegativeInteger('seed', options.seed);
  nonNegativeInteger('ports.maskinporten', options.ports?.maskinporten);
  nonNegativeInteger('ports.krr', options.ports?.krr);
  nonNegativeInteger('ports.freg', options.ports?.freg);
  nonNegativeInteger('krrMaxLatencyMs', options.krrMaxLatencyMs);
  nonNegativeInteger('fregMaxLatencyMs', options.fregMaxLatencyMs);
  nonNegativeInteger('krrLatencyMs', options.krrLatencyMs);
  nonNegativeInteger('fregLatencyMs', options.fregLatencyMs);
  const lifetime = options.accessTokenLifetimeSeconds;
  if (lifetime !== undefined && !(Number.isSafeInteger(lifetime) && lifetime > 0)) {
    throw new TypeError(
      `"accessTokenLifetimeSeconds" must be a positive integer, received ${String(lifetime)}`,
    );
  }
  if (options.clientScopes !== undefined) checkScopes(options.clientScopes);
}

function checkScopes(scopes: readonly string[]): void {
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && /^\S+$/.test(s))) {
    throw new TypeError('"clientScopes" must be an array of non-empty strings without whitespace');
  }
}

/**
 * Starts the simulated registers on loopback. Rejects (after closing whatever had started) when a
 * port cannot be bound; throws a TypeError for invalid options.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const log = createCallLog();
  const faults = createFaultQueue();
  const population = generatePopulation({
    size: options.populationSize ?? 12_000,
    seed: options.seed ?? 1,
    now: Date.now(),
  });
  const certificate = createSelfSignedCertificate(
    'Simulated digital post (synthetic)',
  ).der.toString('base64');

  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const client: RegisteredClient = {
    clientId: randomUUID(),
    orgnr: CLIENT_ORGNR,
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
    scopes: [...(options.clientScopes ?? DEFAULT_CLIENT_SCOPES)],
    customers: [CUSTOMER_ORGNR],
  };
  let testCa: TestCa | undefined;
  const getTestCa = (): TestCa => (testCa ??= createTestCa());
  const idporten = await createIdporten();
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  const started: { close(): Promise<void> }[] = [];
  let maskinporten: SimulatedMaskinporten;
  let krr: SimulatedKrr;
  let freg: SimulatedFreg;
  let idp: DevIdentityProvider;
  let tokenService: SimulatedTokenService;
  let gateway: SimulatedGateway;
  try {
    maskinporten = await startMaskinporten({
      host,
      port: options.ports?.maskinporten ?? 0,
      clients: [client],
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 120,
      faults,
      log,
      trustedCaPem: () => getTestCa().certificatePem,
    });
    started.push(maskinporten);
    krr = await startKrr({
      host,
      port: options.ports?.krr ?? 0,
      population,
      certificate,
      verifyAccessToken: (token) => maskinporten.verifyAccessToken(token),
      verifyUserToken: (token) => idporten.verify(token),
      faults,
      log,
      maxLatencyMs: options.krrMaxLatencyMs ?? 0,
      latencyMs: options.krrLatencyMs ?? 0,
    });
    started.push(krr);
    freg = await startFreg({
      host,
      port: options.ports?.freg ?? 0,
      population,
      verifyAccessToken: (token) => maskinporten.verifyAccessToken(token),
      faults,
      log,
      maxLatencyMs: options.fregMaxLatencyMs ?? 0,
      latencyMs: options.fregLatencyMs ?? 0,
      unknownParts: options.fregUnknownParts ?? [],
    });
    started.push(freg);
    idp = await startDevIdentityProvider({ host });
    started.push(idp);
    tokenService = await startTokenService({
      host,
      port: 0,
      maskinporten,
      clientId: () => client.clientId,
      lifetimeSeconds: options.accessTokenLifetimeSeconds ?? 120,
      faults,
      log,
    });
    started.push(tokenService);
    gateway = await startGateway({
      host,
      krrUrl: krr.url,
      fregUrl: freg.url,
      maskinporten,
      clientId: () => client.clientId,
    });
    started.push(gateway);
  } catch (error) {
    await Promise.allSettled(started.map((server) => server.close()));
    throw error;
  }

  let closed: Promise<void> | null = null;
  return {
    maskinporten: {
      issuer: maskinporten.issuer,
      wellKnownUrl: maskinporten.wellKnownUrl,
      tokenEndpoint: maskinporten.tokenEndpoint,
      jwksUri: maskinporten.jwksUri,
    },
    krrUrl: krr.url,
    fregUrl: freg.url,
    client: { clientId: client.clientId, privateJwk },
    idp,
    get testCa() {
      return getTestCa();
    },
    clientOrgnr: CLIENT_ORGNR,
    customerOrgnr: CUSTOMER_ORGNR,
    tokenService,
    gateway,
    idporten,
    population,
    recorder: log,
    faults,
    setClientScopes(scopes) {
      checkScopes(scopes);
      client.scopes = [...scopes];
    },
    close() {
      closed ??= Promise.all(started.map((server) => server.close())).then(() => undefined);
      return closed;
    },
  };
}
