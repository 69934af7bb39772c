// The upstream part of the configuration: register URLs (or environment presets), how tokens are
// obtained (pre-registered JWK, business certificate as PEM or PKCS#12, platform token service,
// or none behind an API gateway), the API key, paths and lookup style. Every problem is
// collected with the variable's name; no secret value is ever put in a message.
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { loadCertificate, type CertificateSource } from './certificate.ts';
import {
  KRR_DEFAULT_SCOPES,
  type ApiKeyConfig,
  type FregConfig,
  type KrrConfig,
  type MaskinportenConfig,
  type Rettighetspakke,
  type TokenServiceConfig,
  type UpstreamConfig,
} from './config.ts';
import {
  environmentOfHost,
  FREG_PRESETS,
  KRR_PRESETS,
  MASKINPORTEN_PRESETS,
  phasedOutHost,
  type RegisterEnvironment,
  type UrlKind,
} from './presets.ts';
import { Secret } from './secret.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Any of these set means upstream mode (no simulator). */
export const UPSTREAM_VARIABLES = [
  'KRR_URL',
  'KRR_ENV',
  'FREG_URL',
  'FREG_ENV',
  'MASKINPORTEN_WELL_KNOWN_URL',
  'MASKINPORTEN_ISSUER',
  'MASKINPORTEN_ENV',
  'MASKINPORTEN_CLIENT_ID',
  'MASKINPORTEN_CLIENT_JWK',
  'MASKINPORTEN_CERT_FILE',
  'MASKINPORTEN_KEY_FILE',
  'MASKINPORTEN_P12_FILE',
  'NAIS_TOKEN_ENDPOINT',
  'UPSTREAM_API_KEY',
] as const;

/** Side effects the upstream configuration needs; injected by tests. */
export interface ConfigIo {
  readonly readFile?: (path: string) => Buffer;
  readonly now?: () => number;
}

// Headers the subgraph sets itself; an API key may not replace them.
const RESERVED_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'accept',
  'host',
  'connection',
  'transfer-encoding',
  'x-request-id',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

class UpstreamReader {
  readonly #env: Env;
  readonly problems: string[];

  constructor(env: Env, problems: string[]) {
    this.#env = env;
    this.problems = problems;
  }

  string(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /** A value kept verbatim (secrets: never trimmed into something else, never echoed). */
  raw(name: string): string | undefined {
    const value = this.#env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  url(name: string, kind?: UrlKind): URL | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(raw);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('protocol');
    } catch {
      this.problems.push(`${name} must be an http(s) URL`);
      return undefined;
    }
    if (kind !== undefined) {
      const phasedOut = phasedOutHost(url, kind);
      if (phasedOut !== null) {
        this.problems.push(`${name}: ${phasedOut}`);
        return undefined;
      }
    }
    return url;
  }

  environment(name: string): RegisterEnvironment | undefined {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (raw === 'test' || raw === 'prod') return raw;
    this.problems.push(`${name} must be test or prod (got "${raw}")`);
    return undefined;
  }

  /** A URL from `urlName`, or the preset for `envName`; both set is a conflict. */
  urlOrPreset(
    urlName: string,
    envName: string,
    presets: Readonly<Record<RegisterEnvironment, string>>,
    kind: UrlKind,
  ): URL | undefined {
    const url = this.url(urlName, kind);
    const environment = this.environment(envName);
    if (this.string(urlName) !== undefined && this.string(envName) !== undefined) {
      this.problems.push(`${urlName} and ${envName} are both set; set only one`);
      return undefined;
    }
    return environment === undefined ? url : new URL(presets[environment]);
  }
}

/** Parses a private RSA JWK; never echoes the value (it is a private key). */
export function parseJwk(problems: string[], name: string, raw: string): Secret<JWK> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(`${name} is not valid JSON`);
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${name} must be a JSON object (a private JWK)`);
    return undefined;
  }
  const jwk = parsed as Record<string, unknown>;
  const missing = ['kty', 'kid', 'n', 'e', 'd'].filter((key) => typeof jwk[key] !== 'string');
  if (jwk['kty'] !== 'RSA') {
    problems.push(`${name} must be an RSA key (kty "RSA")`);
    return undefined;
  }
  if (missing.length > 0) {
    problems.push(`${name} lacks ${missing.join(', ')} (a private RSA JWK with kid is required)`);
    return undefined;
  }
  return new Secret<JWK>(jwk);
}

function scopeList(raw: string): string[] {
  return raw.split(/[\s,]+/).filter(Boolean);
}

function readPath(r: UpstreamReader, name: string, fallback: string, dir = false): string {
  const value = r.string(name);
  if (value === undefined) return fallback;
  if (!value.startsWith('/') || /\s|\?|#/.test(value)) {
    r.problems.push(`${name} must be an absolute path starting with "/" (got "${value}")`);
    return fallback;
  }
  if (dir && !value.endsWith('/')) return `${value}/`;
  return value;
}

/**
 * Reads the upstream configuration. Returns null when something is missing or wrong (the
 * problems are then in `problems`).
 */
export function readUpstreamConfig(
  env: Env,
  problems: string[],
  io: ConfigIo = {},
): UpstreamConfig | null {
  const r = new UpstreamReader(env, problems);
  const readFile = io.readFile ?? ((path: string) => readFileSync(path));
  const now = io.now ?? Date.now;
  const before = problems.length;

  // Registers.
  const krrUrl = r.urlOrPreset('KRR_URL', 'KRR_ENV', KRR_PRESETS, 'krr');
  const fregUrl = r.urlOrPreset('FREG_URL', 'FREG_ENV', FREG_PRESETS, 'freg');
  if (
    [krrUrl, fregUrl].every((u) => u === undefined) &&
    ['KRR_URL', 'KRR_ENV', 'FREG_URL', 'FREG_ENV'].every((n) => r.string(n) === undefined)
  ) {
    problems.push(
      'KRR_URL (or KRR_ENV) or FREG_URL (or FREG_ENV) is required: upstream configuration is set, so at least one register is needed',
    );
  }
  const pakke = r.string('FREG_RETTIGHETSPAKKE') ?? 'offentlig-med-hjemmel';
  if (pakke !== 'offentlig-med-hjemmel' && pakke !== 'offentlig-uten-hjemmel')
    problems.push('FREG_RETTIGHETSPAKKE must be offentlig-med-hjemmel or offentlig-uten-hjemmel');
  const fregLookup = r.string('FREG_LOOKUP')?.toLowerCase() ?? 'bulk';
  if (fregLookup !== 'bulk' && fregLookup !== 'single')
    problems.push(`FREG_LOOKUP must be bulk or single (got "${fregLookup}")`);
  const scopes = scopeList(r.string('KRR_SCOPES') ?? KRR_DEFAULT_SCOPES.join(' '));
  const badScope = scopes.find((s) => !s.startsWith('krr:'));
  if (badScope !== undefined)
    problems.push(`KRR_SCOPES may only hold krr: scopes (got "${badScope}")`);

  // API key (gateway mode).
  let apiKey: ApiKeyConfig | null = null;
  const keyValue = r.raw('UPSTREAM_API_KEY');
  const keyHeader = r.string('UPSTREAM_API_KEY_HEADER');
  if (keyValue !== undefined || keyHeader !== undefined) {
    if (keyValue === undefined)
      problems.push('UPSTREAM_API_KEY is required when UPSTREAM_API_KEY_HEADER is set');
    if (keyHeader === undefined)
      problems.push(
        'UPSTREAM_API_KEY_HEADER is required with UPSTREAM_API_KEY (the header the gateway reads, e.g. X-Gravitee-Api-Key or ApiKey)',
      );
    else if (!HEADER_NAME.test(keyHeader))
      problems.push('UPSTREAM_API_KEY_HEADER must be an HTTP header name');
    else if (RESERVED_HEADERS.has(keyHeader.toLowerCase()))
      problems.push(
        `UPSTREAM_API_KEY_HEADER may not be ${keyHeader}: the subgraph sets that header itself`,
      );
    if (keyValue !== undefined && /[\r\n]/.test(keyValue))
      problems.push('UPSTREAM_API_KEY must be a single line');
    if (keyValue !== undefined && keyHeader !== undefined)
      apiKey = { header: keyHeader, value: new Secret(keyValue.trim()) };
  }

  // Tokens: a token service, or a direct grant with exactly one kind of key, or none.
  const naisEndpoint = r.url('NAIS_TOKEN_ENDPOINT');
  const jwkRaw = r.raw('MASKINPORTEN_CLIENT_JWK');
  const certFile = r.string('MASKINPORTEN_CERT_FILE');
  const keyFile = r.string('MASKINPORTEN_KEY_FILE');
  const p12File = r.string('MASKINPORTEN_P12_FILE');
  const p12Passphrase = r.raw('MASKINPORTEN_P12_PASSPHRASE');
  const consumerOrg = r.string('MASKINPORTEN_CONSUMER_ORG');
  const resource = r.string('MASKINPORTEN_RESOURCE');
  if (consumerOrg !== undefined && !/^\d{9}$/.test(consumerOrg))
    problems.push('MASKINPORTEN_CONSUMER_ORG must be a 9-digit organisation number');
  if (resource !== undefined && /\s/.test(resource))
    problems.push('MASKINPORTEN_RESOURCE must be one audience value without spaces');

  const keyKinds = [
    jwkRaw === undefined ? null : 'MASKINPORTEN_CLIENT_JWK',
    certFile === undefined && keyFile === undefined
      ? null
      : 'MASKINPORTEN_CERT_FILE/MASKINPORTEN_KEY_FILE',
    p12File === undefined ? null : 'MASKINPORTEN_P12_FILE',
  ].filter((kind): kind is string => kind !== null);
  const fileKinds = keyKinds.filter((kind) => kind !== 'MASKINPORTEN_CLIENT_JWK');
  const naisSet = r.string('NAIS_TOKEN_ENDPOINT') !== undefined;
  // With a token service the JWK NAIS injects beside it is ignored, so it does not conflict.
  const counted = naisSet ? fileKinds : keyKinds;
  if (counted.length > 1)
    problems.push(
      `${counted.join(' and ')} are both set: configure exactly one kind of Maskinporten key`,
    );

  let maskinporten: MaskinportenConfig | null = null;
  let tokenService: TokenServiceConfig | null = null;
  if (naisSet) {
    // NAIS injects MASKINPORTEN_CLIENT_JWK and friends next to NAIS_TOKEN_ENDPOINT; the token
    // service wins and they are ignored. Certificate files are a deliberate choice: a conflict.
    if (fileKinds.length > 0)
      problems.push(
        `NAIS_TOKEN_ENDPOINT and ${fileKinds.join(', ')} are both set: the token service makes the grant itself; remove one`,
      );
    if (consumerOrg !== undefined)
      problems.push(
        'MASKINPORTEN_CONSUMER_ORG cannot be used with NAIS_TOKEN_ENDPOINT (the token service sends no consumer_org)',
      );
    if (naisEndpoint !== undefined)
      tokenService = {
        endpoint: naisEndpoint,
        ...(resource === undefined ? {} : { resource }),
      };
  } else if (keyKinds.length > 0) {
    const wellKnown = r.url('MASKINPORTEN_WELL_KNOWN_URL', 'maskinporten');
    const issuer = r.url('MASKINPORTEN_ISSUER', 'maskinporten');
    const mpEnv = r.environment('MASKINPORTEN_ENV');
    const given = ['MASKINPORTEN_WELL_KNOWN_URL', 'MASKINPORTEN_ISSUER', 'MASKINPORTEN_ENV'].filter(
      (name) => r.string(name) !== undefined,
    );
    if (given.length === 0)
      problems.push(
        'MASKINPORTEN_ENV, MASKINPORTEN_WELL_KNOWN_URL or MASKINPORTEN_ISSUER is required with a Maskinporten key',
      );
    if (
      given.length > 1 &&
      !(given.length === 2 && wellKnown !== undefined && issuer !== undefined)
    )
      problems.push(`${given.join(' and ')} are all set; set only one`);
    if (issuer !== undefined && !issuer.pathname.endsWith('/'))
      problems.push(
        'MASKINPORTEN_ISSUER must end with "/" (the grant audience is the issuer exactly, e.g. https://maskinporten.no/)',
      );
    const clientId = r.string('MASKINPORTEN_CLIENT_ID');
    if (clientId === undefined)
      problems.push('MASKINPORTEN_CLIENT_ID is required with a Maskinporten key');

    let keyPart: Pick<MaskinportenConfig, 'privateJwk' | 'certificate'> | undefined;
    if (keyKinds.length === 1) {
      if (jwkRaw !== undefined) {
        const jwk = parseJwk(problems, 'MASKINPORTEN_CLIENT_JWK', jwkRaw);
        if (jwk !== undefined) keyPart = { privateJwk: jwk };
      } else {
        let source: CertificateSource | undefined;
        if (p12File !== undefined) {
          if (p12Passphrase === undefined)
            problems.push(
              'MASKINPORTEN_P12_PASSPHRASE is required with MASKINPORTEN_P12_FILE (use an empty-passphrase file only through PEM files)',
            );
          else source = { kind: 'p12', p12File, passphrase: new Secret(p12Passphrase) };
        } else {
          if (certFile === undefined)
            problems.push('MASKINPORTEN_CERT_FILE is required with MASKINPORTEN_KEY_FILE');
          if (keyFile === undefined)
            problems.push('MASKINPORTEN_KEY_FILE is required with MASKINPORTEN_CERT_FILE');
          if (certFile !== undefined && keyFile !== undefined)
            source = { kind: 'pem', certFile, keyFile };
        }
        const certificate =
          source === undefined
            ? undefined
            : loadCertificate(source, { readFile, now: now() }, problems);
        if (certificate !== undefined) keyPart = { certificate };
      }
    }
    if (p12Passphrase !== undefined && p12File === undefined)
      problems.push('MASKINPORTEN_P12_PASSPHRASE is set without MASKINPORTEN_P12_FILE');

    const mpUrl =
      mpEnv !== undefined ? new URL(MASKINPORTEN_PRESETS[mpEnv]) : (wellKnown ?? issuer);
    // Test registers accept only test Maskinporten tokens, and production only production ones.
    const mpEnvironment = mpUrl === undefined ? null : environmentOfHost(mpUrl);
    for (const [name, url] of [
      ['KRR', krrUrl],
      ['Folkeregisteret', fregUrl],
    ] as const) {
      const registerEnvironment = url === undefined ? null : environmentOfHost(url);
      if (
        mpEnvironment !== null &&
        registerEnvironment !== null &&
        mpEnvironment !== registerEnvironment
      )
        problems.push(
          `${name} is the ${registerEnvironment} environment but Maskinporten is ${mpEnvironment}: ${registerEnvironment} registers accept only ${registerEnvironment} Maskinporten tokens`,
        );
    }
    if (clientId !== undefined && keyPart !== undefined && mpUrl !== undefined) {
      maskinporten = {
        wellKnownUrl: mpEnv !== undefined || wellKnown === undefined ? null : wellKnown,
        issuer: mpEnv !== undefined ? mpUrl : wellKnown === undefined ? (issuer ?? null) : null,
        clientId,
        ...keyPart,
        ...(consumerOrg === undefined ? {} : { consumerOrg }),
        ...(resource === undefined ? {} : { resource }),
      };
    }
  } else {
    // No token source: only an API gateway that authenticates the subgraph by API key.
    const orphan = [
      'MASKINPORTEN_CLIENT_ID',
      'MASKINPORTEN_WELL_KNOWN_URL',
      'MASKINPORTEN_ISSUER',
      'MASKINPORTEN_ENV',
      'MASKINPORTEN_P12_PASSPHRASE',
      'MASKINPORTEN_CONSUMER_ORG',
      'MASKINPORTEN_RESOURCE',
    ].filter((name) => r.string(name) !== undefined);
    if (orphan.length > 0)
      problems.push(
        `${orphan.join(', ')} set without a key: add MASKINPORTEN_CLIENT_JWK, MASKINPORTEN_CERT_FILE with MASKINPORTEN_KEY_FILE, or MASKINPORTEN_P12_FILE (or use NAIS_TOKEN_ENDPOINT)`,
      );
    else if (keyValue === undefined)
      problems.push(
        'No register credentials: set MASKINPORTEN_CLIENT_ID with a key (MASKINPORTEN_CLIENT_JWK, MASKINPORTEN_CERT_FILE + MASKINPORTEN_KEY_FILE, or MASKINPORTEN_P12_FILE), NAIS_TOKEN_ENDPOINT, or UPSTREAM_API_KEY for an API gateway',
      );
  }

  const krrPath = readPath(r, 'KRR_PATH', '/rest/v2/personer');
  const krrUserPath = readPath(r, 'KRR_USER_PATH', '/rest/v1/person');
  const fregPrefix = r.string('FREG_PATH_PREFIX');
  const fregPathPrefix =
    fregPrefix === undefined ? undefined : readPath(r, 'FREG_PATH_PREFIX', '/', true);

  if (problems.length > before) return null;
  const krr: KrrConfig | null =
    krrUrl === undefined ? null : { baseUrl: krrUrl, path: krrPath, scopes, userPath: krrUserPath };
  const freg: FregConfig | null =
    fregUrl === undefined
      ? null
      : {
          baseUrl: fregUrl,
          rettighetspakke: pakke as Rettighetspakke,
          lookup: fregLookup as 'bulk' | 'single',
          ...(fregPathPrefix === undefined ? {} : { pathPrefix: fregPathPrefix }),
        };
  return { krr, freg, maskinporten, tokenService, apiKey };
}
