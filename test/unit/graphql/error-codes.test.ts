// One error vocabulary: every code a client can see is in CLIENT_ERROR_CODES, each application
// code maps into it, codes outside it become INTERNAL_SERVER_ERROR, and README lists exactly it.
import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError, CLIENT_ERROR_CODES, type AppErrorCode } from '../../../src/errors.ts';
import { clientCodeFor, clientCodeOf, formatError } from '../../../src/graphql/errors.ts';

const APP_CODES: readonly AppErrorCode[] = [
  'CONFIG_INVALID',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'MASKINPORTEN_GRANT_FAILED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_REJECTED',
  'UPSTREAM_CONTRACT_VIOLATION',
  'INTERNAL',
];

describe('the client error codes', () => {
  it('maps every application code into the set', () => {
    for (const code of APP_CODES) expect(CLIENT_ERROR_CODES).toContain(clientCodeFor(code));
  });

  it('turns a code outside the set into INTERNAL_SERVER_ERROR, message hidden', () => {
    const error = new GraphQLError('detail from somewhere', {
      extensions: { code: 'SOMETHING_ELSE' },
    });
    expect(clientCodeOf(error)).toBe('INTERNAL_SERVER_ERROR');
    expect(formatError(error.toJSON(), error)).toEqual({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it.each(CLIENT_ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'))(
    'keeps %s as it is',
    (code) => {
      const error = new GraphQLError('Some problem.', { extensions: { code } });
      expect(clientCodeOf(error)).toBe(code);
      expect(formatError(error.toJSON(), error).extensions?.['code']).toBe(code);
    },
  );

  it("reads the service's own errors by their application code", () => {
    const error = new GraphQLError('wrapped', {
      path: ['person', 'kanVarsles'],
      originalError: new AppError('UPSTREAM_REJECTED', 'refused'),
    });
    expect(clientCodeOf(error)).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('are exactly the codes the README lists under Errors', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('\n## Errors'),
      readme.indexOf('\n## ', readme.indexOf('\n## Errors') + 1),
    );
    const listed = new Set([...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]));
    expect([...listed].sort()).toEqual([...CLIENT_ERROR_CODES].sort());
  });
});
