import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from '../../../src/upstream/register-request.ts';

describe('parseRetryAfterMs', () => {
  it.each([
    ['2', 's', 2000],
    ['1.5', 's', 1500],
    ['250', 'ms', 250],
    ['12.2', 'ms', 13],
    [' 3 ', 's', 3000],
  ] as const)('reads %j in %s as %i ms', (value, unit, expected) => {
    expect(parseRetryAfterMs(value, unit)).toBe(expected);
  });

  it.each(['-1', '', 'soon', '1e3'])('gives no delay for %j', (value) => {
    expect(parseRetryAfterMs(value, 's')).toBeUndefined();
  });

  it('honours an HTTP date, and a past one as no wait', () => {
    const future = new Date(Date.now() + 60_000).toUTCString();
    const wait = parseRetryAfterMs(future, 'ms');
    expect(wait).toBeGreaterThan(30_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', 's')).toBe(0);
  });
});
