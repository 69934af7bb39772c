// The token service's granted scopes: its reply's `scope`, else the token's unverified `scope`
// claim, else what was requested (documented in README "Deployment modes").
import { describe, expect, it } from 'vitest';
import { grantedScopesOf } from '../../../src/auth/nais/index.ts';

function unsignedJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2ln`;
}

describe('grantedScopesOf', () => {
  it('uses the reply’s scope when present', () => {
    expect(grantedScopesOf(['a:b'], unsignedJwt({ scope: 'c:d' }), ['x:y'])).toEqual(['a:b']);
  });
  it('falls back to the access token’s scope claim', () => {
    expect(grantedScopesOf(null, unsignedJwt({ scope: 'c:d e:f' }), ['x:y'])).toEqual([
      'c:d',
      'e:f',
    ]);
  });
  it('falls back to the requested scopes for an opaque token', () => {
    expect(grantedScopesOf(null, 'opaque-token', ['x:y'])).toEqual(['x:y']);
  });
});
