/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

/** The person's status in KRR. */
export type Kontaktregisterstatus =
  /** The person is registered in KRR. */
  | 'AKTIV'
  /** The person is not registered in KRR. */
  | 'IKKE_REGISTRERT'
  /** The person has been deleted from KRR. */
  | 'SLETTET';

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

/** KRR's notification status. */
export type Varslingsstatus =
  /** The person cannot be notified: expired contact information, reserved, deleted or not registered. */
  | 'KAN_IKKE_VARSLES'
  /** The person has contact information updated or verified within the last 18 months. */
  | 'KAN_VARSLES';

export type PersonKontaktinformasjonQueryVariables = Exact<{
  id: string | number;
}>;

export type PersonKontaktinformasjonQuery = {
  person: {
    personidentifikator: string;
    kontaktregisterstatus: Kontaktregisterstatus | null;
    kanVarsles: boolean | null;
    reservasjon: { reservert: boolean; oppdatert: string | null } | null;
    kontaktinformasjon: {
      epostadresse: { verdi: string; sistVerifisert: string | null } | null;
      mobiltelefonnummer: { verdi: string; sistVerifisert: string | null } | null;
    } | null;
  } | null;
};

export type PersonerMedNavnQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;

export type PersonerMedNavnQuery = {
  personer: Array<{
    personidentifikator: string;
    kontaktregisterstatus: Kontaktregisterstatus | null;
    varslingsstatus: Varslingsstatus | null;
    personstatus: Personstatus | null;
    navn: { visningsnavn: string | null } | null;
    foedsel: { foedselsdato: string | null } | null;
  } | null>;
};

export type ForsendelseQueryVariables = Exact<{
  id: string | number;
  formaal: Forsendelsesformaal;
}>;

export type ForsendelseQuery = {
  person: {
    personidentifikator: string;
    forsendelse: {
      kanal: Forsendelseskanal;
      alternativeKanaler: Array<Forsendelseskanal>;
      begrunnelser: Array<Forsendelsesbegrunnelse>;
    } | null;
  } | null;
};

export const PersonKontaktinformasjonDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PersonKontaktinformasjon' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'person' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'personidentifikator' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'personidentifikator' } },
                { kind: 'Field', name: { kind: 'Name', value: 'kontaktregisterstatus' } },
                { kind: 'Field', name: { kind: 'Name', value: 'kanVarsles' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'reservasjon' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'reservert' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'oppdatert' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'kontaktinformasjon' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'epostadresse' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'verdi' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'sistVerifisert' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'mobiltelefonnummer' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'verdi' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'sistVerifisert' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PersonKontaktinformasjonQuery, PersonKontaktinformasjonQueryVariables>;
export const PersonerMedNavnDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PersonerMedNavn' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'ids' } },
          type: {
            kind: 'NonNullType',
            type: {
              kind: 'ListType',
              type: {
                kind: 'NonNullType',
                type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
              },
            },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'personer' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'personidentifikatorer' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'ids' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'personidentifikator' } },
                { kind: 'Field', name: { kind: 'Name', value: 'kontaktregisterstatus' } },
                { kind: 'Field', name: { kind: 'Name', value: 'varslingsstatus' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'navn' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'visningsnavn' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'foedsel' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'foedselsdato' } }],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'personstatus' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PersonerMedNavnQuery, PersonerMedNavnQueryVariables>;
export const ForsendelseDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Forsendelse' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'formaal' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Forsendelsesformaal' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'person' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'personidentifikator' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'personidentifikator' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'forsendelse' },
                  arguments: [
                    {
                      kind: 'Argument',
                      name: { kind: 'Name', value: 'formaal' },
                      value: { kind: 'Variable', name: { kind: 'Name', value: 'formaal' } },
                    },
                  ],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'kanal' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'alternativeKanaler' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'begrunnelser' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ForsendelseQuery, ForsendelseQueryVariables>;
