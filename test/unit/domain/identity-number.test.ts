// Identity-number rules against the published synthetic and D-number test vectors
// (docs/registers.md N4) and the 2032 check-digit rule (N3). The only literal numbers that pass
// the checksum are those synthetic or D-number vectors; every ordinary-looking valid number is
// computed here at run time.
import { describe, expect, it } from 'vitest';
import {
  buildIdentityNumber,
  checkIdentityNumber,
  classifyIdentityNumber,
  describeIdentityNumberProblem,
  hasValidCheckDigits,
  type IdentityNumberProblem,
} from '../../../src/domain/identity-number.ts';

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function sum(digits: string, weights: readonly number[]): number {
  return weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
}

/** k1 remainder, as in the published test vectors: (Σ k1-weights · d1..d9 + k1) mod 11. */
function k1Remainder(id: string): number {
  return (sum(id, K1) + Number(id[9])) % 11;
}

/** Appends check digits to 9 digits so that k1 has the given remainder (0 = 1964 rule). */
function withCheckDigits(nine: string, remainder = 0): string | null {
  const k1 = (((remainder - sum(nine, K1)) % 11) + 11) % 11;
  if (k1 === 10) return null;
  const ten = nine + String(k1);
  const k2 = (11 - (sum(ten, K2) % 11)) % 11;
  return k2 === 10 ? null : ten + String(k2);
}

/** The first individnummer from `start` that gives valid check digits for `dateDigits`. */
function computed(dateDigits: string, remainder = 0, start = 100): string {
  for (let individ = start; individ < 1000; individ++) {
    const id = withCheckDigits(dateDigits + String(individ).padStart(3, '0'), remainder);
    if (id !== null) return id;
  }
  throw new Error('no valid number');
}

describe('published test vectors (docs/registers.md N4)', () => {
  it.each([
    ['30908299902', true, 'FNR', 2],
    ['03851598730', true, 'FNR', 0],
    ['55102499947', false, 'DNR', 2],
    ['41819077906', true, 'DNR', 1],
    ['41819077302', true, 'DNR', 0],
  ] as const)(
    '%s is valid (synthetic %s, kind %s, k1 remainder %i)',
    (id, synthetic, kind, remainder) => {
      expect(k1Remainder(id)).toBe(remainder);
      expect(checkIdentityNumber(id, { allowSynthetic: true })).toEqual({
        valid: true,
        kind,
        synthetic,
      });
      expect(checkIdentityNumber(id, { allowSynthetic: false })).toEqual(
        synthetic
          ? { valid: false, problem: 'SYNTHETIC_NOT_ALLOWED' }
          : { valid: true, kind, synthetic },
      );
    },
  );

  it('30908299912 is invalid: k2 does not match', () => {
    expect(checkIdentityNumber('30908299912', { allowSynthetic: true })).toEqual({
      valid: false,
      problem: 'CHECKSUM',
    });
  });

  it('29 February 2001 is invalid although the check digits pass', () => {
    const id = computed('290201');
    expect(hasValidCheckDigits(id)).toBe(true);
    expect(checkIdentityNumber(id, { allowSynthetic: true })).toEqual({
      valid: false,
      problem: 'DATE',
    });
  });
});

describe('the 2032 check-digit rule (docs/registers.md N3)', () => {
  it.each([
    ['020132', 0],
    ['301082', 0],
    ['301082', 1],
  ])('accepts an ordinary number born %s with k1 remainder %i', (dateDigits, remainder) => {
    const id = computed(dateDigits, remainder);
    expect(k1Remainder(id)).toBe(remainder);
    expect(checkIdentityNumber(id, { allowSynthetic: false })).toEqual({
      valid: true,
      kind: 'FNR',
      synthetic: false,
    });
  });

  it.each([0, 1, 2, 3])('accepts k1 remainder %i', (remainder) => {
    const id = computed('159185', remainder); // synthetic: month 11 + 80
    expect(k1Remainder(id)).toBe(remainder);
    expect(checkIdentityNumber(id, { allowSynthetic: true }).valid).toBe(true);
  });

  it.each([4, 5, 9, 10])('refuses k1 remainder %i', (remainder) => {
    const id = computed('159185', remainder);
    expect(checkIdentityNumber(id, { allowSynthetic: true })).toEqual({
      valid: false,
      problem: 'CHECKSUM',
    });
  });

  it('refuses a k2 that does not match the actual k1', () => {
    const id = computed('159185', 2);
    const wrongK2 = id.slice(0, 10) + String((Number(id[10]) + 1) % 10);
    expect(checkIdentityNumber(wrongK2, { allowSynthetic: true })).toEqual({
      valid: false,
      problem: 'CHECKSUM',
    });
  });
});

describe('kinds', () => {
  it('accepts D-numbers (day + 40) everywhere an fnr is accepted', () => {
    const dnr = computed('419185'); // 01.11.85, synthetic
    expect(checkIdentityNumber(dnr, { allowSynthetic: true })).toEqual({
      valid: true,
      kind: 'DNR',
      synthetic: true,
    });
    expect(checkIdentityNumber(computed('711285'), { allowSynthetic: false })).toMatchObject({
      valid: true,
      kind: 'DNR',
    });
  });

  it('accepts synthetic +80 numbers only with allowSynthetic', () => {
    const tnr = computed('019124'); // "born" 01.11.2024, the reference's example
    expect(checkIdentityNumber(tnr, { allowSynthetic: true })).toEqual({
      valid: true,
      kind: 'FNR',
      synthetic: true,
    });
    expect(checkIdentityNumber(tnr, { allowSynthetic: false })).toEqual({
      valid: false,
      problem: 'SYNTHETIC_NOT_ALLOWED',
    });
  });

  it.each([
    ['an H-number (month + 40)', '154385'],
    ['a D- and H-number', '554385'],
    ['a NAV Dolly number (month + 40)', '015190'],
  ])('classifies %s as HNR and rejects it as UNSUPPORTED_KIND', (_case, dateDigits) => {
    const id = computed(dateDigits);
    expect(classifyIdentityNumber(id)).toEqual({ kind: 'HNR', synthetic: false });
    for (const allowSynthetic of [true, false])
      expect(checkIdentityNumber(id, { allowSynthetic })).toEqual({
        valid: false,
        problem: 'UNSUPPORTED_KIND',
      });
  });

  it.each([['8'], ['9']])(
    'classifies an FH-number starting with %s as FHNR and rejects it as UNSUPPORTED_KIND',
    (first) => {
      const id = computed(`${first}76543`);
      expect(classifyIdentityNumber(id)).toEqual({ kind: 'FHNR', synthetic: false });
      expect(checkIdentityNumber(id, { allowSynthetic: true })).toEqual({
        valid: false,
        problem: 'UNSUPPORTED_KIND',
      });
    },
  );
});

describe('problems', () => {
  it.each([
    [''],
    ['3090829990'],
    ['309082999020'],
    ['3090829990a'],
    [' 30908299902'],
    ['30908299902 '],
    ['309082-99902'],
    ['٣٠٩٠٨٢٩٩٩٠٢'],
    ['３０９０８２９９９０２'],
  ])('refuses %j as FORMAT', (value) => {
    expect(checkIdentityNumber(value, { allowSynthetic: true })).toEqual({
      valid: false,
      problem: 'FORMAT',
    });
    expect(hasValidCheckDigits(value)).toBe(false);
  });

  it.each([
    ['31 April', '318485'],
    ['30 February', '308285'],
    ['29 February in a year not divisible by 4', '298285'],
    ['month 13', '019385'],
    ['day 0', '008185'],
    ['day 32', '328185'],
    ['D-number day 72', '728185'],
    ['month 0 (+80)', '018085'],
  ])('refuses %s as DATE', (_case, dateDigits) => {
    expect(checkIdentityNumber(computed(dateDigits), { allowSynthetic: true })).toEqual({
      valid: false,
      problem: 'DATE',
    });
  });

  it('accepts 29 February when YY is divisible by 4', () => {
    expect(checkIdentityNumber(computed('298284'), { allowSynthetic: true }).valid).toBe(true);
  });

  it.each<IdentityNumberProblem>([
    'FORMAT',
    'CHECKSUM',
    'DATE',
    'UNSUPPORTED_KIND',
    'SYNTHETIC_NOT_ALLOWED',
  ])('describes %s without any identifier', (problem) => {
    expect(describeIdentityNumberProblem(problem)).not.toMatch(/\d{6}/);
  });
});

describe('buildIdentityNumber', () => {
  it('always produces numbers that validate, with the requested kind', () => {
    let built = 0;
    for (const dNumber of [false, true])
      for (const synthetic of [false, true])
        for (let month = 1; month <= 12; month++)
          for (let day = 1; day <= 31; day++)
            for (const yy of [0, 1, 23, 99])
              for (const individnummer of [0, 1, 250, 499, 500, 777, 999]) {
                const id = buildIdentityNumber({
                  day,
                  month,
                  yy,
                  individnummer,
                  dNumber,
                  synthetic,
                });
                if (id === null) continue;
                built++;
                expect(checkIdentityNumber(id, { allowSynthetic: true })).toEqual({
                  valid: true,
                  kind: dNumber ? 'DNR' : 'FNR',
                  synthetic,
                });
              }
    expect(built).toBeGreaterThan(10_000);
  });

  it('returns null for a date that does not exist', () => {
    for (const individnummer of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
      expect(
        buildIdentityNumber({ day: 30, month: 2, yy: 85, individnummer, synthetic: true }),
      ).toBeNull();
  });

  it.each([
    [{ day: 0, month: 1, yy: 85, individnummer: 1 }],
    [{ day: 32, month: 1, yy: 85, individnummer: 1 }],
    [{ day: 1, month: 13, yy: 85, individnummer: 1 }],
    [{ day: 1, month: 1, yy: 100, individnummer: 1 }],
    [{ day: 1, month: 1, yy: 85, individnummer: 1000 }],
    [{ day: 1, month: 1, yy: 85, individnummer: -1 }],
    [{ day: 1.5, month: 1, yy: 85, individnummer: 1 }],
  ])('throws RangeError for out-of-range parts %j', (parts) => {
    expect(() => buildIdentityNumber({ ...parts, synthetic: true })).toThrow(RangeError);
  });
});
