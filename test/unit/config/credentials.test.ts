// Start-up validation of the deployment modes: credentials (JWK, business certificate as PEM or
// PKCS#12, token service, API key), presets and phased-out hosts. Every misconfiguration is
// refused with a message naming the variable and never containing the secret.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.ts';
import { loadConfig, type Env } from '../../../src/config/load-config.ts';
import { createTestCa, type TestCa } from '../../../src/simulator/x509.ts';

const ORGNR = '310000000';
const BASE: Env = {
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'person-subgraph',
  AUTH_JWKS_URI: 'https://idp.example/jwks',
  AUDIT_HMAC_KEY: 'k'.repeat(40),
};
const MP: Env = {
  KRR_URL: 'https://krr.example',
  MASKINPORTEN_ISSUER: 'https://mp.example/',
  MASKINPORTEN_CLIENT_ID: 'client-1',
};
const PASSPHRASE = 'correct horse battery staple 1729';

let dir: string;
let ca: TestCa;
let files: {
  chain: string;
  key: string;
  p12: string;
  expiredChain: string;
  expiredKey: string;
  futureChain: string;
  futureKey: string;
  otherKey: string;
  ecKey: string;
};
let keyPem: string;

function refused(env: Env): ConfigError {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'credentials-'));
  ca = createTestCa();
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const good = ca.issue({ orgnr: ORGNR, intermediate: true });
  keyPem = good.keyPem;
  const day = 86_400_000;
  const expired = ca.issue({
    orgnr: ORGNR,
    notBefore: new Date(Date.now() - 400 * day),
    notAfter: new Date(Date.now() - 2 * day),
  });
  const future = ca.issue({
    orgnr: ORGNR,
    notBefore: new Date(Date.now() + 2 * day),
    notAfter: new Date(Date.now() + 400 * day),
  });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  files = {
    chain: write('chain.pem', good.chainPem),
    key: write('key.pem', good.keyPem),
    p12: write('cert.p12', good.toPkcs12(PASSPHRASE)),
    expiredChain: write('expired.pem', expired.chainPem),
    expiredKey: write('expired-key.pem', expired.keyPem),
    futureChain: write('future.pem', future.chainPem),
    futureKey: write('future-key.pem', future.keyPem),
    otherKey: write('other-key.pem', other.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ecKey: write('ec-key.pem', ec.export({ type: 'pkcs8', format: 'pem' }).toString()),
  };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('business certificate', () => {
  it('reads a PEM chain and key: x5c leaf first, key kept secret', () => {
    const config = loadConfig({
      ...BASE,
      ...MP,
      MASKINPORTEN_CERT_FILE: files.chain,
      MASKINPORTEN_KEY_FILE: files.key,
    });
    const mp = config.upstream?.maskinporten;
    expect(mp?.privateJwk).toBeUndefined();
    expect(mp?.certificate?.chain).toHaveLength(3);
    expect(String(mp?.certificate?.privateKey)).toBe('[redacted]');
    expect(JSON.stringify(config)).not.toContain('PRIVATE KEY');
  });

  it('reads the same certificate from PKCS#12 with its passphrase', () => {
    const pem = loadConfig({
      ...BASE,
      ...MP,
      MASKINPORTEN_CERT_FILE: files.chain,
      MASKINPORTEN_KEY_FILE: files.key,
    });
    const p12 = loadConfig({
      ...BASE,
      ...MP,
      MASKINPORTEN_P12_FILE: files.p12,
      MASKINPORTEN_P12_PASSPHRASE: PASSPHRASE,
    });
    expect(p12.upstream?.maskinporten?.certificate?.chain).toEqual(
      pem.upstream?.maskinporten?.certificate?.chain,
    );
  });

  it('refuses a wrong passphrase, naming both variables and never the passphrase', () => {
    const wrong = 'not-the-passphrase-4711';
    const error = refused({
      ...MP,
      MASKINPORTEN_P12_FILE: files.p12,
      MASKINPORTEN_P12_PASSPHRASE: wrong,
    });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/MASKINPORTEN_P12_FILE.*MASKINPORTEN_P12_PASSPHRASE/);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(PASSPHRASE);
  });

  it('refuses expired and not-yet-valid certificates', () => {
    expect(
      refused({
        ...MP,
        MASKINPORTEN_CERT_FILE: files.expiredChain,
        MASKINPORTEN_KEY_FILE: files.expiredKey,
      }).message,
    ).toMatch(/MASKINPORTEN_CERT_FILE: the leaf certificate expired on \d{4}-\d\d-\d\d/);
    expect(
      refused({
        ...MP,
        MASKINPORTEN_CERT_FILE: files.futureChain,
        MASKINPORTEN_KEY_FILE: files.futureKey,
      }).message,
    ).toMatch(/MASKINPORTEN_CERT_FILE: the leaf certificate is not valid yet/);
  });

  it('refuses a key that does not match the certificate, and a non-RSA key', () => {
    const mismatch = refused({
      ...MP,
      MASKINPORTEN_CERT_FILE: files.chain,
      MASKINPORTEN_KEY_FILE: files.otherKey,
    });
    expect(mismatch.message).toMatch(/MASKINPORTEN_KEY_FILE does not match/);
    expect(mismatch.message).not.toContain('PRIVATE KEY');
    expect(
      refused({ ...MP, MASKINPORTEN_CERT_FILE: files.chain, MASKINPORTEN_KEY_FILE: files.ecKey })
        .message,
    ).toMatch(/MASKINPORTEN_KEY_FILE holds a ec key/);
  });

  it('refuses unreadable files, naming each variable', () => {
    const error = refused({
      ...MP,
      MASKINPORTEN_CERT_FILE: join(dir, 'missing.pem'),
      MASKINPORTEN_KEY_FILE: join(dir, 'missing-key.pem'),
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MASKINPORTEN_CERT_FILE cannot be read \(ENOENT/),
        expect.stringMatching(/^MASKINPORTEN_KEY_FILE cannot be read \(ENOENT/),
      ]),
    );
  });

  it('refuses a key file in the certificate variable without printing it', () => {
    const error = refused({
      ...MP,
      MASKINPORTEN_CERT_FILE: files.key,
      MASKINPORTEN_KEY_FILE: files.key,
    });
    expect(error.message).toMatch(/MASKINPORTEN_CERT_FILE holds no PEM certificate/);
    expect(error.message).not.toContain(keyPem.split('\n')[1] ?? 'x');
  });
});

describe('JWK, token service, API key: conflicts and bad input', () => {
  it('refuses a malformed JWK without echoing it', () => {
    const secret = '{"kty":"RSA","d":"c2VjcmV0LXByaXZhdGUtZXhwb25lbnQ"';
    const error = refused({ ...MP, MASKINPORTEN_CLIENT_JWK: secret });
    expect(error.message).toMatch(/MASKINPORTEN_CLIENT_JWK is not valid JSON/);
    expect(error.message).not.toContain('c2VjcmV0');
    const noKid = refused({
      ...MP,
      MASKINPORTEN_CLIENT_JWK: JSON.stringify({ kty: 'RSA', n: 'n', e: 'AQAB', d: 'c2VjcmV0' }),
    });
    expect(noKid.message).toMatch(/MASKINPORTEN_CLIENT_JWK lacks kid/);
    expect(noKid.message).not.toContain('c2VjcmV0');
  });

  it('refuses two kinds of key at once', () => {
    const error = refused({
      ...MP,
      MASKINPORTEN_CLIENT_JWK: '{}',
      MASKINPORTEN_P12_FILE: files.p12,
      MASKINPORTEN_P12_PASSPHRASE: PASSPHRASE,
    });
    expect(error.message).toMatch(/MASKINPORTEN_CLIENT_JWK and MASKINPORTEN_P12_FILE are both set/);
    expect(error.message).not.toContain(PASSPHRASE);
  });

  it('refuses a token service together with certificate files and consumer_org', () => {
    const error = refused({
      KRR_URL: 'https://krr.example',
      NAIS_TOKEN_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token',
      MASKINPORTEN_CERT_FILE: files.chain,
      MASKINPORTEN_KEY_FILE: files.key,
      MASKINPORTEN_CONSUMER_ORG: '310000011',
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NAIS_TOKEN_ENDPOINT and MASKINPORTEN_CERT_FILE/),
        expect.stringMatching(/^MASKINPORTEN_CONSUMER_ORG cannot be used with NAIS_TOKEN_ENDPOINT/),
      ]),
    );
  });

  it('lets the token service win over the JWK NAIS injects beside it', () => {
    const config = loadConfig({
      ...BASE,
      ...MP,
      MASKINPORTEN_CLIENT_JWK: '{"kty":"RSA"}',
      NAIS_TOKEN_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token',
    });
    expect(config.upstream?.tokenService?.endpoint.href).toBe('http://127.0.0.1:7164/api/v1/token');
    expect(config.upstream?.maskinporten).toBeNull();
  });

  it('accepts an API key alone (gateway mode) and keeps it secret', () => {
    const key = 'gw-key-5f1d2c9a';
    const config = loadConfig({
      ...BASE,
      KRR_URL: 'https://gw.example',
      KRR_PATH: '/test/digdir/krr/personer',
      UPSTREAM_API_KEY: key,
      UPSTREAM_API_KEY_HEADER: 'X-Gravitee-Api-Key',
    });
    expect(config.upstream?.maskinporten).toBeNull();
    expect(config.upstream?.apiKey?.header).toBe('X-Gravitee-Api-Key');
    expect(JSON.stringify(config)).not.toContain(key);
  });

  it('refuses an API key without its header, and a reserved header', () => {
    const key = 'gw-key-5f1d2c9a';
    expect(refused({ KRR_URL: 'https://gw.example', UPSTREAM_API_KEY: key }).message).toMatch(
      /UPSTREAM_API_KEY_HEADER is required/,
    );
    const reserved = refused({
      KRR_URL: 'https://gw.example',
      UPSTREAM_API_KEY: key,
      UPSTREAM_API_KEY_HEADER: 'Authorization',
    });
    expect(reserved.message).toMatch(/UPSTREAM_API_KEY_HEADER may not be Authorization/);
    expect(reserved.message).not.toContain(key);
  });

  it('refuses a register without any credentials', () => {
    expect(refused({ KRR_URL: 'https://krr.example' }).message).toMatch(/No register credentials/);
  });

  it('reports every problem at once', () => {
    const error = refused({
      KRR_URL: 'https://krr.digdir.no',
      MASKINPORTEN_ISSUER: 'https://ver2.maskinporten.no/',
      MASKINPORTEN_CLIENT_JWK: 'not json',
      FREG_LOOKUP: 'sometimes',
    });
    expect(error.problems.length).toBeGreaterThanOrEqual(4);
  });
});

describe('environment presets and phased-out hosts', () => {
  it('fills in current hosts and issuers for test and prod', () => {
    const jwk = JSON.stringify({ kty: 'RSA', kid: 'k', n: 'n', e: 'AQAB', d: 'd' });
    const test = loadConfig({
      ...BASE,
      KRR_ENV: 'test',
      FREG_ENV: 'test',
      MASKINPORTEN_ENV: 'test',
      MASKINPORTEN_CLIENT_ID: 'c',
      MASKINPORTEN_CLIENT_JWK: jwk,
    });
    expect(test.upstream?.krr?.baseUrl.origin).toBe('https://test.kontaktregisteret.no');
    expect(test.upstream?.freg?.baseUrl.origin).toBe(
      'https://folkeregisteret-api-konsument.sits.no',
    );
    expect(test.upstream?.maskinporten?.issuer?.href).toBe('https://test.maskinporten.no/');
    const prod = loadConfig({
      ...BASE,
      KRR_ENV: 'prod',
      FREG_ENV: 'prod',
      MASKINPORTEN_ENV: 'prod',
      MASKINPORTEN_CLIENT_ID: 'c',
      MASKINPORTEN_CLIENT_JWK: jwk,
    });
    expect(prod.upstream?.krr?.baseUrl.origin).toBe('https://kontaktregisteret.no');
    expect(prod.upstream?.freg?.baseUrl.origin).toBe('https://folkeregisteret.api.skatteetaten.no');
    expect(prod.upstream?.maskinporten?.issuer?.href).toBe('https://maskinporten.no/');
  });

  it('refuses a test register with a production Maskinporten', () => {
    expect(
      refused({
        KRR_ENV: 'test',
        MASKINPORTEN_ENV: 'prod',
        MASKINPORTEN_CLIENT_ID: 'c',
        MASKINPORTEN_CLIENT_JWK: JSON.stringify({
          kty: 'RSA',
          kid: 'k',
          n: 'n',
          e: 'AQAB',
          d: 'd',
        }),
      }).message,
    ).toMatch(/KRR is the test environment but Maskinporten is prod/);
  });

  it('refuses both a URL and a preset for one register', () => {
    expect(refused({ KRR_URL: 'https://krr.example', KRR_ENV: 'test' }).message).toMatch(
      /KRR_URL and KRR_ENV are both set/,
    );
  });

  it.each([
    ['KRR_URL', 'https://krr.digdir.no', 'https://kontaktregisteret.no'],
    ['KRR_URL', 'https://krr-ver2.digdir.no', 'https://test.kontaktregisteret.no'],
    ['KRR_URL', 'https://ver2-krr.digdir.no', 'https://test.kontaktregisteret.no'],
    [
      'KRR_URL',
      'https://oidc-ver2.difi.no/kontaktinfo-oauth2-server',
      'https://test.kontaktregisteret.no',
    ],
    ['KRR_URL', 'https://oidc.difi.no/kontaktinfo-oauth2-server', 'https://kontaktregisteret.no'],
    ['MASKINPORTEN_ISSUER', 'https://ver2.maskinporten.no/', 'https://test.maskinporten.no/'],
    [
      'MASKINPORTEN_WELL_KNOWN_URL',
      'https://ver2.maskinporten.no/.well-known/oauth-authorization-server',
      'https://test.maskinporten.no/',
    ],
  ])('refuses %s=%s and names %s', (variable, value, replacement) => {
    const error = refused({
      ...MP,
      MASKINPORTEN_ISSUER: undefined,
      MASKINPORTEN_CLIENT_JWK: JSON.stringify({ kty: 'RSA', kid: 'k', n: 'n', e: 'AQAB', d: 'd' }),
      ...(variable === 'KRR_URL' ? { MASKINPORTEN_ISSUER: 'https://test.maskinporten.no/' } : {}),
      [variable]: value,
    });
    const problem = error.problems.find((p) => p.startsWith(`${variable}:`));
    expect(problem).toMatch(/phased-out host/);
    expect(problem).toContain(replacement);
  });
});
