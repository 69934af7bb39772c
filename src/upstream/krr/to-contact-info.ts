// Maps KRR's wire person to the domain ContactInfo: enums checked, timestamps normalised,
// phone numbers made international, the §32 18-month rule applied per channel.
// Facts: docs/registers.md K2, K5
import { X509Certificate } from 'node:crypto';
import {
  digitalPostOf,
  type ContactInfo,
  type DigitalPost,
  type Kontaktinformasjon,
  type Kontaktpunkt,
  type Kontaktregisterstatus,
  type Sertifikat,
  type Varslingsstatus,
} from '../../domain/person.ts';
import { eighteenMonthsBefore, normaliseDateTime, toEpochMs } from '../../domain/time.ts';
import { isRecord, str, type KrrWireEntry, type KrrWirePerson } from './krr-wire.ts';

const STATUSES: ReadonlySet<string> = new Set(['AKTIV', 'SLETTET', 'IKKE_REGISTRERT']);
const NOTIFICATION_STATUSES: ReadonlySet<string> = new Set(['KAN_VARSLES', 'KAN_IKKE_VARSLES']);

/** What a person absent from KRR's reply looks like: not registered. */
export const NOT_REGISTERED: ContactInfo = Object.freeze({
  kontaktregisterstatus: 'IKKE_REGISTRERT',
  reservasjon: null,
  varslingsstatus: 'KAN_IKKE_VARSLES',
  kanVarsles: false,
  kontaktinformasjon: null,
  spraak: null,
  digitalPost: null,
  sertifikat: null,
});

/** Norwegian 8-digit numbers get +47; other forms are passed through without spaces. */
export function normaliseMobile(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '');
  if (/^\d{8}$/.test(compact)) return `+47${compact}`;
  if (/^0047\d{8}$/.test(compact)) return `+${compact.slice(2)}`;
  return compact;
}

function toPem(base64Der: string): string {
  const body = base64Der.replace(/\s+/g, '');
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// Certificates are public data and repeat across lookups; parsing one costs far more than the
// rest of the mapping, so parsed metadata is kept in a small bounded cache. It is keyed by the
// text's last characters (the signature's, distinct per certificate) and the whole text is
// compared on a hit: a fresh ~1.2 kB string from JSON.parse would otherwise be hashed in full
// on every lookup (~1.8 µs each, against ~0.3 µs).
const CERT_CACHE_LIMIT = 2000;
const CERT_KEY_LENGTH = 64;
const certCache = new Map<
  string,
  { readonly base64Der: string; readonly result: Sertifikat | null }
>();

function toSertifikat(base64Der: string): Sertifikat | null {
  const key = base64Der.slice(-CERT_KEY_LENGTH);
  const cached = certCache.get(key);
  if (cached !== undefined && cached.base64Der === base64Der) return cached.result;
  let result: Sertifikat | null;
  try {
    const cert = new X509Certificate(Buffer.from(base64Der, 'base64'));
    result = {
      pem: toPem(base64Der),
      utsteder: cert.issuer.split('\n').join(', '),
      gyldigFra: new Date(cert.validFrom).toISOString(),
      gyldigTil: new Date(cert.validTo).toISOString(),
    };
  } catch {
    // Not a parseable certificate: pass the bytes on without metadata rather than hide them.
    result = /^[A-Za-z0-9+/=\s]+$/.test(base64Der)
      ? { pem: toPem(base64Der), utsteder: null, gyldigFra: null, gyldigTil: null }
      : null;
  }
  if (certCache.size >= CERT_CACHE_LIMIT) certCache.clear();
  certCache.set(key, { base64Der, result });
  return result;
}

// KRR's own timestamp shapes (`2023-06-10T21:00:01+02`, `2023-08-05T10:45:15.768Z`, or with a full
// offset) are normalised here without the general parser, giving exactly what normaliseDateTime
// and Date.parse give; anything else goes through normaliseDateTime. Mapping 1000 persons
// normalises ~6000 timestamps, and the general path (capturing regex, two Date.parse calls) was
// ~10% of the subgraph's CPU time for such an operation.
const KRR_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}(?::\d{2})?)$/;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** A normalised timestamp and its instant. */
export interface KrrInstant {
  /** ISO 8601 with a full offset (as normaliseDateTime gives it), or null. */
  readonly iso: string | null;
  /** Epoch ms; -Infinity when absent or unparseable. */
  readonly ms: number;
}

const NO_INSTANT: KrrInstant = { iso: null, ms: -Infinity };

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + text.charCodeAt(i) - ZERO;
  return value;
}

/**
 * Epoch ms of a string that matched KRR_TIMESTAMP, when every part is plainly in range (day ≤ 28,
 * no leap second, hour < 24, offset ≤ 14 h, year ≥ 1000); null sends it to Date.parse, which
 * decides the rare rest (it rolls 30 February over, for one). With `wantMs` false only the range
 * is checked: 0 when in range.
 */
function plainEpochMs(raw: string, wantMs = true): number | null {
  const year = digitsAt(raw, 0, 4);
  const month = digitsAt(raw, 5, 2);
  const day = digitsAt(raw, 8, 2);
  const hour = digitsAt(raw, 11, 2);
  const minute = digitsAt(raw, 14, 2);
  const second = digitsAt(raw, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let at = 19;
  let millis = 0;
  if (raw.charCodeAt(at) === DOT) {
    // Date.parse keeps milliseconds and drops further digits.
    let scale = 100;
    for (at = 20; at < raw.length; at++) {
      const code = raw.charCodeAt(at);
      if (code < ZERO || code > ZERO + 9) break;
      millis += (code - ZERO) * scale;
      scale /= 10;
    }
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  const sign = raw.charCodeAt(at);
  if (sign === PLUS || sign === MINUS) {
    const hours = digitsAt(raw, at + 1, 2);
    const minutes = raw.length > at + 3 ? digitsAt(raw, at + 4, 2) : 0;
    if (hours > 14 || minutes > 59) return null;
    offsetMinutes = (sign === PLUS ? 1 : -1) * (hours * 60 + minutes);
  }
  if (!wantMs) return 0;
  const minutes = (daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes;
  return minutes * 60_000 + second * 1000 + millis;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil): what Date.UTC
 * computes for in-range parts, in integer arithmetic at a fraction of its cost (it ran ~6000
 * times per 1000-person operation).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Normalises one KRR timestamp (undefined: absent); same result as normaliseDateTime + Date.parse. */
export function krrInstant(raw: string | undefined): KrrInstant {
  if (raw === undefined) return NO_INSTANT;
  if (KRR_TIMESTAMP.test(raw)) {
    const sign = raw.charCodeAt(raw.length - 3);
    const iso = sign === PLUS || sign === MINUS ? `${raw}:00` : raw;
    const ms = plainEpochMs(raw) ?? Date.parse(iso);
    return Number.isNaN(ms) ? NO_INSTANT : { iso, ms };
  }
  const iso = normaliseDateTime(raw);
  return { iso, ms: toEpochMs(iso) ?? -Infinity };
}

/**
 * krrInstant(raw).iso without computing the instant when the timestamp is plainly in range (a
 * plain timestamp's instant is always a number, so its iso is never dropped).
 */
function krrIso(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (KRR_TIMESTAMP.test(raw) && plainEpochMs(raw, false) !== null) {
    const sign = raw.charCodeAt(raw.length - 3);
    return sign === PLUS || sign === MINUS ? `${raw}:00` : raw;
  }
  return krrInstant(raw).iso;
}

// One operation maps every person with the same clock: the cut-off is computed once per clock.
let lastCutoff = { nowMs: Number.NaN, cutoffMs: 0 };
function cutoffFor(nowMs: number): number {
  if (lastCutoff.nowMs !== nowMs) lastCutoff = { nowMs, cutoffMs: eighteenMonthsBefore(nowMs) };
  return lastCutoff.cutoffMs;
}

/** KRR v2's `*_duplisert`: `JA` true, `NEI` false; absent or any other value null. */
export function duplisertOf(raw: string | undefined): boolean | null {
  return raw === 'JA' ? true : raw === 'NEI' ? false : null;
}

/** One channel's wire values (strings trimmed, empty ones undefined). */
interface WireChannel {
  readonly value: string | undefined;
  readonly updated: string | undefined;
  readonly verified: string | undefined;
  readonly validated: string | undefined;
  readonly duplicated: string | undefined;
}

function channel(
  wire: WireChannel,
  usableIfFresh: boolean,
  cutoffMs: number,
  normaliseValue: (raw: string) => string,
): Kontaktpunkt | null {
  if (wire.value === undefined) return null;
  const sistValidert = krrIso(wire.validated);
  const duplisert = duplisertOf(wire.duplicated);
  if (!usableIfFresh)
    return {
      verdi: normaliseValue(wire.value),
      oppdatert: krrIso(wire.updated),
      sistVerifisert: krrIso(wire.verified),
      sistValidert,
      duplisert,
      kanBrukesForVarsling: false,
    };
  const oppdatert = krrInstant(wire.updated);
  const sistVerifisert = krrInstant(wire.verified);
  // §32: usable while either timestamp is younger than 18 months (docs/registers.md K5).
  const latest = Math.max(oppdatert.ms, sistVerifisert.ms);
  return {
    verdi: normaliseValue(wire.value),
    oppdatert: oppdatert.iso,
    sistVerifisert: sistVerifisert.iso,
    sistValidert,
    duplisert,
    kanBrukesForVarsling: latest > cutoffMs,
  };
}

/** A channel's wire keys, spelled out once (not built per lookup). */
interface ChannelKeys {
  readonly value: string;
  readonly updated: string;
  readonly verified: string;
  readonly validated: string;
  readonly duplicated: string;
}

function channelKeys(name: 'epostadresse' | 'mobiltelefonnummer'): ChannelKeys {
  return {
    value: name,
    updated: `${name}_oppdatert`,
    verified: `${name}_sist_verifisert`,
    validated: `${name}_sist_validert`,
    duplicated: `${name}_duplisert`,
  };
}

const EPOST_KEYS = channelKeys('epostadresse');
const MOBIL_KEYS = channelKeys('mobiltelefonnummer');

function wireChannel(raw: Record<string, unknown>, keys: ChannelKeys): WireChannel {
  return {
    value: str(raw[keys.value]),
    updated: str(raw[keys.updated]),
    verified: str(raw[keys.verified]),
    validated: str(raw[keys.validated]),
    duplicated: str(raw[keys.duplicated]),
  };
}

const identity = (value: string): string => value;

/**
 * Maps one KRR person: a wire person (parseKrrResponse) or an entry as KRR sent it
 * (indexKrrResponse), read with the same leniency (strings trimmed, empty ones absent, other
 * types ignored). `nowMs` is the clock for the 18-month rule. Unknown enum values become null
 * rather than failing the person. With `fields`, only those ContactInfo fields are worked out;
 * the others are null (certificates are not parsed when `sertifikat` is not among them).
 */
export function toContactInfo(
  person: KrrWirePerson | KrrWireEntry,
  nowMs: number,
  fields?: ReadonlySet<string>,
): ContactInfo {
  const wire = person as KrrWireEntry;
  const rawStatus = str(wire['status']);
  const status =
    rawStatus !== undefined && STATUSES.has(rawStatus)
      ? (rawStatus as Kontaktregisterstatus)
      : null;
  const rawVarsling = str(wire['varslingsstatus']);
  const varslingsstatus =
    rawVarsling !== undefined && NOTIFICATION_STATUSES.has(rawVarsling)
      ? (rawVarsling as Varslingsstatus)
      : null;
  const rawReservasjon = str(wire['reservasjon']);
  const reservert = rawReservasjon === 'JA' ? true : rawReservasjon === 'NEI' ? false : null;
  const active = status === 'AKTIV';
  // kanVarsles = AKTIV ∧ not reserved ∧ KAN_VARSLES: one part known to be false makes it false
  // even when another is missing or unknown; otherwise a missing or unknown part gives null.
  let kanVarsles: boolean | null;
  if (status !== null && !active) kanVarsles = false;
  else if (reservert === true) kanVarsles = false;
  else if (varslingsstatus === 'KAN_IKKE_VARSLES') kanVarsles = false;
  else if (active && reservert === false && varslingsstatus !== null)
    kanVarsles = varslingsstatus === 'KAN_VARSLES';
  else kanVarsles = null;
  return {
    kontaktregisterstatus: status,
    reservasjon:
      reservert === null || (fields !== undefined && !fields.has('reservasjon'))
        ? null
        : {
            reservert,
            tidspunkt: krrIso(str(wire['reservasjonstidspunkt'])),
            oppdatert: krrIso(str(wire['reservasjon_oppdatert'])),
          },
    varslingsstatus,
    kanVarsles,
    kontaktinformasjon:
      fields !== undefined && !fields.has('kontaktinformasjon')
        ? null
        : contactOf(wire['kontaktinformasjon'], active && reservert === false, nowMs),
    spraak: fields !== undefined && !fields.has('spraak') ? null : spraakOf(wire),
    digitalPost:
      fields !== undefined && !fields.has('digitalPost') ? null : mailboxOf(wire['digital_post']),
    sertifikat:
      fields !== undefined && !fields.has('sertifikat') ? null : sertifikatOf(wire['sertifikat']),
  };
}

function contactOf(raw: unknown, usable: boolean, nowMs: number): Kontaktinformasjon | null {
  if (!isRecord(raw)) return null;
  const cutoffMs = cutoffFor(nowMs);
  const epost = channel(wireChannel(raw, EPOST_KEYS), usable, cutoffMs, identity);
  const mobil = channel(wireChannel(raw, MOBIL_KEYS), usable, cutoffMs, normaliseMobile);
  return epost === null && mobil === null
    ? null
    : { epostadresse: epost, mobiltelefonnummer: mobil };
}

function spraakOf(wire: KrrWireEntry): { kode: string; oppdatert: string | null } | null {
  const kode = str(wire['spraak']);
  return kode === undefined
    ? null
    : { kode: kode.toLowerCase(), oppdatert: krrIso(str(wire['spraak_oppdatert'])) };
}

function mailboxOf(raw: unknown): DigitalPost | null {
  if (!isRecord(raw)) return null;
  return digitalPostOf(
    str(raw['postkasseadresse']) ?? null,
    str(raw['postkasseleverandoeradresse']) ?? null,
  );
}

function sertifikatOf(raw: unknown): Sertifikat | null {
  const base64Der = str(raw);
  return base64Der === undefined ? null : toSertifikat(base64Der);
}
