// Where to send a person a letter, decided from both registers. The order of the rules is the one
// eFormidling's address service (Digdir) applies; paper addresses follow Folkeregisteret's
// elements in a fixed order; a dead person's letters go to the estate. The rules and their
// sources are described in docs/frontend-guide.md ("Sending a letter").
import type { Adresse, ContactInfo, DigitalPost, Kontaktpunkt, PopulationData } from './person.ts';
import { toOsloDate } from './time.ts';

export type Forsendelsesformaal = 'VEDTAK' | 'INFORMASJON';
export type Forsendelseskanal =
  'DIGITAL_POSTKASSE' | 'INNBOKS_MED_VARSEL' | 'PAPIR' | 'DOEDSBO' | 'INGEN';
export type Forsendelsesbegrunnelse =
  | 'DOED'
  | 'INGEN_DOEDSBOADRESSE'
  | 'RESERVERT'
  | 'KAN_IKKE_VARSLES'
  | 'IKKE_REGISTRERT_I_KRR'
  | 'SLETTET_I_KRR'
  | 'UTLOEPT_KONTAKTINFORMASJON'
  | 'HAR_DIGITAL_POSTKASSE'
  | 'INGEN_DIGITAL_POSTKASSE'
  | 'IKKE_I_FOLKEREGISTERET'
  | 'INGEN_POSTADRESSE'
  | 'ADRESSEBESKYTTELSE';
export type Postadressekilde =
  'POSTADRESSE' | 'OPPHOLDSADRESSE' | 'BOSTEDSADRESSE' | 'KONTAKTINFORMASJON_FOR_DOEDSBO';

export interface Varslingskanal {
  readonly type: 'EPOST' | 'SMS';
  readonly verdi: string;
}

/** The answer to "how and where do we send this person a letter". */
export interface Forsendelse {
  readonly kanal: Forsendelseskanal;
  readonly alternativeKanaler: readonly Forsendelseskanal[];
  readonly begrunnelser: readonly Forsendelsesbegrunnelse[];
  readonly digitalPostkasse: DigitalPost | null;
  readonly varslingskanaler: readonly Varslingskanal[];
  readonly postadresse: Adresse | null;
  readonly postadressekilde: Postadressekilde | null;
  readonly harVerge: boolean | null;
  readonly alder: number | null;
}

interface PaperAddress {
  readonly adresse: Adresse;
  readonly kilde: Postadressekilde;
}

/** An address a letter can be sent to: it has lines to print (`ukjentBosted` has none). */
function mailable(adresse: Adresse | null): adresse is Adresse {
  return adresse !== null && adresse.type !== 'UKJENT_BOSTED' && adresse.adresselinjer.length > 0;
}

/**
 * A living person's postal address: the address Folkeregisteret's `preferertKontaktadresse`
 * names, when it can be written to; otherwise `postadresse` (which already follows a preference
 * between the Norwegian and the foreign postal address), then `oppholdsadresse`, then
 * `bostedsadresse`. Protected addresses the caller may not see are already null in `data`, so
 * they count as no address.
 */
function livingAddress(data: PopulationData): PaperAddress | null {
  const candidates: [Adresse | null, Postadressekilde][] = [
    [data.postadresse, 'POSTADRESSE'],
    [data.oppholdsadresse, 'OPPHOLDSADRESSE'],
    [data.bostedsadresse, 'BOSTEDSADRESSE'],
  ];
  const preferred: Postadressekilde | null =
    data.preferertKontaktadresse === 'OPPHOLDSADRESSE'
      ? 'OPPHOLDSADRESSE'
      : data.preferertKontaktadresse === 'BOSTEDSADRESSE'
        ? 'BOSTEDSADRESSE'
        : null;
  if (preferred !== null)
    candidates.sort(([, a], [, b]) => Number(b === preferred) - Number(a === preferred));
  for (const [adresse, kilde] of candidates) if (mailable(adresse)) return { adresse, kilde };
  return null;
}

/**
 * A dead person's letter address, built from the estate contact: only when a probate certificate
 * has been issued and a contact with an address is registered. The first line names the estate,
 * the second the contact (c/o), then the contact's address.
 */
function estateAddress(data: PopulationData): PaperAddress | null {
  const estate = data.kontaktinformasjonForDoedsbo;
  if (
    estate === null ||
    estate.attestutstedelsesdato === null ||
    estate.kontakt === null ||
    !mailable(estate.adresse)
  )
    return null;
  const name = [data.navn?.fornavn, data.navn?.mellomnavn, data.navn?.etternavn]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' ');
  const contact = [estate.kontakt.personnavn, estate.kontakt.organisasjonsnavn]
    .filter((part): part is string => part !== null)
    .join(', ');
  const lines = [
    name === '' ? 'DØDSBO' : `${name} DØDSBO`,
    ...(contact === '' ? [] : [`c/o ${contact}`]),
    ...estate.adresse.adresselinjer,
  ];
  return {
    adresse: { ...estate.adresse, adresselinjer: lines, coAdressenavn: contact || null },
    kilde: 'KONTAKTINFORMASJON_FOR_DOEDSBO',
  };
}

/** Whole years from a birth date (`YYYY-MM-DD`) to today's date in Norway. */
function ageOn(birthDate: string | null, nowMs: number): number | null {
  const today = toOsloDate(new Date(nowMs).toISOString());
  if (birthDate === null || today === null) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return Number.isInteger(age) && age >= 0 ? age : null;
}

/**
 * The mailbox eFormidling counts as present: a mailbox (which has an address, see
 * `digitalPostOf`) with its provider, and an encryption certificate (without one nothing can be
 * sent to it).
 */
function activeMailbox(krr: ContactInfo): DigitalPost | null {
  const mailbox = krr.digitalPost;
  if (
    krr.kontaktregisterstatus !== 'AKTIV' ||
    mailbox === null ||
    mailbox.postkasseleverandoeradresse === null ||
    krr.sertifikat === null
  )
    return null;
  return mailbox;
}

/** The channels a notice may use: each one updated or verified within 18 months (§32). */
function noticeChannels(krr: ContactInfo): Varslingskanal[] {
  const channels: Varslingskanal[] = [];
  const add = (point: Kontaktpunkt | null | undefined, type: Varslingskanal['type']): void => {
    if (point?.kanBrukesForVarsling === true) channels.push({ type, verdi: point.verdi });
  };
  add(krr.kontaktinformasjon?.epostadresse, 'EPOST');
  add(krr.kontaktinformasjon?.mobiltelefonnummer, 'SMS');
  return channels;
}

/** Why KRR gives no usable notice channel: the most specific reasons first. */
function cannotNotifyReasons(krr: ContactInfo): Forsendelsesbegrunnelse[] {
  const reasons: Forsendelsesbegrunnelse[] = [];
  if (krr.kontaktregisterstatus === 'IKKE_REGISTRERT') reasons.push('IKKE_REGISTRERT_I_KRR');
  else if (krr.kontaktregisterstatus === 'SLETTET') reasons.push('SLETTET_I_KRR');
  else if (krr.reservasjon?.reservert === true) reasons.push('RESERVERT');
  else if (krr.kontaktregisterstatus === 'AKTIV' && noticeChannels(krr).length === 0)
    reasons.push('UTLOEPT_KONTAKTINFORMASJON');
  reasons.push('KAN_IKKE_VARSLES');
  return reasons;
}

/**
 * Decides the channel for one person.
 *
 * Dead person (Folkeregisteret): the estate, or no channel without an estate address.
 * VEDTAK, in eFormidling's order: reserved → paper; KRR cannot notify → paper; active mailbox →
 * digital mailbox; otherwise the agency's inbox with a notice, paper allowed beside it.
 * INFORMASJON: active mailbox → digital mailbox (reservation does not apply); otherwise the
 * agency's inbox with a notice when a notice channel can be used, else paper.
 * Paper needs a postal address the caller may see; without one the channel is INGEN.
 * IKKE_I_FOLKEREGISTERET is given on every route when Folkeregisteret does not know the person.
 */
export function decideForsendelse(
  krr: ContactInfo,
  data: PopulationData,
  formaal: Forsendelsesformaal,
  nowMs: number,
): Forsendelse {
  const found = data.finnesIFolkeregisteret;
  const dead = data.doedsfall !== null;
  const harVerge = found ? (data.vergemaalEllerFremtidsfullmakt?.length ?? 0) > 0 : null;
  const alder = found && !dead ? ageOn(data.foedsel?.foedselsdato ?? null, nowMs) : null;
  const protectedAddress =
    data.adressebeskyttelse !== null && data.adressebeskyttelse.gradering !== 'UGRADERT';
  const base = { digitalPostkasse: null, varslingskanaler: [], harVerge, alder };

  if (dead) {
    const estate = estateAddress(data);
    return estate === null
      ? {
          ...base,
          kanal: 'INGEN',
          alternativeKanaler: [],
          begrunnelser: ['DOED', 'INGEN_DOEDSBOADRESSE'],
          postadresse: null,
          postadressekilde: null,
        }
      : {
          ...base,
          kanal: 'DOEDSBO',
          alternativeKanaler: [],
          begrunnelser: ['DOED'],
          postadresse: estate.adresse,
          postadressekilde: estate.kilde,
        };
  }

  const paper = livingAddress(data);
  // On every route: without Folkeregisteret, death could not be checked (docs/frontend-guide.md).
  const unknownReasons: Forsendelsesbegrunnelse[] = found ? [] : ['IKKE_I_FOLKEREGISTERET'];
  const paperReasons: Forsendelsesbegrunnelse[] = [
    ...unknownReasons,
    ...(paper === null ? ['INGEN_POSTADRESSE' as const] : []),
    ...(paper !== null && protectedAddress ? ['ADRESSEBESKYTTELSE' as const] : []),
  ];
  const toPaper = (reasons: readonly Forsendelsesbegrunnelse[]): Forsendelse => ({
    ...base,
    kanal: paper === null ? 'INGEN' : 'PAPIR',
    alternativeKanaler: [],
    begrunnelser: [...reasons, ...paperReasons],
    postadresse: paper?.adresse ?? null,
    postadressekilde: paper?.kilde ?? null,
  });
  const mailbox = activeMailbox(krr);
  const notices = noticeChannels(krr);
  const toMailbox = (): Forsendelse => ({
    ...base,
    kanal: 'DIGITAL_POSTKASSE',
    alternativeKanaler: [],
    begrunnelser: ['HAR_DIGITAL_POSTKASSE', ...unknownReasons],
    digitalPostkasse: mailbox,
    postadresse: null,
    postadressekilde: null,
  });
  const toInbox = (): Forsendelse => ({
    ...base,
    kanal: 'INNBOKS_MED_VARSEL',
    alternativeKanaler: paper === null ? [] : ['PAPIR'],
    begrunnelser: [
      'INGEN_DIGITAL_POSTKASSE',
      ...unknownReasons,
      ...(paper !== null && protectedAddress ? ['ADRESSEBESKYTTELSE' as const] : []),
    ],
    varslingskanaler: notices,
    postadresse: paper?.adresse ?? null,
    postadressekilde: paper?.kilde ?? null,
  });

  if (formaal === 'INFORMASJON') {
    if (mailbox !== null) return toMailbox();
    if (notices.length > 0) return toInbox();
    return toPaper(['INGEN_DIGITAL_POSTKASSE', ...cannotNotifyReasons(krr)]);
  }
  if (krr.reservasjon?.reservert === true) return toPaper(['RESERVERT']);
  if (krr.varslingsstatus !== 'KAN_VARSLES') return toPaper(cannotNotifyReasons(krr));
  if (mailbox !== null) return toMailbox();
  // KRR says KAN_VARSLES, yet no channel passes the 18-month rule here: no notice can be sent.
  if (notices.length === 0)
    return toPaper(['INGEN_DIGITAL_POSTKASSE', 'UTLOEPT_KONTAKTINFORMASJON']);
  return toInbox();
}
