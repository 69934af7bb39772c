// Folkeregisteret's bulk lookup wire format (POST …/v1/personer/bulkoppslag) and a lenient
// reader: the person document stays an untyped record that the mapper reads through the safe
// accessors below; only a body without an `oppslag` array is rejected.
// Facts: docs/registers.md F3, F7

/** A JSON object from Freg; read only through the accessors in this file. */
export type FregRecord = Readonly<Record<string, unknown>>;

/** One entry of a bulk response. */
export interface FregLookup {
  /** The identifier as requested (the key to match on). */
  readonly foedselsEllerDNummer: string;
  /** The person document, or null when Freg returned none. */
  readonly person: FregRecord | null;
  /** Freg's per-identifier error text (ceased or unknown identifier), or null. */
  readonly feilmelding: string | null;
}

export class FregWireFormatError extends Error {
  override readonly name = 'FregWireFormatError';
}

export function isRecord(value: unknown): value is FregRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string property, or null. */
export function str(source: FregRecord | null | undefined, key: string): string | null {
  const value = source?.[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** An integer property (numbers or numeric strings), or null. */
export function int(source: FregRecord | null | undefined, key: string): number | null {
  const value = source?.[key];
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** An object property, or null. */
export function rec(source: FregRecord | null | undefined, key: string): FregRecord | null {
  const value = source?.[key];
  return isRecord(value) ? value : null;
}

/** The object elements of an array property (non-objects skipped). */
export function elements(source: FregRecord | null | undefined, key: string): FregRecord[] {
  const value = source?.[key];
  if (Array.isArray(value)) return value.filter(isRecord);
  // A few elements are single objects (doedsfall, falskIdentitet); accept either form.
  return isRecord(value) ? [value] : [];
}

/**
 * The current elements of a history-bearing property: those with `erGjeldende === true`.
 * Freg may include historical entries even without `part=historikk`, so this filter is the only
 * way a value counts as current.
 */
export function current(source: FregRecord | null | undefined, key: string): FregRecord[] {
  return elements(source, key).filter((element) => element['erGjeldende'] === true);
}

/** Reads a bulk response; entries without an identifier are skipped. */
export function parseFregBulkResponse(body: unknown): FregLookup[] {
  if (!isRecord(body) || !Array.isArray(body['oppslag'])) {
    throw new FregWireFormatError('Folkeregisteret response has no "oppslag" array');
  }
  const lookups: FregLookup[] = [];
  for (const entry of body['oppslag'] as unknown[]) {
    if (!isRecord(entry)) continue;
    const id = str(entry, 'foedselsEllerDNummer');
    if (id === null) continue;
    const person = rec(entry, 'folkeregisterperson');
    const error = entry['feilmelding'];
    const feilmelding =
      typeof error === 'string'
        ? error
        : isRecord(error)
          ? (str(error, 'feilmelding') ?? 'feil')
          : null;
    lookups.push({ foedselsEllerDNummer: id, person, feilmelding });
  }
  return lookups;
}
