// Scans log and audit lines for personal data: identity numbers, e-mail addresses, phone numbers,
// JWTs, PEM blocks, and the simulator population's own personal values (names, addresses, contact
// points). Findings carry a category, where they were and a masked sample, never a full value.
import { buildFregDocument } from '../../src/simulator/freg-records.ts';
import type { Population, SimPerson } from '../../src/simulator/index.ts';

export type LeakCategory =
  'identity-number' | 'email' | 'phone' | 'jwt' | 'pem' | 'population-value' | 'audit-shape';

export interface LeakFinding {
  readonly category: LeakCategory;
  /** File (or source) and 1-based line number. */
  readonly where: string;
  /** First two characters and the length, e.g. `ab…(11)`. */
  readonly sample: string;
}

export interface ScanReport {
  readonly lines: number;
  readonly findings: readonly LeakFinding[];
  readonly counts: Readonly<Partial<Record<LeakCategory, number>>>;
}

const PATTERNS: readonly (readonly [LeakCategory, RegExp])[] = [
  // Not inside a hex or base64url token (a UUID's last group can hold 11 digits and a letter).
  ['identity-number', /(?<![A-Za-z0-9_-])\d{11}(?![A-Za-z0-9_])/g],
  ['email', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g],
  // +47 / 0047 numbers, and bare 8-digit numbers standing alone (not part of an id or a hash).
  ['phone', /(?:\+|\b00)47[\s-]?\d{8}(?!\d)/g],
  ['phone', /(?<![\w+.:/#-])(?<!(?:\+|00)47[\s-]?)\d{8}(?![\w.:/#-])/g],
  ['jwt', /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g],
  ['pem', /-----BEGIN [A-Z0-9 ]+-----/g],
];

/** An audit pseudonym: HMAC-SHA256 in base64url (43 characters). */
const PSEUDONYM = /^[A-Za-z0-9_-]{43}$/;

function mask(value: string): string {
  return `${value.slice(0, 2)}…(${value.length})`;
}

// Keys under which the simulator's KRR records keep personal values; other keys (styles, enum
// values, organisation numbers of providers, timestamps) are not personal.
const PERSONAL_KEY =
  /navn|name|adresse|address|epost|email|mobil|phone|telefon|gate|street|poststed/i;
const NOT_PERSONAL_KEY = /^(style|duplisert|leverandoer|extraField|status)$/;

// Leaf keys of a Folkeregisteret document that hold names and street addresses. Sources, causes,
// enum values, municipality numbers and place names are not personal on their own.
const FREG_PERSONAL_KEY =
  /^(fornavn|mellomnavn|etternavn|forkortetNavn|adressenavn|coAdressenavn|adresselinje\d*|bygningsnavn|postboks)$/;

/** Names and street addresses from a person's simulated Folkeregisteret document. */
function fregValuesOf(person: SimPerson): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string, depth: number): void => {
    if (depth > 10 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (FREG_PERSONAL_KEY.test(key) && value.length >= 4) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key, depth + 1);
    } else if (typeof value === 'object') {
      for (const [k, item] of Object.entries(value)) walk(item, k, depth + 1);
    }
  };
  walk(buildFregDocument(person, person.freg), '', 0);
  return found;
}

/**
 * The personal text values a simulated person carries (names, addresses, contact points), found by
 * walking its KRR record and its Folkeregisteret document.
 */
export function personalValuesOf(person: SimPerson): string[] {
  const found: string[] = fregValuesOf(person);
  const walk = (value: unknown, personal: boolean, depth: number): void => {
    if (depth > 8 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (!personal) return;
      // Text of 4+ characters with a letter (names, addresses, e-mail), or a long number
      // (mailbox addresses, phone numbers); shorter values cannot be told from ordinary words.
      if ((value.length >= 4 && /\p{L}/u.test(value)) || /^\d{8,}$/.test(value)) found.push(value);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) walk(item, personal, depth + 1);
      return;
    }
    if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (NOT_PERSONAL_KEY.test(key)) continue;
        walk(item, personal || PERSONAL_KEY.test(key), depth + 1);
      }
    }
  };
  walk(person, false, 0);
  return found;
}

/** Whole-word, case-sensitive matcher for a set of values, indexed by first word. */
export class ValueMatcher {
  readonly #byFirstWord = new Map<string, string[]>();

  constructor(values: Iterable<string>) {
    for (const value of values) {
      const first = value.split(/[^\p{L}\p{N}_]+/u).find((w) => w !== '');
      if (first === undefined) continue;
      const list = this.#byFirstWord.get(first) ?? [];
      if (!list.includes(value)) list.push(value);
      this.#byFirstWord.set(first, list);
    }
  }

  get size(): number {
    return this.#byFirstWord.size;
  }

  /** The values that occur in `line` as whole words. */
  find(line: string): string[] {
    const hits: string[] = [];
    for (const word of new Set(line.split(/[^\p{L}\p{N}_]+/u))) {
      for (const value of this.#byFirstWord.get(word) ?? []) {
        let from = line.indexOf(value);
        while (from !== -1) {
          const before = line.slice(0, from).at(-1) ?? ' ';
          const after = line.at(from + value.length) ?? ' ';
          if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) {
            hits.push(value);
            break;
          }
          from = line.indexOf(value, from + 1);
        }
      }
    }
    return hits;
  }
}

/** Builds the matcher for every personal value of a population. */
export function populationMatcher(
  population: Population,
  extra: Iterable<string> = [],
): ValueMatcher {
  const values: string[] = [...extra];
  for (const id of population.ids) {
    const person = population.get(id);
    if (person !== undefined) values.push(...personalValuesOf(person));
  }
  return new ValueMatcher(values);
}

/**
 * Audit lines legitimately carry pseudonyms; they are checked for their shape and then left out
 * of the pattern scan (a 43-character base64url string may contain digit runs by chance).
 */
function withoutPseudonyms(line: string, where: string, findings: LeakFinding[]): string {
  if (!line.includes('"stream":"audit"')) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof parsed !== 'object' || parsed === null) return line;
  const record = parsed as Record<string, unknown>;
  const persons = record['persons'];
  if (persons === undefined) return line;
  if (!Array.isArray(persons)) {
    findings.push({ category: 'audit-shape', where, sample: mask(JSON.stringify(persons)) });
    return line;
  }
  for (const person of persons) {
    if (typeof person !== 'string' || !PSEUDONYM.test(person))
      findings.push({ category: 'audit-shape', where, sample: mask(JSON.stringify(person)) });
  }
  return JSON.stringify({ ...record, persons: [] });
}

/** Scans lines; `source` names them in findings. */
export function scanLines(
  lines: Iterable<string>,
  source: string,
  matcher: ValueMatcher | null,
): ScanReport {
  const findings: LeakFinding[] = [];
  let count = 0;
  let lineNumber = 0;
  for (const raw of lines) {
    lineNumber++;
    if (raw === '') continue;
    count++;
    const where = `${source}:${lineNumber}`;
    const line = withoutPseudonyms(raw, where, findings);
    for (const [category, pattern] of PATTERNS) {
      for (const match of line.matchAll(pattern))
        findings.push({ category, where, sample: mask(match[0]) });
    }
    for (const value of matcher?.find(line) ?? [])
      findings.push({ category: 'population-value', where, sample: mask(value) });
  }
  return { lines: count, findings, counts: countByCategory(findings) };
}

export function countByCategory(
  findings: readonly LeakFinding[],
): Partial<Record<LeakCategory, number>> {
  const counts: Partial<Record<LeakCategory, number>> = {};
  for (const finding of findings) counts[finding.category] = (counts[finding.category] ?? 0) + 1;
  return counts;
}

/** A failure message with counts and masked samples only. */
export function describeFindings(report: ScanReport, limit = 20): string {
  const shown = report.findings
    .slice(0, limit)
    .map((f) => `  ${f.category} at ${f.where}: ${f.sample}`);
  return [
    `Personal data found in ${report.findings.length} places across ${report.lines} log/audit lines: ${JSON.stringify(report.counts)}`,
    ...shown,
    ...(report.findings.length > limit ? [`  … and ${report.findings.length - limit} more`] : []),
  ].join('\n');
}
