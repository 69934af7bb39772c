// Norwegian person identifiers (fødselsnummer, D-nummer, synthetic Tenor numbers): syntax,
// check digits under the 2032 rule, and which kinds the registers accept.
// Facts: docs/registers.md N1–N4

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** What kind of identifier a syntactically valid number is. */
export type IdentityNumberKind =
  /** fødselsnummer */
  | 'FNR'
  /** D-nummer: day + 40 */
  | 'DNR'
  /** H-nummer (health sector) or NAV Dolly synthetic: month + 40. Not accepted by KRR or Freg. */
  | 'HNR'
  /** FH-nummer (health sector): first digit 8 or 9, no date. Not accepted by KRR or Freg. */
  | 'FHNR';

export type IdentityNumberProblem =
  /** not exactly 11 digits */
  | 'FORMAT'
  /** check digits do not match (2032 rule for k1, unchanged k2) */
  | 'CHECKSUM'
  /** the encoded date does not exist */
  | 'DATE'
  /** a valid number of a kind the registers do not serve (H-, FH- or Dolly numbers) */
  | 'UNSUPPORTED_KIND'
  /** a synthetic (+80 month) number where synthetic numbers are not accepted */
  | 'SYNTHETIC_NOT_ALLOWED';

export type IdentityNumberCheck =
  | { readonly valid: true; readonly kind: 'FNR' | 'DNR'; readonly synthetic: boolean }
  | { readonly valid: false; readonly problem: IdentityNumberProblem };

const DIGITS_11 = /^\d{11}$/;

function digitAt(value: string, index: number): number {
  return value.charCodeAt(index) - 48;
}

function weightedSum(value: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (weights[i] ?? 0) * digitAt(value, i);
  return sum;
}

/**
 * True when both check digits hold. k1 follows the 2032 rule (the weighted sum including k1 has a
 * remainder 0–3 mod 11, a superset of the 1964 rule); k2 must give remainder 0.
 */
export function hasValidCheckDigits(value: string): boolean {
  if (!DIGITS_11.test(value)) return false;
  const r1 = (weightedSum(value, K1_WEIGHTS) + digitAt(value, 9)) % 11;
  if (r1 > 3) return false;
  return (weightedSum(value, K2_WEIGHTS) + digitAt(value, 10)) % 11 === 0;
}

function isValidDate(day: number, month: number, yy: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // The century can no longer be derived from the number (2032 rule, D-number series), so leap
  // years are judged as 20YY, as Skatteetaten's own validator does.
  const daysInMonth = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (daysInMonth[month - 1] ?? 0);
}

/** Classifies a number without deciding whether it is accepted. */
export function classifyIdentityNumber(
  value: string,
):
  | { readonly kind: IdentityNumberKind; readonly synthetic: boolean }
  | { readonly problem: 'FORMAT' | 'CHECKSUM' | 'DATE' } {
  if (!DIGITS_11.test(value)) return { problem: 'FORMAT' };
  if (!hasValidCheckDigits(value)) return { problem: 'CHECKSUM' };
  const d1 = digitAt(value, 0);
  if (d1 >= 8) return { kind: 'FHNR', synthetic: false };
  let day = d1 * 10 + digitAt(value, 1);
  let month = digitAt(value, 2) * 10 + digitAt(value, 3);
  const yy = digitAt(value, 4) * 10 + digitAt(value, 5);
  const dNumber = d1 >= 4;
  if (dNumber) day -= 40;
  let synthetic = false;
  let hNumber = false;
  if (month > 80) {
    month -= 80;
    synthetic = true;
  } else if (month > 40) {
    month -= 40;
    hNumber = true;
  }
  if (!isValidDate(day, month, yy)) return { problem: 'DATE' };
  if (hNumber) return { kind: 'HNR', synthetic: false };
  return { kind: dNumber ? 'DNR' : 'FNR', synthetic };
}

/**
 * Validates an identifier for a register lookup: an fødselsnummer or D-nummer, Tenor synthetic
 * (+80 month) numbers only when `allowSynthetic` is set.
 */
export function checkIdentityNumber(
  value: string,
  options: { readonly allowSynthetic: boolean },
): IdentityNumberCheck {
  const result = classifyIdentityNumber(value);
  if ('problem' in result) return { valid: false, problem: result.problem };
  if (result.kind === 'HNR' || result.kind === 'FHNR')
    return { valid: false, problem: 'UNSUPPORTED_KIND' };
  if (result.synthetic && !options.allowSynthetic)
    return { valid: false, problem: 'SYNTHETIC_NOT_ALLOWED' };
  return { valid: true, kind: result.kind, synthetic: result.synthetic };
}

/** Human-readable explanation of a problem, free of the number itself. */
export function describeIdentityNumberProblem(problem: IdentityNumberProblem): string {
  switch (problem) {
    case 'FORMAT':
      return 'A personidentifikator must be exactly 11 digits.';
    case 'CHECKSUM':
      return 'The personidentifikator has invalid check digits.';
    case 'DATE':
      return 'The personidentifikator does not encode a valid date.';
    case 'UNSUPPORTED_KIND':
      return 'H-, FH- and NAV synthetic numbers are not served by the registers; use a fødselsnummer or D-nummer.';
    case 'SYNTHETIC_NOT_ALLOWED':
      return 'Synthetic (test) identifiers are not accepted by this deployment.';
  }
}

/**
 * Builds a valid identifier from its parts, computing the check digits (1964 rule, remainder 0).
 * Returns null when the parts give no valid number: the date does not exist (judged as 20YY, as
 * {@link checkIdentityNumber} does) or no valid k1/k2 exists for this individnummer. For
 * synthetic test data; every non-null result passes {@link checkIdentityNumber} (with
 * `allowSynthetic` when `synthetic` is set).
 * @throws RangeError when a part is not an integer in its range (day 1–31, month 1–12, yy 0–99,
 *   individnummer 0–999).
 */
export function buildIdentityNumber(parts: {
  readonly day: number;
  readonly month: number;
  readonly yy: number;
  readonly individnummer: number;
  readonly dNumber?: boolean;
  readonly synthetic?: boolean;
}): string | null {
  const ranges = [
    ['day', parts.day, 1, 31],
    ['month', parts.month, 1, 12],
    ['yy', parts.yy, 0, 99],
    ['individnummer', parts.individnummer, 0, 999],
  ] as const;
  for (const [name, value, min, max] of ranges)
    if (!Number.isInteger(value) || value < min || value > max)
      throw new RangeError(`${name} must be an integer from ${min} to ${max}`);
  if (!isValidDate(parts.day, parts.month, parts.yy)) return null;
  const day = parts.day + (parts.dNumber === true ? 40 : 0);
  const month = parts.month + (parts.synthetic === true ? 80 : 0);
  const base =
    String(day).padStart(2, '0') +
    String(month).padStart(2, '0') +
    String(parts.yy).padStart(2, '0') +
    String(parts.individnummer).padStart(3, '0');
  const k1 = (11 - (weightedSum(base, K1_WEIGHTS) % 11)) % 11;
  if (k1 === 10) return null;
  const withK1 = base + String(k1);
  const k2 = (11 - (weightedSum(withK1, K2_WEIGHTS) % 11)) % 11;
  if (k2 === 10) return null;
  return withK1 + String(k2);
}
