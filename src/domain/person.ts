// Domain models of a person, shaped like the GraphQL types so that default resolvers serve
// most fields straight from plain objects (the codegen mappers point here).
// A field holding an Error makes GraphQL report that error at the field's path.

export type Kontaktregisterstatus = 'AKTIV' | 'SLETTET' | 'IKKE_REGISTRERT';
export type Varslingsstatus = 'KAN_VARSLES' | 'KAN_IKKE_VARSLES';

export interface Reservasjon {
  readonly reservert: boolean;
  readonly tidspunkt: string | null;
  readonly oppdatert: string | null;
}

export interface Kontaktpunkt {
  readonly verdi: string;
  readonly oppdatert: string | null;
  readonly sistVerifisert: string | null;
  /** Last confirmed with a one-time code (KRR v2 `*_sist_validert`). */
  readonly sistValidert: string | null;
  /** KRR v2 `*_duplisert`: `JA` true, `NEI` false, absent or unknown null. */
  readonly duplisert: boolean | null;
  readonly kanBrukesForVarsling: boolean;
}

export interface Kontaktinformasjon {
  readonly epostadresse: Kontaktpunkt | null;
  readonly mobiltelefonnummer: Kontaktpunkt | null;
}

export interface Spraak {
  readonly kode: string;
  readonly oppdatert: string | null;
}

/**
 * A secure digital mailbox. It exists only with an address at the provider: KRR sends
 * `"postkasseadresse": ""` beside a provider for a person without a mailbox, which is no mailbox
 * (docs/registers.md K2); `digitalPostOf` is the one place that rule is applied.
 */
export interface DigitalPost {
  readonly postkasseadresse: string;
  readonly postkasseleverandoeradresse: string | null;
}

/** The mailbox for an address and provider as KRR gave them (null: absent or empty). */
export function digitalPostOf(
  postkasseadresse: string | null,
  postkasseleverandoeradresse: string | null,
): DigitalPost | null {
  return postkasseadresse === null ? null : { postkasseadresse, postkasseleverandoeradresse };
}

export interface Sertifikat {
  readonly pem: string;
  readonly utsteder: string | null;
  readonly gyldigFra: string | null;
  readonly gyldigTil: string | null;
}

/** A person's KRR data, mapped from the wire format. */
export interface ContactInfo {
  readonly kontaktregisterstatus: Kontaktregisterstatus | null;
  readonly reservasjon: Reservasjon | null;
  readonly varslingsstatus: Varslingsstatus | null;
  readonly kanVarsles: boolean | null;
  readonly kontaktinformasjon: Kontaktinformasjon | null;
  readonly spraak: Spraak | null;
  readonly digitalPost: DigitalPost | null;
  readonly sertifikat: Sertifikat | null;
}

/** The KRR fields of Person, in one list so plans and mappers agree on them. */
export const CONTACT_INFO_FIELDS = [
  'kontaktregisterstatus',
  'reservasjon',
  'varslingsstatus',
  'kanVarsles',
  'kontaktinformasjon',
  'spraak',
  'digitalPost',
  'sertifikat',
] as const satisfies readonly (keyof ContactInfo)[];

export type Kjoenn = 'KVINNE' | 'MANN';
export type Personstatus =
  | 'BOSATT'
  | 'UTFLYTTET'
  | 'FORSVUNNET'
  | 'DOED'
  | 'OPPHOERT'
  | 'FOEDSELSREGISTRERT'
  | 'MIDLERTIDIG'
  | 'INAKTIV'
  | 'IKKE_BOSATT'
  | 'AKTIV';
export type Sivilstandstype =
  | 'UOPPGITT'
  | 'UGIFT'
  | 'GIFT'
  | 'ENKE_ELLER_ENKEMANN'
  | 'SKILT'
  | 'SEPARERT'
  | 'REGISTRERT_PARTNER'
  | 'SEPARERT_PARTNER'
  | 'SKILT_PARTNER'
  | 'GJENLEVENDE_PARTNER';
export type Adressetype =
  'VEGADRESSE' | 'MATRIKKELADRESSE' | 'POSTBOKS' | 'FRITT_FORMAT' | 'UTENLANDSK' | 'UKJENT_BOSTED';
export type Adressegradering = 'UGRADERT' | 'FORTROLIG' | 'STRENGT_FORTROLIG';

export interface Navn {
  readonly fornavn: string | null;
  readonly mellomnavn: string | null;
  readonly etternavn: string | null;
  readonly forkortetNavn: string | null;
  readonly visningsnavn: string | null;
}

export interface Foedsel {
  readonly foedselsdato: string | null;
  readonly foedselsaar: number | null;
  readonly foedeland: string | null;
  readonly foedekommune: string | null;
}

export interface Adresse {
  readonly type: Adressetype;
  readonly adresselinjer: readonly string[];
  readonly coAdressenavn: string | null;
  readonly postnummer: string | null;
  readonly poststed: string | null;
  readonly kommunenummer: string | null;
  readonly landkode: string | null;
  readonly vegadresse: {
    readonly adressenavn: string | null;
    readonly husnummer: string | null;
    readonly husbokstav: string | null;
    readonly bruksenhetsnummer: string | null;
    readonly adressekode: string | null;
  } | null;
  readonly matrikkeladresse: {
    readonly gaardsnummer: number | null;
    readonly bruksnummer: number | null;
    readonly festenummer: number | null;
    readonly undernummer: number | null;
    readonly adressetilleggsnavn: string | null;
    readonly bruksenhetsnummer: string | null;
  } | null;
  readonly postboks: {
    readonly postboks: string | null;
    readonly postbokseier: string | null;
  } | null;
}

export type Skifteform = 'OFFENTLIG' | 'ANNET';
export type Doedsbokontakttype = 'ADVOKAT' | 'PERSON' | 'ORGANISASJON';

export interface KontaktinformasjonForDoedsbo {
  readonly skifteform: Skifteform | null;
  readonly attestutstedelsesdato: string | null;
  readonly kontakt: {
    readonly type: Doedsbokontakttype;
    readonly personnavn: string | null;
    readonly organisasjonsnavn: string | null;
    readonly organisasjonsnummer: string | null;
  } | null;
  readonly adresse: Adresse | null;
}

export type Vergemaaltype =
  | 'ENSLIG_MINDREAARIG_ASYLSOEKER'
  | 'ENSLIG_MINDREAARIG_FLYKTNING'
  | 'VOKSEN'
  | 'MIDLERTIDIG_FOR_VOKSEN'
  | 'MINDREAARIG'
  | 'MIDLERTIDIG_FOR_MINDREAARIG'
  | 'FORVALTNING_UTENFOR_VERGEMAAL'
  | 'STADFESTET_FREMTIDSFULLMAKT';
export type Vergeomfang =
  | 'UTLENDINGSSAKER_PERSONLIGE_OG_OEKONOMISKE_INTERESSER'
  | 'PERSONLIGE_OG_OEKONOMISKE_INTERESSER'
  | 'OEKONOMISKE_INTERESSER'
  | 'PERSONLIGE_INTERESSER';

/**
 * One service area of a guardian (Freg `verge.tjenesteomraade[]`): a task and the agency it
 * concerns, as the register's code words (`arbeid` at `nav`, `skatt` at `skatteetaten`).
 */
export interface Tjenesteomraade {
  readonly tjenesteoppgave: string | null;
  readonly tjenestevirksomhet: string | null;
}

export interface VergemaalEllerFremtidsfullmakt {
  readonly type: Vergemaaltype | null;
  readonly embete: string | null;
  readonly verge: {
    readonly personidentifikator: string | null;
    readonly visningsnavn: string | null;
    /** From `verge.navnFoedselsdato` (a guardian registered by name and birth date). */
    readonly foedselsdato: string | null;
    /** Older answers' scope; current answers give `tjenesteomraade` instead. */
    readonly omfang: Vergeomfang | null;
    readonly omfangetErInnenPersonligOmraade: boolean | null;
    /** Current answers' scope: empty when the register gives none. */
    readonly tjenesteomraade: readonly Tjenesteomraade[];
  } | null;
}

/** A current deprivation of legal capacity (Freg `fratattRettsligHandleevne`). */
export interface FratattRettsligHandleevne {
  /** `rettsligHandleevneomfang` as the register's word, when given. */
  readonly omfang: string | null;
  /** The Oslo date of `gyldighetstidspunkt`. */
  readonly gyldigFraOgMed: string | null;
}

/** Freg `preferertKontaktadresse.valg`: which of the person's addresses to write to. */
export type PreferertKontaktadresse =
  'BOSTEDSADRESSE' | 'OPPHOLDSADRESSE' | 'POSTADRESSE' | 'POSTADRESSE_I_UTLANDET';

/** A person's Folkeregisteret data, mapped from the wire format (current values only). */
export interface PopulationData {
  readonly finnesIFolkeregisteret: boolean;
  readonly folkeregisteridentifikator: string | null;
  readonly navn: Navn | null;
  readonly foedsel: Foedsel | null;
  readonly kjoenn: Kjoenn | null;
  readonly personstatus: Personstatus | null;
  readonly doedsfall: { readonly doedsdato: string | null } | null;
  readonly sivilstand: {
    readonly type: Sivilstandstype | null;
    readonly dato: string | null;
  } | null;
  readonly statsborgerskap: readonly string[] | null;
  readonly bostedsadresse: Adresse | null;
  /** The preferred postal address: `preferertKontaktadresse` decides between the two kinds. */
  readonly postadresse: Adresse | null;
  /** The current foreign postal address, whichever is preferred. */
  readonly postadresseIUtlandet: Adresse | null;
  readonly preferertKontaktadresse: PreferertKontaktadresse | null;
  readonly oppholdsadresse: Adresse | null;
  readonly adressebeskyttelse: { readonly gradering: Adressegradering } | null;
  readonly kontaktinformasjonForDoedsbo: KontaktinformasjonForDoedsbo | null;
  readonly vergemaalEllerFremtidsfullmakt: readonly VergemaalEllerFremtidsfullmakt[] | null;
  readonly fratattRettsligHandleevne: readonly FratattRettsligHandleevne[] | null;
}

/** The Folkeregisteret fields of Person. */
export const POPULATION_DATA_FIELDS = [
  'finnesIFolkeregisteret',
  'folkeregisteridentifikator',
  'navn',
  'foedsel',
  'kjoenn',
  'personstatus',
  'doedsfall',
  'sivilstand',
  'statsborgerskap',
  'bostedsadresse',
  'postadresse',
  'postadresseIUtlandet',
  'preferertKontaktadresse',
  'oppholdsadresse',
  'adressebeskyttelse',
  'kontaktinformasjonForDoedsbo',
  'vergemaalEllerFremtidsfullmakt',
  'fratattRettsligHandleevne',
] as const satisfies readonly (keyof PopulationData)[];

/**
 * Person fields computed from both registers' data: selecting one fetches from both registers
 * (the Freg parts it needs are listed in freg-client.ts).
 */
export const CROSS_REGISTER_FIELDS = ['forsendelse'] as const;

/**
 * What `forsendelse` is computed from: the person's records from both registers as this caller
 * may see them (protected addresses already withheld when the caller may not see them). A
 * register that failed for this person is an Error here.
 */
export interface ForsendelseGrunnlag {
  readonly contactInfo: ContactInfo | Error;
  readonly populationData: PopulationData | Error;
  /** Clock for age. */
  readonly nowMs: number;
}

type Failable<T> = { readonly [K in keyof T]?: T[K] | Error };

/**
 * The Person entity as resolvers return it. Register fields are absent when not requested,
 * null when the register has no value, or an Error when the register failed for this person.
 */
export type PersonModel = { readonly personidentifikator: string } & Failable<ContactInfo> &
  Failable<PopulationData> & { readonly forsendelse?: ForsendelseGrunnlag };
