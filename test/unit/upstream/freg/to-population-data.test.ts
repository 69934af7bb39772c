import { describe, expect, it } from 'vitest';
import type { FregLookup, FregRecord } from '../../../../src/upstream/freg/freg-wire.ts';
import { parseFregBulkResponse } from '../../../../src/upstream/freg/freg-wire.ts';
import {
  NOT_FOUND,
  toDisplayCase,
  toPopulationData,
} from '../../../../src/upstream/freg/to-population-data.ts';

// Synthetic (+80 month) identifiers only.
const ID = '14832151271';
const OLD_ID = '09842148887';
const hidden = { includeProtected: false };
const shown = { includeProtected: true };

function lookup(person: FregRecord | null, feilmelding: string | null = null): FregLookup {
  return { foedselsEllerDNummer: ID, person, feilmelding };
}

const vegadresse = {
  kommunenummer: '3405',
  adressenavn: 'Oppdiktetvegen',
  adressenummer: { husnummer: '12', husbokstav: 'C' },
  bruksenhetsnummer: 'H0203',
  adressekode: '4321',
  poststed: { poststedsnavn: 'LILLEHAMMER', postnummer: '2609' },
};

const basePerson: FregRecord = {
  identifikasjonsnummer: [
    {
      erGjeldende: true,
      status: 'iBruk',
      foedselsEllerDNummer: ID,
      identifikatortype: 'foedselsnummer',
    },
    {
      erGjeldende: false,
      status: 'opphoert',
      foedselsEllerDNummer: OLD_ID,
      identifikatortype: 'foedselsnummer',
    },
  ],
  status: [
    { erGjeldende: true, status: 'bosatt' },
    { erGjeldende: false, status: 'foedselsregistrert' },
  ],
  kjoenn: [{ erGjeldende: true, kjoenn: 'kvinne' }],
  foedsel: [
    {
      erGjeldende: true,
      foedselsdato: '2021-03-14',
      foedselsaar: '2021',
      foedekommuneINorge: '3405',
      foedeland: 'NOR',
    },
  ],
  navn: [
    { erGjeldende: false, fornavn: 'GAMMEL', etternavn: 'NAVN' },
    {
      erGjeldende: true,
      fornavn: 'OPPFINNSOM',
      mellomnavn: 'STJERNEKLAR',
      etternavn: 'TEKANNE-PINGVIN',
      forkortetNavn: 'TEKANNE-PINGVIN OPPFINNSOM S',
    },
  ],
  sivilstand: [
    { erGjeldende: true, sivilstand: 'enkeEllerEnkemann', sivilstandsdato: '2022-06-30T22:00:00Z' },
  ],
  statsborgerskap: [
    { erGjeldende: true, statsborgerskap: 'NOR' },
    { erGjeldende: true, statsborgerskap: 'SWE' },
    { erGjeldende: false, statsborgerskap: 'DNK' },
  ],
  bostedsadresse: [
    { erGjeldende: true, adressegradering: 'ugradert', vegadresse },
    {
      erGjeldende: false,
      adressegradering: 'ugradert',
      vegadresse: { ...vegadresse, adressenavn: 'Gamlevegen' },
    },
  ],
  ukjentFelt: { x: 1 },
};

describe('toPopulationData', () => {
  it('maps current values only', () => {
    const data = toPopulationData(lookup(basePerson), hidden);
    expect(data).toMatchObject({
      finnesIFolkeregisteret: true,
      folkeregisteridentifikator: ID,
      navn: {
        fornavn: 'OPPFINNSOM',
        mellomnavn: 'STJERNEKLAR',
        etternavn: 'TEKANNE-PINGVIN',
        visningsnavn: 'Oppfinnsom Stjerneklar Tekanne-Pingvin',
      },
      foedsel: {
        foedselsdato: '2021-03-14',
        foedselsaar: 2021,
        foedeland: 'NOR',
        foedekommune: '3405',
      },
      kjoenn: 'KVINNE',
      personstatus: 'BOSATT',
      sivilstand: { type: 'ENKE_ELLER_ENKEMANN', dato: '2022-07-01' },
      statsborgerskap: ['NOR', 'SWE'],
      adressebeskyttelse: null,
    });
    expect(data.bostedsadresse).toMatchObject({
      type: 'VEGADRESSE',
      adresselinjer: ['Oppdiktetvegen 12C H0203', '2609 LILLEHAMMER'],
      postnummer: '2609',
      poststed: 'LILLEHAMMER',
      kommunenummer: '3405',
      landkode: 'NO',
      vegadresse: { adressenavn: 'Oppdiktetvegen', husnummer: '12', husbokstav: 'C' },
    });
  });

  it('gives the surviving person’s current identifier after a merge', () => {
    const merged = { ...lookup(basePerson), foedselsEllerDNummer: OLD_ID };
    expect(toPopulationData(merged, hidden).folkeregisteridentifikator).toBe(ID);
  });

  it('reports not found as data, for feilmelding entries and for absent ones', () => {
    expect(toPopulationData(lookup(null, 'Fant ikke person'), hidden)).toEqual(NOT_FOUND);
    expect(toPopulationData(undefined, hidden)).toEqual(NOT_FOUND);
    expect(NOT_FOUND.finnesIFolkeregisteret).toBe(false);
  });

  it('turns unknown enum values into null', () => {
    const data = toPopulationData(
      lookup({
        status: [{ erGjeldende: true, status: 'nyStatus' }],
        sivilstand: [{ erGjeldende: true, sivilstand: 'ukjent' }],
        kjoenn: [{ erGjeldende: true, kjoenn: 'annet' }],
      }),
      hidden,
    );
    expect(data).toMatchObject({ personstatus: null, kjoenn: null, sivilstand: { type: null } });
  });

  it('maps every confidential person status too', () => {
    for (const [wire, value] of [
      ['midlertidig', 'MIDLERTIDIG'],
      ['ikkeBosatt', 'IKKE_BOSATT'],
      ['forsvunnet', 'FORSVUNNET'],
      ['foedselsregistrert', 'FOEDSELSREGISTRERT'],
      ['inaktiv', 'INAKTIV'],
      ['opphoert', 'OPPHOERT'],
      ['doed', 'DOED'],
      ['utflyttet', 'UTFLYTTET'],
      ['aktiv', 'AKTIV'],
    ] as const) {
      expect(
        toPopulationData(lookup({ status: [{ erGjeldende: true, status: wire }] }), hidden)
          .personstatus,
      ).toBe(value);
    }
  });

  it('reads a death date as a Norwegian date', () => {
    const data = toPopulationData(
      lookup({ doedsfall: { doedsdato: '2024-03-14T23:00:00Z' } }),
      hidden,
    );
    expect(data.doedsfall).toEqual({ doedsdato: '2024-03-15' });
  });

  it('ignores a death entry that is no longer current', () => {
    const annulled = { erGjeldende: false, doedsdato: '2024-03-15' };
    expect(toPopulationData(lookup({ doedsfall: annulled }), hidden).doedsfall).toBeNull();
    expect(
      toPopulationData(
        lookup({ doedsfall: [annulled, { erGjeldende: true, doedsdato: '2024-04-02' }] }),
        hidden,
      ).doedsfall,
    ).toEqual({ doedsdato: '2024-04-02' });
  });
});

describe('addresses', () => {
  it('maps a matrikkeladresse', () => {
    const data = toPopulationData(
      lookup({
        bostedsadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            matrikkeladresse: {
              matrikkelnummer: {
                kommunenummer: '0301',
                gaardsnummer: 12,
                bruksnummer: 3,
                festenummer: 0,
              },
              poststed: { postnummer: '0150', poststedsnavn: 'OSLO' },
            },
          },
        ],
      }),
      hidden,
    );
    expect(data.bostedsadresse).toMatchObject({
      type: 'MATRIKKELADRESSE',
      adresselinjer: ['Gnr. 12 Bnr. 3', '0150 OSLO'],
      kommunenummer: '0301',
      matrikkeladresse: { gaardsnummer: 12, bruksnummer: 3, festenummer: 0 },
    });
  });

  it('maps unknown residence to its municipality only', () => {
    const data = toPopulationData(
      lookup({
        bostedsadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            ukjentBosted: { bostedskommune: '5001' },
          },
        ],
      }),
      hidden,
    );
    expect(data.bostedsadresse).toMatchObject({
      type: 'UKJENT_BOSTED',
      adresselinjer: [],
      kommunenummer: '5001',
    });
  });

  it('maps free-form and post box postal addresses', () => {
    const free = toPopulationData(
      lookup({
        postadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            postadresseIFrittFormat: {
              adresselinje: ['Linje 1', 'Linje 2'],
              poststed: { postnummer: '9999', poststedsnavn: 'STED' },
            },
          },
        ],
      }),
      hidden,
    );
    expect(free.postadresse).toMatchObject({
      type: 'FRITT_FORMAT',
      adresselinjer: ['Linje 1', 'Linje 2', '9999 STED'],
    });
    const box = toPopulationData(
      lookup({
        postadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            postboksadresse: {
              postbokseier: 'Firma AS',
              postboks: 'Postboks 12',
              poststed: { postnummer: '0101', poststedsnavn: 'OSLO' },
            },
          },
        ],
      }),
      hidden,
    );
    expect(box.postadresse).toMatchObject({
      type: 'POSTBOKS',
      adresselinjer: ['Firma AS', 'Postboks 12', '0101 OSLO'],
      postboks: { postboks: 'Postboks 12', postbokseier: 'Firma AS' },
    });
  });

  it('maps foreign addresses, structured and free-form, with alpha-2 country codes', () => {
    const structured = toPopulationData(
      lookup({
        postadresseIUtlandet: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            utenlandskAdresse: {
              adressenavn: 'Storgatan 1',
              postkode: '11122',
              byEllerStedsnavn: 'Stockholm',
              landkode: 'SE',
            },
          },
        ],
      }),
      hidden,
    );
    expect(structured.postadresse).toMatchObject({
      type: 'UTENLANDSK',
      adresselinjer: ['Storgatan 1', '11122 Stockholm', 'SE'],
      landkode: 'SE',
    });
    const free = toPopulationData(
      lookup({
        postadresseIUtlandet: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            utenlandskAdresseIFrittFormat: {
              adresselinje: ['1 Main St'],
              byEllerStedsnavn: 'Springfield',
              landkode: 'US',
            },
          },
        ],
      }),
      hidden,
    );
    expect(free.postadresse).toMatchObject({
      type: 'UTENLANDSK',
      adresselinjer: ['1 Main St', 'Springfield', 'US'],
    });
  });

  it('prints a street address’s supplementary name on its own line, after c/o', () => {
    const data = toPopulationData(
      lookup({
        bostedsadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            vegadresse: {
              ...vegadresse,
              coAdressenavn: 'SKOHORN',
              adressetilleggsnavn: 'HAUGEN',
            },
          },
        ],
      }),
      hidden,
    );
    expect(data.bostedsadresse?.adresselinjer).toEqual([
      'c/o SKOHORN',
      'HAUGEN',
      'Oppdiktetvegen 12C H0203',
      '2609 LILLEHAMMER',
    ]);
  });

  it('trims free-form address lines, Norwegian and foreign', () => {
    const norwegian = toPopulationData(
      lookup({
        postadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            postadresseIFrittFormat: {
              adresselinje: ['  Linje 1 ', ' ', 'Linje 2\t'],
              poststed: { postnummer: '9999', poststedsnavn: 'STED' },
            },
          },
        ],
      }),
      hidden,
    );
    expect(norwegian.postadresse?.adresselinjer).toEqual(['Linje 1', 'Linje 2', '9999 STED']);
    const foreign = toPopulationData(
      lookup({
        postadresseIUtlandet: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            utenlandskAdresseIFrittFormat: {
              adresselinje: [' 1 Main St  '],
              byEllerStedsnavn: 'Springfield',
              landkode: 'US',
            },
          },
        ],
      }),
      hidden,
    );
    expect(foreign.postadresse?.adresselinjer).toEqual(['1 Main St', 'Springfield', 'US']);
  });

  it('prefers the Norwegian postal address over the foreign one', () => {
    const data = toPopulationData(
      lookup({
        postadresse: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            postboksadresse: { postboks: 'Postboks 1' },
          },
        ],
        postadresseIUtlandet: [
          {
            erGjeldende: true,
            adressegradering: 'ugradert',
            utenlandskAdresse: { landkode: 'SE' },
          },
        ],
      }),
      hidden,
    );
    expect(data.postadresse?.type).toBe('POSTBOKS');
  });
});

describe('preferertKontaktadresse', () => {
  const both = (valg: string | null, gradering = 'ugradert'): FregRecord => ({
    postadresse: [
      {
        erGjeldende: true,
        adressegradering: 'ugradert',
        postboksadresse: { postboks: 'Postboks 1' },
      },
    ],
    postadresseIUtlandet: [
      {
        erGjeldende: true,
        adressegradering: 'ugradert',
        utenlandskAdresseIFrittFormat: {
          adresselinje: ['Storgatan 1'],
          postkode: '111 22',
          byEllerStedsnavn: 'STOCKHOLM',
          landkode: 'SE',
        },
      },
    ],
    ...(valg === null
      ? {}
      : {
          preferertKontaktadresse: [
            { erGjeldende: false, adressegradering: 'ugradert', valg: 'postadresse' },
            { erGjeldende: true, adressegradering: gradering, valg },
          ],
        }),
  });

  it('gives the foreign postal address as postadresse when the person prefers it, and keeps both', () => {
    const data = toPopulationData(lookup(both('postadresseIUtlandet')), hidden);
    expect(data.preferertKontaktadresse).toBe('POSTADRESSE_I_UTLANDET');
    expect(data.postadresse).toMatchObject({ type: 'UTENLANDSK', landkode: 'SE' });
    expect(data.postadresseIUtlandet).toEqual(data.postadresse);
  });

  it('gives the Norwegian postal address when preferred or when no preference is registered, and the foreign one beside it', () => {
    for (const valg of ['postadresse', null]) {
      const data = toPopulationData(lookup(both(valg)), hidden);
      expect(data.postadresse?.type).toBe('POSTBOKS');
      expect(data.postadresseIUtlandet).toMatchObject({
        type: 'UTENLANDSK',
        adresselinjer: ['Storgatan 1', '111 22 STOCKHOLM', 'SE'],
      });
    }
    expect(toPopulationData(lookup(both(null)), hidden).preferertKontaktadresse).toBeNull();
    expect(toPopulationData(lookup(both('bostedsadresse')), hidden)).toMatchObject({
      preferertKontaktadresse: 'BOSTEDSADRESSE',
      postadresse: { type: 'POSTBOKS' },
    });
  });

  it('ignores an unknown choice and withholds a graded one from callers who may not see it', () => {
    expect(toPopulationData(lookup(both('digitalPostkasse')), hidden).preferertKontaktadresse).toBe(
      null,
    );
    const graded = both('postadresseIUtlandet', 'fortrolig');
    expect(toPopulationData(lookup(graded), hidden)).toMatchObject({
      preferertKontaktadresse: null,
      postadresse: { type: 'POSTBOKS' },
    });
    expect(toPopulationData(lookup(graded), shown).preferertKontaktadresse).toBe(
      'POSTADRESSE_I_UTLANDET',
    );
  });
});

describe('protected addresses', () => {
  const fortrolig: FregRecord = {
    adressebeskyttelse: [{ erGjeldende: true, graderingsnivaa: 'fortrolig' }],
    bostedsadresse: [
      { erGjeldende: true, adressegradering: 'fortrolig', vegadresse },
      {
        erGjeldende: false,
        adressegradering: 'ugradert',
        vegadresse: { ...vegadresse, adressenavn: 'Gamlevegen' },
      },
    ],
  };
  const strengtFortrolig: FregRecord = {
    adressebeskyttelse: [{ erGjeldende: true, graderingsnivaa: 'strengtFortrolig' }],
    // No current bostedsadresse: Freg never holds it. The old, unprotected one stays as history.
    bostedsadresse: [{ erGjeldende: false, adressegradering: 'ugradert', vegadresse }],
    postadresse: [
      {
        erGjeldende: true,
        adressegradering: 'ugradert',
        postboksadresse: {
          postbokseier: 'SOT 6',
          postboks: 'Postboks 2094 Vika',
          poststed: { postnummer: '0125', poststedsnavn: 'OSLO' },
        },
      },
    ],
  };
  const klient: FregRecord = {
    bostedsadresse: [{ erGjeldende: true, adressegradering: 'KLIENTADRESSE', vegadresse }],
    postadresse: [
      {
        erGjeldende: true,
        adressegradering: 'UGRADERT',
        postboksadresse: { postboks: 'Postboks 5' },
      },
    ],
  };

  it('hides a fortrolig person’s addresses and protection, and never falls back to history', () => {
    const data = toPopulationData(lookup(fortrolig), hidden);
    expect(data.bostedsadresse).toBeNull();
    expect(data.postadresse).toBeNull();
    expect(data.adressebeskyttelse).toBeNull();
    expect(JSON.stringify(data)).not.toContain('Gamlevegen');
  });

  it('shows a fortrolig person’s current address and grading to callers allowed to see them', () => {
    const data = toPopulationData(lookup(fortrolig), shown);
    expect(data.bostedsadresse?.vegadresse?.adressenavn).toBe('Oppdiktetvegen');
    expect(data.adressebeskyttelse).toEqual({ gradering: 'FORTROLIG' });
    expect(JSON.stringify(data)).not.toContain('Gamlevegen');
  });

  it('never shows a strengt fortrolig person’s old address, to anyone', () => {
    for (const options of [hidden, shown]) {
      const data = toPopulationData(lookup(strengtFortrolig), options);
      expect(data.bostedsadresse).toBeNull();
      expect(JSON.stringify(data)).not.toContain('Oppdiktetvegen');
    }
  });

  it('shows the open SOT 6 post box to every caller, and the protection only to entitled ones', () => {
    const sot6Lines = ['SOT 6', 'Postboks 2094 Vika', '0125 OSLO'];
    const hiddenData = toPopulationData(lookup(strengtFortrolig), hidden);
    expect(hiddenData.postadresse?.adresselinjer).toEqual(sot6Lines);
    expect(hiddenData.postadresse?.postboks).toEqual({
      postboks: 'Postboks 2094 Vika',
      postbokseier: 'SOT 6',
    });
    expect(hiddenData.adressebeskyttelse).toBeNull();
    const shownData = toPopulationData(lookup(strengtFortrolig), shown);
    expect(shownData.postadresse?.adresselinjer).toEqual(sot6Lines);
    expect(shownData.adressebeskyttelse).toEqual({ gradering: 'STRENGT_FORTROLIG' });
  });

  it('shows the SOT 6 post box however its owner is spelled, also when the package withholds the protection', () => {
    const { adressebeskyttelse: _withheld, ...utenHjemmel } = strengtFortrolig;
    void _withheld;
    for (const owner of ['SOT 6', 'sot6', ' SOT  6 ']) {
      const [box] = strengtFortrolig['postadresse'] as FregRecord[];
      const record = {
        ...utenHjemmel,
        postadresse: [
          {
            ...box,
            postboksadresse: { ...(box?.['postboksadresse'] as FregRecord), postbokseier: owner },
          },
        ],
      };
      for (const options of [hidden, shown])
        expect(toPopulationData(lookup(record), options).postadresse?.type).toBe('POSTBOKS');
    }
  });

  it('hides a SOT 6 post box that Folkeregisteret grades, like any graded address', () => {
    const [box] = strengtFortrolig['postadresse'] as FregRecord[];
    const record = {
      ...strengtFortrolig,
      postadresse: [{ ...box, adressegradering: 'fortrolig' }],
    };
    expect(toPopulationData(lookup(record), hidden).postadresse).toBeNull();
    expect(toPopulationData(lookup(record), shown).postadresse?.type).toBe('POSTBOKS');
  });

  it('hides a klientadresse but keeps the person’s other, unprotected address (gradings in any case)', () => {
    const data = toPopulationData(lookup(klient), hidden);
    expect(data.bostedsadresse).toBeNull();
    expect(data.postadresse?.type).toBe('POSTBOKS');
    expect(toPopulationData(lookup(klient), shown).adressebeskyttelse).toEqual({
      gradering: 'UGRADERT',
    });
  });

  it('takes the strictest of several current protection entries, whatever their order', () => {
    const entries = [
      { erGjeldende: true, graderingsnivaa: 'ugradert' },
      { erGjeldende: true, graderingsnivaa: 'fortrolig' },
    ];
    for (const adressebeskyttelse of [entries, [...entries].reverse()]) {
      const record = {
        adressebeskyttelse,
        bostedsadresse: [{ erGjeldende: true, adressegradering: 'ugradert', vegadresse }],
      };
      expect(toPopulationData(lookup(record), hidden).bostedsadresse).toBeNull();
      expect(toPopulationData(lookup(record), shown).adressebeskyttelse).toEqual({
        gradering: 'FORTROLIG',
      });
    }
  });

  it('treats a current protection entry without a level as the strictest grading', () => {
    const record = {
      adressebeskyttelse: [{ erGjeldende: true, graderingsnivaa: ' ' }],
      bostedsadresse: [{ erGjeldende: true, adressegradering: 'ugradert', vegadresse }],
    };
    expect(toPopulationData(lookup(record), hidden).bostedsadresse).toBeNull();
    expect(toPopulationData(lookup(record), shown).adressebeskyttelse).toEqual({
      gradering: 'STRENGT_FORTROLIG',
    });
  });

  it('compares person gradings case-insensitively', () => {
    const data = toPopulationData(
      lookup({
        ...fortrolig,
        adressebeskyttelse: [{ erGjeldende: true, graderingsnivaa: 'STRENGT_FORTROLIG' }],
      }),
      shown,
    );
    expect(data.adressebeskyttelse).toEqual({ gradering: 'STRENGT_FORTROLIG' });
  });
});

describe('parseFregBulkResponse', () => {
  it('reads persons and per-identifier errors and skips malformed entries', () => {
    const lookups = parseFregBulkResponse({
      oppslag: [
        { foedselsEllerDNummer: ID, folkeregisterperson: basePerson },
        { foedselsEllerDNummer: OLD_ID, feilmelding: { feilmelding: 'ugyldig' } },
        { folkeregisterperson: {} },
        'x',
      ],
    });
    expect(lookups.map((l) => [l.foedselsEllerDNummer, l.person === null, l.feilmelding])).toEqual([
      [ID, false, null],
      [OLD_ID, true, 'ugyldig'],
    ]);
  });

  it('rejects bodies that are not bulk responses', () => {
    expect(() => parseFregBulkResponse({ kode: 'FREG-001', melding: 'x' })).toThrow();
    expect(() => parseFregBulkResponse([])).toThrow();
  });
});

describe('toDisplayCase', () => {
  it('capitalises each name part, including after hyphens', () => {
    expect(toDisplayCase('STJERNEKLAR SKOHORN-PINGVIN')).toBe('Stjerneklar Skohorn-Pingvin');
    expect(toDisplayCase('ÆRLIG ØRN')).toBe('Ærlig Ørn');
  });
});

describe('oppholdsadresse, estate contact and guardianship', () => {
  it('maps the current oppholdsadresse, hides it when protected, and treats "unknown" as none', () => {
    const person: FregRecord = {
      oppholdsadresse: [
        { erGjeldende: false, adressegradering: 'ugradert', vegadresse },
        {
          erGjeldende: true,
          adressegradering: 'ugradert',
          utenlandskAdresse: {
            adressenavn: 'Kungsgatan 12',
            byEllerStedsnavn: 'STOCKHOLM',
            landkode: 'SE',
          },
        },
      ],
    };
    expect(toPopulationData(lookup(person), hidden).oppholdsadresse).toMatchObject({
      type: 'UTENLANDSK',
      landkode: 'SE',
    });
    const graded = {
      oppholdsadresse: [{ erGjeldende: true, adressegradering: 'klientadresse', vegadresse }],
    };
    expect(toPopulationData(lookup(graded), hidden).oppholdsadresse).toBeNull();
    expect(toPopulationData(lookup(graded), shown).oppholdsadresse?.type).toBe('VEGADRESSE');
    const unknown = {
      oppholdsadresse: [
        { erGjeldende: true, adressegradering: 'ugradert', adressenErUkjent: true },
      ],
    };
    expect(toPopulationData(lookup(unknown), shown).oppholdsadresse).toBeNull();
  });

  it('maps each kind of estate contact and its address', () => {
    const estate = (contact: FregRecord): FregRecord => ({
      kontaktinformasjonForDoedsbo: [
        {
          erGjeldende: true,
          skifteform: 'offentlig',
          attestutstedelsesdato: '2024-02-01',
          ...contact,
          adresse: { adresselinje: ['Storgata 1', ''], postnummer: '0150', poststedsnavn: 'OSLO' },
        },
      ],
    });
    const lawyer = toPopulationData(
      lookup(
        estate({
          advokat: {
            personnavn: { fornavn: 'ROLIG', etternavn: 'ELG' },
            organisasjonsnavn: 'ADVOKATFIRMAET ELG AS',
            organisasjonsnummer: '912345678',
          },
        }),
      ),
      hidden,
    ).kontaktinformasjonForDoedsbo;
    expect(lawyer).toEqual({
      skifteform: 'OFFENTLIG',
      attestutstedelsesdato: '2024-02-01',
      kontakt: {
        type: 'ADVOKAT',
        personnavn: 'ROLIG ELG',
        organisasjonsnavn: 'ADVOKATFIRMAET ELG AS',
        organisasjonsnummer: '912345678',
      },
      adresse: expect.objectContaining({
        type: 'FRITT_FORMAT',
        adresselinjer: ['Storgata 1', '0150 OSLO'],
        landkode: 'NO',
      }),
    });
    const heir = toPopulationData(
      lookup(estate({ person: { personnavn: 'MODIG BJØRK' } })),
      hidden,
    ).kontaktinformasjonForDoedsbo;
    expect(heir?.kontakt).toMatchObject({ type: 'PERSON', personnavn: 'MODIG BJØRK' });
    const org = toPopulationData(
      lookup(
        estate({ organisasjon: { organisasjonsnavn: 'STIFTELSE AS', kontaktpersonnavn: 'X' } }),
      ),
      hidden,
    ).kontaktinformasjonForDoedsbo;
    expect(org?.kontakt).toMatchObject({ type: 'ORGANISASJON', organisasjonsnavn: 'STIFTELSE AS' });
  });

  it('maps current guardianships only, with unknown kinds as null', () => {
    const person: FregRecord = {
      vergemaalEllerFremtidsfullmakt: [
        {
          erGjeldende: true,
          vergemaaltype: 'stadfestetFremtidsfullmakt',
          embete: 'Statsforvalteren i Vestland',
          verge: {
            navn: { fornavn: 'KLOK', etternavn: 'MÅKE' },
            omfang: 'oekonomiskeInteresser',
            omfangetErInnenPersonligOmraade: false,
          },
        },
        { erGjeldende: true, vergemaaltype: 'nyTypeFraFremtiden' },
        { erGjeldende: false, vergemaaltype: 'voksen' },
      ],
    };
    expect(toPopulationData(lookup(person), hidden).vergemaalEllerFremtidsfullmakt).toEqual([
      {
        type: 'STADFESTET_FREMTIDSFULLMAKT',
        embete: 'Statsforvalteren i Vestland',
        verge: {
          personidentifikator: null,
          visningsnavn: 'Klok Måke',
          foedselsdato: null,
          omfang: 'OEKONOMISKE_INTERESSER',
          omfangetErInnenPersonligOmraade: false,
          tjenesteomraade: [],
        },
      },
      { type: null, embete: null, verge: null },
    ]);
  });

  it('maps a current guardian’s service areas (tjenesteomraade) when the answer has no omfang', () => {
    const area = (virksomhet: string, oppgave: string): FregRecord => ({
      vergeTjenestevirksomhet: virksomhet,
      vergeTjenesteoppgave: oppgave,
    });
    const person: FregRecord = {
      vergemaalEllerFremtidsfullmakt: [
        {
          erGjeldende: true,
          vergemaaltype: 'voksen',
          embete: 'statsforvalterenIOsloOgViken',
          verge: {
            foedselsEllerDNummer: '01817512345',
            tjenesteomraade: [
              area('nav', 'arbeid'),
              area('skatteetaten', 'skatt'),
              area('nav', 'arbeid'),
              { tjenestevirksomhet: 'kommune', tjenesteoppgave: 'helseOgOmsorg' },
              {},
            ],
          },
        },
        {
          erGjeldende: false,
          vergemaaltype: 'voksen',
          verge: { omfang: 'personligeInteresser', omfangetErInnenPersonligOmraade: true },
        },
      ],
    };
    const [only, ...rest] =
      toPopulationData(lookup(person), hidden).vergemaalEllerFremtidsfullmakt ?? [];
    expect(rest).toEqual([]);
    expect(only?.verge).toEqual({
      personidentifikator: '01817512345',
      visningsnavn: null,
      foedselsdato: null,
      omfang: null,
      omfangetErInnenPersonligOmraade: null,
      tjenesteomraade: [
        { tjenestevirksomhet: 'nav', tjenesteoppgave: 'arbeid' },
        { tjenestevirksomhet: 'skatteetaten', tjenesteoppgave: 'skatt' },
        { tjenestevirksomhet: 'kommune', tjenesteoppgave: 'helseOgOmsorg' },
      ],
    });
  });

  it('names a guardian registered by name and birth date (navnFoedselsdato)', () => {
    const person: FregRecord = {
      vergemaalEllerFremtidsfullmakt: [
        {
          erGjeldende: true,
          vergemaaltype: 'mindreaarig',
          verge: {
            navnFoedselsdato: {
              personnavn: { fornavn: 'RASK', etternavn: 'OTER' },
              foedselsdato: '1970-03-01',
              kjoenn: 'kvinne',
              statsborgerskap: ['SWE'],
            },
            tjenesteomraade: [{ vergeTjenestevirksomhet: 'nav', vergeTjenesteoppgave: 'familie' }],
          },
        },
      ],
    };
    expect(
      toPopulationData(lookup(person), hidden).vergemaalEllerFremtidsfullmakt?.[0]?.verge,
    ).toMatchObject({
      personidentifikator: null,
      visningsnavn: 'Rask Oter',
      foedselsdato: '1970-03-01',
      tjenesteomraade: [{ tjenestevirksomhet: 'nav', tjenesteoppgave: 'familie' }],
    });
  });

  it('maps current deprivations of legal capacity under either element name', () => {
    const person: FregRecord = {
      fratattRettsligHandleevne: [
        {
          erGjeldende: true,
          gyldighetstidspunkt: '2023-08-21T22:00:00Z',
          rettsligHandleevneomfang: 'delvis',
        },
        { erGjeldende: false, gyldighetstidspunkt: '2020-01-01T00:00:00+01:00' },
      ],
      rettsligHandleevne: [
        { erGjeldende: true, gyldighetstidspunkt: '2024-01-02T00:00:00.123456789+01:00' },
      ],
    };
    expect(toPopulationData(lookup(person), hidden).fratattRettsligHandleevne).toEqual([
      { omfang: 'delvis', gyldigFraOgMed: '2023-08-22' },
      { omfang: null, gyldigFraOgMed: '2024-01-02' },
    ]);
    expect(toPopulationData(lookup({}), hidden).fratattRettsligHandleevne).toEqual([]);
  });
});
