// Redaction of personal data and secrets from anything that may reach a log line.
// Identity numbers are recognised by shape (11 digits), so they are removed even when they
// arrive inside free text such as an upstream error body.

const ELEVEN_DIGITS = /(?<!\d)\d{11}(?!\d)/g;
// A credential after "Bearer": anything with a digit or token punctuation, or 16+ characters;
// plain words ("the bearer token is not valid") are prose and stay readable.
const BEARER = /\b(Bearer)\s+(?=[A-Za-z]*[0-9._~+/=-]|[A-Za-z0-9._~+/=-]{16})[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\d])\+?47\s?\d{8}(?!\d)|(?<![\d])[49]\d{7}(?!\d)/g;
// A value that is a UUID and nothing else (request ids, jti) is not personal data, but its hex
// groups can look like a phone number (`41234567-…`); left whole so logs and audit lines match.
const WHOLE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Replaces identity numbers, bearer tokens, JWTs, e-mail addresses and phone numbers in text. */
export function redactText(text: string): string {
  if (WHOLE_UUID.test(text)) return text;
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[redacted-jwt]')
    .replace(ELEVEN_DIGITS, '[redacted-id]')
    .replace(EMAIL, '[redacted-email]')
    .replace(PHONE, '[redacted-phone]');
}

/** Paths pino removes outright wherever they appear in a log object. */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'assertion',
  '*.assertion',
  'jwk',
  '*.jwk',
  'privateKey',
  '*.privateKey',
  'passphrase',
  '*.passphrase',
  'apiKey',
  '*.apiKey',
];
