// Folkeregisteret's view of a simulated person: a compact profile (the case it represents and a
// seed), the person document built from it on demand in the documented JSON shape, and the
// package- and part-dependent view of that document a lookup answers with.
// Facts: docs/registers.md F2, F5, F7
import { createRng, type Rng } from './random.ts';

/** The kinds of person document the population holds. */
export const FREG_CASES = [
  /** Resident with a street address (the ordinary case). */
  'vegadresse',
  /** Resident with a cadastral address. */
  'matrikkeladresse',
  /** Resident with a free-form Norwegian postal address. */
  'postadresseFrittFormat',
  /** Resident with a post box as postal address. */
  'postboks',
  /** Resident with a structured foreign postal address (postadresseIUtlandet). */
  'utenlandskPostadresse',
  /** Resident whose residence is unknown: `ukjentBosted` with the municipality only. */
  'ukjentBosted',
  /** D-number person: status midlertidig or inaktiv, no bostedsadresse. */
  'dNummer',
  /** Dead: `doedsfall` and status doed. */
  'doed',
  /** Emigrated: status utflyttet, `utflytting`, old bostedsadresse only as history. */
  'utflyttet',
  /** Two current citizenships. */
  'dobbeltStatsborgerskap',
  /** Former names present as `erGjeldende: false`. */
  'navnehistorikk',
  /** Person graded fortrolig: every address graded fortrolig. */
  'fortrolig',
  /** Strengt fortrolig: no bostedsadresse, the open SOT 6 post box as postadresse. */
  'strengtFortrolig',
  /** NAV's strengtFortroligUtland grading (not in Freg's enum): an unknown grading value. */
  'strengtFortroligUtland',
  /** Unprotected person whose bostedsadresse is graded klientadresse. */
  'klientadresse',
  /** Protected person whose earlier ugradert addresses remain as history. */
  'beskyttetMedUgradertHistorikk',
  /** Survivor of a merge: an earlier D-number is a ceased identifier that finds this person. */
  'sammenslaatt',
  /** Gradings in upper case (`KLIENTADRESSE`, `UGRADERT`), as some fixtures have them. */
  'blandetStorbokstav',
  /** Values outside the documented enums plus unknown properties. */
  'ukjentEnumverdi',
  /**
   * Registration times with Oslo offsets and up to nine fraction digits
   * (`2022-05-03T10:11:12.123456789+02:00`), as current answers carry them; dates stay
   * `YYYY-MM-DD` as everywhere.
   */
  'osloTidspunkt',
] as const;

/**
 * Document kinds only the fixed letter-routing persons have (population.ts), so that adding them
 * changes nothing in the generated population.
 */
export const FORSENDELSE_FREG_CASES = [
  /** Dead, no current address; an estate contact (a lawyer) with a probate certificate. */
  'doedMedDoedsbo',
  /** Dead, no current address, no estate contact. */
  'doedUtenDoedsbo',
  /** Resident under guardianship (vergemaalEllerFremtidsfullmakt, voksen). */
  'vergemaal',
  /** D-number person whose only address is an oppholdsadresse. */
  'oppholdsadresse',
  /** D-number person without any address. */
  'dNummerUtenAdresse',
  /**
   * Resident under guardianship as current answers give it: two guardians with service areas
   * (`tjenesteomraade`) and no `omfang`, one registered by name and birth date only.
   */
  'vergemaalMedTjenesteomraader',
  /** A Norwegian and a foreign postal address, the foreign one preferred (preferertKontaktadresse). */
  'postadresseIUtlandetForetrukket',
  /** A Norwegian and a foreign postal address, the residential address preferred. */
  'bostedsadresseForetrukket',
  /** A Norwegian and a foreign postal address, both current, no preference registered. */
  'toPostadresser',
] as const;

export type FregCase = (typeof FREG_CASES)[number] | (typeof FORSENDELSE_FREG_CASES)[number];

const DEAD_CASES: ReadonlySet<FregCase> = new Set(['doed', 'doedMedDoedsbo', 'doedUtenDoedsbo']);
/** Cases whose registration times carry Oslo offsets instead of `Z` (docs/registers.md F7). */
const OFFSET_TIME_CASES: ReadonlySet<FregCase> = new Set([
  'osloTidspunkt',
  'vergemaalMedTjenesteomraader',
  'postadresseIUtlandetForetrukket',
  'bostedsadresseForetrukket',
  'toPostadresser',
]);
/** The postal-address cases with both a Norwegian and a foreign postal address. */
const TWO_POSTAL_ADDRESS_CASES: Readonly<Partial<Record<FregCase, string | null>>> = {
  postadresseIUtlandetForetrukket: 'postadresseIUtlandet',
  bostedsadresseForetrukket: 'bostedsadresse',
  toPostadresser: null,
};

export interface FregProfile {
  readonly case: FregCase;
  /** Seed of the document's details (address, dates, numbers). */
  readonly seed: number;
  /** For `sammenslaatt`: the ceased identifier that now finds this person. */
  readonly ceasedId?: string;
}

/** What the document builder needs to know about a person. */
export interface FregIdentity {
  readonly id: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly dNumber: boolean;
  readonly nameSeed: number;
}

/** A person document (`Folkeregisterperson`): top-level properties as on the wire. */
export type FregDocument = Record<string, unknown>;
type Element = Record<string, unknown>;

/** The last date events in the synthetic register may have (keeps documents clock-independent). */
const REGISTER_LATEST = '2025-06-30';
const DAY_MS = 86_400_000;

const ADJECTIVES = [
  'HUMØRFYLT',
  'FANTASIFULL',
  'LEKEN',
  'SPREK',
  'MODIG',
  'SPRUDLENDE',
  'ROLIG',
  'KLOK',
  'TRIVELIG',
  'LUNEFULL',
  'STILLFERDIG',
  'BLID',
  'EVENTYRLYSTEN',
  'GJESTFRI',
  'MUNTER',
  'PRAKTISK',
  'RAUS',
  'SINDIG',
  'TÅLMODIG',
  'UREDD',
] as const;
const NOUNS = [
  'TEKANNE',
  'SKOHORN',
  'PINGVIN',
  'VAFFELJERN',
  'SYLTETØY',
  'FJELLSTUE',
  'SYKKEL',
  'LYKT',
  'BØLGE',
  'HAVRE',
  'TRAPP',
  'MÅKE',
  'KOMPASS',
  'SKJERGÅRD',
  'VINDU',
  'ELG',
  'FYRTÅRN',
  'BJØRK',
  'KANEL',
  'PAPEGØYE',
] as const;
const STREETS = [
  'Oppdiktetvegen',
  'Fantasivegen',
  'Påfunnveien',
  'Storgata',
  'Kirkevegen',
  'Skrivebordsgata',
  'Fjordvegen',
  'Bakkevegen',
  'Løkkeveien',
  'Sjøgata',
] as const;
/** Municipality, postcode and postal place (public reference data, not personal data). */
const PLACES = [
  { kommunenummer: '0301', postnummer: '0150', poststedsnavn: 'OSLO' },
  { kommunenummer: '4601', postnummer: '5003', poststedsnavn: 'BERGEN' },
  { kommunenummer: '5001', postnummer: '7010', poststedsnavn: 'TRONDHEIM' },
  { kommunenummer: '1103', postnummer: '4006', poststedsnavn: 'STAVANGER' },
  { kommunenummer: '3405', postnummer: '2609', poststedsnavn: 'LILLEHAMMER' },
  { kommunenummer: '1804', postnummer: '8006', poststedsnavn: 'BODØ' },
  { kommunenummer: '5501', postnummer: '9008', poststedsnavn: 'TROMSØ' },
  { kommunenummer: '4204', postnummer: '4611', poststedsnavn: 'KRISTIANSAND' },
] as const;
const FOREIGN = [
  {
    land3: 'SWE',
    land2: 'SE',
    by: 'STOCKHOLM',
    postkode: '111 43',
    gate: 'Kungsgatan 12',
    region: null,
  },
  {
    land3: 'DNK',
    land2: 'DK',
    by: 'KØBENHAVN',
    postkode: '1050',
    gate: 'Strøget 4',
    region: null,
  },
  {
    land3: 'DEU',
    land2: 'DE',
    by: 'BERLIN',
    postkode: '10115',
    gate: 'Gartenstraße 7',
    region: 'Berlin',
  },
  {
    land3: 'ESP',
    land2: 'ES',
    by: 'ALICANTE',
    postkode: '03001',
    gate: 'Calle Mayor 3',
    region: 'Valencia',
  },
] as const;

/** The open post box every consumer gets for a strengt fortrolig person (docs/registers.md F5). */
/** A guardian's synthetic fødselsnummer (+80 month, valid check digits), not a simulated person. */
const GUARDIAN_ID = '03826112440';

const SOT6_POSTBOKS = {
  postbokseier: 'SOT 6',
  postboks: 'Postboks 2094 Vika',
  poststed: { poststedsnavn: 'OSLO', postnummer: '0125' },
} as const;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[rng.int(0, items.length - 1)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** A date strictly after `from` and not after `to` (both `YYYY-MM-DD`); `from` when none fits. */
function dateBetween(rng: Rng, from: string, to: string): string {
  const days = Math.floor((dateMs(to) - dateMs(from)) / DAY_MS);
  return days < 1 ? from : formatDate(dateMs(from) + rng.int(1, days) * DAY_MS);
}

function addYears(date: string, years: number): string {
  const d = new Date(dateMs(date));
  d.setUTCFullYear(d.getUTCFullYear() + years);
  const result = formatDate(d.getTime());
  return result > REGISTER_LATEST ? REGISTER_LATEST : result;
}

/** Last Sunday of a month at 01:00 UTC: when summer time starts (March) or ends (October). */
function lastSundayAt0100Utc(year: number, monthIndex: number): number {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * DAY_MS;
}

/**
 * Norwegian midnight of `date` as Freg writes it: a UTC instant, `…T22:00:00Z` on the day before
 * in summer time and `…T23:00:00Z` otherwise (docs/registers.md F7). Summer time is applied only
 * from 1996, when
 * today's EU rule began; for older dates `T23:00:00Z` stays within the right Oslo day either way.
 */
export function osloMidnightInstant(date: string): string {
  const midnightUtc = dateMs(date);
  const year = new Date(midnightUtc).getUTCFullYear();
  const summer =
    year >= 1996 &&
    midnightUtc - 2 * 3_600_000 >= lastSundayAt0100Utc(year, 2) &&
    midnightUtc - 2 * 3_600_000 < lastSundayAt0100Utc(year, 9);
  return new Date(midnightUtc - (summer ? 2 : 1) * 3_600_000).toISOString().replace('.000Z', 'Z');
}

/** Whether Oslo keeps summer time at `ms` (the rule `osloMidnightInstant` uses). */
function osloSummerTime(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  return year >= 1996 && ms >= lastSundayAt0100Utc(year, 2) && ms < lastSundayAt0100Utc(year, 9);
}

/**
 * A UTC instant (`2022-05-03T08:11:12.123456Z`) written in Oslo time with its offset, as current
 * answers write times: `2022-05-03T10:11:12.123456789+02:00`. `extraDigits` lengthens the
 * fraction (up to nine digits in all).
 */
export function withOsloOffset(instant: string, extraDigits = ''): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(instant);
  if (match === null) return instant;
  const ms = Date.parse(`${match[1] ?? ''}Z`);
  const hours = osloSummerTime(ms) ? 2 : 1;
  const local = new Date(ms + hours * 3_600_000).toISOString().slice(0, 19);
  const fraction = `${match[2] ?? ''}${match[2] === undefined ? '' : extraDigits}`.slice(0, 10);
  return `${local}${fraction}+0${hours}:00`;
}

const TIME_KEYS: ReadonlySet<string> = new Set([
  'ajourholdstidspunkt',
  'gyldighetstidspunkt',
  'opphoerstidspunkt',
]);

/** Rewrites every registration time in a document to Oslo time with an offset, in place. */
function useOsloOffsets(value: unknown, rng: Rng): void {
  if (Array.isArray(value)) {
    for (const item of value) useOsloOffsets(item, rng);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const [key, inner] of Object.entries(record)) {
    if (TIME_KEYS.has(key) && typeof inner === 'string') {
      // Some answers have nine fraction digits, some six or fewer.
      record[key] = withOsloOffset(inner, rng.chance(0.5) ? String(rng.int(100, 999)) : '');
    } else {
      useOsloOffsets(inner, rng);
    }
  }
}

/** A registration instant on `date` in Freg's microsecond style: `2024-03-05T08:19:03.417206Z`. */
function registered(rng: Rng, date: string): string {
  const ms = dateMs(date) + rng.int(6 * 3_600_000, 18 * 3_600_000);
  return new Date(ms).toISOString().replace('Z', `${rng.int(100, 999)}Z`);
}

interface Meta {
  readonly current: boolean;
  /** The date the value took effect. */
  readonly from: string;
  /** The date it ceased (historical values only). */
  readonly until?: string;
  readonly aarsak?: string;
}

/** Registermetadata in the order the fixtures show (docs/registers.md F7). */
function meta(rng: Rng, m: Meta): Element {
  return {
    ajourholdstidspunkt: registered(rng, m.until ?? m.from),
    erGjeldende: m.current,
    kilde: 'Personsimulator',
    ...(m.aarsak === undefined ? {} : { aarsak: m.aarsak }),
    gyldighetstidspunkt: osloMidnightInstant(m.from),
    ...(m.until === undefined ? {} : { opphoerstidspunkt: registered(rng, m.until) }),
  };
}

/** Legal sex from the individnummer's last digit (old numbers: odd = man, docs/registers.md N1). */
export function sexOf(id: string): 'mann' | 'kvinne' {
  return Number(id[8]) % 2 === 1 ? 'mann' : 'kvinne';
}

function vegadresse(rng: Rng): Element {
  const place = pick(rng, PLACES);
  const letter = rng.chance(0.15) ? { husbokstav: pick(rng, ['A', 'B', 'C'] as const) } : {};
  return {
    kommunenummer: place.kommunenummer,
    bruksenhetsnummer: `H0${rng.int(1, 4)}0${rng.int(1, 4)}`,
    bruksenhetstype: 'bolig',
    adressenavn: pick(rng, STREETS),
    adressenummer: { husnummer: String(rng.int(1, 250)), ...letter },
    adressekode: String(rng.int(1000, 99_999)),
    poststed: { poststedsnavn: place.poststedsnavn, postnummer: place.postnummer },
  };
}

function matrikkeladresse(rng: Rng): Element {
  const place = pick(rng, PLACES);
  return {
    matrikkelnummer: {
      kommunenummer: place.kommunenummer,
      gaardsnummer: rng.int(1, 300),
      bruksnummer: rng.int(1, 60),
      festenummer: 0,
    },
    ...(rng.chance(0.5) ? { adressetilleggsnavn: 'SØNDRE HAUGEN' } : {}),
    bruksenhetsnummer: 'H0101',
    bruksenhetstype: 'bolig',
    poststed: { poststedsnavn: place.poststedsnavn, postnummer: place.postnummer },
  };
}

/** The districts and matrikkel id every registered Norwegian residence carries. */
function districts(rng: Rng): Element {
  return {
    grunnkrets: rng.int(100, 400),
    stemmekrets: rng.int(1, 9),
    skolekrets: rng.int(1, 9),
    kirkekrets: rng.int(1, 9),
  };
}

interface BostedOptions {
  readonly current: boolean;
  readonly from: string;
  readonly until?: string;
  readonly gradering: string;
  readonly address: { readonly vegadresse: Element } | { readonly matrikkeladresse: Element };
}

function bosted(rng: Rng, o: BostedOptions): Element {
  return {
    ...meta(rng, {
      current: o.current,
      from: o.from,
      ...(o.until === undefined ? {} : { until: o.until }),
      aarsak: 'Flytting innenlands',
    }),
    ...o.address,
    adresseIdentifikatorFraMatrikkelen: String(rng.int(100_000_000, 499_999_999)),
    adressegradering: o.gradering,
    flyttedato: o.from,
    ...districts(rng),
  };
}

function foreignAddress(rng: Rng, free: boolean): Element {
  const land = pick(rng, FOREIGN);
  if (free) {
    return {
      utenlandskAdresseIFrittFormat: {
        adresselinje: [land.gate],
        postkode: land.postkode,
        byEllerStedsnavn: land.by,
        landkode: land.land2,
      },
    };
  }
  return {
    utenlandskAdresse: {
      adressenavn: land.gate,
      postkode: land.postkode,
      byEllerStedsnavn: land.by,
      ...(land.region === null ? {} : { region: land.region }),
      landkode: land.land2,
    },
  };
}

function nameOf(nameSeed: number, variant: number): { fornavn: string; etternavn: string } {
  const rng = createRng(nameSeed + variant * 7919);
  return { fornavn: pick(rng, ADJECTIVES), etternavn: pick(rng, NOUNS) };
}

/**
 * Builds a person's document (deterministic for the same identity and profile). Every element
 * that has history in Freg carries `erGjeldende`; dates of elements are plain `YYYY-MM-DD` dates
 * (OpenAPI `format: date`), while registration times are UTC instants, or Oslo times with an
 * offset in the cases that show those.
 */
export function buildFregDocument(person: FregIdentity, profile: FregProfile): FregDocument {
  const rng = createRng(profile.seed);
  const c = profile.case;
  const born = person.birthDate;
  const adult = addYears(born, 18);
  const doc: FregDocument = {};

  // identifikasjonsnummer: the current one, plus the ceased D-number of a merged person.
  const merged = profile.ceasedId;
  const mergeDate = dateBetween(rng, adult, REGISTER_LATEST);
  doc['identifikasjonsnummer'] = [
    {
      ...meta(rng, {
        current: true,
        from: merged === undefined ? born : mergeDate,
        aarsak: person.dNumber ? 'Innvandring' : 'Fødsel',
      }),
      status: 'iBruk',
      foedselsEllerDNummer: person.id,
      identifikatortype: person.dNumber ? 'dNummer' : 'foedselsnummer',
    },
    ...(merged === undefined
      ? []
      : [
          {
            ...meta(rng, { current: false, from: adult, until: mergeDate }),
            status: 'opphoert',
            foedselsEllerDNummer: merged,
            identifikatortype: 'dNummer',
          },
        ]),
  ];

  // status, with earlier statuses as history where the person's story has one.
  const deathDate = DEAD_CASES.has(c) ? dateBetween(rng, adult, REGISTER_LATEST) : null;
  const emigrated = c === 'utflyttet' ? dateBetween(rng, adult, REGISTER_LATEST) : null;
  let status: string;
  if (person.dNumber) status = rng.chance(0.3) ? 'inaktiv' : 'midlertidig';
  else if (deathDate !== null) status = 'doed';
  else if (emigrated !== null) status = 'utflyttet';
  else status = 'bosatt';
  const statusChanged = deathDate ?? emigrated;
  doc['status'] = [
    { ...meta(rng, { current: true, from: statusChanged ?? born }), status },
    ...(statusChanged === null
      ? []
      : [{ ...meta(rng, { current: false, from: born, until: statusChanged }), status: 'bosatt' }]),
  ];

  // navn: the current name and, for name history, one or two former ones.
  const name = nameOf(person.nameSeed, 0);
  const middle = rng.chance(0.2) ? { mellomnavn: pick(rng, NOUNS) } : {};
  const renamed = c === 'navnehistorikk' ? dateBetween(rng, adult, REGISTER_LATEST) : null;
  doc['navn'] = [
    {
      ...meta(rng, { current: true, from: renamed ?? born, aarsak: renamed ? 'Navn' : 'Fødsel' }),
      fornavn: name.fornavn,
      ...middle,
      etternavn: name.etternavn,
      ...(c === 'ukjentEnumverdi' ? { navnFraFremtidigVersjon: 'ukjent felt' } : {}),
    },
    ...(renamed === null
      ? []
      : [
          {
            ...meta(rng, { current: false, from: born, until: renamed, aarsak: 'Fødsel' }),
            ...nameOf(person.nameSeed, 1),
          },
        ]),
  ];

  // foedsel, kjoenn
  const foreignBorn = person.dNumber ? pick(rng, FOREIGN) : null;
  doc['foedsel'] = [
    {
      ...meta(rng, { current: true, from: born, aarsak: 'Fødsel' }),
      foedselsdato: born,
      foedselsaar: born.slice(0, 4),
      ...(foreignBorn === null
        ? { foedekommuneINorge: pick(rng, PLACES).kommunenummer, foedeland: 'NOR' }
        : { foedeland: foreignBorn.land3 }),
    },
  ];
  doc['kjoenn'] = [{ ...meta(rng, { current: true, from: born }), kjoenn: sexOf(person.id) }];

  // doedsfall is a single object, not an array (docs/registers.md F7).
  if (deathDate !== null) {
    doc['doedsfall'] = {
      ...meta(rng, { current: true, from: deathDate, aarsak: 'Dødsfall' }),
      doedsdato: deathDate,
    };
  }

  // sivilstand
  const married = rng.chance(0.45) && born < '2005-01-01';
  const marriedOn = married ? dateBetween(rng, adult, REGISTER_LATEST) : null;
  // `registrertSamboer` is not in Freg's enum: an unknown value the client must tolerate.
  const sivilstand =
    c === 'ukjentEnumverdi' ? 'registrertSamboer' : marriedOn === null ? 'ugift' : 'gift';
  doc['sivilstand'] = [
    {
      ...meta(rng, {
        current: true,
        from: marriedOn ?? born,
        aarsak: marriedOn ? 'Vigsel' : 'Fødsel',
      }),
      sivilstand,
      sivilstandsdato: marriedOn ?? born,
    },
    ...(marriedOn === null
      ? []
      : [
          {
            ...meta(rng, { current: false, from: born, until: marriedOn, aarsak: 'Fødsel' }),
            sivilstand: 'ugift',
            sivilstandsdato: born,
          },
        ]),
  ];

  // statsborgerskap: several current entries for dual citizens (docs/registers.md F7).
  const citizenships = person.dNumber ? [foreignBorn?.land3 ?? 'SWE'] : ['NOR'];
  if (c === 'dobbeltStatsborgerskap') citizenships.push(pick(rng, FOREIGN).land3);
  doc['statsborgerskap'] = citizenships.map((code) => ({
    ...meta(rng, { current: true, from: born, aarsak: 'Fødsel' }),
    statsborgerskap: code,
    ervervsdato: born,
  }));

  addAddresses(doc, rng, person, profile, { born, adult, emigrated, died: deathDate });
  if (c === 'doedMedDoedsbo' && deathDate !== null) addEstateContact(doc, rng, deathDate);
  if (c === 'vergemaal') addGuardianship(doc, rng, person, adult);
  if (c === 'vergemaalMedTjenesteomraader')
    addGuardianshipWithServiceAreas(doc, rng, person, adult);

  if (emigrated !== null) {
    const land = pick(rng, FOREIGN);
    doc['utflytting'] = [
      {
        ...meta(rng, { current: true, from: emigrated, aarsak: 'Utflytting' }),
        tilflyttingsland: land.land3,
        tilflyttingsstedIUtlandet: land.by,
        utflyttingsdato: emigrated,
      },
    ];
  }
  if (person.dNumber) {
    doc['innflytting'] = [
      {
        ...meta(rng, { current: true, from: adult, aarsak: 'Innvandring' }),
        fraflyttingsland: foreignBorn?.land3 ?? 'SWE',
      },
    ];
  }
  doc['identitetsgrunnlag'] = [
    {
      ...meta(rng, { current: true, from: born }),
      identitetsgrunnlagstatus:
        c === 'ukjentEnumverdi' ? 'unik' : person.dNumber ? 'ikkeKontrollert' : 'ingenStatus',
    },
  ];
  if (c === 'ukjentEnumverdi') {
    // An additive change the client must tolerate (docs/registers.md F7).
    doc['fremtidigOpplysning'] = [{ ...meta(rng, { current: true, from: adult }), verdi: 'x' }];
  }
  if (OFFSET_TIME_CASES.has(c)) useOsloOffsets(doc, createRng(profile.seed ^ 0x4f53));
  return doc;
}

function addAddresses(
  doc: FregDocument,
  rng: Rng,
  person: FregIdentity,
  profile: FregProfile,
  dates: {
    readonly born: string;
    readonly adult: string;
    readonly emigrated: string | null;
    readonly died: string | null;
  },
): void {
  const c = profile.case;
  const { born, adult } = dates;
  const movedIn = dateBetween(rng, adult, REGISTER_LATEST);
  const protectedSince = dateBetween(rng, movedIn, REGISTER_LATEST);
  const history = (gradering: string, until: string): Element[] =>
    rng.chance(0.3) || c === 'beskyttetMedUgradertHistorikk'
      ? [
          bosted(rng, {
            current: false,
            from: born,
            until,
            gradering,
            address: { vegadresse: vegadresse(rng) },
          }),
        ]
      : [];
  const protection = (graderingsnivaa: string): void => {
    doc['adressebeskyttelse'] = [
      {
        ...meta(rng, { current: true, from: protectedSince, aarsak: 'Adressebeskyttelse' }),
        graderingsnivaa,
      },
    ];
  };
  const currentBosted = (
    gradering: string,
    address: BostedOptions['address'] = { vegadresse: vegadresse(rng) },
  ): Element => bosted(rng, { current: true, from: movedIn, gradering, address });

  if (c === 'dNummerUtenAdresse') return;
  if (c === 'oppholdsadresse') {
    doc['oppholdsadresse'] = [
      {
        ...meta(rng, { current: true, from: movedIn }),
        adressegradering: 'ugradert',
        vegadresse: vegadresse(rng),
        oppholdsadressedato: movedIn,
      },
    ];
    return;
  }
  if (person.dNumber) {
    // D-number persons have no bostedsadresse; many have an oppholdsadresse (docs/registers.md F5).
    if (rng.chance(0.5)) {
      doc['oppholdsadresse'] = [
        {
          ...meta(rng, { current: true, from: movedIn }),
          adressegradering: 'ugradert',
          ...(rng.chance(0.5) ? { vegadresse: vegadresse(rng) } : foreignAddress(rng, false)),
          oppholdsadressedato: movedIn,
        },
      ];
    }
    return;
  }

  switch (c) {
    case 'doedMedDoedsbo':
    case 'doedUtenDoedsbo':
      // Dead persons have no current address (since March 2024); the last one is history.
      doc['bostedsadresse'] = [
        bosted(rng, {
          current: false,
          from: adult,
          until: dates.died ?? movedIn,
          gradering: 'ugradert',
          address: { vegadresse: vegadresse(rng) },
        }),
      ];
      return;
    case 'matrikkeladresse':
      doc['bostedsadresse'] = [
        currentBosted('ugradert', { matrikkeladresse: matrikkeladresse(rng) }),
        ...history('ugradert', movedIn),
      ];
      return;
    case 'ukjentBosted':
      doc['bostedsadresse'] = [
        {
          ...meta(rng, { current: true, from: movedIn }),
          ukjentBosted: { bostedskommune: pick(rng, PLACES).kommunenummer },
          adressegradering: 'ugradert',
        },
      ];
      return;
    case 'utflyttet': {
      const left = dates.emigrated ?? movedIn;
      doc['bostedsadresse'] = [
        bosted(rng, {
          current: false,
          from: adult,
          until: left,
          gradering: 'ugradert',
          address: { vegadresse: vegadresse(rng) },
        }),
      ];
      doc['postadresseIUtlandet'] = [
        {
          ...meta(rng, { current: true, from: left }),
          adressegradering: 'ugradert',
          ...foreignAddress(rng, true),
        },
      ];
      return;
    }
    case 'fortrolig': {
      // Every address of a fortrolig person is graded fortrolig (docs/registers.md F5); some
      // fixtures shout.
      const level = rng.chance(0.25) ? 'FORTROLIG' : 'fortrolig';
      protection(level);
      doc['bostedsadresse'] = [currentBosted(level), ...history(level, movedIn)];
      return;
    }
    case 'strengtFortrolig':
      protection('strengtFortrolig');
      doc['postadresse'] = [sot6(rng, protectedSince)];
      return;
    case 'beskyttetMedUgradertHistorikk':
      // As the strengt fortrolig fixture: no current bostedsadresse, earlier ugradert ones kept.
      protection('strengtFortrolig');
      doc['bostedsadresse'] = [
        bosted(rng, {
          current: false,
          from: movedIn,
          until: protectedSince,
          gradering: 'ugradert',
          address: { vegadresse: vegadresse(rng) },
        }),
        ...history('ugradert', movedIn),
      ];
      doc['postadresse'] = [sot6(rng, protectedSince)];
      return;
    case 'strengtFortroligUtland':
      protection('strengtFortroligUtland');
      doc['postadresseIUtlandet'] = [
        {
          ...meta(rng, { current: false, from: movedIn, until: protectedSince }),
          adressegradering: 'ugradert',
          ...foreignAddress(rng, false),
        },
      ];
      return;
    case 'klientadresse':
      doc['bostedsadresse'] = [currentBosted('klientadresse'), ...history('ugradert', movedIn)];
      return;
    case 'blandetStorbokstav':
      protection('UGRADERT');
      doc['bostedsadresse'] = [currentBosted('KLIENTADRESSE')];
      doc['postadresse'] = [
        {
          ...meta(rng, { current: true, from: movedIn }),
          adressegradering: 'UGRADERT',
          postadresseIFrittFormat: {
            adresselinje: [`${pick(rng, STREETS)} ${rng.int(1, 99)}`],
            poststed: { poststedsnavn: 'OSLO', postnummer: '0150' },
          },
        },
      ];
      return;
    default:
      break;
  }

  // Unprotected residents with a street address, some with a separate postal address.
  if (rng.chance(0.1)) protection('ugradert');
  doc['bostedsadresse'] = [currentBosted('ugradert'), ...history('ugradert', movedIn)];
  const post = (address: Element): void => {
    doc['postadresse'] = [
      { ...meta(rng, { current: true, from: movedIn }), adressegradering: 'ugradert', ...address },
    ];
  };
  if (c === 'postadresseFrittFormat') {
    post({
      postadresseIFrittFormat: {
        adresselinje: [`C/O ${pick(rng, NOUNS)}`, `${pick(rng, STREETS)} ${rng.int(1, 99)}`],
        poststed: { poststedsnavn: 'BERGEN', postnummer: '5003' },
      },
    });
  } else if (c === 'postboks') {
    const place = pick(rng, PLACES);
    post({
      postboksadresse: {
        postboks: `Postboks ${rng.int(1, 9999)}`,
        poststed: { poststedsnavn: place.poststedsnavn, postnummer: place.postnummer },
      },
    });
  } else if (c in TWO_POSTAL_ADDRESS_CASES) {
    const place = pick(rng, PLACES);
    post({
      postboksadresse: {
        postboks: `Postboks ${rng.int(1, 9999)}`,
        poststed: { poststedsnavn: place.poststedsnavn, postnummer: place.postnummer },
      },
    });
    doc['postadresseIUtlandet'] = [
      {
        ...meta(rng, { current: true, from: movedIn }),
        adressegradering: 'ugradert',
        ...foreignAddress(rng, true),
      },
    ];
    const valg = TWO_POSTAL_ADDRESS_CASES[c];
    if (valg !== null && valg !== undefined) {
      doc['preferertKontaktadresse'] = [
        { ...meta(rng, { current: true, from: movedIn }), adressegradering: 'ugradert', valg },
      ];
    }
  } else if (c === 'utenlandskPostadresse') {
    doc['postadresseIUtlandet'] = [
      {
        ...meta(rng, { current: true, from: movedIn }),
        adressegradering: 'ugradert',
        ...foreignAddress(rng, false),
      },
    ];
  }
}

/** A lawyer as the estate's contact, after the probate certificate was issued. */
function addEstateContact(doc: FregDocument, rng: Rng, died: string): void {
  const issued = dateBetween(rng, died, addYears(died, 1));
  const place = pick(rng, PLACES);
  doc['kontaktinformasjonForDoedsbo'] = [
    {
      ...meta(rng, { current: true, from: issued, aarsak: 'Dødsbo' }),
      skifteform: 'annet',
      attestutstedelsesdato: issued,
      advokat: {
        personnavn: { fornavn: pick(rng, ADJECTIVES), etternavn: pick(rng, NOUNS) },
        organisasjonsnavn: `ADVOKATFIRMAET ${pick(rng, NOUNS)} AS`,
        organisasjonsnummer: String(rng.int(910_000_000, 999_999_999)),
      },
      adresse: {
        adresselinje: [`${pick(rng, STREETS)} ${rng.int(1, 99)}`],
        postnummer: place.postnummer,
        poststedsnavn: place.poststedsnavn,
      },
    },
  ];
}

/** A guardianship for an adult, with a named guardian (no identifier of the guardian). */
function addGuardianship(doc: FregDocument, rng: Rng, person: FregIdentity, adult: string): void {
  const from = dateBetween(rng, adult, REGISTER_LATEST);
  doc['vergemaalEllerFremtidsfullmakt'] = [
    {
      ...meta(rng, { current: true, from, aarsak: 'Vergemål' }),
      vergemaaltype: 'voksen',
      embete: 'Statsforvalteren i Oslo og Viken',
      verge: {
        navn: nameOf(person.nameSeed, 2),
        omfang: 'personligeOgOekonomiskeInteresser',
        omfangetErInnenPersonligOmraade: true,
      },
    },
  ];
}

/** Service areas of a guardian: a task (`vergeTjenesteoppgave`) at an agency. */
const SERVICE_AREAS: readonly (readonly [string, string])[] = [
  ['nav', 'arbeid'],
  ['nav', 'familie'],
  ['nav', 'pensjon'],
  ['nav', 'hjelpemidler'],
  ['skatteetaten', 'skatt'],
  ['skatteetaten', 'endrePostadresse'],
  ['skatteetaten', 'meldeFlytting'],
  ['kommune', 'helseOgOmsorg'],
  ['kommune', 'byggOgEiendom'],
  ['kartverket', 'kjoepAvEiendom'],
  ['bank', 'representasjonDagligbank'],
  ['helfo', 'fastlege'],
  ['tingretten', 'privatSkifteAvDoedsbo'],
  ['oevrige', 'kjoepLeieAvVarerOgTjenester'],
];

/**
 * Guardianship as current answers give it: the scope as service areas, no `omfang`, and the
 * person deprived of legal capacity. One guardian
 * has an identity number (a synthetic one not in the population's lists); the other is registered
 * by name and birth date (`navnFoedselsdato`). A former guardianship with `omfang` stays as history.
 */
function addGuardianshipWithServiceAreas(
  doc: FregDocument,
  rng: Rng,
  person: FregIdentity,
  adult: string,
): void {
  const from = dateBetween(rng, adult, REGISTER_LATEST);
  const areas = (count: number): Element[] =>
    SERVICE_AREAS.slice(0, count).map(([virksomhet, oppgave]) => ({
      vergeTjenestevirksomhet: virksomhet,
      vergeTjenesteoppgave: oppgave,
    }));
  doc['vergemaalEllerFremtidsfullmakt'] = [
    {
      ...meta(rng, { current: true, from, aarsak: 'Vergemål' }),
      vergemaaltype: 'voksen',
      embete: 'statsforvalterenIOsloOgViken',
      verge: { foedselsEllerDNummer: GUARDIAN_ID, tjenesteomraade: areas(SERVICE_AREAS.length) },
    },
    {
      ...meta(rng, { current: true, from, aarsak: 'Vergemål' }),
      vergemaaltype: 'voksen',
      embete: 'statsforvalterenIOsloOgViken',
      verge: {
        navnFoedselsdato: {
          personnavn: nameOf(person.nameSeed, 3),
          foedselsdato: '1958-09-14',
          kjoenn: 'kvinne',
          statsborgerskap: ['NOR'],
        },
        tjenesteomraade: areas(5),
      },
    },
    {
      ...meta(rng, { current: false, from: adult, until: from, aarsak: 'Vergemål' }),
      vergemaaltype: 'voksen',
      embete: 'statsforvalterenIOsloOgViken',
      verge: {
        foedselsEllerDNummer: GUARDIAN_ID,
        omfang: 'personligeOgOekonomiskeInteresser',
        omfangetErInnenPersonligOmraade: true,
      },
    },
  ];
  // Deprived of legal capacity beside the guardianship: metadata only, as the published example.
  doc['fratattRettsligHandleevne'] = [{ ...meta(rng, { current: true, from }) }];
}

function sot6(rng: Rng, from: string): Element {
  // Ugradert in the fixture: the post box is open, operated by Kripos / Skatt Nord
  // (docs/registers.md F5).
  return {
    ...meta(rng, { current: true, from, aarsak: 'Adressebeskyttelse' }),
    adressegradering: 'ugradert',
    postboksadresse: SOT6_POSTBOKS,
  };
}

/** Draws the Freg case of a generated person with a fødselsnummer (D-numbers are `dNummer`). */
export function drawFregCase(rng: Rng): FregCase {
  const r = rng.next();
  const shares: readonly [FregCase, number][] = [
    ['doed', 0.02],
    ['utflyttet', 0.02],
    ['fortrolig', 0.006],
    ['strengtFortrolig', 0.003],
    ['strengtFortroligUtland', 0.001],
    ['klientadresse', 0.003],
    ['beskyttetMedUgradertHistorikk', 0.002],
    ['sammenslaatt', 0.005],
    ['blandetStorbokstav', 0.002],
    ['ukjentEnumverdi', 0.002],
    ['osloTidspunkt', 0.03],
    ['ukjentBosted', 0.005],
    ['utenlandskPostadresse', 0.015],
    ['postboks', 0.02],
    ['postadresseFrittFormat', 0.02],
    ['dobbeltStatsborgerskap', 0.03],
    ['navnehistorikk', 0.08],
    ['matrikkeladresse', 0.07],
  ];
  let sum = 0;
  for (const [kind, share] of shares) {
    sum += share;
    if (r < sum) return kind;
  }
  return 'vegadresse';
}

// ---- The view a lookup answers with -----------------------------------------------------------

/** The rights packages the simulator serves. */
export type FregPakke = 'offentlig-med-hjemmel' | 'offentlig-uten-hjemmel';

/**
 * Top-level properties of the person document (OAS v1.5 plus newer names, docs/registers.md F7).
 */
export const DOCUMENT_PROPERTIES: ReadonlySet<string> = new Set([
  'identifikasjonsnummer',
  'status',
  'navn',
  'foedsel',
  'foedselINorge',
  'kjoenn',
  'doedsfall',
  'sivilstand',
  'statsborgerskap',
  'familierelasjon',
  'foreldreansvar',
  'vergemaalEllerFremtidsfullmakt',
  'bostedsadresse',
  'deltBosted',
  'oppholdsadresse',
  'postadresse',
  'postadresseIUtlandet',
  'preferertKontaktadresse',
  'adressebeskyttelse',
  'kontaktinformasjonForDoedsbo',
  'identitetsgrunnlag',
  'falskIdentitet',
  'legitimasjonsdokument',
  'utenlandskPersonidentifikasjon',
  'utlendingsmyndighetenesIdentifikasjonsnummer',
  'innflytting',
  'utflytting',
  'opphold',
  'oppholdPaaSvalbard',
  'bibehold',
  'brukAvSamiskSpraak',
  'forholdTilSametingetsValgmanntall',
  'fratattRettsligHandleevne',
  'rettsligHandleevne',
]);

const PERSON_BASIS = [
  'identifikasjonsnummer',
  'identitetsgrunnlag',
  'status',
  'doedsfall',
  'sivilstand',
  'foedsel',
  'statsborgerskap',
  'kjoenn',
  'navn',
  'bostedsadresse',
  'oppholdsadresse',
  'deltBosted',
  'postadresse',
  'postadresseIUtlandet',
  'adressebeskyttelse',
  'kontaktinformasjonForDoedsbo',
];
const ALIASES: Readonly<Record<string, Readonly<Record<FregPakke, readonly string[]>>>> = {
  'person-basis': {
    'offentlig-med-hjemmel': PERSON_BASIS,
    'offentlig-uten-hjemmel': PERSON_BASIS,
  },
  historikk: { 'offentlig-med-hjemmel': [], 'offentlig-uten-hjemmel': [] },
  'identitetsgrunnlag-utvidet': {
    'offentlig-med-hjemmel': [
      'falskIdentitet',
      'legitimasjonsdokument',
      'utenlandskPersonidentifikasjon',
    ],
    'offentlig-uten-hjemmel': [],
  },
  'relasjon-utvidet': {
    'offentlig-med-hjemmel': [
      'familierelasjon',
      'foreldreansvar',
      'vergemaalEllerFremtidsfullmakt',
    ],
    'offentlig-uten-hjemmel': ['vergemaalEllerFremtidsfullmakt'],
  },
};

const ADDRESS_PROPERTIES: ReadonlySet<string> = new Set([
  'bostedsadresse',
  'deltBosted',
  'oppholdsadresse',
  'postadresse',
  'postadresseIUtlandet',
]);
/**
 * History the register includes even without `part=historikk`: ceased identifiers and earlier
 * addresses appear in fixtures fetched with person-basis (docs/registers.md F7).
 */
const ALWAYS_WITH_HISTORY: ReadonlySet<string> = new Set([
  'identifikasjonsnummer',
  ...ADDRESS_PROPERTIES,
]);
/**
 * Uten hjemmel gets history only for identifikasjonsnummer, addresses and navn (docs/registers.md
 * F2).
 */
const UTEN_HJEMMEL_HISTORY: ReadonlySet<string> = new Set([...ALWAYS_WITH_HISTORY, 'navn']);
/**
 * Confidential properties uten hjemmel never gets (docs/registers.md F5). Whether
 * adressebeskyttelse belongs
 * here is not documented; the simulator treats the protection itself as confidential.
 */
const UTEN_HJEMMEL_CONFIDENTIAL: ReadonlySet<string> = new Set([
  'familierelasjon',
  'foreldreansvar',
  'brukAvSamiskSpraak',
  'forholdTilSametingetsValgmanntall',
  'opphold',
  'utenlandskPersonidentifikasjon',
  'utlendingsmyndighetenesIdentifikasjonsnummer',
  'bibehold',
  'legitimasjonsdokument',
  'adressebeskyttelse',
]);
/** The only person statuses that are not confidential (docs/registers.md F5). */
const OPEN_STATUSES: ReadonlySet<string> = new Set([
  'bosatt',
  'utflyttet',
  'doed',
  'opphoert',
  'inaktiv',
]);

/** What a lookup's `part` parameters ask for. */
export interface PartSelection {
  readonly properties: ReadonlySet<string>;
  readonly history: boolean;
}

/**
 * Resolves `part` values (aliases or top-level property names, docs/registers.md F2) for a package.
 * No part, or
 * only `historikk`, means person-basis; identifikasjonsnummer is always included. Returns the
 * first unknown value instead when there is one.
 */
export function resolveParts(
  parts: readonly string[],
  pakke: FregPakke,
): PartSelection | { readonly unknown: string } {
  const properties = new Set<string>(['identifikasjonsnummer']);
  let history = false;
  let selected = false;
  for (const part of parts) {
    const alias = ALIASES[part];
    if (part === 'historikk') {
      history = true;
    } else if (alias !== undefined) {
      selected = true;
      for (const property of alias[pakke]) properties.add(property);
    } else if (DOCUMENT_PROPERTIES.has(part)) {
      selected = true;
      properties.add(part);
    } else {
      return { unknown: part };
    }
  }
  if (!selected) for (const property of PERSON_BASIS) properties.add(property);
  return { properties, history };
}

function isElement(value: unknown): value is Element {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The part of a document a lookup returns: the selected properties, current values only where
 * Freg would not include history, and for uten hjemmel nothing confidential — no confidential
 * properties or statuses, no graded addresses, no spouse identifier (docs/registers.md F5).
 * Properties unknown
 * to the simulator's list (additive changes) come with person-basis.
 */
export function viewOfDocument(
  doc: FregDocument,
  selection: PartSelection,
  pakke: FregPakke,
): FregDocument {
  const uten = pakke === 'offentlig-uten-hjemmel';
  const basis = PERSON_BASIS.every((p) => selection.properties.has(p));
  const view: FregDocument = {};
  for (const [key, value] of Object.entries(doc)) {
    const wanted = selection.properties.has(key) || (basis && !DOCUMENT_PROPERTIES.has(key));
    if (!wanted || (uten && UTEN_HJEMMEL_CONFIDENTIAL.has(key))) continue;
    if (!Array.isArray(value)) {
      view[key] = value;
      continue;
    }
    const keepHistory = uten
      ? selection.history
        ? UTEN_HJEMMEL_HISTORY.has(key)
        : ALWAYS_WITH_HISTORY.has(key)
      : selection.history || ALWAYS_WITH_HISTORY.has(key);
    const elements = value.filter(isElement).filter((element) => {
      if (!keepHistory && element['erGjeldende'] !== true) return false;
      if (!uten) return true;
      if (key === 'status') return OPEN_STATUSES.has(String(element['status']));
      if (ADDRESS_PROPERTIES.has(key)) {
        const gradering = element['adressegradering'];
        return typeof gradering !== 'string' || gradering.toLowerCase() === 'ugradert';
      }
      return true;
    });
    const cleaned =
      uten && key === 'sivilstand'
        ? elements.map(({ relatertVedSivilstand: _spouse, ...rest }) => rest)
        : elements;
    if (cleaned.length > 0) view[key] = cleaned;
  }
  return view;
}
