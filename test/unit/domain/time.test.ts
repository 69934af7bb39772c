import { describe, expect, it } from 'vitest';
import { eighteenMonthsBefore, normaliseDateTime, toOsloDate } from '../../../src/domain/time.ts';

describe('normaliseDateTime', () => {
  it('completes hour-only offsets that JavaScript cannot parse', () => {
    expect(Number.isNaN(Date.parse('2023-06-10T21:00:01+02'))).toBe(true);
    expect(normaliseDateTime('2023-06-10T21:00:01+02')).toBe('2023-06-10T21:00:01+02:00');
    expect(normaliseDateTime('2015-03-11T19:59:15-01')).toBe('2015-03-11T19:59:15-01:00');
    expect(normaliseDateTime('2015-03-11T19:59:15+0100')).toBe('2015-03-11T19:59:15+01:00');
  });

  it('keeps UTC and full offsets as they are', () => {
    expect(normaliseDateTime('2023-08-05T10:45:15.768Z')).toBe('2023-08-05T10:45:15.768Z');
    expect(normaliseDateTime('2023-08-05T10:45:15.000+01:00')).toBe(
      '2023-08-05T10:45:15.000+01:00',
    );
  });

  it('reads a timestamp without offset as Norwegian local time', () => {
    expect(normaliseDateTime('2023-07-01T12:00:00')).toBe('2023-07-01T12:00:00+02:00');
    expect(normaliseDateTime('2023-01-01T12:00')).toBe('2023-01-01T12:00:00+01:00');
  });

  it('returns null for empty or malformed values', () => {
    expect(normaliseDateTime('')).toBeNull();
    expect(normaliseDateTime(undefined)).toBeNull();
    expect(normaliseDateTime('yesterday')).toBeNull();
    expect(normaliseDateTime('2023-13-45T99:00:00Z')).toBeNull();
  });
});

describe('toOsloDate', () => {
  it('turns UTC instants that stand for Norwegian midnight into the right date', () => {
    expect(toOsloDate('2021-02-08T23:00:00Z')).toBe('2021-02-09');
    expect(toOsloDate('2022-06-30T22:00:00Z')).toBe('2022-07-01');
    expect(toOsloDate('2021-02-09')).toBe('2021-02-09');
    expect(toOsloDate('nonsense')).toBeNull();
  });
});

describe('eighteenMonthsBefore', () => {
  it('counts calendar months', () => {
    expect(new Date(eighteenMonthsBefore(Date.parse('2026-11-22T12:00:00Z'))).toISOString()).toBe(
      '2025-05-22T12:00:00.000Z',
    );
  });
});
