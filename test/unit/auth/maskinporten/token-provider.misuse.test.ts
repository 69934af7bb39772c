// Misuse of MaskinportenTokenProvider: invalid options fail at construction with a TypeError that
// names the option; invalid scope lists fail at the call.
import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MaskinportenTokenProvider,
  type MaskinportenTokenProviderOptions,
} from '../../../../src/auth/maskinporten/index.ts';
import { Secret } from '../../../../src/config/secret.ts';
import { CLIENT_ID, generateTestKeys, ISSUER, WELL_KNOWN } from './fake-maskinporten.ts';

let base: MaskinportenTokenProviderOptions & { readonly privateJwk: Secret<JWK> };

beforeAll(async () => {
  const keys = await generateTestKeys();
  base = { clientId: CLIENT_ID, privateJwk: keys.privateJwk, wellKnownUrl: WELL_KNOWN };
});

function create(overrides: Record<string, unknown>): unknown {
  // Deliberately untyped: these tests pass values the type system would refuse.
  const options: MaskinportenTokenProviderOptions = Object.assign({}, base, overrides);
  return new MaskinportenTokenProvider(options);
}

function jwkWithout(...names: string[]): Secret<JWK> {
  const jwk: Record<string, unknown> = { ...base.privateJwk.reveal() };
  for (const name of names) delete jwk[name];
  return new Secret<JWK>(jwk);
}

describe('MaskinportenTokenProvider misuse', () => {
  it.each([[121], [0], [-1], [1.5], [Number.NaN]])(
    'refuses grantLifetimeSeconds %s with a TypeError naming the option',
    (lifetime) => {
      expect(() => create({ grantLifetimeSeconds: lifetime })).toThrow(TypeError);
      expect(() => create({ grantLifetimeSeconds: lifetime })).toThrow(/"grantLifetimeSeconds"/);
    },
  );

  it('accepts grantLifetimeSeconds 1 and 120', () => {
    expect(() => create({ grantLifetimeSeconds: 1 })).not.toThrow();
    expect(() => create({ grantLifetimeSeconds: 120 })).not.toThrow();
  });

  it('refuses a privateJwk without kid', () => {
    expect(() => create({ privateJwk: jwkWithout('kid') })).toThrow(TypeError);
    expect(() => create({ privateJwk: jwkWithout('kid') })).toThrow(/"privateJwk".*kid/);
  });

  it('refuses a public JWK, a non-RSA key and a non-RS256 alg', () => {
    expect(() => create({ privateJwk: jwkWithout('d') })).toThrow(/"privateJwk"/);
    expect(() =>
      create({ privateJwk: new Secret({ kty: 'EC', crv: 'P-256', d: 'x', kid: 'k' }) }),
    ).toThrow(/"privateJwk"/);
    expect(() =>
      create({ privateJwk: new Secret({ ...base.privateJwk.reveal(), alg: 'PS256' }) }),
    ).toThrow(/"privateJwk"/);
    expect(() => create({ privateJwk: undefined })).toThrow(/"privateJwk"/);
  });

  it('never puts key material into the message', () => {
    const d = String(base.privateJwk.reveal().d);
    try {
      create({ privateJwk: jwkWithout('kid') });
    } catch (error) {
      expect(String(error)).not.toContain(d);
    }
  });

  it('requires exactly one of wellKnownUrl and issuer', () => {
    expect(() => create({ wellKnownUrl: undefined })).toThrow(TypeError);
    expect(() => create({ wellKnownUrl: undefined })).toThrow(/"wellKnownUrl".*"issuer"/);
    expect(() => create({ issuer: new URL(ISSUER) })).toThrow(/"wellKnownUrl".*"issuer"/);
    expect(() => create({ wellKnownUrl: undefined, issuer: new URL(ISSUER) })).not.toThrow();
  });

  it('refuses an issuer without its trailing slash path and non-URL values', () => {
    expect(() =>
      create({ wellKnownUrl: undefined, issuer: new URL('https://test.maskinporten.no/x') }),
    ).toThrow(/"issuer"/);
    expect(() => create({ wellKnownUrl: undefined, issuer: ISSUER })).toThrow(/"issuer"/);
    expect(() => create({ wellKnownUrl: WELL_KNOWN.href })).toThrow(/"wellKnownUrl"/);
  });

  it('refuses an empty clientId and invalid timeoutMs / refreshSkewMs', () => {
    expect(() => create({ clientId: '' })).toThrow(/"clientId"/);
    expect(() => create({ timeoutMs: 0 })).toThrow(/"timeoutMs"/);
    expect(() => create({ refreshSkewMs: -1 })).toThrow(/"refreshSkewMs"/);
  });

  it('refuses an empty scope list and blank or whitespace scopes at the call', async () => {
    const p = create({}) as MaskinportenTokenProvider;
    await expect(p.getToken([])).rejects.toThrow(TypeError);
    await expect(p.getToken([''])).rejects.toThrow(/"scopes"/);
    await expect(p.getToken(['a b'])).rejects.toThrow(/"scopes"/);
  });
});
