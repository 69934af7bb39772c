// KRR's wire format (POST /rest/v{1,2}/personer) and a lenient parser: unknown fields are
// ignored, empty strings become absent, and only a body without a `personer` array is rejected.
// Facts: docs/registers.md K2

/** One person as KRR sends it; every field but the identifier may be absent. */
export interface KrrWirePerson {
  readonly personidentifikator: string;
  readonly reservasjon?: string;
  readonly reservasjonstidspunkt?: string;
  readonly reservasjon_oppdatert?: string;
  readonly status?: string;
  readonly varslingsstatus?: string;
  readonly kontaktinformasjon?: KrrWireContact;
  readonly digital_post?: KrrWireMailbox;
  readonly sertifikat?: string;
  readonly spraak?: string;
  readonly spraak_oppdatert?: string;
  /** v2: a person-level timestamp whose meaning Digdir does not document; not mapped. */
  readonly oppdatert?: string;
}

export interface KrrWireContact {
  readonly epostadresse?: string;
  readonly epostadresse_oppdatert?: string;
  readonly epostadresse_sist_verifisert?: string;
  readonly mobiltelefonnummer?: string;
  readonly mobiltelefonnummer_oppdatert?: string;
  readonly mobiltelefonnummer_sist_verifisert?: string;
  /** v2: last confirmed with a one-time code. */
  readonly epostadresse_sist_validert?: string;
  readonly mobiltelefonnummer_sist_validert?: string;
  /** v2: `JA` when the same value is registered on another person (`NEI` presumed otherwise). */
  readonly epostadresse_duplisert?: string;
  readonly mobiltelefonnummer_duplisert?: string;
}

export interface KrrWireMailbox {
  readonly postkasseadresse?: string;
  readonly postkasseleverandoeradresse?: string;
}

/** The request body for a batch lookup. */
export interface KrrWireRequest {
  readonly personidentifikatorer: readonly string[];
}

/** Thrown when a KRR body cannot be read as a lookup response at all. */
export class KrrWireFormatError extends Error {
  override readonly name = 'KrrWireFormatError';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or undefined (KRR sends "" for absent values in places). */
export function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function pick<T extends object>(source: Record<string, unknown>, keys: readonly (keyof T)[]): T {
  const out: Partial<Mutable<T>> = {};
  for (const key of keys) {
    const value = str(source[key as string]);
    if (value !== undefined) (out as Record<string, string>)[key as string] = value;
  }
  return out as T;
}

const PERSON_STRING_FIELDS = [
  'reservasjon',
  'reservasjonstidspunkt',
  'reservasjon_oppdatert',
  'status',
  'varslingsstatus',
  'sertifikat',
  'spraak',
  'spraak_oppdatert',
  'oppdatert',
] as const satisfies readonly (keyof KrrWirePerson)[];

const CONTACT_FIELDS = [
  'epostadresse',
  'epostadresse_oppdatert',
  'epostadresse_sist_verifisert',
  'mobiltelefonnummer',
  'mobiltelefonnummer_oppdatert',
  'mobiltelefonnummer_sist_verifisert',
  'epostadresse_sist_validert',
  'mobiltelefonnummer_sist_validert',
  'epostadresse_duplisert',
  'mobiltelefonnummer_duplisert',
] as const satisfies readonly (keyof KrrWireContact)[];

const MAILBOX_FIELDS = [
  'postkasseadresse',
  'postkasseleverandoeradresse',
] as const satisfies readonly (keyof KrrWireMailbox)[];

function parsePerson(value: unknown): KrrWirePerson | null {
  if (!isRecord(value)) return null;
  const id = str(value['personidentifikator']);
  if (id === undefined) return null;
  const person: Mutable<KrrWirePerson> = {
    ...pick<Omit<KrrWirePerson, 'personidentifikator'>>(value, PERSON_STRING_FIELDS),
    personidentifikator: id,
  };
  const contact = value['kontaktinformasjon'];
  if (isRecord(contact)) {
    const parsed = pick<KrrWireContact>(contact, CONTACT_FIELDS);
    if (Object.keys(parsed).length > 0) person.kontaktinformasjon = parsed;
  }
  const mailbox = value['digital_post'];
  if (isRecord(mailbox)) {
    const parsed = pick<KrrWireMailbox>(mailbox, MAILBOX_FIELDS);
    if (Object.keys(parsed).length > 0) person.digital_post = parsed;
  }
  return person;
}

/**
 * Reads a lookup response. Entries that are not objects or lack an identifier are skipped (the
 * persons they were meant for then count as absent); a body without a `personer` array throws
 * KrrWireFormatError.
 */
export function parseKrrResponse(body: unknown): KrrWirePerson[] {
  if (!isRecord(body) || !Array.isArray(body['personer'])) {
    throw new KrrWireFormatError('KRR response has no "personer" array');
  }
  const persons: KrrWirePerson[] = [];
  for (const entry of body['personer'] as unknown[]) {
    const person = parsePerson(entry);
    if (person !== null) persons.push(person);
  }
  return persons;
}

/** One entry of KRR's `personer` array as JSON.parse gave it: an object with an identifier. */
export type KrrWireEntry = Readonly<Record<string, unknown>>;

/**
 * Reads a lookup response without building wire objects: the entries by their (trimmed)
 * identifier, a later entry for the same identifier replacing an earlier one. Entries that are
 * not objects or lack an identifier are skipped, as parseKrrResponse skips them; a body without
 * a `personer` array throws KrrWireFormatError. toContactInfo reads an entry with the same
 * leniency as parsePerson, so the result is the same as mapping parseKrrResponse's persons.
 */
export function indexKrrResponse(body: unknown): Map<string, KrrWireEntry> {
  if (!isRecord(body) || !Array.isArray(body['personer'])) {
    throw new KrrWireFormatError('KRR response has no "personer" array');
  }
  const byId = new Map<string, KrrWireEntry>();
  for (const entry of body['personer'] as unknown[]) {
    if (!isRecord(entry)) continue;
    const id = str(entry['personidentifikator']);
    if (id !== undefined) byId.set(id, entry);
  }
  return byId;
}
