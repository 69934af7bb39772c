import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MaskinportenError } from '../../../src/auth/tokens/index.ts';
import { AppError } from '../../../src/errors.ts';
import { formatError } from '../../../src/graphql/errors.ts';
import { UpstreamError } from '../../../src/upstream/upstream-error.ts';

function format(error: unknown): ReturnType<typeof formatError> {
  const wrapped = new GraphQLError('resolver failed', {
    originalError: error as Error,
    path: ['person', 'kanVarsles'],
  });
  return formatError(wrapped.toJSON(), wrapped);
}

describe('formatError', () => {
  it.each([
    ['MASKINPORTEN_GRANT_FAILED', 400, 'UPSTREAM_UNAVAILABLE', 'MASKINPORTEN_GRANT_FAILED'],
    ['UPSTREAM_UNAVAILABLE', 503, 'UPSTREAM_UNAVAILABLE', undefined],
    ['UPSTREAM_TIMEOUT', undefined, 'UPSTREAM_TIMEOUT', undefined],
    ['UPSTREAM_CONTRACT_VIOLATION', 200, 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_CONTRACT_VIOLATION'],
  ] as const)(
    'names Maskinporten as the upstream for a %s token failure',
    (appCode, status, clientCode, reason) => {
      const error = new MaskinportenError(appCode, 'token request failed', {
        ...(status === undefined ? {} : { status }),
      });
      const formatted = format(error);
      expect(formatted.extensions?.['code']).toBe(clientCode);
      expect(formatted.extensions?.['upstream']).toBe('maskinporten');
      expect(formatted.extensions?.['reason']).toBe(reason);
      expect(formatted.extensions?.['upstreamStatus']).toBe(status);
      expect(formatted.message).not.toContain('token request failed');
    },
  );

  it('names the register and its status for a register failure', () => {
    const formatted = format(
      new UpstreamError('UPSTREAM_REJECTED', 'freg', 'rejected', { status: 403 }),
    );
    expect(formatted.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: 'freg',
      upstreamStatus: 403,
      reason: 'UPSTREAM_REJECTED',
    });
  });

  it('redacts identity numbers from input errors and hides internal messages', () => {
    const bad = format(new AppError('BAD_USER_INPUT', 'not valid: 41818012345'));
    expect(bad.message).toBe('not valid: [redacted-id]');
    const internal = format(new AppError('INTERNAL', 'secret detail 41818012345'));
    expect(internal.message).toBe('Internal server error.');
    expect(internal.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
  });
});
