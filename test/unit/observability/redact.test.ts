import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/observability/redact.ts';

describe('redactText', () => {
  it.each([
    [
      'an identity number in free text',
      'lookup of 41818012345 failed',
      'lookup of [redacted-id] failed',
    ],
    ['a bearer token', 'Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
    ['a JWT', 'token eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl end', 'token [redacted-jwt] end'],
    ['an e-mail address', 'sent to ola.nordmann@example.com', 'sent to [redacted-email]'],
    ['a mobile number with country code', 'call +4791234567', 'call [redacted-phone]'],
    ['a mobile number without country code', 'call 41234567 now', 'call [redacted-phone] now'],
  ])('removes %s', (_what, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves a bare UUID whole even when a hex group looks like a phone number', () => {
    const requestId = '41234567-89ab-4cde-8f01-234567890123';
    expect(redactText(requestId)).toBe(requestId);
  });

  it('still redacts a phone-like group inside longer text that holds a UUID', () => {
    expect(redactText('id 41234567-89ab-4cde-8f01-234567890123 done')).toContain(
      '[redacted-phone]',
    );
  });

  it.each(['Bearer abcdefghijklmnopqrstuvwxyz', 'bearer 0123', 'Bearer a_b'])(
    'redacts the credential in %s',
    (text) => {
      expect(redactText(text)).toMatch(/^bearer \[redacted\]$/i);
    },
  );

  it('leaves prose about bearer tokens readable', () => {
    const message = 'Authentication failed: the bearer token is not valid';
    expect(redactText(message)).toBe(message);
  });

  it('keeps the authentication message readable', () => {
    const message = 'Authentication with a valid access token is required to read person data.';
    expect(redactText(message)).toBe(message);
  });
});
