// Redaction of personal data and secrets from anything that may reach a log line.
// Identity numbers are recognised by shape (11 digits), so they are removed even when they
// arrive inside free text such as an upstream error body.

const ELEVEN_DIGITS = /(?<!\d)\d{11}(?!\d)/g;
// An identity number as people write it (`418180 12345`, `418180-12345`, `41.81.80 12345`), or
// one digit short or long (a mistyped one still names the person). A 10- or 12-digit run next to
// a hyphen is left alone: it is a UUID's last group, not a number someone typed.
const WRITTEN_ID = /(?<!\d)\d{2}(?:[ .]?\d{2}){2}[ .-]\d{5}(?!\d)/g;
const NEAR_ID = /(?<![\d-])(?:\d{10}|\d{12})(?![\d-])/g;
// A credential after "Bearer": anything with a digit or token punctuation, or 16+ characters;
// plain words ("the bearer token is not valid") are prose and stay readable.
const BEARER = /\b(Bearer)\s+(?=[A-Za-z]*[0-9._~+/=-]|[A-Za-z0-9._~+/=-]{16})[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// The value of a secret-named parameter in a form body, query string or JSON text
// (`access_token=…`, `"assertion":"…"`); the name stays, so the line still says what it was.
const SECRET_PARAMETER =
  /\b((?:access_token|id_token|refresh_token|client_assertion|assertion|client_secret|api[_-]?key|password|passphrase)"?\s*[=:]\s*"?)[^\s"&,;}]+/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Norwegian mobile numbers (4xx / 9xx), with or without +47 / 0047, written as one run or
// grouped `912 34 567` / `91 23 45 67`.
const PHONE =
  /(?<![\d+])(?:(?:\+|00)47\s?)?[49]\d(?:\d{6}|\d\s\d{2}\s\d{3}|\s\d{2}\s\d{2}\s\d{2})(?!\d)/g;
// A value that is a UUID and nothing else (request ids, jti) is not personal data, but its hex
// groups can look like a phone number (`41234567-…`); left whole so logs and audit lines match.
const WHOLE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Likewise a value that is a W3C trace id (32 lower-case hex digits) or span id (16) and nothing
// else: random hex often holds an 8-digit run that reads as a mobile number.
const WHOLE_TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;

/** Replaces identity numbers, bearer tokens, JWTs, e-mail addresses and phone numbers in text. */
export function redactText(text: string): string {
  if (WHOLE_UUID.test(text) || WHOLE_TRACE_ID.test(text)) return text;
  // E-mail addresses go before identity numbers: an address whose local part holds a number
  // would otherwise lose only the number and keep the name around it. Phone numbers go before
  // the 10-digit rule, which would otherwise take `+4791234567` for a mistyped identity number.
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[redacted-jwt]')
    .replace(SECRET_PARAMETER, '$1[redacted]')
    .replace(EMAIL, '[redacted-email]')
    .replace(ELEVEN_DIGITS, '[redacted-id]')
    .replace(WRITTEN_ID, '[redacted-id]')
    .replace(PHONE, '[redacted-phone]')
    .replace(NEAR_ID, '[redacted-id]');
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
