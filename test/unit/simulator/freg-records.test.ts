// Pure parts of the simulated Folkeregisteret: the person documents (shape, consistency with the
// identity number, cases), `part` resolution and each package's view; and the subgraph's mapper
// run over every generated document.
import { describe, expect, it } from 'vitest';
import { toOsloDate } from '../../../src/domain/time.ts';
import {
  buildFregDocument,
  osloMidnightInstant,
  resolveParts,
  withOsloOffset,
  sexOf,
  viewOfDocument,
  type FregDocument,
  type FregPakke,
  type PartSelection,
} from '../../../src/simulator/freg-records.ts';
import { generatePopulation, type Population } from '../../../src/simulator/population.ts';
import { toPopulationData } from '../../../src/upstream/freg/to-population-data.ts';

const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const population: Population = generatePopulation({ size: 3000, seed: 11, now: NOW });

type El = Record<string, unknown>;
const docOf = (id: string): FregDocument => {
  const person = population.get(id);
  if (person === undefined) throw new Error('not in population');
  return buildFregDocument(person, person.freg);
};
const first = (key: string): string => {
  const list = population.cases.freg[key as keyof typeof population.cases.freg];
  const value = list[0];
  if (value === undefined) throw new Error(`no ${key} case`);
  return value;
};
const arr = (doc: FregDocument, key: string): El[] => (doc[key] as El[] | undefined) ?? [];
const selection = (parts: string[], pakke: FregPakke = 'offentlig-med-hjemmel'): PartSelection => {
  const resolved = resolveParts(parts, pakke);
  if ('unknown' in resolved) throw new Error(resolved.unknown);
  return resolved;
};

describe('osloMidnightInstant', () => {
  it('writes Norwegian midnight as the UTC instant before it', () => {
    expect(osloMidnightInstant('2024-01-15')).toBe('2024-01-14T23:00:00Z');
    expect(osloMidnightInstant('2022-07-13')).toBe('2022-07-12T22:00:00Z');
    // Before today's summer-time rule the winter offset is used; it still names the same day.
    expect(osloMidnightInstant('1990-05-17')).toBe('1990-05-16T23:00:00Z');
  });

  it('always names the same Oslo date', () => {
    for (const date of ['1950-07-01', '1996-03-31', '1996-10-27', '2024-03-31', '2024-10-27']) {
      expect(toOsloDate(osloMidnightInstant(date))).toBe(date);
    }
  });
});

describe('withOsloOffset', () => {
  it('writes an instant in Oslo time with its offset, with up to nine fraction digits', () => {
    expect(withOsloOffset('2022-05-03T08:11:12.123456Z', '789')).toBe(
      '2022-05-03T10:11:12.123456789+02:00',
    );
    expect(withOsloOffset('2023-11-27T09:34:21.518307Z')).toBe('2023-11-27T10:34:21.518307+01:00');
    expect(withOsloOffset('2023-06-11T22:00:00Z', '123')).toBe('2023-06-12T00:00:00+02:00');
  });
});

/** Properties the OpenAPI description gives `format: date` (the rest of its times are date-time). */
const DATE_KEYS: ReadonlySet<string> = new Set([
  'foedselsdato',
  'sivilstandsdato',
  'doedsdato',
  'ervervsdato',
  'flyttedato',
  'oppholdsadressedato',
  'utflyttingsdato',
  'attestutstedelsesdato',
  'startdatoForKontrakt',
  'sluttdatoForKontrakt',
]);
const TIME_KEYS: ReadonlySet<string> = new Set([
  'ajourholdstidspunkt',
  'gyldighetstidspunkt',
  'opphoerstidspunkt',
]);

/** Every `[key, value]` pair anywhere in a document. */
function* entries(value: unknown): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const item of value) yield* entries(item);
  else if (typeof value === 'object' && value !== null)
    for (const [key, inner] of Object.entries(value)) {
      yield [key, inner];
      yield* entries(inner);
    }
}

describe('dates and times as the register sends them', () => {
  const allIds = population.ids;

  it('sends every date as YYYY-MM-DD, never as an instant (OpenAPI format: date)', () => {
    let dates = 0;
    for (const id of allIds) {
      for (const [key, value] of entries(docOf(id))) {
        if (!DATE_KEYS.has(key)) continue;
        dates++;
        expect(value, `${key} of a ${population.get(id)?.freg.case} person`).toMatch(
          /^\d{4}-\d{2}-\d{2}$/,
        );
      }
    }
    expect(dates).toBeGreaterThan(allIds.length * 3);
    // The case that once sent instants: its birth date is a plain date now.
    expect((arr(docOf(first('osloTidspunkt')), 'foedsel')[0] ?? {})['foedselsdato']).toBe(
      '1990-05-17',
    );
  });

  it('sends registration times with Z or an Oslo offset, the offsets with up to nine fraction digits', () => {
    const offsets = new Set<string>();
    let nineDigits = 0;
    for (const id of allIds) {
      for (const [key, value] of entries(docOf(id))) {
        if (!TIME_KEYS.has(key)) continue;
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|\+0[12]:00)$/);
        const zone = /(Z|\+0[12]:00)$/.exec(String(value))?.[1];
        if (zone !== undefined) offsets.add(zone);
        if (/\.\d{9}\+/.test(String(value))) nineDigits++;
      }
    }
    expect([...offsets].sort()).toEqual(['+01:00', '+02:00', 'Z']);
    expect(nineDigits).toBeGreaterThan(0);
    // Every time of an offset-time person carries an offset.
    for (const [key, value] of entries(docOf(first('osloTidspunkt'))))
      if (TIME_KEYS.has(key)) expect(value).toMatch(/\+0[12]:00$/);
  });
});

describe('buildFregDocument', () => {
  it('is deterministic', () => {
    for (const id of population.ids.slice(0, 50)) expect(docOf(id)).toEqual(docOf(id));
  });

  it('matches the identity number: birth date, sex, identifier type', () => {
    for (const id of population.ids) {
      const person = population.get(id);
      const doc = docOf(id);
      const current = arr(doc, 'identifikasjonsnummer').filter((e) => e['erGjeldende'] === true);
      expect(current).toEqual([
        expect.objectContaining({
          foedselsEllerDNummer: id,
          status: 'iBruk',
          identifikatortype: person?.dNumber ? 'dNummer' : 'foedselsnummer',
        }),
      ]);
      const foedsel = arr(doc, 'foedsel')[0];
      expect(toOsloDate(String(foedsel?.['foedselsdato']))).toBe(person?.birthDate);
      expect(arr(doc, 'kjoenn')[0]?.['kjoenn']).toBe(sexOf(id));
    }
  });

  it('marks every element with erGjeldende and has at most one current address per type', () => {
    for (const id of population.ids) {
      const doc = docOf(id);
      for (const [key, value] of Object.entries(doc)) {
        const elements = Array.isArray(value) ? (value as El[]) : [value as El];
        for (const element of elements) expect(typeof element['erGjeldende'], key).toBe('boolean');
      }
      for (const key of [
        'bostedsadresse',
        'oppholdsadresse',
        'postadresse',
        'postadresseIUtlandet',
      ])
        expect(arr(doc, key).filter((e) => e['erGjeldende'] === true).length).toBeLessThanOrEqual(
          1,
        );
    }
  });

  it('gives D-number persons no bostedsadresse and every fødselsnummer person one (maybe historical)', () => {
    for (const id of population.ids) {
      const person = population.get(id);
      const doc = docOf(id);
      if (person?.dNumber) expect(doc['bostedsadresse']).toBeUndefined();
      else if (
        person?.freg.case !== 'strengtFortrolig' &&
        person?.freg.case !== 'strengtFortroligUtland'
      )
        expect(arr(doc, 'bostedsadresse').length).toBeGreaterThan(0);
    }
  });

  it('builds the protected cases as the reference describes', () => {
    const strengt = docOf(first('strengtFortrolig'));
    expect(arr(strengt, 'adressebeskyttelse')[0]?.['graderingsnivaa']).toBe('strengtFortrolig');
    expect(strengt['bostedsadresse']).toBeUndefined();
    expect(arr(strengt, 'postadresse')[0]?.['postboksadresse']).toMatchObject({
      postbokseier: 'SOT 6',
      postboks: 'Postboks 2094 Vika',
    });

    const history = docOf(first('beskyttetMedUgradertHistorikk'));
    const bosted = arr(history, 'bostedsadresse');
    expect(bosted.length).toBeGreaterThan(0);
    expect(
      bosted.every((e) => e['erGjeldende'] === false && e['adressegradering'] === 'ugradert'),
    ).toBe(true);

    for (const id of population.cases.freg.fortrolig) {
      const doc = docOf(id);
      for (const e of arr(doc, 'bostedsadresse'))
        expect(String(e['adressegradering']).toLowerCase()).toBe('fortrolig');
    }
  });

  it('gives a merged person its ceased D-number as history', () => {
    const survivor = first('sammenslaatt');
    const ceased = population.cases.freg.tidligereIdentifikatorer[0];
    expect(population.fregLookup(ceased ?? '')).toBe(population.get(survivor));
    expect(arr(docOf(survivor), 'identifikasjonsnummer')).toContainEqual(
      expect.objectContaining({
        foedselsEllerDNummer: ceased,
        erGjeldende: false,
        status: 'opphoert',
        identifikatortype: 'dNummer',
      }),
    );
  });
});

describe('resolveParts', () => {
  it('means person-basis without parts, and always includes identifikasjonsnummer', () => {
    expect(selection([]).properties).toContain('bostedsadresse');
    expect(selection(['historikk']).history).toBe(true);
    expect([...selection(['navn']).properties].sort()).toEqual(['identifikasjonsnummer', 'navn']);
  });

  it('names the first unknown part', () => {
    expect(resolveParts(['navn', 'fødsel'], 'offentlig-med-hjemmel')).toEqual({
      unknown: 'fødsel',
    });
  });

  it('gives uten hjemmel only vergemaal from relasjon-utvidet', () => {
    const uten = resolveParts(['relasjon-utvidet'], 'offentlig-uten-hjemmel');
    expect(uten).not.toHaveProperty('unknown');
    expect([...(uten as PartSelection).properties].sort()).toEqual([
      'identifikasjonsnummer',
      'vergemaalEllerFremtidsfullmakt',
    ]);
  });
});

describe('viewOfDocument', () => {
  it('returns exactly the requested properties, current names only without historikk', () => {
    const doc = docOf(first('navnehistorikk'));
    const view = viewOfDocument(doc, selection(['navn']), 'offentlig-med-hjemmel');
    expect(Object.keys(view).sort()).toEqual(['identifikasjonsnummer', 'navn']);
    expect(arr(view, 'navn').every((e) => e['erGjeldende'] === true)).toBe(true);
    const withHistory = viewOfDocument(
      doc,
      selection(['navn', 'historikk']),
      'offentlig-med-hjemmel',
    );
    expect(arr(withHistory, 'navn').some((e) => e['erGjeldende'] === false)).toBe(true);
  });

  it('keeps earlier addresses even without historikk, as the fixtures show', () => {
    const doc = docOf(first('beskyttetMedUgradertHistorikk'));
    const view = viewOfDocument(doc, selection(['bostedsadresse']), 'offentlig-med-hjemmel');
    expect(arr(view, 'bostedsadresse').length).toBeGreaterThan(0);
  });

  it('withholds confidential data from uten hjemmel', () => {
    const uten = 'offentlig-uten-hjemmel' as const;
    const basis = selection([], uten);
    const fortrolig = viewOfDocument(docOf(first('fortrolig')), basis, uten);
    expect(fortrolig['adressebeskyttelse']).toBeUndefined();
    expect(fortrolig['bostedsadresse']).toBeUndefined();
    const klient = viewOfDocument(docOf(first('klientadresse')), basis, uten);
    expect(arr(klient, 'bostedsadresse').every((e) => e['adressegradering'] === 'ugradert')).toBe(
      true,
    );
    const dNummer = population.cases.freg.dNummer.find(
      (id) => arr(docOf(id), 'status')[0]?.['status'] === 'midlertidig',
    );
    expect(viewOfDocument(docOf(dNummer ?? ''), basis, uten)['status']).toBeUndefined();
    const medHjemmel = viewOfDocument(docOf(dNummer ?? ''), selection([]), 'offentlig-med-hjemmel');
    expect(arr(medHjemmel, 'status')[0]?.['status']).toBe('midlertidig');
  });
});

describe('the subgraph mapper over every simulated document', () => {
  it('maps every person without throwing, with the birth date and identifier of the document', () => {
    for (const id of population.ids) {
      const person = population.get(id);
      const data = toPopulationData(
        { foedselsEllerDNummer: id, person: docOf(id), feilmelding: null },
        { includeProtected: true },
      );
      expect(data.finnesIFolkeregisteret).toBe(true);
      expect(data.folkeregisteridentifikator).toBe(id);
      expect(data.foedsel?.foedselsdato).toBe(person?.birthDate);
      expect(data.kjoenn).toBe(sexOf(id) === 'mann' ? 'MANN' : 'KVINNE');
      expect(data.navn?.fornavn).toMatch(/^[A-ZÆØÅ]+$/);
    }
  });
});

describe('the letter-routing persons', () => {
  const f = population.cases.forsendelse;

  it('has one person per branch, in the population, each once', () => {
    const ids = Object.values(f);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(population.get(id)).toBeDefined();
    // Appended after every other person: the generated ones keep their positions.
    expect(population.ids.slice(-ids.length).sort()).toEqual([...ids].sort());
  });

  it('gives a dead person with an estate contact no current address and the documented estate element', () => {
    const doc = docOf(f.doedMedDoedsbo);
    expect(doc['doedsfall']).toBeDefined();
    expect(arr(doc, 'bostedsadresse').every((e) => e['erGjeldende'] === false)).toBe(true);
    const [estate] = arr(doc, 'kontaktinformasjonForDoedsbo');
    expect(estate).toMatchObject({
      erGjeldende: true,
      skifteform: 'annet',
      attestutstedelsesdato: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      advokat: {
        personnavn: { fornavn: expect.any(String), etternavn: expect.any(String) },
        organisasjonsnavn: expect.any(String),
        organisasjonsnummer: expect.stringMatching(/^\d{9}$/),
      },
      adresse: {
        adresselinje: [expect.any(String)],
        postnummer: expect.stringMatching(/^\d{4}$/),
        poststedsnavn: expect.any(String),
      },
    });
    expect(arr(docOf(f.doedUtenDoedsbo), 'kontaktinformasjonForDoedsbo')).toEqual([]);
  });

  it('gives guardianship, an oppholdsadresse only, and a D-number without address in their shapes', () => {
    expect(arr(docOf(f.vergemaal), 'vergemaalEllerFremtidsfullmakt')).toEqual([
      expect.objectContaining({
        erGjeldende: true,
        vergemaaltype: 'voksen',
        verge: expect.objectContaining({ omfang: 'personligeOgOekonomiskeInteresser' }),
      }),
    ]);
    const opphold = docOf(f.oppholdsadresse);
    expect(population.get(f.oppholdsadresse)?.dNumber).toBe(true);
    expect(opphold['bostedsadresse']).toBeUndefined();
    expect(arr(opphold, 'oppholdsadresse')[0]).toMatchObject({
      erGjeldende: true,
      adressegradering: 'ugradert',
      vegadresse: expect.any(Object),
    });
    const none = docOf(f.dNummerUtenAdresse);
    for (const key of ['bostedsadresse', 'oppholdsadresse', 'postadresse', 'postadresseIUtlandet'])
      expect(none[key]).toBeUndefined();
  });

  it('serves guardianship to both packages, as non-confidential', () => {
    const doc = docOf(f.vergemaal);
    for (const pakke of ['offentlig-med-hjemmel', 'offentlig-uten-hjemmel'] as const) {
      const view = viewOfDocument(doc, selection(['vergemaalEllerFremtidsfullmakt'], pakke), pakke);
      expect(arr(view, 'vergemaalEllerFremtidsfullmakt')).toHaveLength(1);
    }
  });

  it('gives fortrolig and the D-number without address the same birth date and KRR situation', () => {
    const a = population.get(f.fortrolig);
    const b = population.get(f.dNummerUtenAdresse);
    expect(a?.birthDate).toBe(b?.birthDate);
    expect(a?.krr).toBeNull();
    expect(b?.krr).toBeNull();
  });
});

describe('the persons shaped like current answers', () => {
  const f = population.cases.forsendelse;

  it('gives guardians service areas and no omfang, one guardian by name and birth date, the old omfang as history', () => {
    const list = arr(docOf(f.vergemaalMedTjenesteomraader), 'vergemaalEllerFremtidsfullmakt');
    const currentOnes = list.filter((e) => e['erGjeldende'] === true);
    expect(currentOnes).toHaveLength(2);
    for (const element of currentOnes) {
      const verge = element['verge'] as El;
      expect(verge['omfang']).toBeUndefined();
      const areas = verge['tjenesteomraade'] as El[];
      expect(areas.length).toBeGreaterThan(0);
      for (const area of areas)
        expect(Object.keys(area).sort()).toEqual([
          'vergeTjenesteoppgave',
          'vergeTjenestevirksomhet',
        ]);
    }
    expect((currentOnes[1]?.['verge'] as El)['navnFoedselsdato']).toMatchObject({
      foedselsdato: '1958-09-14',
    });
    expect(list.find((e) => e['erGjeldende'] === false)?.['verge']).toMatchObject({
      omfang: 'personligeOgOekonomiskeInteresser',
    });
  });

  it('gives both postal addresses current, with the preference the case names', () => {
    const cases = [
      [f.postadresseIUtlandetForetrukket, 'postadresseIUtlandet'],
      [f.bostedsadresseForetrukket, 'bostedsadresse'],
      [f.toPostadresser, undefined],
    ] as const;
    for (const [id, valg] of cases) {
      const doc = docOf(id);
      for (const key of ['postadresse', 'postadresseIUtlandet'])
        expect(arr(doc, key).filter((e) => e['erGjeldende'] === true)).toHaveLength(1);
      expect(arr(doc, 'preferertKontaktadresse')[0]?.['valg']).toBe(valg);
    }
  });
});
