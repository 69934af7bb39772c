// Caller-token settings from AUTH_* or, when those are unset, from the variables NAIS injects for
// Entra ID (AZURE_*) and TokenX (TOKEN_X_*): chosen, conflicting and partial sets.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.ts';
import { loadConfig, type Env } from '../../../src/config/load-config.ts';

const UPSTREAM: Env = {
  KRR_ENV: 'test',
  NAIS_TOKEN_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token',
  AUDIT_HMAC_KEY: 'k'.repeat(40),
};
const AZURE: Env = {
  AZURE_OPENID_CONFIG_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
  AZURE_OPENID_CONFIG_JWKS_URI: 'https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys',
  AZURE_APP_CLIENT_ID: 'azure-client-id',
  AZURE_APP_WELL_KNOWN_URL:
    'https://login.microsoftonline.com/tenant-id/v2.0/.well-known/openid-configuration',
};
const TOKEN_X: Env = {
  TOKEN_X_ISSUER: 'https://tokenx.example/',
  TOKEN_X_JWKS_URI: 'https://tokenx.example/jwks',
  TOKEN_X_CLIENT_ID: 'cluster:team:person-subgraph',
};

function problemsOf(env: Env): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadConfig to refuse the configuration');
}

describe('caller tokens from platform variables', () => {
  it('takes Entra ID issuer, JWKS and client id (as audience) when AUTH_* is unset', () => {
    const auth = loadConfig({ ...UPSTREAM, ...AZURE }).auth;
    expect(auth).toEqual({
      source: 'azure',
      issuer: AZURE.AZURE_OPENID_CONFIG_ISSUER,
      audience: 'azure-client-id',
      jwksUri: new URL(AZURE.AZURE_OPENID_CONFIG_JWKS_URI!),
      rolesAsScopes: true,
    });
  });

  it('takes TokenX issuer, JWKS and client id (as audience) when AUTH_* is unset', () => {
    const auth = loadConfig({ ...UPSTREAM, ...TOKEN_X }).auth;
    expect(auth).toEqual({
      source: 'tokenx',
      issuer: 'https://tokenx.example/',
      audience: 'cluster:team:person-subgraph',
      jwksUri: new URL('https://tokenx.example/jwks'),
      rolesAsScopes: false,
    });
  });

  it('lets AUTH_* win over injected platform variables', () => {
    const auth = loadConfig({
      ...UPSTREAM,
      ...AZURE,
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_AUDIENCE: 'person-subgraph',
      AUTH_JWKS_URI: 'https://idp.example/jwks',
    }).auth;
    expect(auth?.source).toBe('AUTH');
    expect(auth?.issuer).toBe('https://idp.example/');
  });

  it('refuses both Entra ID and TokenX without a choice, naming AUTH_PROVIDER', () => {
    const problems = problemsOf({ ...UPSTREAM, ...AZURE, ...TOKEN_X });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('AUTH_PROVIDER=azure');
    expect(problems[0]).toContain('AUTH_PROVIDER=tokenx');
    expect(problems[0]).toContain('AZURE_OPENID_CONFIG_ISSUER');
    expect(problems[0]).toContain('TOKEN_X_ISSUER');
  });

  it.each([
    ['azure', 'azure-client-id'],
    ['tokenx', 'cluster:team:person-subgraph'],
  ] as const)('with AUTH_PROVIDER=%s uses that provider only', (provider, audience) => {
    const auth = loadConfig({ ...UPSTREAM, ...AZURE, ...TOKEN_X, AUTH_PROVIDER: provider }).auth;
    expect(auth?.source).toBe(provider);
    expect(auth?.audience).toBe(audience);
  });

  it.each([
    ['AZURE_APP_CLIENT_ID', AZURE],
    ['AZURE_OPENID_CONFIG_JWKS_URI', AZURE],
    ['AZURE_OPENID_CONFIG_ISSUER', AZURE],
    ['TOKEN_X_CLIENT_ID', TOKEN_X],
    ['TOKEN_X_JWKS_URI', TOKEN_X],
    ['TOKEN_X_ISSUER', TOKEN_X],
  ])('refuses a partial set, naming the missing %s', (missing, set) => {
    const problems = problemsOf({ ...UPSTREAM, ...set, [missing]: undefined });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${missing} is required`));
  });

  it('refuses AUTH_PROVIDER naming a provider whose variables are absent', () => {
    const problems = problemsOf({ ...UPSTREAM, ...AZURE, AUTH_PROVIDER: 'tokenx' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'TOKEN_X_ISSUER',
      'TOKEN_X_JWKS_URI',
      'TOKEN_X_CLIENT_ID',
    ]);
    expect(problems.every((p) => p.includes('AUTH_PROVIDER=tokenx'))).toBe(true);
  });

  it('refuses an unknown AUTH_PROVIDER and AUTH_PROVIDER together with AUTH_*', () => {
    expect(problemsOf({ ...UPSTREAM, ...AZURE, AUTH_PROVIDER: 'both' })[0]).toContain(
      'AUTH_PROVIDER must be azure or tokenx',
    );
    const problems = problemsOf({
      ...UPSTREAM,
      AUTH_PROVIDER: 'azure',
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_AUDIENCE: 'a',
      AUTH_JWKS_URI: 'https://idp.example/jwks',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('AUTH_PROVIDER and AUTH_ISSUER');
  });

  it('refuses a JWKS URI that is not an http(s) URL, naming the variable', () => {
    const problems = problemsOf({
      ...UPSTREAM,
      ...AZURE,
      AZURE_OPENID_CONFIG_JWKS_URI: 'ftp://x',
    });
    expect(problems).toEqual(['AZURE_OPENID_CONFIG_JWKS_URI must be an http(s) URL']);
  });

  it('without any caller-token variables names AUTH_* and the platform alternatives', () => {
    const problems = problemsOf(UPSTREAM);
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'AUTH_ISSUER',
      'AUTH_AUDIENCE',
      'AUTH_JWKS_URI',
    ]);
    expect(problems[0]).toContain('AZURE_OPENID_CONFIG_*');
  });

  it('ignores platform caller variables in simulator mode (the development IdP is trusted)', () => {
    expect(loadConfig({ ...AZURE, ...TOKEN_X }).auth).toBeNull();
  });
});
