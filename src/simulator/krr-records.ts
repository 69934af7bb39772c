// KRR's view of a simulated person: the record model, its generation with realistic shares and
// wire quirks, fixed test users for the documented cases (docs/registers.md K7) and the §32 18-month rule.
import type { Rng } from './random.ts';

/** How a timestamp is written on the wire: `2023-06-10T21:00:01+02` or `2023-08-05T10:45:15.768Z`. */
export type KrrTimestampStyle = 'offset-hour' | 'utc-millis';

export interface KrrTimestamp {
  readonly epochMs: number;
  readonly style: KrrTimestampStyle;
}

/** One contact channel. `value` may be `""` (sent as such, docs/registers.md K2). */
export interface KrrChannel {
  readonly value: string;
  readonly oppdatert: KrrTimestamp | null;
  readonly sistVerifisert: KrrTimestamp | null;
  /** v2 only. */
  readonly sistValidert: KrrTimestamp | null;
  /** v2 only; null: absent. */
  readonly duplisert: 'JA' | 'NEI' | null;
}

export interface KrrMailbox {
  /** `postkasseadresse`; may be `""`. */
  readonly adresse: string;
  /** `postkasseleverandoeradresse`: the provider's organisation number. */
  readonly leverandoer: string;
  /** Adds an undocumented extra property, as KRR has done (docs/registers.md K2). */
  readonly extraField: boolean;
}

/** A person as registered in KRR. Persons not in KRR have no record at all. */
export interface KrrSimRecord {
  readonly status: 'AKTIV' | 'SLETTET';
  /** Null: absent (deleted persons). */
  readonly reservasjon: 'JA' | 'NEI' | null;
  readonly reservasjonstidspunkt: KrrTimestamp | null;
  readonly reservasjonOppdatert: KrrTimestamp | null;
  readonly epost: KrrChannel | null;
  readonly mobil: KrrChannel | null;
  /** Sends `"kontaktinformasjon": {}` when there is no channel (otherwise it is left out). */
  readonly emptyContactObject: boolean;
  readonly digitalPost: KrrMailbox | null;
  /** `certificate`: the simulator's certificate; `empty`: `""`; null: absent. */
  readonly sertifikat: 'certificate' | 'empty' | null;
  readonly spraak: 'nb' | 'nn' | 'en' | 'se' | null;
  readonly spraakOppdatert: KrrTimestamp | null;
  /** Person-level `oppdatert` (v2 only). */
  readonly oppdatert: KrrTimestamp | null;
}

/** The case a generated KRR record was built to represent. */
export type KrrCase =
  'reserved' | 'expired' | 'deleted' | 'mobileOnly' | 'emailOnly' | 'bothChannels' | 'emptyStrings';

export const DIGIPOST = '984661185';
export const EBOKS = '996460320';

const DAY_MS = 86_400_000;
const MONTH_MS = 30.44 * DAY_MS;

/** The instant 18 calendar months before `now`: contact data older than this is expired (§32). */
export function eighteenMonthsBefore(now: number): number {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - 18);
  return cutoff.getTime();
}

function channelIsFresh(channel: KrrChannel | null, cutoff: number): boolean {
  if (channel === null || channel.value === '') return false;
  // Per channel, either timestamp counts while it is less than 18 months old
  // (docs/registers.md K5).
  return [channel.oppdatert, channel.sistVerifisert].some((t) => t !== null && t.epochMs > cutoff);
}

/**
 * `KAN_VARSLES` only for an active, non-reserved person with at least one channel updated or
 * verified within the last 18 months (docs/registers.md K5); otherwise `KAN_IKKE_VARSLES`.
 */
export function varslingsstatusOf(
  record: KrrSimRecord,
  now: number,
): 'KAN_VARSLES' | 'KAN_IKKE_VARSLES' {
  if (record.status !== 'AKTIV' || record.reservasjon !== 'NEI') return 'KAN_IKKE_VARSLES';
  const cutoff = eighteenMonthsBefore(now);
  return channelIsFresh(record.epost, cutoff) || channelIsFresh(record.mobil, cutoff)
    ? 'KAN_VARSLES'
    : 'KAN_IKKE_VARSLES';
}

/** Timestamp helpers bound to a clock and a random source. */
function timestamps(rng: Rng, now: number) {
  const at = (epochMs: number): KrrTimestamp => {
    // Hour-offset timestamps have second precision; the `Z` form carries milliseconds.
    const style: KrrTimestampStyle = rng.chance(0.15) ? 'utc-millis' : 'offset-hour';
    return {
      epochMs: style === 'offset-hour' ? Math.floor(epochMs / 1000) * 1000 : Math.floor(epochMs),
      style,
    };
  };
  /** A moment between `fromMonths` and `toMonths` months ago. */
  const monthsAgo = (fromMonths: number, toMonths: number): KrrTimestamp =>
    at(now - (fromMonths + rng.next() * (toMonths - fromMonths)) * MONTH_MS);
  return { at, monthsAgo };
}

function digits(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

function mobileNumber(rng: Rng): string {
  const national = rng.pick(['4', '9'] as const) + digits(rng, 7);
  // Both wire forms occur (docs/registers.md K2).
  return rng.chance(0.5) ? `+47${national}` : national;
}

/** Channel timestamps: fresh (usable under §32) or expired (both older than 18 months). */
function channelOf(rng: Rng, now: number, value: string, expired: boolean): KrrChannel {
  const { monthsAgo } = timestamps(rng, now);
  let oppdatert: KrrTimestamp;
  let sistVerifisert: KrrTimestamp | null;
  if (expired) {
    oppdatert = monthsAgo(24, 60);
    sistVerifisert = rng.chance(0.6) ? monthsAgo(19.5, 23) : null;
  } else {
    oppdatert = monthsAgo(0.1, 60);
    // Keep a margin below 18 months so that a long test run does not flip the status.
    const needsVerification = now - oppdatert.epochMs > 16 * MONTH_MS;
    sistVerifisert =
      needsVerification || rng.chance(0.5)
        ? monthsAgo(0.05, Math.min(16, (now - oppdatert.epochMs) / MONTH_MS))
        : null;
  }
  return {
    value,
    oppdatert,
    sistVerifisert,
    sistValidert: rng.chance(0.3) ? monthsAgo(0.05, 30) : null,
    duplisert: rng.chance(0.1) ? null : rng.chance(0.03) ? 'JA' : 'NEI',
  };
}

function mailboxOf(rng: Rng, index: number): KrrMailbox {
  const digipost = rng.chance(0.7);
  return {
    adresse: digipost
      ? `syntetisk.person${index}#${digits(rng, 4)}${rng.pick(['A', 'B', 'X', 'K'] as const)}`
      : `00${digits(rng, 8)}`,
    leverandoer: digipost ? DIGIPOST : EBOKS,
    extraField: rng.chance(0.03),
  };
}

function languageOf(rng: Rng): KrrSimRecord['spraak'] {
  const r = rng.next();
  if (r < 0.05) return null;
  if (r < 0.85) return 'nb';
  if (r < 0.94) return 'nn';
  if (r < 0.99) return 'en';
  return 'se';
}

/** A generated KRR record with the case it represents and whether it has a usable mailbox. */
export interface GeneratedKrrRecord {
  readonly record: KrrSimRecord;
  readonly case: KrrCase | null;
  readonly mailbox: boolean;
}

/**
 * Generates the KRR record of generated person number `index`, or null for a person not in KRR
 * (about 3%). Shares of the whole population: ~2% deleted, ~8% reserved, ~10% expired, ~20% mobile
 * only, ~5% e-mail only, ~1% empty strings or an empty `kontaktinformasjon`, the rest both channels;
 * ~25% have a digital mailbox and certificate.
 */
export function generateKrrRecord(rng: Rng, index: number, now: number): GeneratedKrrRecord | null {
  if (rng.chance(0.03)) return null;
  const { at, monthsAgo } = timestamps(rng, now);
  const email = `syntetisk.person${index}@example.com`;
  const r = rng.next();
  if (r < 0.02) {
    return {
      record: deletedRecord(monthsAgo(0.5, 60)),
      case: 'deleted',
      mailbox: false,
    };
  }
  let kase: KrrCase;
  if (r < 0.1) kase = 'reserved';
  else if (r < 0.2) kase = 'expired';
  else if (r < 0.4) kase = 'mobileOnly';
  else if (r < 0.45) kase = 'emailOnly';
  else if (r < 0.46) kase = 'emptyStrings';
  else kase = 'bothChannels';

  const expired = kase === 'expired';
  let epost: KrrChannel | null = null;
  let mobil: KrrChannel | null = null;
  let emptyContactObject = false;
  switch (kase) {
    case 'mobileOnly':
      mobil = channelOf(rng, now, mobileNumber(rng), false);
      break;
    case 'emailOnly':
      epost = channelOf(rng, now, email, false);
      break;
    case 'emptyStrings':
      // Half send `"epostadresse": ""`, half an empty `"kontaktinformasjon": {}`
      // (docs/registers.md K2).
      if (rng.chance(0.5)) {
        mobil = channelOf(rng, now, mobileNumber(rng), false);
        epost = {
          value: '',
          oppdatert: null,
          sistVerifisert: null,
          sistValidert: null,
          duplisert: null,
        };
      } else {
        emptyContactObject = true;
      }
      break;
    case 'reserved':
      // Reserved persons may still have contact data; it is delivered, but never KAN_VARSLES.
      if (rng.chance(0.6)) {
        epost = channelOf(rng, now, email, false);
        mobil = channelOf(rng, now, mobileNumber(rng), false);
      }
      break;
    default:
      epost = channelOf(rng, now, email, expired);
      mobil = channelOf(rng, now, mobileNumber(rng), expired);
  }

  const reserved = kase === 'reserved';
  const reservasjonstidspunkt = reserved && rng.chance(0.7) ? monthsAgo(0.5, 60) : null;
  const reservasjonOppdatert =
    reservasjonstidspunkt ?? (rng.chance(0.8) ? monthsAgo(0.5, 60) : null);
  let digitalPost: KrrMailbox | null = null;
  let sertifikat: KrrSimRecord['sertifikat'] = null;
  let mailbox = false;
  if (kase === 'emptyStrings') {
    if (epost !== null && rng.chance(0.6)) {
      digitalPost = { adresse: '', leverandoer: DIGIPOST, extraField: false };
      sertifikat = 'empty';
    }
  } else if (rng.chance(0.26)) {
    digitalPost = mailboxOf(rng, index);
    sertifikat = 'certificate';
    mailbox = true;
  }
  const spraak = languageOf(rng);
  const spraakOppdatert = spraak === null ? null : monthsAgo(0.5, 60);
  const stamps = [epost?.oppdatert, mobil?.oppdatert, reservasjonOppdatert, spraakOppdatert]
    .filter((t): t is KrrTimestamp => t !== null && t !== undefined)
    .map((t) => t.epochMs);
  return {
    record: {
      status: 'AKTIV',
      reservasjon: reserved ? 'JA' : 'NEI',
      reservasjonstidspunkt,
      reservasjonOppdatert,
      epost,
      mobil,
      emptyContactObject,
      digitalPost,
      sertifikat,
      spraak,
      spraakOppdatert,
      oppdatert: stamps.length === 0 ? null : at(Math.max(...stamps)),
    },
    case: kase,
    mailbox,
  };
}

/** KRR timestamps `monthsBack` months before `now`, whole seconds, in KRR's `+02` style. */
function stampFrom(now: number): (monthsBack: number) => KrrTimestamp {
  return (monthsBack) => ({
    epochMs: Math.floor((now - monthsBack * MONTH_MS) / 1000) * 1000,
    style: 'offset-hour',
  });
}

/** A contact channel last changed `monthsBack` months ago, verified unless older than 18 months. */
function channelFrom(
  stamp: (monthsBack: number) => KrrTimestamp,
): (value: string, monthsBack: number) => KrrChannel {
  return (value, monthsBack) => ({
    value,
    oppdatert: stamp(monthsBack),
    sistVerifisert: monthsBack > 18 ? null : stamp(Math.min(monthsBack, 1)),
    sistValidert: null,
    duplisert: 'NEI',
  });
}

/** A person deleted from KRR at `oppdatert`: status only, every other value absent. */
function deletedRecord(oppdatert: KrrTimestamp): KrrSimRecord {
  return {
    status: 'SLETTET',
    reservasjon: null,
    reservasjonstidspunkt: null,
    reservasjonOppdatert: null,
    epost: null,
    mobil: null,
    emptyContactObject: false,
    digitalPost: null,
    sertifikat: null,
    spraak: null,
    spraakOppdatert: null,
    oppdatert,
  };
}

/** A fixed KRR test user and the documented case it demonstrates (docs/registers.md K7). */
export interface KrrTestUser {
  readonly id: string;
  readonly case: KrrCase | 'mailbox' | 'language';
  readonly record: KrrSimRecord;
}

/**
 * Fixed synthetic test users for the cases Digdir's published KRR test users demonstrate
 * (docs/registers.md K7), each with that case's documented behaviour. The identifiers, e-mail
 * addresses, mobile number and mailbox addresses are the project's own (+80 numbers with check
 * digits from buildIdentityNumber), not Digdir's.
 */
export function krrTestUsers(now: number): readonly KrrTestUser[] {
  const stamp = stampFrom(now);
  const channel = channelFrom(stamp);
  const active = (
    id: string,
    parts: {
      readonly reserved?: boolean;
      readonly mobile?: boolean;
      readonly email?: boolean;
      readonly monthsBack?: number;
      readonly mailbox?: typeof DIGIPOST | typeof EBOKS;
      readonly spraak?: KrrSimRecord['spraak'];
    },
  ): KrrSimRecord => {
    const monthsBack = parts.monthsBack ?? 2;
    return {
      status: 'AKTIV',
      reservasjon: parts.reserved === true ? 'JA' : 'NEI',
      reservasjonstidspunkt: parts.reserved === true ? stamp(12) : null,
      reservasjonOppdatert: stamp(parts.reserved === true ? 12 : 30),
      epost:
        parts.email === false ? null : channel(`syntetisk.testbruker${id}@example.com`, monthsBack),
      mobil: parts.mobile === false ? null : channel('+4790000001', monthsBack),
      emptyContactObject: false,
      digitalPost:
        parts.mailbox === undefined
          ? null
          : {
              adresse: parts.mailbox === DIGIPOST ? 'syntetisk.person#1234K' : '0012345678',
              leverandoer: parts.mailbox,
              extraField: false,
            },
      sertifikat: parts.mailbox === undefined ? null : 'certificate',
      spraak: parts.spraak ?? null,
      spraakOppdatert: parts.spraak === undefined ? null : stamp(6),
      oppdatert: stamp(Math.min(monthsBack, 12)),
    };
  };
  const deleted = deletedRecord(stamp(20));
  return [
    { id: '03826427190', case: 'expired', record: active('03826427190', { monthsBack: 30 }) },
    { id: '17857133870', case: 'expired', record: active('17857133870', { monthsBack: 30 }) },
    { id: '08895844544', case: 'deleted', record: deleted },
    { id: '23817711057', case: 'deleted', record: deleted },
    { id: '12868362454', case: 'reserved', record: active('12868362454', { reserved: true }) },
    { id: '27906915753', case: 'reserved', record: active('27906915753', { reserved: true }) },
    { id: '05879271314', case: 'bothChannels', record: active('05879271314', {}) },
    { id: '19918828624', case: 'bothChannels', record: active('19918828624', {}) },
    { id: '02887453287', case: 'mobileOnly', record: active('02887453287', { email: false }) },
    { id: '30839519806', case: 'mobileOnly', record: active('30839519806', { email: false }) },
    { id: '11926140207', case: 'emailOnly', record: active('11926140207', { mobile: false }) },
    { id: '21848065681', case: 'emailOnly', record: active('21848065681', { mobile: false }) },
    { id: '07908636958', case: 'mailbox', record: active('07908636958', { mailbox: DIGIPOST }) },
    { id: '15827924439', case: 'mailbox', record: active('15827924439', { mailbox: EBOKS }) },
    {
      id: '25866758762',
      case: 'reserved',
      record: active('25866758762', { reserved: true, mobile: false, mailbox: DIGIPOST }),
    },
    { id: '04919013295', case: 'language', record: active('04919013295', { spraak: 'nn' }) },
    { id: '28897347786', case: 'language', record: active('28897347786', { spraak: 'nb' }) },
    { id: '13818530980', case: 'language', record: active('13818530980', { spraak: 'en' }) },
  ];
}

/** The KRR situations of the fixed letter-routing persons (population.ts). */
export type ForsendelseKrrCase =
  /** Active, both channels fresh, a Digipost mailbox with certificate. */
  | 'postkasse'
  /** Active, both channels fresh, no mailbox. */
  | 'toKanaler'
  /** Reserved, with a Digipost mailbox and certificate. */
  | 'reservertMedPostkasse'
  /** Active, both channels older than 18 months. */
  | 'utloept'
  /** Active, the e-mail address older than 18 months, the mobile number fresh, no mailbox. */
  | 'enKanalUtloept'
  /** Deleted from KRR. */
  | 'slettet'
  /**
   * Active, both channels fresh and shared with other persons (`*_duplisert: JA`, validated),
   * and the empty mailbox KRR sends for a person without one: a provider beside
   * `"postkasseadresse": ""` and `"sertifikat": ""` (docs/registers.md K2).
   */
  | 'tomPostkasse';

/**
 * A deterministic KRR record for a letter-routing person. Contact values are synthetic
 * (`syntetisk.forsendelse<index>@example.com`, `+4799<6 digits>`).
 */
export function forsendelseKrrRecord(
  kind: ForsendelseKrrCase,
  index: number,
  now: number,
): KrrSimRecord {
  const stamp = stampFrom(now);
  const channel = channelFrom(stamp);
  const email = `syntetisk.forsendelse${index}@example.com`;
  const mobile = `+4799${String(100_000 + index * 7919).slice(-6)}`;
  const reserved = kind === 'reservertMedPostkasse';
  const withMailbox = kind === 'postkasse' || reserved;
  if (kind === 'slettet') return deletedRecord(stamp(20));
  const emailAge = kind === 'utloept' || kind === 'enKanalUtloept' ? 30 : 3;
  const mobileAge = kind === 'utloept' ? 26 : 2;
  if (kind === 'tomPostkasse') {
    const shared = (value: string, monthsBack: number): KrrChannel => ({
      ...channel(value, monthsBack),
      sistValidert: stamp(monthsBack),
      duplisert: 'JA',
    });
    return {
      status: 'AKTIV',
      reservasjon: 'NEI',
      reservasjonstidspunkt: null,
      reservasjonOppdatert: stamp(30),
      epost: shared(email, emailAge),
      mobil: shared(mobile, mobileAge),
      emptyContactObject: false,
      digitalPost: { adresse: '', leverandoer: DIGIPOST, extraField: false },
      sertifikat: 'empty',
      spraak: null,
      spraakOppdatert: null,
      oppdatert: stamp(Math.min(emailAge, mobileAge)),
    };
  }
  return {
    status: 'AKTIV',
    reservasjon: reserved ? 'JA' : 'NEI',
    reservasjonstidspunkt: reserved ? stamp(12) : null,
    reservasjonOppdatert: stamp(reserved ? 12 : 30),
    epost: channel(email, emailAge),
    mobil: channel(mobile, mobileAge),
    emptyContactObject: false,
    digitalPost: withMailbox
      ? {
          adresse: `syntetisk.forsendelse${index}#${String(1000 + index).slice(-4)}K`,
          leverandoer: DIGIPOST,
          extraField: false,
        }
      : null,
    sertifikat: withMailbox ? 'certificate' : null,
    spraak: 'nb',
    spraakOppdatert: stamp(6),
    oppdatert: stamp(Math.min(emailAge, mobileAge)),
  };
}
