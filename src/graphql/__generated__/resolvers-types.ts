import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PersonModel } from '../../domain/person.ts';
import type { Forsendelse as ForsendelseModel } from '../../domain/forsendelse.ts';
import type { RequestContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date in ISO 8601, `YYYY-MM-DD`. */
  Date: { input: string; output: string; }
  /**
   * A point in time in ISO 8601 with an explicit offset, e.g. `2023-06-10T21:00:01+02:00`.
   * KRR's hour-only offsets (`+02`) are normalised to `+02:00`.
   */
  DateTime: { input: string; output: string; }
  _FieldSet: { input: string; output: string; }
};

/** An address ready to show, with its structured parts. */
export type Adresse = {
  readonly __typename?: 'Adresse';
  /** The address as lines to print, in order (without postcode line for foreign addresses' own format). */
  readonly adresselinjer: ReadonlyArray<Scalars['String']['output']>;
  /** c/o name, if any. */
  readonly coAdressenavn?: Maybe<Scalars['String']['output']>;
  /** Municipality number (kommunenummer). */
  readonly kommunenummer?: Maybe<Scalars['String']['output']>;
  /** Country, ISO 3166 alpha-2 (`NO` for Norwegian addresses). */
  readonly landkode?: Maybe<Scalars['String']['output']>;
  /** Cadastral address parts, for `MATRIKKELADRESSE`. */
  readonly matrikkeladresse?: Maybe<Matrikkeladresse>;
  /** Post box parts, for `POSTBOKS`. */
  readonly postboks?: Maybe<Postboks>;
  /** Norwegian postcode. */
  readonly postnummer?: Maybe<Scalars['String']['output']>;
  /** Norwegian postal place. */
  readonly poststed?: Maybe<Scalars['String']['output']>;
  /** Which kind of address this is. */
  readonly type: Adressetype;
  /** Street address parts, for `VEGADRESSE`. */
  readonly vegadresse?: Maybe<Vegadresse>;
};

/** Address protection. */
export type Adressebeskyttelse = {
  readonly __typename?: 'Adressebeskyttelse';
  /** The protection level. */
  readonly gradering: Adressegradering;
};

/** Address protection levels. */
export type Adressegradering =
  | 'FORTROLIG'
  | 'STRENGT_FORTROLIG'
  | 'UGRADERT';

/** Kinds of address. */
export type Adressetype =
  /** Free-form Norwegian postal address. */
  | 'FRITT_FORMAT'
  /** Cadastral address (gårds- og bruksnummer). */
  | 'MATRIKKELADRESSE'
  /** Post box. */
  | 'POSTBOKS'
  /** Residence unknown; only the municipality is known. */
  | 'UKJENT_BOSTED'
  /** Foreign address. */
  | 'UTENLANDSK'
  /** Street address. */
  | 'VEGADRESSE';

/**
 * The person's secure digital mailbox. Present only when KRR gives an address at the provider:
 * KRR sends a provider beside an empty address for a person without a mailbox, and that is no
 * mailbox (`digitalPost` is then null).
 */
export type DigitalPost = {
  readonly __typename?: 'DigitalPost';
  /** The person's address at the mailbox provider; always set (nullable for compatibility). */
  readonly postkasseadresse?: Maybe<Scalars['String']['output']>;
  /** The mailbox provider's organisation number (e.g. 984661185 for Digipost). */
  readonly postkasseleverandoeradresse?: Maybe<Scalars['String']['output']>;
};

/** The estate's contact: a lawyer, a person or an organisation. */
export type Doedsbokontakt = {
  readonly __typename?: 'Doedsbokontakt';
  /** The organisation's (or the lawyer's firm's) name. */
  readonly organisasjonsnavn?: Maybe<Scalars['String']['output']>;
  /** The organisation's organisation number. */
  readonly organisasjonsnummer?: Maybe<Scalars['String']['output']>;
  /** The contact person's name (the lawyer, the person, or the organisation's contact person). */
  readonly personnavn?: Maybe<Scalars['String']['output']>;
  /** Which kind of contact this is. */
  readonly type: Doedsbokontakttype;
};

/** Kinds of estate contact. */
export type Doedsbokontakttype =
  /** A lawyer (advokat). */
  | 'ADVOKAT'
  /** An organisation. */
  | 'ORGANISASJON'
  /** A person, typically an heir. */
  | 'PERSON';

/** A registered death. */
export type Doedsfall = {
  readonly __typename?: 'Doedsfall';
  /** Date of death. */
  readonly doedsdato?: Maybe<Scalars['Date']['output']>;
};

/** Birth data. */
export type Foedsel = {
  readonly __typename?: 'Foedsel';
  /** Municipality of birth in Norway (kommunenummer), if born in Norway. */
  readonly foedekommune?: Maybe<Scalars['String']['output']>;
  /** Country of birth, ISO 3166 alpha-3. */
  readonly foedeland?: Maybe<Scalars['String']['output']>;
  /** Birth year. */
  readonly foedselsaar?: Maybe<Scalars['Int']['output']>;
  /** Birth date. Read from the register, never derived from the identity number. */
  readonly foedselsdato?: Maybe<Scalars['Date']['output']>;
};

/** How and where to send a person a letter. */
export type Forsendelse = {
  readonly __typename?: 'Forsendelse';
  /**
   * The person's age in whole years today (Europe/Oslo), from the birth date in Folkeregisteret;
   * null when the register gives no birth date or the person is dead. It does not change the
   * channel.
   */
  readonly alder?: Maybe<Scalars['Int']['output']>;
  /** Other channels the rules also allow, e.g. paper post beside the agency's own inbox. */
  readonly alternativeKanaler: ReadonlyArray<Forsendelseskanal>;
  /** Why this channel, in the order the rules were applied. */
  readonly begrunnelser: ReadonlyArray<Forsendelsesbegrunnelse>;
  /** The person's digital mailbox, for `DIGITAL_POSTKASSE`. */
  readonly digitalPostkasse?: Maybe<DigitalPost>;
  /**
   * True when Folkeregisteret has a current guardianship or lasting power of attorney for the
   * person (see `vergemaalEllerFremtidsfullmakt`). It does not change the channel.
   */
  readonly harVerge?: Maybe<Scalars['Boolean']['output']>;
  /** The channel to use. */
  readonly kanal: Forsendelseskanal;
  /**
   * The postal address, for `PAPIR` and `DOEDSBO`, and when paper post is one of the
   * `alternativeKanaler`. Null otherwise.
   */
  readonly postadresse?: Maybe<Adresse>;
  /** Which register element the postal address was taken from. */
  readonly postadressekilde?: Maybe<Postadressekilde>;
  /**
   * The contact channels a notice may go to (each updated or verified within the last 18 months,
   * eForvaltningsforskriften §32), for `INNBOKS_MED_VARSEL`; empty for other channels.
   */
  readonly varslingskanaler: ReadonlyArray<Varslingskanal>;
};

/** A reason behind the channel. */
export type Forsendelsesbegrunnelse =
  /**
   * The address is protected (fortrolig or strengt fortrolig). Only given to callers with
   * `person:adressebeskyttelse.read`; handle the address accordingly.
   */
  | 'ADRESSEBESKYTTELSE'
  /** The person is registered as dead in Folkeregisteret: letters go to the estate. */
  | 'DOED'
  /** The person has an active digital mailbox with an encryption certificate. */
  | 'HAR_DIGITAL_POSTKASSE'
  /** Folkeregisteret does not know the person. */
  | 'IKKE_I_FOLKEREGISTERET'
  /** The person is not registered in KRR. */
  | 'IKKE_REGISTRERT_I_KRR'
  /** The person has no active digital mailbox. */
  | 'INGEN_DIGITAL_POSTKASSE'
  /** The person is dead and no estate contact with an address and a probate certificate is registered. */
  | 'INGEN_DOEDSBOADRESSE'
  /** Folkeregisteret gives no postal address this caller may see. */
  | 'INGEN_POSTADRESSE'
  /** KRR says the person cannot be notified (KAN_IKKE_VARSLES). */
  | 'KAN_IKKE_VARSLES'
  /** The person has reserved against digital communication (only decisions are held back by it). */
  | 'RESERVERT'
  /** The person has been deleted from KRR. */
  | 'SLETTET_I_KRR'
  /** No e-mail address or mobile number updated or verified within the last 18 months. */
  | 'UTLOEPT_KONTAKTINFORMASJON';

/** What a letter is, which decides the rules that apply to it. */
export type Forsendelsesformaal =
  /** Information: reservation and notification status do not stop digital delivery. */
  | 'INFORMASJON'
  /**
   * A decision (enkeltvedtak) or another important message: reservation and KRR's notification
   * status decide whether it may go digitally (eForvaltningsforskriften).
   */
  | 'VEDTAK';

/** Channels for a letter. */
export type Forsendelseskanal =
  /** The person's secure digital mailbox (Digipost or e-Boks). */
  | 'DIGITAL_POSTKASSE'
  /** Paper post to the estate (dødsbo) of a dead person, in care of its registered contact. */
  | 'DOEDSBO'
  /** No usable channel: no digital route and no postal address (see the reasons). */
  | 'INGEN'
  /** The agency's own (or Altinn's) inbox, with a notice to the person's e-mail or mobile from KRR. */
  | 'INNBOKS_MED_VARSEL'
  /** Paper post to the person's postal address from Folkeregisteret. */
  | 'PAPIR';

/** A decision depriving a person of legal capacity (rettslig handleevne), in whole or in part. */
export type FratattRettsligHandleevne = {
  readonly __typename?: 'FratattRettsligHandleevne';
  /** The date (Europe/Oslo) from which it applies. */
  readonly gyldigFraOgMed?: Maybe<Scalars['Date']['output']>;
  /**
   * What the deprivation covers, as Folkeregisteret's word (rettsligHandleevneomfang); null when
   * the register gives none.
   */
  readonly omfang?: Maybe<Scalars['String']['output']>;
};

/** Legal sex. */
export type Kjoenn =
  | 'KVINNE'
  | 'MANN';

/** The person's contact points in KRR. */
export type Kontaktinformasjon = {
  readonly __typename?: 'Kontaktinformasjon';
  /** The e-mail address, if any. */
  readonly epostadresse?: Maybe<Kontaktpunkt>;
  /** The mobile phone number, if any, in international form (`+47…`) when Norwegian. */
  readonly mobiltelefonnummer?: Maybe<Kontaktpunkt>;
};

/** The estate contact of a dead person (kontaktinformasjonForDoedsbo). */
export type KontaktinformasjonForDoedsbo = {
  readonly __typename?: 'KontaktinformasjonForDoedsbo';
  /** The contact's postal address, ready to print. */
  readonly adresse?: Maybe<Adresse>;
  /** When the probate certificate (skifteattest) was issued. */
  readonly attestutstedelsesdato?: Maybe<Scalars['Date']['output']>;
  /** Who the contact is. */
  readonly kontakt?: Maybe<Doedsbokontakt>;
  /** How the estate is being settled. */
  readonly skifteform?: Maybe<Skifteform>;
};

/** One contact channel (e-mail or mobile). */
export type Kontaktpunkt = {
  readonly __typename?: 'Kontaktpunkt';
  /**
   * True when KRR says the same address or number is registered on one or more other persons
   * (KRR v2 `*_duplisert`): a notice sent to it may reach someone else as well, e.g. a shared
   * family number. False when KRR says it is not; null when KRR does not say (absent, v1, or a
   * value other than `JA`/`NEI`).
   */
  readonly duplisert?: Maybe<Scalars['Boolean']['output']>;
  /**
   * True when this channel may be used for notices under eForvaltningsforskriften §32: the person
   * is registered and not reserved, and this channel was updated or verified within the last
   * 18 months (evaluated per channel).
   */
  readonly kanBrukesForVarsling: Scalars['Boolean']['output'];
  /** When the person last entered or changed it. */
  readonly oppdatert?: Maybe<Scalars['DateTime']['output']>;
  /**
   * When it was last validated with a one-time code sent to it (KRR v2 `*_sist_validert`); null
   * when KRR does not say (v1 never does).
   */
  readonly sistValidert?: Maybe<Scalars['DateTime']['output']>;
  /** When the person last confirmed it. */
  readonly sistVerifisert?: Maybe<Scalars['DateTime']['output']>;
  /** The address or number. */
  readonly verdi: Scalars['String']['output'];
};

/** The person's status in KRR. */
export type Kontaktregisterstatus =
  /** The person is registered in KRR. */
  | 'AKTIV'
  /** The person is not registered in KRR. */
  | 'IKKE_REGISTRERT'
  /** The person has been deleted from KRR. */
  | 'SLETTET';

/** Cadastral address parts. */
export type Matrikkeladresse = {
  readonly __typename?: 'Matrikkeladresse';
  readonly adressetilleggsnavn?: Maybe<Scalars['String']['output']>;
  readonly bruksenhetsnummer?: Maybe<Scalars['String']['output']>;
  readonly bruksnummer?: Maybe<Scalars['Int']['output']>;
  readonly festenummer?: Maybe<Scalars['Int']['output']>;
  readonly gaardsnummer?: Maybe<Scalars['Int']['output']>;
  readonly undernummer?: Maybe<Scalars['Int']['output']>;
};

/** A person's name from Folkeregisteret. */
export type Navn = {
  readonly __typename?: 'Navn';
  /** Last name. */
  readonly etternavn?: Maybe<Scalars['String']['output']>;
  /** Abbreviated name of at most 40 characters, as registered. */
  readonly forkortetNavn?: Maybe<Scalars['String']['output']>;
  /** First name(s), as registered (upper case in the register). */
  readonly fornavn?: Maybe<Scalars['String']['output']>;
  /** Middle name, if any. */
  readonly mellomnavn?: Maybe<Scalars['String']['output']>;
  /** First, middle and last name in display case, e.g. `Ola Nordmann`. */
  readonly visningsnavn?: Maybe<Scalars['String']['output']>;
};

/**
 * A person registered (or not) in the national registers, keyed by national identity number.
 * Every register field is nullable: null means the register has no value, the caller may not see
 * it (then with a `FORBIDDEN` error), or the register could not be reached (then with an
 * `UPSTREAM_*` error at that field).
 */
export type Person = {
  readonly __typename?: 'Person';
  /**
   * The person's address protection. Only shown to callers allowed to see protected addresses;
   * null for everyone else, whether or not the person is protected.
   */
  readonly adressebeskyttelse?: Maybe<Adressebeskyttelse>;
  /**
   * Current residential address. Null when there is none (D-nummer persons), when it is protected
   * and the caller may not see protected addresses, or when Folkeregisteret does not deliver it
   * (strengt fortrolig).
   */
  readonly bostedsadresse?: Maybe<Adresse>;
  /** The person's secure digital mailbox (Digipost, e-Boks), from KRR. */
  readonly digitalPost?: Maybe<DigitalPost>;
  /** Death, when registered. */
  readonly doedsfall?: Maybe<Doedsfall>;
  /**
   * True when Folkeregisteret knows the person (also through an earlier identifier after a merge),
   * false when it does not. Null only when Folkeregisteret could not be asked (see the error).
   */
  readonly finnesIFolkeregisteret?: Maybe<Scalars['Boolean']['output']>;
  /** Birth date, year and place. */
  readonly foedsel?: Maybe<Foedsel>;
  /**
   * The person's current identity number in Folkeregisteret. It differs from
   * `personidentifikator` when the requested number has ceased, e.g. after two register persons
   * were merged or a D-nummer was replaced by a fødselsnummer.
   */
  readonly folkeregisteridentifikator?: Maybe<Scalars['String']['output']>;
  /**
   * Where and how to send this person a letter, decided from both registers by Digdir's rules as
   * eFormidling's address service applies them: the channel, the reasons for it, and the
   * destination (digital mailbox, the notice channels for the agency's own inbox, or a postal
   * address from Folkeregisteret, the one the person prefers in `preferertKontaktadresse` first). A
   * dead person's letters go to the estate. Needs the caller
   * scopes of every register field it reads. For a caller without `person:adressebeskyttelse.read`
   * a protected address counts as no address, and nothing in the answer tells that the person is
   * protected; the open `SOT 6` post box of a strengt fortrolig person is used as Folkeregisteret
   * delivers it (see `postadresse`). Guardianship and age do not change the answer: they are given
   * so that a caller with its own policy (e.g. letters to minors or to a guardian) can apply it.
   */
  readonly forsendelse?: Maybe<Forsendelse>;
  /**
   * Current decisions depriving the person of legal capacity (fratattRettsligHandleevne), usually
   * beside a guardianship. Empty when there are none. Not confidential in Folkeregisteret.
   */
  readonly fratattRettsligHandleevne?: Maybe<ReadonlyArray<FratattRettsligHandleevne>>;
  /**
   * True when the person can be notified digitally: registered (AKTIV) in KRR, not reserved, and
   * KRR says KAN_VARSLES.
   */
  readonly kanVarsles?: Maybe<Scalars['Boolean']['output']>;
  /** Legal sex as registered. */
  readonly kjoenn?: Maybe<Kjoenn>;
  /** E-mail address and mobile number from KRR, each with its update and verification times. */
  readonly kontaktinformasjon?: Maybe<Kontaktinformasjon>;
  /**
   * Contact for the estate (dødsbo) of a dead person, as registered after the probate certificate
   * was issued. Null when none is registered. Not confidential in Folkeregisteret.
   */
  readonly kontaktinformasjonForDoedsbo?: Maybe<KontaktinformasjonForDoedsbo>;
  /** The person's status in the contact and reservation register (KRR). */
  readonly kontaktregisterstatus?: Maybe<Kontaktregisterstatus>;
  /** The person's current name. */
  readonly navn?: Maybe<Navn>;
  /**
   * Current temporary address (oppholdsadresse), e.g. of a D-nummer person without a residential
   * address. Null when there is none, when Folkeregisteret says it is unknown, or when it is
   * protected and the caller may not see protected addresses (as for `bostedsadresse`).
   */
  readonly oppholdsadresse?: Maybe<Adresse>;
  /** The identity number this person was requested by. */
  readonly personidentifikator: Scalars['ID']['output'];
  /** The person's status in Folkeregisteret (bosatt, utflyttet, doed, …). */
  readonly personstatus?: Maybe<Personstatus>;
  /**
   * Current postal address (Norwegian or foreign). A person can have a Norwegian and a foreign
   * postal address at once; then the one Folkeregisteret's `preferertKontaktadresse` names is
   * given, and the Norwegian one when it names neither (the foreign one is always in
   * `postadresseIUtlandet`). Protected postal addresses follow the same rule
   * as `bostedsadresse`, with one exception: for a strengt fortrolig person Folkeregisteret gives
   * every consumer an open post box instead of an address (`postbokseier` `SOT 6`, Postboks 2094
   * Vika, 0125 OSLO, operated by Kripos and Skatt Nord), and mail to the person must be sent
   * there. That address is shown to every caller who may read this field. It tells anyone who sees
   * it that the person has strict address protection: use it to address mail, and do not show or
   * store it further than that needs.
   */
  readonly postadresse?: Maybe<Adresse>;
  /**
   * Current foreign postal address (postadresseIUtlandet), whether or not it is the preferred one.
   * Null when there is none or when it is protected and the caller may not see protected addresses
   * (as for `bostedsadresse`).
   */
  readonly postadresseIUtlandet?: Maybe<Adresse>;
  /**
   * Which of the person's addresses mail should go to, as registered in Folkeregisteret
   * (preferertKontaktadresse). Null when none is registered, or when it is protected and the caller
   * may not see protected addresses. `postadresse` and `forsendelse` follow it.
   */
  readonly preferertKontaktadresse?: Maybe<PreferertKontaktadresse>;
  /**
   * Whether the person has reserved against digital communication from the public sector
   * (eForvaltningsforskriften §15a).
   */
  readonly reservasjon?: Maybe<Reservasjon>;
  /** The person's encryption certificate for secure digital post, from KRR. */
  readonly sertifikat?: Maybe<Sertifikat>;
  /** Current marital status. */
  readonly sivilstand?: Maybe<Sivilstand>;
  /** The person's preferred language for communication, from KRR. */
  readonly spraak?: Maybe<Spraak>;
  /** Current citizenships as ISO 3166 alpha-3 codes (several for dual citizens). */
  readonly statsborgerskap?: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  /**
   * KRR's notification status (eForvaltningsforskriften §32): whether the person has contact
   * information that is fresh enough to be used for notices.
   */
  readonly varslingsstatus?: Maybe<Varslingsstatus>;
  /**
   * Current guardianships (vergemål) and confirmed lasting powers of attorney (fremtidsfullmakt),
   * one entry per guardian. Empty when the person has none. Not confidential in Folkeregisteret.
   */
  readonly vergemaalEllerFremtidsfullmakt?: Maybe<ReadonlyArray<VergemaalEllerFremtidsfullmakt>>;
};


/**
 * A person registered (or not) in the national registers, keyed by national identity number.
 * Every register field is nullable: null means the register has no value, the caller may not see
 * it (then with a `FORBIDDEN` error), or the register could not be reached (then with an
 * `UPSTREAM_*` error at that field).
 */
export type PersonForsendelseArgs = {
  formaal?: Forsendelsesformaal;
};

/** Person status in Folkeregisteret. */
export type Personstatus =
  /** Active (older D-nummer status). */
  | 'AKTIV'
  /** Resident in Norway. */
  | 'BOSATT'
  /** Dead. */
  | 'DOED'
  /** Birth registered, not resident. */
  | 'FOEDSELSREGISTRERT'
  /** Missing. */
  | 'FORSVUNNET'
  /** Not resident. */
  | 'IKKE_BOSATT'
  /** Inactive (expired D-nummer). */
  | 'INAKTIV'
  /** Temporary (D-nummer). */
  | 'MIDLERTIDIG'
  /** The identity number has ceased (e.g. merged into another). */
  | 'OPPHOERT'
  /** Emigrated. */
  | 'UTFLYTTET';

/**
 * Folkeregisteret elements a postal address can come from, in the order they are tried (the one
 * `preferertKontaktadresse` names first).
 */
export type Postadressekilde =
  /** `bostedsadresse`: the residential address. */
  | 'BOSTEDSADRESSE'
  /** `kontaktinformasjonForDoedsbo`: the estate contact's address. */
  | 'KONTAKTINFORMASJON_FOR_DOEDSBO'
  /** `oppholdsadresse`: the temporary address. */
  | 'OPPHOLDSADRESSE'
  /** `postadresse` (or `postadresseIUtlandet`): the person's own postal address. */
  | 'POSTADRESSE';

/** Post box parts. */
export type Postboks = {
  readonly __typename?: 'Postboks';
  /** The post box, e.g. `Postboks 2094 Vika`. */
  readonly postboks?: Maybe<Scalars['String']['output']>;
  /** The post box owner, if any. */
  readonly postbokseier?: Maybe<Scalars['String']['output']>;
};

/** Which of a person's addresses mail should go to (Folkeregisteret's preferertKontaktadresse). */
export type PreferertKontaktadresse =
  /** The residential address (`bostedsadresse`). */
  | 'BOSTEDSADRESSE'
  /** The temporary address (`oppholdsadresse`). */
  | 'OPPHOLDSADRESSE'
  /** The Norwegian postal address (`postadresse`). */
  | 'POSTADRESSE'
  /** The foreign postal address (`postadresseIUtlandet`). */
  | 'POSTADRESSE_I_UTLANDET';

export type Query = {
  readonly __typename?: 'Query';
  /**
   * The logged-in end user's own person, with KRR data from KRR's user-bound lookup
   * (`GET /rest/v1/person`) made with the end user's own ID-porten access token, which the caller
   * passes in the `x-idporten-token` request header (scopes `krr:user/kontaktinformasjon.read`
   * and/or `krr:user/digitalpost.read`; KRR leaves out what the token's scopes do not cover).
   * Without that header: null and an `UNAUTHENTICATED` error (`reason: IDPORTEN_TOKEN_MISSING`).
   * Caller scopes apply to its fields as everywhere.
   */
  readonly meg?: Maybe<Person>;
  /**
   * One person by national identity number (fødselsnummer or D-nummer, 11 digits).
   * A syntactically valid identifier always resolves to a Person, also when a register does not
   * know the person; an invalid one gives null and a `BAD_USER_INPUT` error.
   */
  readonly person?: Maybe<Person>;
  /**
   * Many persons at once, in the same order and with the same length as the argument. Each
   * invalid identifier gives null at its own position with a `BAD_USER_INPUT` error; the others
   * are unaffected. Duplicates are looked up once.
   */
  readonly personer: ReadonlyArray<Maybe<Person>>;
};


export type QueryPersonArgs = {
  personidentifikator: Scalars['ID']['input'];
};


export type QueryPersonerArgs = {
  personidentifikatorer: ReadonlyArray<Scalars['ID']['input']>;
};

/** A person's reservation against digital communication. */
export type Reservasjon = {
  readonly __typename?: 'Reservasjon';
  /** When the reservation status last changed. */
  readonly oppdatert?: Maybe<Scalars['DateTime']['output']>;
  /** True when the person has reserved against digital communication. */
  readonly reservert: Scalars['Boolean']['output'];
  /** When the person reserved, if reserved and known. */
  readonly tidspunkt?: Maybe<Scalars['DateTime']['output']>;
};

/** The person's X.509 encryption certificate for secure digital post. */
export type Sertifikat = {
  readonly __typename?: 'Sertifikat';
  /** Start of the certificate's validity. */
  readonly gyldigFra?: Maybe<Scalars['DateTime']['output']>;
  /** End of the certificate's validity. */
  readonly gyldigTil?: Maybe<Scalars['DateTime']['output']>;
  /** The certificate in PEM form. */
  readonly pem: Scalars['String']['output'];
  /** The certificate's issuer distinguished name. */
  readonly utsteder?: Maybe<Scalars['String']['output']>;
};

/** Marital status. */
export type Sivilstand = {
  readonly __typename?: 'Sivilstand';
  /** When it took effect. */
  readonly dato?: Maybe<Scalars['Date']['output']>;
  /** The kind of marital status. */
  readonly type?: Maybe<Sivilstandstype>;
};

/** Kinds of marital status. */
export type Sivilstandstype =
  | 'ENKE_ELLER_ENKEMANN'
  | 'GIFT'
  | 'GJENLEVENDE_PARTNER'
  | 'REGISTRERT_PARTNER'
  | 'SEPARERT'
  | 'SEPARERT_PARTNER'
  | 'SKILT'
  | 'SKILT_PARTNER'
  | 'UGIFT'
  | 'UOPPGITT';

/** How an estate is settled. */
export type Skifteform =
  /** Another form, e.g. private settlement by the heirs. */
  | 'ANNET'
  /** Public settlement (offentlig skifte). */
  | 'OFFENTLIG';

/** The person's preferred language. */
export type Spraak = {
  readonly __typename?: 'Spraak';
  /** Language code as KRR gives it: `nb`, `nn`, `en` or `se` (others passed through). */
  readonly kode: Scalars['String']['output'];
  /** When the preference last changed. */
  readonly oppdatert?: Maybe<Scalars['DateTime']['output']>;
};

/** A service area of a guardian: a task at an agency. */
export type Tjenesteomraade = {
  readonly __typename?: 'Tjenesteomraade';
  /**
   * The task, as Folkeregisteret's code word (vergeTjenesteoppgave), e.g. `arbeid`, `pensjon`,
   * `skatt`, `endrePostadresse`. The list of words is the register's and grows over time.
   */
  readonly tjenesteoppgave?: Maybe<Scalars['String']['output']>;
  /**
   * The agency or kind of party the task concerns (vergeTjenestevirksomhet), e.g. `nav`,
   * `skatteetaten`, `kommune`, `bank`, `oevrige` (others).
   */
  readonly tjenestevirksomhet?: Maybe<Scalars['String']['output']>;
};

/** A contact channel a notice may be sent to. */
export type Varslingskanal = {
  readonly __typename?: 'Varslingskanal';
  /** E-mail or SMS. */
  readonly type: Varslingskanaltype;
  /** The e-mail address or mobile number. */
  readonly verdi: Scalars['String']['output'];
};

/** Kinds of notice channel. */
export type Varslingskanaltype =
  /** E-mail. */
  | 'EPOST'
  /** SMS to the mobile number. */
  | 'SMS';

/** KRR's notification status. */
export type Varslingsstatus =
  /** The person cannot be notified: expired contact information, reserved, deleted or not registered. */
  | 'KAN_IKKE_VARSLES'
  /** The person has contact information updated or verified within the last 18 months. */
  | 'KAN_VARSLES';

/** Street address parts. */
export type Vegadresse = {
  readonly __typename?: 'Vegadresse';
  readonly adressekode?: Maybe<Scalars['String']['output']>;
  readonly adressenavn?: Maybe<Scalars['String']['output']>;
  /** Dwelling unit, e.g. `H0101`. */
  readonly bruksenhetsnummer?: Maybe<Scalars['String']['output']>;
  readonly husbokstav?: Maybe<Scalars['String']['output']>;
  readonly husnummer?: Maybe<Scalars['String']['output']>;
};

/** The guardian or attorney. */
export type Verge = {
  readonly __typename?: 'Verge';
  /** The guardian's birth date, for a guardian registered by name and birth date instead of an identity number. */
  readonly foedselsdato?: Maybe<Scalars['Date']['output']>;
  /**
   * What the guardianship covers, as older Folkeregisteret answers give it. Current answers give
   * `tjenesteomraade` instead and leave this null.
   */
  readonly omfang?: Maybe<Vergeomfang>;
  /** Whether the scope is within the personal area (older answers, with `omfang`). */
  readonly omfangetErInnenPersonligOmraade?: Maybe<Scalars['Boolean']['output']>;
  /** The guardian's fødselsnummer or D-nummer, when registered. */
  readonly personidentifikator?: Maybe<Scalars['ID']['output']>;
  /**
   * What the guardianship covers, as current Folkeregisteret answers give it: one entry per task
   * and agency the guardian acts in (e.g. `arbeid` at `nav`, `skatt` at `skatteetaten`), each
   * pair once. Empty when the register gives none (older answers, which use `omfang`).
   */
  readonly tjenesteomraade?: Maybe<ReadonlyArray<Tjenesteomraade>>;
  /**
   * The guardian's name in display case, when registered (also for a guardian registered by name
   * and birth date only).
   */
  readonly visningsnavn?: Maybe<Scalars['String']['output']>;
};

/** A guardianship (vergemål) or a confirmed lasting power of attorney (fremtidsfullmakt). */
export type VergemaalEllerFremtidsfullmakt = {
  readonly __typename?: 'VergemaalEllerFremtidsfullmakt';
  /** The office that decided it (e.g. the county governor). */
  readonly embete?: Maybe<Scalars['String']['output']>;
  /** The kind, e.g. `VOKSEN` or `STADFESTET_FREMTIDSFULLMAKT`; null for a kind this service does not know. */
  readonly type?: Maybe<Vergemaaltype>;
  /** The guardian or attorney. */
  readonly verge?: Maybe<Verge>;
};

/** Kinds of guardianship. */
export type Vergemaaltype =
  /** Unaccompanied minor asylum seeker. */
  | 'ENSLIG_MINDREAARIG_ASYLSOEKER'
  /** Unaccompanied minor refugee. */
  | 'ENSLIG_MINDREAARIG_FLYKTNING'
  /** Management of assets outside guardianship. */
  | 'FORVALTNING_UTENFOR_VERGEMAAL'
  /** Temporary, for a minor. */
  | 'MIDLERTIDIG_FOR_MINDREAARIG'
  /** Temporary, for an adult. */
  | 'MIDLERTIDIG_FOR_VOKSEN'
  /** Minor. */
  | 'MINDREAARIG'
  /** A confirmed lasting power of attorney. */
  | 'STADFESTET_FREMTIDSFULLMAKT'
  /** Adult. */
  | 'VOKSEN';

/** What a guardianship covers. */
export type Vergeomfang =
  /** Economic interests. */
  | 'OEKONOMISKE_INTERESSER'
  /** Personal interests. */
  | 'PERSONLIGE_INTERESSER'
  /** Personal and economic interests. */
  | 'PERSONLIGE_OG_OEKONOMISKE_INTERESSER'
  /** Immigration matters, personal and economic interests. */
  | 'UTLENDINGSSAKER_PERSONLIGE_OG_OEKONOMISKE_INTERESSER';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Person: Person;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Person:
    ( { __typename: 'Person' }
    & GraphQLRecursivePick<FederationTypes['Person'], {"personidentifikator":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Adresse: ResolverTypeWrapper<Adresse>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Adressebeskyttelse: ResolverTypeWrapper<Adressebeskyttelse>;
  Adressegradering: Adressegradering;
  Adressetype: Adressetype;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DigitalPost: ResolverTypeWrapper<DigitalPost>;
  Doedsbokontakt: ResolverTypeWrapper<Doedsbokontakt>;
  Doedsbokontakttype: Doedsbokontakttype;
  Doedsfall: ResolverTypeWrapper<Doedsfall>;
  Foedsel: ResolverTypeWrapper<Foedsel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Forsendelse: ResolverTypeWrapper<ForsendelseModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Forsendelsesbegrunnelse: Forsendelsesbegrunnelse;
  Forsendelsesformaal: Forsendelsesformaal;
  Forsendelseskanal: Forsendelseskanal;
  FratattRettsligHandleevne: ResolverTypeWrapper<FratattRettsligHandleevne>;
  Kjoenn: Kjoenn;
  Kontaktinformasjon: ResolverTypeWrapper<Kontaktinformasjon>;
  KontaktinformasjonForDoedsbo: ResolverTypeWrapper<KontaktinformasjonForDoedsbo>;
  Kontaktpunkt: ResolverTypeWrapper<Kontaktpunkt>;
  Kontaktregisterstatus: Kontaktregisterstatus;
  Matrikkeladresse: ResolverTypeWrapper<Matrikkeladresse>;
  Navn: ResolverTypeWrapper<Navn>;
  Person: ResolverTypeWrapper<PersonModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Personstatus: Personstatus;
  Postadressekilde: Postadressekilde;
  Postboks: ResolverTypeWrapper<Postboks>;
  PreferertKontaktadresse: PreferertKontaktadresse;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Reservasjon: ResolverTypeWrapper<Reservasjon>;
  Sertifikat: ResolverTypeWrapper<Sertifikat>;
  Sivilstand: ResolverTypeWrapper<Sivilstand>;
  Sivilstandstype: Sivilstandstype;
  Skifteform: Skifteform;
  Spraak: ResolverTypeWrapper<Spraak>;
  Tjenesteomraade: ResolverTypeWrapper<Tjenesteomraade>;
  Varslingskanal: ResolverTypeWrapper<Varslingskanal>;
  Varslingskanaltype: Varslingskanaltype;
  Varslingsstatus: Varslingsstatus;
  Vegadresse: ResolverTypeWrapper<Vegadresse>;
  Verge: ResolverTypeWrapper<Verge>;
  VergemaalEllerFremtidsfullmakt: ResolverTypeWrapper<VergemaalEllerFremtidsfullmakt>;
  Vergemaaltype: Vergemaaltype;
  Vergeomfang: Vergeomfang;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Adresse: Adresse;
  String: Scalars['String']['output'];
  Adressebeskyttelse: Adressebeskyttelse;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  DigitalPost: DigitalPost;
  Doedsbokontakt: Doedsbokontakt;
  Doedsfall: Doedsfall;
  Foedsel: Foedsel;
  Int: Scalars['Int']['output'];
  Forsendelse: ForsendelseModel;
  Boolean: Scalars['Boolean']['output'];
  FratattRettsligHandleevne: FratattRettsligHandleevne;
  Kontaktinformasjon: Kontaktinformasjon;
  KontaktinformasjonForDoedsbo: KontaktinformasjonForDoedsbo;
  Kontaktpunkt: Kontaktpunkt;
  Matrikkeladresse: Matrikkeladresse;
  Navn: Navn;
  Person: PersonModel;
  ID: Scalars['ID']['output'];
  Postboks: Postboks;
  Query: Record<PropertyKey, never>;
  Reservasjon: Reservasjon;
  Sertifikat: Sertifikat;
  Sivilstand: Sivilstand;
  Spraak: Spraak;
  Tjenesteomraade: Tjenesteomraade;
  Varslingskanal: Varslingskanal;
  Vegadresse: Vegadresse;
  Verge: Verge;
  VergemaalEllerFremtidsfullmakt: VergemaalEllerFremtidsfullmakt;
};

export type AdresseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Adresse'] = ResolversParentTypes['Adresse']> = {
  adresselinjer?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  coAdressenavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kommunenummer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  landkode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  matrikkeladresse?: Resolver<Maybe<ResolversTypes['Matrikkeladresse']>, ParentType, ContextType>;
  postboks?: Resolver<Maybe<ResolversTypes['Postboks']>, ParentType, ContextType>;
  postnummer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  poststed?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['Adressetype'], ParentType, ContextType>;
  vegadresse?: Resolver<Maybe<ResolversTypes['Vegadresse']>, ParentType, ContextType>;
};

export type AdressebeskyttelseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Adressebeskyttelse'] = ResolversParentTypes['Adressebeskyttelse']> = {
  gradering?: Resolver<ResolversTypes['Adressegradering'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DigitalPostResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DigitalPost'] = ResolversParentTypes['DigitalPost']> = {
  postkasseadresse?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postkasseleverandoeradresse?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DoedsbokontaktResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Doedsbokontakt'] = ResolversParentTypes['Doedsbokontakt']> = {
  organisasjonsnavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organisasjonsnummer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  personnavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['Doedsbokontakttype'], ParentType, ContextType>;
};

export type DoedsfallResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Doedsfall'] = ResolversParentTypes['Doedsfall']> = {
  doedsdato?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
};

export type FoedselResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Foedsel'] = ResolversParentTypes['Foedsel']> = {
  foedekommune?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  foedeland?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  foedselsaar?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  foedselsdato?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
};

export type ForsendelseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Forsendelse'] = ResolversParentTypes['Forsendelse']> = {
  alder?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  alternativeKanaler?: Resolver<ReadonlyArray<ResolversTypes['Forsendelseskanal']>, ParentType, ContextType>;
  begrunnelser?: Resolver<ReadonlyArray<ResolversTypes['Forsendelsesbegrunnelse']>, ParentType, ContextType>;
  digitalPostkasse?: Resolver<Maybe<ResolversTypes['DigitalPost']>, ParentType, ContextType>;
  harVerge?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  kanal?: Resolver<ResolversTypes['Forsendelseskanal'], ParentType, ContextType>;
  postadresse?: Resolver<Maybe<ResolversTypes['Adresse']>, ParentType, ContextType>;
  postadressekilde?: Resolver<Maybe<ResolversTypes['Postadressekilde']>, ParentType, ContextType>;
  varslingskanaler?: Resolver<ReadonlyArray<ResolversTypes['Varslingskanal']>, ParentType, ContextType>;
};

export type FratattRettsligHandleevneResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['FratattRettsligHandleevne'] = ResolversParentTypes['FratattRettsligHandleevne']> = {
  gyldigFraOgMed?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  omfang?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type KontaktinformasjonResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Kontaktinformasjon'] = ResolversParentTypes['Kontaktinformasjon']> = {
  epostadresse?: Resolver<Maybe<ResolversTypes['Kontaktpunkt']>, ParentType, ContextType>;
  mobiltelefonnummer?: Resolver<Maybe<ResolversTypes['Kontaktpunkt']>, ParentType, ContextType>;
};

export type KontaktinformasjonForDoedsboResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['KontaktinformasjonForDoedsbo'] = ResolversParentTypes['KontaktinformasjonForDoedsbo']> = {
  adresse?: Resolver<Maybe<ResolversTypes['Adresse']>, ParentType, ContextType>;
  attestutstedelsesdato?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  kontakt?: Resolver<Maybe<ResolversTypes['Doedsbokontakt']>, ParentType, ContextType>;
  skifteform?: Resolver<Maybe<ResolversTypes['Skifteform']>, ParentType, ContextType>;
};

export type KontaktpunktResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Kontaktpunkt'] = ResolversParentTypes['Kontaktpunkt']> = {
  duplisert?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  kanBrukesForVarsling?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  oppdatert?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  sistValidert?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  sistVerifisert?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  verdi?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MatrikkeladresseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Matrikkeladresse'] = ResolversParentTypes['Matrikkeladresse']> = {
  adressetilleggsnavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bruksenhetsnummer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bruksnummer?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  festenummer?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  gaardsnummer?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  undernummer?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type NavnResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Navn'] = ResolversParentTypes['Navn']> = {
  etternavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  forkortetNavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fornavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mellomnavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  visningsnavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PersonResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Person'] = ResolversParentTypes['Person'], FederationReferenceType extends FederationReferenceTypes['Person'] = FederationReferenceTypes['Person']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Person']> | FederationReferenceType, FederationReferenceType, ContextType>;
  adressebeskyttelse?: Resolver<Maybe<ResolversTypes['Adressebeskyttelse']>, ParentType, ContextType>;
  bostedsadresse?: Resolver<Maybe<ResolversTypes['Adresse']>, ParentType, ContextType>;
  digitalPost?: Resolver<Maybe<ResolversTypes['DigitalPost']>, ParentType, ContextType>;
  doedsfall?: Resolver<Maybe<ResolversTypes['Doedsfall']>, ParentType, ContextType>;
  finnesIFolkeregisteret?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  foedsel?: Resolver<Maybe<ResolversTypes['Foedsel']>, ParentType, ContextType>;
  folkeregisteridentifikator?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  forsendelse?: Resolver<Maybe<ResolversTypes['Forsendelse']>, ParentType, ContextType, RequireFields<PersonForsendelseArgs, 'formaal'>>;
  fratattRettsligHandleevne?: Resolver<Maybe<ReadonlyArray<ResolversTypes['FratattRettsligHandleevne']>>, ParentType, ContextType>;
  kanVarsles?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  kjoenn?: Resolver<Maybe<ResolversTypes['Kjoenn']>, ParentType, ContextType>;
  kontaktinformasjon?: Resolver<Maybe<ResolversTypes['Kontaktinformasjon']>, ParentType, ContextType>;
  kontaktinformasjonForDoedsbo?: Resolver<Maybe<ResolversTypes['KontaktinformasjonForDoedsbo']>, ParentType, ContextType>;
  kontaktregisterstatus?: Resolver<Maybe<ResolversTypes['Kontaktregisterstatus']>, ParentType, ContextType>;
  navn?: Resolver<Maybe<ResolversTypes['Navn']>, ParentType, ContextType>;
  oppholdsadresse?: Resolver<Maybe<ResolversTypes['Adresse']>, ParentType, ContextType>;
  personidentifikator?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  personstatus?: Resolver<Maybe<ResolversTypes['Personstatus']>, ParentType, ContextType>;
  postadresse?: Resolver<Maybe<ResolversTypes['Adresse']>, ParentType, ContextType>;
  postadresseIUtlandet?: Resolver<Maybe<ResolversTypes['Adresse']>, ParentType, ContextType>;
  preferertKontaktadresse?: Resolver<Maybe<ResolversTypes['PreferertKontaktadresse']>, ParentType, ContextType>;
  reservasjon?: Resolver<Maybe<ResolversTypes['Reservasjon']>, ParentType, ContextType>;
  sertifikat?: Resolver<Maybe<ResolversTypes['Sertifikat']>, ParentType, ContextType>;
  sivilstand?: Resolver<Maybe<ResolversTypes['Sivilstand']>, ParentType, ContextType>;
  spraak?: Resolver<Maybe<ResolversTypes['Spraak']>, ParentType, ContextType>;
  statsborgerskap?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  varslingsstatus?: Resolver<Maybe<ResolversTypes['Varslingsstatus']>, ParentType, ContextType>;
  vergemaalEllerFremtidsfullmakt?: Resolver<Maybe<ReadonlyArray<ResolversTypes['VergemaalEllerFremtidsfullmakt']>>, ParentType, ContextType>;
};

export type PostboksResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Postboks'] = ResolversParentTypes['Postboks']> = {
  postboks?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postbokseier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  meg?: Resolver<Maybe<ResolversTypes['Person']>, ParentType, ContextType>;
  person?: Resolver<Maybe<ResolversTypes['Person']>, ParentType, ContextType, RequireFields<QueryPersonArgs, 'personidentifikator'>>;
  personer?: Resolver<ReadonlyArray<Maybe<ResolversTypes['Person']>>, ParentType, ContextType, RequireFields<QueryPersonerArgs, 'personidentifikatorer'>>;
};

export type ReservasjonResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Reservasjon'] = ResolversParentTypes['Reservasjon']> = {
  oppdatert?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reservert?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  tidspunkt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type SertifikatResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Sertifikat'] = ResolversParentTypes['Sertifikat']> = {
  gyldigFra?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  gyldigTil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  pem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  utsteder?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SivilstandResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Sivilstand'] = ResolversParentTypes['Sivilstand']> = {
  dato?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['Sivilstandstype']>, ParentType, ContextType>;
};

export type SpraakResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Spraak'] = ResolversParentTypes['Spraak']> = {
  kode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  oppdatert?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type TjenesteomraadeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Tjenesteomraade'] = ResolversParentTypes['Tjenesteomraade']> = {
  tjenesteoppgave?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tjenestevirksomhet?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type VarslingskanalResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Varslingskanal'] = ResolversParentTypes['Varslingskanal']> = {
  type?: Resolver<ResolversTypes['Varslingskanaltype'], ParentType, ContextType>;
  verdi?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VegadresseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Vegadresse'] = ResolversParentTypes['Vegadresse']> = {
  adressekode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  adressenavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bruksenhetsnummer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  husbokstav?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  husnummer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type VergeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Verge'] = ResolversParentTypes['Verge']> = {
  foedselsdato?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  omfang?: Resolver<Maybe<ResolversTypes['Vergeomfang']>, ParentType, ContextType>;
  omfangetErInnenPersonligOmraade?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  personidentifikator?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  tjenesteomraade?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Tjenesteomraade']>>, ParentType, ContextType>;
  visningsnavn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type VergemaalEllerFremtidsfullmaktResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['VergemaalEllerFremtidsfullmakt'] = ResolversParentTypes['VergemaalEllerFremtidsfullmakt']> = {
  embete?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['Vergemaaltype']>, ParentType, ContextType>;
  verge?: Resolver<Maybe<ResolversTypes['Verge']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  Adresse?: AdresseResolvers<ContextType>;
  Adressebeskyttelse?: AdressebeskyttelseResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  DigitalPost?: DigitalPostResolvers<ContextType>;
  Doedsbokontakt?: DoedsbokontaktResolvers<ContextType>;
  Doedsfall?: DoedsfallResolvers<ContextType>;
  Foedsel?: FoedselResolvers<ContextType>;
  Forsendelse?: ForsendelseResolvers<ContextType>;
  FratattRettsligHandleevne?: FratattRettsligHandleevneResolvers<ContextType>;
  Kontaktinformasjon?: KontaktinformasjonResolvers<ContextType>;
  KontaktinformasjonForDoedsbo?: KontaktinformasjonForDoedsboResolvers<ContextType>;
  Kontaktpunkt?: KontaktpunktResolvers<ContextType>;
  Matrikkeladresse?: MatrikkeladresseResolvers<ContextType>;
  Navn?: NavnResolvers<ContextType>;
  Person?: PersonResolvers<ContextType>;
  Postboks?: PostboksResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reservasjon?: ReservasjonResolvers<ContextType>;
  Sertifikat?: SertifikatResolvers<ContextType>;
  Sivilstand?: SivilstandResolvers<ContextType>;
  Spraak?: SpraakResolvers<ContextType>;
  Tjenesteomraade?: TjenesteomraadeResolvers<ContextType>;
  Varslingskanal?: VarslingskanalResolvers<ContextType>;
  Vegadresse?: VegadresseResolvers<ContextType>;
  Verge?: VergeResolvers<ContextType>;
  VergemaalEllerFremtidsfullmakt?: VergemaalEllerFremtidsfullmaktResolvers<ContextType>;
};

