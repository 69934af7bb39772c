// The KRR mapping as it was before entries were read in one pass (parsePerson's wire objects,
// every field worked out), kept unchanged as the reference one-pass-mapping.test.ts compares with.
import { X509Certificate } from 'node:crypto';
import type {
  ContactInfo,
  Kontaktpunkt,
  Kontaktregisterstatus,
  Sertifikat,
  Varslingsstatus,
} from '../../../../../src/domain/person.ts';
import {
  eighteenMonthsBefore,
  normaliseDateTime,
  toEpochMs,
} from '../../../../../src/domain/time.ts';
import type { KrrWirePerson } from '../../../../../src/upstream/krr/krr-wire.ts';

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
// rest of the mapping, so parsed metadata is kept in a small bounded cache.
const CERT_CACHE_LIMIT = 2000;
const certCache = new Map<string, Sertifikat | null>();

function toSertifikat(base64Der: string): Sertifikat | null {
  const cached = certCache.get(base64Der);
  if (cached !== undefined) return cached;
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
  certCache.set(base64Der, result);
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
 * decides the rare rest (it rolls 30 February over, for one).
 */
function plainEpochMs(raw: string): number | null {
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
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
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

// One operation maps every person with the same clock: the cut-off is computed once per clock.
let lastCutoff = { nowMs: Number.NaN, cutoffMs: 0 };
function cutoffFor(nowMs: number): number {
  if (lastCutoff.nowMs !== nowMs) lastCutoff = { nowMs, cutoffMs: eighteenMonthsBefore(nowMs) };
  return lastCutoff.cutoffMs;
}

function channel(
  value: string | undefined,
  updated: string | undefined,
  verified: string | undefined,
  validated: string | undefined,
  duplicated: string | undefined,
  usableIfFresh: boolean,
  cutoffMs: number,
  normaliseValue: (raw: string) => string,
): Kontaktpunkt | null {
  if (value === undefined) return null;
  const oppdatert = krrInstant(updated);
  const sistVerifisert = krrInstant(verified);
  // §32: usable while either timestamp is younger than 18 months (krr.md §6).
  const latest = Math.max(oppdatert.ms, sistVerifisert.ms);
  return {
    verdi: normaliseValue(value),
    oppdatert: oppdatert.iso,
    sistVerifisert: sistVerifisert.iso,
    sistValidert: krrInstant(validated).iso,
    duplisert: duplicated === 'JA' ? true : duplicated === 'NEI' ? false : null,
    kanBrukesForVarsling: usableIfFresh && latest > cutoffMs,
  };
}

const identity = (value: string): string => value;

/**
 * Maps one KRR person. `nowMs` is the clock for the 18-month rule. Unknown enum values become
 * null rather than failing the person.
 */
export function toContactInfo(wire: KrrWirePerson, nowMs: number): ContactInfo {
  const status =
    wire.status !== undefined && STATUSES.has(wire.status)
      ? (wire.status as Kontaktregisterstatus)
      : null;
  const varslingsstatus =
    wire.varslingsstatus !== undefined && NOTIFICATION_STATUSES.has(wire.varslingsstatus)
      ? (wire.varslingsstatus as Varslingsstatus)
      : null;
  const reservert = wire.reservasjon === 'JA' ? true : wire.reservasjon === 'NEI' ? false : null;
  const active = status === 'AKTIV';
  const usable = active && reservert === false;
  const cutoffMs = cutoffFor(nowMs);
  const contact = wire.kontaktinformasjon;
  const epost = channel(
    contact?.epostadresse,
    contact?.epostadresse_oppdatert,
    contact?.epostadresse_sist_verifisert,
    contact?.epostadresse_sist_validert,
    contact?.epostadresse_duplisert,
    usable,
    cutoffMs,
    identity,
  );
  const mobil = channel(
    contact?.mobiltelefonnummer,
    contact?.mobiltelefonnummer_oppdatert,
    contact?.mobiltelefonnummer_sist_verifisert,
    contact?.mobiltelefonnummer_sist_validert,
    contact?.mobiltelefonnummer_duplisert,
    usable,
    cutoffMs,
    normaliseMobile,
  );
  // kanVarsles = AKTIV ∧ not reserved ∧ KAN_VARSLES: one part known to be false makes it false
  // even when another is missing or unknown; otherwise a missing or unknown part gives null.
  let kanVarsles: boolean | null;
  if (status !== null && !active) kanVarsles = false;
  else if (reservert === true) kanVarsles = false;
  else if (varslingsstatus === 'KAN_IKKE_VARSLES') kanVarsles = false;
  else if (active && reservert === false && varslingsstatus !== null)
    kanVarsles = varslingsstatus === 'KAN_VARSLES';
  else kanVarsles = null;
  const mailbox = wire.digital_post;
  return {
    kontaktregisterstatus: status,
    reservasjon:
      reservert === null
        ? null
        : {
            reservert,
            tidspunkt: krrInstant(wire.reservasjonstidspunkt).iso,
            oppdatert: krrInstant(wire.reservasjon_oppdatert).iso,
          },
    varslingsstatus,
    kanVarsles,
    kontaktinformasjon:
      epost === null && mobil === null ? null : { epostadresse: epost, mobiltelefonnummer: mobil },
    spraak:
      wire.spraak === undefined
        ? null
        : { kode: wire.spraak.toLowerCase(), oppdatert: krrInstant(wire.spraak_oppdatert).iso },
    // No mailbox without an address: a provider beside an empty address is no mailbox.
    digitalPost:
      mailbox?.postkasseadresse === undefined
        ? null
        : {
            postkasseadresse: mailbox.postkasseadresse,
            postkasseleverandoeradresse: mailbox.postkasseleverandoeradresse ?? null,
          },
    sertifikat: wire.sertifikat === undefined ? null : toSertifikat(wire.sertifikat),
  };
}
