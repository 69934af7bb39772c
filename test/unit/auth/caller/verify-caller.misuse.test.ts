// Misuse of createCallerVerifier: invalid options fail at construction with a TypeError naming the
// option; symmetric algorithms and `none` are never accepted.
import { describe, expect, it } from 'vitest';
import {
  createCallerVerifier,
  type CallerVerifierOptions,
} from '../../../../src/auth/caller/index.ts';

const base: CallerVerifierOptions = {
  issuer: 'https://idp.example/',
  audience: 'person-subgraph',
  jwksUri: new URL('https://idp.example/jwks'),
};

function create(overrides: Record<string, unknown>): unknown {
  return createCallerVerifier({ ...base, ...overrides });
}

describe('createCallerVerifier misuse', () => {
  it.each([['HS256'], ['HS384'], ['HS512'], ['none'], ['NONE'], ['hs256']])(
    'refuses %s in algorithms with a TypeError naming the option',
    (alg) => {
      expect(() => create({ algorithms: ['RS256', alg] })).toThrow(TypeError);
      expect(() => create({ algorithms: ['RS256', alg] })).toThrow(/"algorithms"/);
    },
  );

  it('refuses an empty or unknown algorithm list', () => {
    expect(() => create({ algorithms: [] })).toThrow(/"algorithms"/);
    expect(() => create({ algorithms: ['RS257'] })).toThrow(/"algorithms"/);
    expect(() => create({ algorithms: 'RS256' })).toThrow(/"algorithms"/);
  });

  it('accepts the default and an explicit asymmetric allowlist', () => {
    expect(() => create({})).not.toThrow();
    expect(() => create({ algorithms: ['ES256', 'EdDSA'] })).not.toThrow();
  });

  it.each([
    ['issuer', { issuer: '' }],
    ['audience', { audience: 42 }],
    ['jwksUri', { jwksUri: 'https://idp.example/jwks' }],
    ['jwksUri', { jwksUri: new URL('http://idp.example/jwks') }],
    ['jwksCacheMaxAgeMs', { jwksCacheMaxAgeMs: -1 }],
    ['jwksCooldownMs', { jwksCooldownMs: 1.5 }],
    ['jwksTimeoutMs', { jwksTimeoutMs: 0 }],
    ['clockToleranceSeconds', { clockToleranceSeconds: Number.NaN }],
  ])('refuses an invalid %s with a TypeError naming it', (name, overrides) => {
    expect(() => create(overrides)).toThrow(TypeError);
    expect(() => create(overrides)).toThrow(`"${name}"`);
  });

  it('allows plain http for a loopback JWKS (the simulator)', () => {
    expect(() => create({ jwksUri: new URL('http://127.0.0.1:1234/jwks') })).not.toThrow();
  });
});
