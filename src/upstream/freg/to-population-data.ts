// Maps a Folkeregisteret lookup to PopulationData: current values only (erGjeldende), dates in
// Europe/Oslo, enums checked, addresses made ready to show, and protected addresses withheld
// unless the caller may see them. Facts: docs/registers.md F5, F7
import type {
  Adresse,
  Adressegradering,
  KontaktinformasjonForDoedsbo,
  PopulationData,
  PreferertKontaktadresse,
  Personstatus,
  Sivilstandstype,
  Tjenesteomraade,
  VergemaalEllerFremtidsfullmakt,
  Vergemaaltype,
  Vergeomfang,
} from '../../domain/person.ts';
import { toOsloDate } from '../../domain/time.ts';
import { current, elements, int, rec, str, type FregLookup, type FregRecord } from './freg-wire.ts';

/** What a person Freg does not know looks like: found = false, nothing else. */
export const NOT_FOUND: PopulationData = Object.freeze({
  finnesIFolkeregisteret: false,
  folkeregisteridentifikator: null,
  navn: null,
  foedsel: null,
  kjoenn: null,
  personstatus: null,
  doedsfall: null,
  sivilstand: null,
  statsborgerskap: null,
  bostedsadresse: null,
  postadresse: null,
  postadresseIUtlandet: null,
  preferertKontaktadresse: null,
  oppholdsadresse: null,
  adressebeskyttelse: null,
  kontaktinformasjonForDoedsbo: null,
  vergemaalEllerFremtidsfullmakt: null,
  fratattRettsligHandleevne: null,
});

const PERSONSTATUS: ReadonlySet<string> = new Set<Personstatus>([
  'BOSATT',
  'UTFLYTTET',
  'FORSVUNNET',
  'DOED',
  'OPPHOERT',
  'FOEDSELSREGISTRERT',
  'MIDLERTIDIG',
  'INAKTIV',
  'IKKE_BOSATT',
  'AKTIV',
]);
const SIVILSTAND: ReadonlySet<string> = new Set<Sivilstandstype>([
  'UOPPGITT',
  'UGIFT',
  'GIFT',
  'ENKE_ELLER_ENKEMANN',
  'SKILT',
  'SEPARERT',
  'REGISTRERT_PARTNER',
  'SEPARERT_PARTNER',
  'SKILT_PARTNER',
  'GJENLEVENDE_PARTNER',
]);

/** `enkeEllerEnkemann` → `ENKE_ELLER_ENKEMANN`; tolerant of upper-case input. */
function toScreamingCase(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function toEnum<T extends string>(value: string | null, allowed: ReadonlySet<string>): T | null {
  if (value === null) return null;
  const candidate = toScreamingCase(value);
  return allowed.has(candidate) ? (candidate as T) : null;
}

/** Gradings compared case-insensitively: fixtures carry `KLIENTADRESSE` beside `klientadresse`. */
function grading(value: string | null): string {
  return (value ?? 'ugradert').replace(/_/g, '').toLowerCase();
}

/** `STJERNEKLAR SKOHORN-PINGVIN` → `Stjerneklar Skohorn-Pingvin`. */
export function toDisplayCase(value: string): string {
  return value
    .toLowerCase()
    .replace(
      /(^|[\s\-'])(\p{L})/gu,
      (_match, before: string, letter: string) => before + letter.toUpperCase(),
    );
}

function first(records: readonly FregRecord[]): FregRecord | null {
  return records[0] ?? null;
}

function postLine(poststed: FregRecord | null): {
  postnummer: string | null;
  poststed: string | null;
  line: string | null;
} {
  const postnummer = str(poststed, 'postnummer');
  const name = str(poststed, 'poststedsnavn');
  const line = [postnummer, name].filter((part): part is string => part !== null).join(' ');
  return { postnummer, poststed: name, line: line === '' ? null : line };
}

function lines(...parts: (string | null | undefined)[]): string[] {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '');
}

/** The non-blank strings of a free-form `adresselinje` array, trimmed. */
function freeFormLines(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .filter((line): line is string => typeof line === 'string')
        .map((line) => line.trim())
        .filter((line) => line !== '')
    : [];
}

const NO_PARTS = { vegadresse: null, matrikkeladresse: null, postboks: null } as const;

function fromVegadresse(v: FregRecord, kommunenummer: string | null): Adresse {
  const nummer = rec(v, 'adressenummer');
  const husnummer = str(nummer, 'husnummer');
  const husbokstav = str(nummer, 'husbokstav');
  const co = str(v, 'coAdressenavn');
  const tillegg = str(v, 'adressetilleggsnavn');
  const bruksenhet = str(v, 'bruksenhetsnummer');
  const street = [
    str(v, 'adressenavn'),
    [husnummer, husbokstav].filter(Boolean).join('') || null,
    bruksenhet,
  ]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
  const post = postLine(rec(v, 'poststed'));
  return {
    ...NO_PARTS,
    type: 'VEGADRESSE',
    // An official supplementary name (e.g. a farm name) is printed above the street line.
    adresselinjer: lines(co === null ? null : `c/o ${co}`, tillegg, street, post.line),
    coAdressenavn: co,
    postnummer: post.postnummer,
    poststed: post.poststed,
    kommunenummer: str(v, 'kommunenummer') ?? kommunenummer,
    landkode: 'NO',
    vegadresse: {
      adressenavn: str(v, 'adressenavn'),
      husnummer,
      husbokstav,
      bruksenhetsnummer: bruksenhet,
      adressekode: str(v, 'adressekode'),
    },
  };
}

function fromMatrikkeladresse(m: FregRecord): Adresse {
  const nummer = rec(m, 'matrikkelnummer');
  const gnr = int(nummer, 'gaardsnummer');
  const bnr = int(nummer, 'bruksnummer');
  const fnr = int(nummer, 'festenummer');
  const co = str(m, 'coAdressenavn');
  const tillegg = str(m, 'adressetilleggsnavn');
  const cadastral =
    gnr === null
      ? null
      : `Gnr. ${gnr}${bnr === null ? '' : ` Bnr. ${bnr}`}${fnr === null || fnr === 0 ? '' : ` Fnr. ${fnr}`}`;
  const post = postLine(rec(m, 'poststed'));
  return {
    ...NO_PARTS,
    type: 'MATRIKKELADRESSE',
    adresselinjer: lines(co === null ? null : `c/o ${co}`, tillegg ?? cadastral, post.line),
    coAdressenavn: co,
    postnummer: post.postnummer,
    poststed: post.poststed,
    kommunenummer: str(nummer, 'kommunenummer'),
    landkode: 'NO',
    matrikkeladresse: {
      gaardsnummer: gnr,
      bruksnummer: bnr,
      festenummer: fnr,
      undernummer: int(m, 'undernummer'),
      adressetilleggsnavn: tillegg,
      bruksenhetsnummer: str(m, 'bruksenhetsnummer'),
    },
  };
}

function fromBostedsadresse(element: FregRecord): Adresse | null {
  const vegadresse = rec(element, 'vegadresse');
  if (vegadresse !== null) return fromVegadresse(vegadresse, null);
  const matrikkeladresse = rec(element, 'matrikkeladresse');
  if (matrikkeladresse !== null) return fromMatrikkeladresse(matrikkeladresse);
  const ukjent = rec(element, 'ukjentBosted');
  if (ukjent !== null) {
    return {
      ...NO_PARTS,
      type: 'UKJENT_BOSTED',
      adresselinjer: [],
      coAdressenavn: null,
      postnummer: null,
      poststed: null,
      kommunenummer: str(ukjent, 'bostedskommune'),
      landkode: 'NO',
    };
  }
  return null;
}

function fromPostadresse(element: FregRecord): Adresse | null {
  const postboks = rec(element, 'postboksadresse');
  if (postboks !== null) {
    const post = postLine(rec(postboks, 'poststed'));
    const eier = str(postboks, 'postbokseier');
    const boks = str(postboks, 'postboks');
    return {
      ...NO_PARTS,
      type: 'POSTBOKS',
      adresselinjer: lines(eier, boks, post.line),
      coAdressenavn: null,
      postnummer: post.postnummer,
      poststed: post.poststed,
      kommunenummer: null,
      landkode: 'NO',
      postboks: { postboks: boks, postbokseier: eier },
    };
  }
  const vegadresse = rec(element, 'vegadresse');
  if (vegadresse !== null) return fromVegadresse(vegadresse, null);
  const fritt = rec(element, 'postadresseIFrittFormat');
  if (fritt !== null) {
    const post = postLine(rec(fritt, 'poststed'));
    const freeLines = freeFormLines(fritt['adresselinje']);
    return {
      ...NO_PARTS,
      type: 'FRITT_FORMAT',
      adresselinjer: lines(...freeLines.slice(0, 4), post.line),
      coAdressenavn: null,
      postnummer: post.postnummer,
      poststed: post.poststed,
      kommunenummer: null,
      landkode: 'NO',
    };
  }
  return null;
}

function fromUtenlandskAdresse(element: FregRecord): Adresse | null {
  const structured = rec(element, 'utenlandskAdresse');
  const free = rec(element, 'utenlandskAdresseIFrittFormat');
  const source = structured ?? free;
  if (source === null) return null;
  const landkode = str(source, 'landkode');
  const cityLine =
    [str(source, 'postkode'), str(source, 'byEllerStedsnavn')].filter(Boolean).join(' ') || null;
  let body: string[];
  if (structured !== null) {
    const co = str(structured, 'coAdressenavn');
    const unit = [
      str(structured, 'bygning'),
      str(structured, 'etasjenummer'),
      str(structured, 'boenhet'),
    ]
      .filter(Boolean)
      .join(' ');
    body = lines(
      co === null ? null : `c/o ${co}`,
      str(structured, 'adressenavn'),
      unit === '' ? null : unit,
      str(structured, 'postboks'),
      cityLine,
      str(structured, 'distriktsnavn'),
      str(structured, 'region'),
    );
  } else {
    body = lines(...freeFormLines(source['adresselinje']), cityLine);
  }
  return {
    ...NO_PARTS,
    type: 'UTENLANDSK',
    adresselinjer: lines(...body, landkode),
    coAdressenavn: structured === null ? null : str(structured, 'coAdressenavn'),
    postnummer: null,
    poststed: str(source, 'byEllerStedsnavn'),
    kommunenummer: null,
    landkode,
  };
}

/** `oppholdsadresse`: street, cadastral or foreign; null when Freg says it is unknown. */
function fromOppholdsadresse(element: FregRecord): Adresse | null {
  if (element['adressenErUkjent'] === true) return null;
  const vegadresse = rec(element, 'vegadresse');
  if (vegadresse !== null) return fromVegadresse(vegadresse, null);
  const matrikkeladresse = rec(element, 'matrikkeladresse');
  if (matrikkeladresse !== null) return fromMatrikkeladresse(matrikkeladresse);
  return fromUtenlandskAdresse(element);
}

/** A name given either as a string or as a `{fornavn, mellomnavn, etternavn}` object. */
function personName(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const name = value as FregRecord;
  const full = [str(name, 'fornavn'), str(name, 'mellomnavn'), str(name, 'etternavn')]
    .filter(Boolean)
    .join(' ');
  return full === '' ? null : full;
}

/** The estate contact: one of advokat, person or organisasjon, with its postal address. */
function fromDoedsbo(element: FregRecord): KontaktinformasjonForDoedsbo {
  const advokat = rec(element, 'advokat');
  const person = rec(element, 'person');
  const organisasjon = rec(element, 'organisasjon');
  const kontakt =
    advokat !== null
      ? {
          type: 'ADVOKAT' as const,
          personnavn: personName(advokat['personnavn']),
          organisasjonsnavn: str(advokat, 'organisasjonsnavn'),
          organisasjonsnummer: str(advokat, 'organisasjonsnummer'),
        }
      : person !== null
        ? {
            type: 'PERSON' as const,
            personnavn: personName(person['personnavn']),
            organisasjonsnavn: null,
            organisasjonsnummer: null,
          }
        : organisasjon !== null
          ? {
              type: 'ORGANISASJON' as const,
              personnavn: personName(organisasjon['kontaktpersonnavn']),
              organisasjonsnavn: str(organisasjon, 'organisasjonsnavn'),
              organisasjonsnummer: str(organisasjon, 'organisasjonsnummer'),
            }
          : null;
  const address = rec(element, 'adresse');
  const landkode = str(address, 'landkode');
  const norwegian = landkode === null || ['NO', 'NOR'].includes(landkode.toUpperCase());
  const post = postLine({
    postnummer: str(address, 'postnummer'),
    poststedsnavn: str(address, 'poststedsnavn'),
  });
  const freeLines = freeFormLines(address?.['adresselinje']);
  const skifteform = str(element, 'skifteform')?.toLowerCase();
  return {
    skifteform: skifteform === 'offentlig' ? 'OFFENTLIG' : skifteform === 'annet' ? 'ANNET' : null,
    attestutstedelsesdato: toOsloDate(str(element, 'attestutstedelsesdato')),
    kontakt,
    adresse:
      address === null
        ? null
        : {
            ...NO_PARTS,
            type: norwegian ? 'FRITT_FORMAT' : 'UTENLANDSK',
            adresselinjer: lines(...freeLines, post.line, norwegian ? null : landkode),
            coAdressenavn: null,
            postnummer: post.postnummer,
            poststed: post.poststed,
            kommunenummer: null,
            landkode: norwegian ? 'NO' : landkode,
          },
  };
}

const VERGEMAALTYPE: ReadonlySet<string> = new Set<Vergemaaltype>([
  'ENSLIG_MINDREAARIG_ASYLSOEKER',
  'ENSLIG_MINDREAARIG_FLYKTNING',
  'VOKSEN',
  'MIDLERTIDIG_FOR_VOKSEN',
  'MINDREAARIG',
  'MIDLERTIDIG_FOR_MINDREAARIG',
  'FORVALTNING_UTENFOR_VERGEMAAL',
  'STADFESTET_FREMTIDSFULLMAKT',
]);
const VERGEOMFANG: ReadonlySet<string> = new Set<Vergeomfang>([
  'UTLENDINGSSAKER_PERSONLIGE_OG_OEKONOMISKE_INTERESSER',
  'PERSONLIGE_OG_OEKONOMISKE_INTERESSER',
  'OEKONOMISKE_INTERESSER',
  'PERSONLIGE_INTERESSER',
]);

/**
 * A guardian's service areas. Current answers name the pair `vergeTjenesteoppgave` and
 * `vergeTjenestevirksomhet`; the unprefixed names are read too, as the names are not in OAS 1.5.
 * Entries with neither value are skipped, repeated pairs kept once.
 */
function serviceAreas(verge: FregRecord): Tjenesteomraade[] {
  const seen = new Set<string>();
  const areas: Tjenesteomraade[] = [];
  for (const element of elements(verge, 'tjenesteomraade')) {
    const tjenesteoppgave = str(element, 'vergeTjenesteoppgave') ?? str(element, 'tjenesteoppgave');
    const tjenestevirksomhet =
      str(element, 'vergeTjenestevirksomhet') ?? str(element, 'tjenestevirksomhet');
    if (tjenesteoppgave === null && tjenestevirksomhet === null) continue;
    const key = `${tjenestevirksomhet ?? ''}\u0000${tjenesteoppgave ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    areas.push({ tjenesteoppgave, tjenestevirksomhet });
  }
  return areas;
}

function fromVergemaal(element: FregRecord): VergemaalEllerFremtidsfullmakt {
  const verge = rec(element, 'verge');
  // A guardian without an identity number comes as `navnFoedselsdato` (name and birth date).
  const navnFoedselsdato = rec(verge, 'navnFoedselsdato');
  const name = personName(verge?.['navn']) ?? personName(navnFoedselsdato?.['personnavn']);
  const innenPersonlig = verge?.['omfangetErInnenPersonligOmraade'];
  return {
    type: toEnum<Vergemaaltype>(str(element, 'vergemaaltype'), VERGEMAALTYPE),
    embete: str(element, 'embete'),
    verge:
      verge === null
        ? null
        : {
            personidentifikator: str(verge, 'foedselsEllerDNummer'),
            visningsnavn: name === null ? null : toDisplayCase(name),
            foedselsdato: toOsloDate(str(navnFoedselsdato, 'foedselsdato')),
            omfang: toEnum<Vergeomfang>(str(verge, 'omfang'), VERGEOMFANG),
            omfangetErInnenPersonligOmraade:
              typeof innenPersonlig === 'boolean' ? innenPersonlig : null,
            tjenesteomraade: serviceAreas(verge),
          },
  };
}

/** `valg` → the enum; `postadresseIUtlandet` does not split into words by case alone. */
const PREFERERT_KONTAKTADRESSE: ReadonlyMap<string, PreferertKontaktadresse> = new Map([
  ['bostedsadresse', 'BOSTEDSADRESSE'],
  ['oppholdsadresse', 'OPPHOLDSADRESSE'],
  ['postadresse', 'POSTADRESSE'],
  ['postadresseiutlandet', 'POSTADRESSE_I_UTLANDET'],
]);

function toPreferertKontaktadresse(valg: string | null): PreferertKontaktadresse | null {
  return valg === null ? null : (PREFERERT_KONTAKTADRESSE.get(valg.toLowerCase()) ?? null);
}

const GRADING_ORDER: readonly Adressegradering[] = ['UGRADERT', 'FORTROLIG', 'STRENGT_FORTROLIG'];

function toGradering(element: FregRecord): Adressegradering {
  const raw = str(element, 'graderingsnivaa');
  // A current protection entry without its (required) level is not evidence of "ugradert".
  if (raw === null) return 'STRENGT_FORTROLIG';
  const level = grading(raw);
  if (level === 'strengtfortrolig') return 'STRENGT_FORTROLIG';
  if (level === 'fortrolig') return 'FORTROLIG';
  if (level === 'ugradert') return 'UGRADERT';
  // An unknown grading is treated as the strictest known one.
  return 'STRENGT_FORTROLIG';
}

/**
 * The person's protection: the strictest of the current `adressebeskyttelse` entries. Freg
 * documents one current entry; should several arrive, the first must not decide (an `ugradert`
 * entry listed before a `fortrolig` one would expose the address).
 */
function personGrading(person: FregRecord): Adressegradering {
  let strictest: Adressegradering = 'UGRADERT';
  for (const element of current(person, 'adressebeskyttelse')) {
    const level = toGradering(element);
    if (GRADING_ORDER.indexOf(level) > GRADING_ORDER.indexOf(strictest)) strictest = level;
  }
  return strictest;
}

/**
 * The open post box Kripos / Skatt Nord operate for strengt fortrolig persons (`SOT 6`,
 * Postboks 2094 Vika, 0125 Oslo; docs/registers.md F5). Folkeregisteret delivers it as the
 * person's postal address, graded `ugradert`, to every consumer including those without hjemmel,
 * and mail to the person must go there; so it is shown to every caller who may read `postadresse`. A box with any other
 * grading is treated like any other graded address.
 */
function isOpenProtectionPostBox(element: FregRecord): boolean {
  const owner = str(rec(element, 'postboksadresse'), 'postbokseier');
  return (
    owner !== null &&
    owner.replace(/\s+/g, '').toUpperCase() === 'SOT6' &&
    grading(str(element, 'adressegradering')) === 'ugradert'
  );
}

function addressIsProtected(element: FregRecord, personProtected: boolean): boolean {
  if (isOpenProtectionPostBox(element)) return false;
  return personProtected || grading(str(element, 'adressegradering')) !== 'ugradert';
}

export interface PopulationMappingOptions {
  /** The caller may see protected addresses and the protection level itself. */
  readonly includeProtected: boolean;
  /**
   * `part` values the register refused (FregClient.refusedParts): what they hold is unknown,
   * which is null, not empty.
   */
  readonly refusedParts?: ReadonlySet<string>;
}

/**
 * Maps one lookup. `undefined` (absent from the reply) and a `feilmelding` entry both mean
 * "not found". Only current elements count; when a protected person has no current address,
 * older (historical) addresses are never used instead.
 */
export function toPopulationData(
  lookup: FregLookup | undefined,
  options: PopulationMappingOptions,
): PopulationData {
  const person = lookup?.person ?? null;
  if (person === null) return NOT_FOUND;

  const gradering = personGrading(person);
  const personProtected = gradering !== 'UGRADERT';
  const visible = (element: FregRecord | null): FregRecord | null =>
    element === null || (!options.includeProtected && addressIsProtected(element, personProtected))
      ? null
      : element;

  const bosted = visible(first(current(person, 'bostedsadresse')));
  const postElement = visible(first(current(person, 'postadresse')));
  const abroadElement = visible(first(current(person, 'postadresseIUtlandet')));
  const oppholdElement = visible(first(current(person, 'oppholdsadresse')));
  // Which address the person wants mail at. The choice is an element with its own grading, so
  // it is withheld like an address. `postadresseIUtlandet` → `POSTADRESSE_I_UTLANDET`.
  const preferert = toPreferertKontaktadresse(
    str(visible(first(current(person, 'preferertKontaktadresse'))), 'valg'),
  );
  const norwegianPost = postElement === null ? null : fromPostadresse(postElement);
  const foreignPost = abroadElement === null ? null : fromUtenlandskAdresse(abroadElement);
  const estate = first(current(person, 'kontaktinformasjonForDoedsbo'));

  const name = first(current(person, 'navn'));
  const fornavn = str(name, 'fornavn');
  const mellomnavn = str(name, 'mellomnavn');
  const etternavn = str(name, 'etternavn');
  const fullName = [fornavn, mellomnavn, etternavn].filter(Boolean).join(' ');

  const birth = first(current(person, 'foedsel')) ?? first(elements(person, 'foedsel'));
  // doedsfall is a single object that may lack erGjeldende (then it counts); one that Freg
  // marks `erGjeldende: false` is not current and must not make the person dead (docs/registers.md
  // F7).
  const death = first(
    elements(person, 'doedsfall').filter((element) => element['erGjeldende'] !== false),
  );
  const marital = first(current(person, 'sivilstand'));
  const identifier =
    current(person, 'identifikasjonsnummer').find(
      (element) => str(element, 'status') !== 'opphoert',
    ) ?? null;
  const sex = str(first(current(person, 'kjoenn')), 'kjoenn')?.toLowerCase();

  return {
    finnesIFolkeregisteret: true,
    folkeregisteridentifikator: str(identifier, 'foedselsEllerDNummer'),
    navn:
      name === null
        ? null
        : {
            fornavn,
            mellomnavn,
            etternavn,
            forkortetNavn: str(name, 'forkortetNavn'),
            visningsnavn: fullName === '' ? null : toDisplayCase(fullName),
          },
    foedsel:
      birth === null
        ? null
        : {
            foedselsdato: toOsloDate(str(birth, 'foedselsdato')),
            foedselsaar: int(birth, 'foedselsaar'),
            foedeland: str(birth, 'foedeland'),
            foedekommune: str(birth, 'foedekommuneINorge'),
          },
    kjoenn: sex === 'kvinne' ? 'KVINNE' : sex === 'mann' ? 'MANN' : null,
    personstatus: toEnum<Personstatus>(
      str(first(current(person, 'status')), 'status'),
      PERSONSTATUS,
    ),
    doedsfall: death === null ? null : { doedsdato: toOsloDate(str(death, 'doedsdato')) },
    sivilstand:
      marital === null
        ? null
        : {
            type: toEnum<Sivilstandstype>(str(marital, 'sivilstand'), SIVILSTAND),
            dato: toOsloDate(str(marital, 'sivilstandsdato')),
          },
    statsborgerskap: [
      ...new Set(
        current(person, 'statsborgerskap')
          .map((element) => str(element, 'statsborgerskap'))
          .filter((code): code is string => code !== null),
      ),
    ],
    bostedsadresse: bosted === null ? null : fromBostedsadresse(bosted),
    // Both kinds can be current at once; the preference decides, else the Norwegian one.
    postadresse:
      preferert === 'POSTADRESSE_I_UTLANDET'
        ? (foreignPost ?? norwegianPost)
        : (norwegianPost ?? foreignPost),
    postadresseIUtlandet: foreignPost,
    preferertKontaktadresse: preferert,
    oppholdsadresse: oppholdElement === null ? null : fromOppholdsadresse(oppholdElement),
    adressebeskyttelse: options.includeProtected ? { gradering } : null,
    kontaktinformasjonForDoedsbo: estate === null ? null : fromDoedsbo(estate),
    vergemaalEllerFremtidsfullmakt: current(person, 'vergemaalEllerFremtidsfullmakt').map(
      fromVergemaal,
    ),
    // Newer than OpenAPI 1.5; the element was renamed once (rettsligHandleevne), so both names
    // are read.
    fratattRettsligHandleevne:
      options.refusedParts?.has('fratattRettsligHandleevne') === true
        ? null
        : [
            ...current(person, 'fratattRettsligHandleevne'),
            ...current(person, 'rettsligHandleevne'),
          ].map((element) => ({
            omfang: str(element, 'rettsligHandleevneomfang'),
            gyldigFraOgMed: toOsloDate(str(element, 'gyldighetstidspunkt')),
          })),
  };
}
