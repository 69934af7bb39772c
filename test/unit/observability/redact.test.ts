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

  it('leaves a bare trace id or span id whole even when it holds a phone-like run', () => {
    const spanId = '3a4a0c41132350f8';
    const traceId = 'a1b2c3d4e5f6a7b812345678c9d0e1f2';
    expect(redactText(spanId)).toBe(spanId);
    expect(redactText(traceId)).toBe(traceId);
    // Not a trace id: upper-case or another length is redacted as before.
    expect(redactText('3A4A0C41132350F8')).toContain('[redacted-phone]');
    expect(redactText('x 41132350 y')).toContain('[redacted-phone]');
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

describe('redactText on identity numbers in other shapes', () => {
  it.each([
    ['with a space after the date part', 'lookup of 418180 12345 failed'],
    ['with a dot after the date part', 'lookup of 418180.12345 failed'],
    ['with a hyphen after the date part', 'lookup of 418180-12345 failed'],
    ['grouped in pairs', 'lookup of 41 81 80 12345 failed'],
    ['one digit short (10 digits)', 'lookup of 4181801234 failed'],
    ['one digit too many (12 digits)', 'lookup of 418180123456 failed'],
  ])('removes one written %s', (_what, text) => {
    expect(redactText(text)).toBe('lookup of [redacted-id] failed');
  });

  it('removes the whole e-mail address when its local part holds an identity number', () => {
    expect(redactText('bounce from ola.nordmann41818012345@example.com today')).toBe(
      'bounce from [redacted-email] today',
    );
  });
});

describe('redactText on phone numbers and credentials in other shapes', () => {
  it.each([
    ['+47 912 34 567', 'sms to [redacted-phone]'],
    ['912 34 567', 'sms to [redacted-phone]'],
    ['+47 41 23 45 67', 'sms to [redacted-phone]'],
    ['0047 41234567', 'sms to [redacted-phone]'],
  ])('removes the phone number %s', (phone, expected) => {
    expect(redactText(`sms to ${phone}`)).toBe(expected);
  });

  it.each([
    ['a form-encoded token', 'body access_token=abc123DEF456ghi&token_type=Bearer'],
    ['a JSON token', 'body {"access_token":"opaqueTokenValue123","expires_in":120}'],
    ['a form-encoded assertion', 'grant_type=x&assertion=abcDEF123.ghi'],
    ['an API key', 'request failed: api_key=k3y-v4lue-secret'],
  ])('removes the value of %s', (_what, text) => {
    const out = redactText(text);
    expect(out).toContain('[redacted]');
    expect(out).not.toMatch(/abc123DEF456ghi|opaqueTokenValue123|abcDEF123|k3y-v4lue-secret/);
  });
});

describe('redactText leaves ordinary text alone', () => {
  it.each([
    'the access token expired; fetching a new one',
    'operation served in 1234 ms for 1000 persons',
    'listening on http://127.0.0.1:40001/graphql',
    'at 2026-01-15T10:00:00.000Z the register answered HTTP 503',
    'token endpoint answered 400 invalid_grant',
    'connect to 192.168.100.200 failed',
  ])('%s', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('leaves a request id in text whole when it has no phone-like group', () => {
    const text = 'request 2f83562b-ab75-4c49-b84b-123456789012 done';
    expect(redactText(text)).toBe(text);
  });
});
