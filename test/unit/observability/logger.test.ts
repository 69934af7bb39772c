// The logger removes personal data from every way text can reach a line: fields, messages,
// messages pino takes from an error, interpolated arguments, deep objects and object keys.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { Lines } from '../../support/lines.ts';

// Synthetic (Tenor, month + 80) identity number, an invented e-mail address.
const ID = '41818012345';
const EMAIL = 'ola.nordmann@example.com';

function capture(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const stream = new Lines();
  write(createLogger({ destination: stream }));
  expect(stream.lines).toHaveLength(1);
  return stream.lines[0] ?? '';
}

describe('createLogger', () => {
  it('redacts the message pino takes from an error logged on its own', () => {
    const line = capture((log) => log.error(new Error(`lookup of ${ID} failed`)));
    expect(line).not.toContain(ID);
    expect(JSON.parse(line)).toMatchObject({ msg: 'lookup of [redacted-id] failed' });
  });

  it('redacts the message pino takes from an err field when no message is given', () => {
    const line = capture((log) => log.error({ err: new Error(`mail to ${EMAIL} bounced`) }));
    expect(line).not.toContain(EMAIL);
  });

  it.each([
    ['a number', '%d', Number(ID)],
    ['an object', '%j', { epost: EMAIL }],
    ['an object with %o', '%o', { id: ID }],
  ])('redacts %s interpolated into the message', (_what, format, arg) => {
    const line = capture((log) => log.info({}, `value ${format}`, arg));
    expect(line).not.toContain(ID);
    expect(line).not.toContain(EMAIL);
  });

  it('redacts strings nested deeper than the object walk goes', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { i: `id ${ID}` } } } } } } } } };
    const line = capture((log) => log.info({ deep }, 'deep'));
    expect(line).not.toContain(ID);
  });

  it('redacts object keys', () => {
    const line = capture((log) => log.info({ byPerson: { [ID]: 'failed' } }, 'keys'));
    expect(line).not.toContain(ID);
  });

  it('keeps name, message, code and cause of a logged error, redacted', () => {
    const error = new AppError('INTERNAL', 'wiring failed', {
      cause: new Error(`upstream said: no person ${ID}`),
    });
    const line = capture((log) => log.error({ err: error, event: 'x' }, 'failed'));
    expect(line).not.toContain(ID);
    expect(JSON.parse(line)).toMatchObject({
      event: 'x',
      msg: 'failed',
      err: {
        type: 'AppError',
        message: 'wiring failed',
        code: 'INTERNAL',
        cause: { type: 'Error', message: 'upstream said: no person [redacted-id]' },
      },
    });
  });

  it('removes authorization headers by path', () => {
    const line = capture((log) =>
      log.info({ headers: { authorization: 'Basic b2xhOnNlY3JldA==' } }, 'request'),
    );
    expect(line).not.toContain('b2xhOnNlY3JldA');
  });
});
