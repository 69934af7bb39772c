// What Folkeregisteret data looks like through the subgraph: every address variant, protected
// persons with and without the person:adressebeskyttelse.read caller scope (history of protected
// persons never shown, protection never revealed), merged and unknown identifiers, unknown enum
// values and UTC instants that stand for Norwegian dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFregDocument, type FregDocument } from '../../../src/simulator/freg-records.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  startSubgraph,
  startTestSimulator,
  type GraphqlResponse,
  type Subgraph,
} from '../support/stack.ts';

let sim: Simulator;
let entitled: Subgraph;
let unentitled: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  entitled = await startSubgraph(sim);
  unentitled = await startSubgraph(sim, {
    callerScopes: ALL_CALLER_SCOPES.filter((s) => s !== 'person:adressebeskyttelse.read'),
  });
});
afterAll(async () => {
  await Promise.all([entitled.close(), unentitled.close()]);
  await sim.close();
});

const ADRESSE = `type adresselinjer coAdressenavn postnummer poststed kommunenummer landkode
  vegadresse { adressenavn husnummer husbokstav bruksenhetsnummer adressekode }
  matrikkeladresse { gaardsnummer bruksnummer festenummer undernummer adressetilleggsnavn bruksenhetsnummer }
  postboks { postboks postbokseier }`;
const FREG_FIELDS = `personidentifikator finnesIFolkeregisteret folkeregisteridentifikator
  navn { fornavn mellomnavn etternavn visningsnavn } foedsel { foedselsdato foedselsaar foedeland }
  kjoenn personstatus doedsfall { doedsdato } sivilstand { type dato } statsborgerskap
  bostedsadresse { ${ADRESSE} } postadresse { ${ADRESSE} }`;
const QUERY = `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${FREG_FIELDS} adressebeskyttelse { gradering } } }`;
const QUERY_NO_PROTECTION = `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${FREG_FIELDS} } }`;

type Adresse = {
  type: string;
  adresselinjer: string[];
  postnummer: string | null;
  kommunenummer: string | null;
  landkode: string | null;
  vegadresse: { adressenavn: string | null; husnummer: string | null } | null;
  matrikkeladresse: { gaardsnummer: number | null } | null;
  postboks: { postboks: string | null; postbokseier: string | null } | null;
};
type Person = {
  personidentifikator: string;
  finnesIFolkeregisteret: boolean | null;
  folkeregisteridentifikator: string | null;
  navn: { fornavn: string | null; etternavn: string | null } | null;
  foedsel: { foedselsdato: string | null } | null;
  personstatus: string | null;
  doedsfall: { doedsdato: string | null } | null;
  sivilstand: { type: string | null; dato: string | null } | null;
  statsborgerskap: string[] | null;
  bostedsadresse: Adresse | null;
  postadresse: Adresse | null;
  adressebeskyttelse?: { gradering: string } | null;
};
type El = Record<string, unknown>;
type CaseName = keyof Simulator['population']['cases']['freg'];

const caseId = (name: CaseName): string => {
  const id = sim.population.cases.freg[name][0];
  if (id === undefined) throw new Error(`no ${name} case`);
  return id;
};
const docOf = (id: string): FregDocument => {
  const person = sim.population.get(id);
  if (person === undefined) throw new Error('not in population');
  return buildFregDocument(person, person.freg);
};
const currentOf = (doc: FregDocument, key: string): El | undefined =>
  ((doc[key] as El[] | undefined) ?? []).find((e) => e['erGjeldende'] === true);

async function persons(
  s: Subgraph,
  ids: readonly string[],
  query = QUERY,
): Promise<GraphqlResponse> {
  return s.query(query, { ids });
}
/** One person; a caller without the protection scope does not select adressebeskyttelse. */
async function one(s: Subgraph, id: string): Promise<Person> {
  const res = await persons(s, [id], s === unentitled ? QUERY_NO_PROTECTION : QUERY);
  expect(res.body.errors).toBeUndefined();
  const [person] = res.body.data?.['personer'] as Person[];
  if (person === undefined) throw new Error('no person');
  return person;
}

describe('address variants', () => {
  it('maps a street address with its parts', async () => {
    const id = caseId('vegadresse');
    const veg = currentOf(docOf(id), 'bostedsadresse')?.['vegadresse'] as El;
    const person = await one(entitled, id);
    expect(person.bostedsadresse).toMatchObject({
      type: 'VEGADRESSE',
      kommunenummer: veg['kommunenummer'],
      postnummer: (veg['poststed'] as El)['postnummer'],
      landkode: 'NO',
      vegadresse: { adressenavn: veg['adressenavn'] },
    });
    expect(person.bostedsadresse?.adresselinjer.length).toBeGreaterThanOrEqual(2);
    expect(person.adressebeskyttelse?.gradering ?? 'UGRADERT').toBe('UGRADERT');
  });

  it('maps a cadastral address', async () => {
    const id = caseId('matrikkeladresse');
    const m = currentOf(docOf(id), 'bostedsadresse')?.['matrikkeladresse'] as El;
    const person = await one(entitled, id);
    expect(person.bostedsadresse).toMatchObject({
      type: 'MATRIKKELADRESSE',
      matrikkeladresse: { gaardsnummer: (m['matrikkelnummer'] as El)['gaardsnummer'] },
    });
  });

  it('maps free-form, post box and foreign postal addresses', async () => {
    const [fritt, boks, utland] = await Promise.all(
      (['postadresseFrittFormat', 'postboks', 'utenlandskPostadresse'] as const).map((c) =>
        one(entitled, caseId(c)),
      ),
    );
    const lines = (
      currentOf(docOf(caseId('postadresseFrittFormat')), 'postadresse')?.[
        'postadresseIFrittFormat'
      ] as El
    )['adresselinje'] as string[];
    expect(fritt?.postadresse).toMatchObject({ type: 'FRITT_FORMAT', postnummer: '5003' });
    expect(fritt?.postadresse?.adresselinjer.slice(0, lines.length)).toEqual(lines);
    expect(boks?.postadresse).toMatchObject({
      type: 'POSTBOKS',
      postboks: { postboks: expect.stringMatching(/^Postboks \d+$/) },
    });
    expect(utland?.postadresse).toMatchObject({
      type: 'UTENLANDSK',
      landkode: expect.stringMatching(/^[A-Z]{2}$/),
    });
    expect(utland?.bostedsadresse?.type).toBe('VEGADRESSE');
  });

  it('maps an unknown residence to its municipality', async () => {
    const person = await one(entitled, caseId('ukjentBosted'));
    expect(person.bostedsadresse).toMatchObject({
      type: 'UKJENT_BOSTED',
      adresselinjer: [],
      kommunenummer: expect.stringMatching(/^\d{4}$/),
    });
  });

  it('gives a D-number person no residential address and a D-number status', async () => {
    const id = caseId('dNummer');
    const person = await one(entitled, id);
    expect(person.bostedsadresse).toBeNull();
    expect(person.folkeregisteridentifikator).toBe(id);
    expect(['MIDLERTIDIG', 'INAKTIV']).toContain(person.personstatus);
  });

  it('gives an emigrated person no Norwegian residence, only the foreign postal address', async () => {
    const person = await one(entitled, caseId('utflyttet'));
    expect(person.personstatus).toBe('UTFLYTTET');
    expect(person.bostedsadresse).toBeNull();
    expect(person.postadresse?.type).toBe('UTENLANDSK');
  });
});

describe('person data', () => {
  it('maps death with the date Folkeregisteret sends', async () => {
    const id = caseId('doed');
    const raw = (docOf(id)['doedsfall'] as El)['doedsdato'] as string;
    const person = await one(entitled, id);
    expect(person.personstatus).toBe('DOED');
    expect(raw).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(person.doedsfall?.doedsdato).toBe(raw);
  });

  it('reads offset registration times beside plain dates, as current answers have them', async () => {
    const id = caseId('osloTidspunkt');
    const doc = docOf(id);
    expect((currentOf(doc, 'foedsel') as El)['foedselsdato']).toBe('1990-05-17');
    expect((currentOf(doc, 'foedsel') as El)['gyldighetstidspunkt']).toBe(
      '1990-05-17T00:00:00+01:00',
    );
    expect((currentOf(doc, 'navn') as El)['ajourholdstidspunkt']).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6,9}\+0[12]:00$/,
    );
    const person = await one(entitled, id);
    expect(person.foedsel?.foedselsdato).toBe('1990-05-17');
  });

  it('lists both current citizenships of a dual citizen', async () => {
    const person = await one(entitled, caseId('dobbeltStatsborgerskap'));
    expect(person.statsborgerskap).toHaveLength(2);
    expect(person.statsborgerskap).toContain('NOR');
  });

  it('shows only the current name of a person with name history', async () => {
    const id = caseId('navnehistorikk');
    const current = currentOf(docOf(id), 'navn') as El;
    const person = await one(entitled, id);
    expect(person.navn).toMatchObject({
      fornavn: current['fornavn'],
      etternavn: current['etternavn'],
    });
  });

  it('tolerates unknown enum values and properties: null for that value, no error', async () => {
    const person = await one(entitled, caseId('ukjentEnumverdi'));
    expect(person.sivilstand).toMatchObject({ type: null, dato: expect.stringMatching(/^\d{4}-/) });
    expect(person.navn).not.toBeNull();
  });

  it('agrees with the simulator on birth date and identifier for a thousand persons', async () => {
    const ids = sim.population.ids.slice(0, 1000);
    const res = await persons(entitled, ids);
    expect(res.body.errors).toBeUndefined();
    for (const person of res.body.data?.['personer'] as Person[]) {
      expect(person.foedsel?.foedselsdato).toBe(
        sim.population.get(person.personidentifikator)?.birthDate,
      );
      expect(person.folkeregisteridentifikator).toBe(person.personidentifikator);
      expect(person.finnesIFolkeregisteret).toBe(true);
    }
  });
});

describe('guardianship and the preferred postal address, as current answers give them', () => {
  const f = (): Simulator['population']['cases']['forsendelse'] => sim.population.cases.forsendelse;

  it('gives each guardian’s service areas, the name of one registered by birth date, and no omfang', async () => {
    const id = f().vergemaalMedTjenesteomraader;
    const res = await entitled.query(
      `query($id: ID!) { person(personidentifikator: $id) { vergemaalEllerFremtidsfullmakt {
        type embete verge { personidentifikator visningsnavn foedselsdato omfang
          omfangetErInnenPersonligOmraade tjenesteomraade { tjenesteoppgave tjenestevirksomhet } }
      } } }`,
      { id },
    );
    expect(res.body.errors).toBeUndefined();
    const person = res.body.data?.['person'] as {
      vergemaalEllerFremtidsfullmakt: {
        type: string;
        verge: {
          personidentifikator: string | null;
          visningsnavn: string | null;
          foedselsdato: string | null;
          omfang: string | null;
          tjenesteomraade: { tjenesteoppgave: string; tjenestevirksomhet: string }[];
        };
      }[];
    };
    const wire = (docOf(id)['vergemaalEllerFremtidsfullmakt'] as El[]).filter(
      (e) => e['erGjeldende'] === true,
    );
    const [withId, byName] = person.vergemaalEllerFremtidsfullmakt;
    expect(person.vergemaalEllerFremtidsfullmakt).toHaveLength(wire.length);
    expect(withId?.verge.omfang).toBeNull();
    expect(withId?.verge.personidentifikator).toMatch(/^\d{11}$/);
    expect(withId?.verge.tjenesteomraade).toEqual(
      ((wire[0]?.['verge'] as El)['tjenesteomraade'] as El[]).map((area) => ({
        tjenesteoppgave: area['vergeTjenesteoppgave'],
        tjenestevirksomhet: area['vergeTjenestevirksomhet'],
      })),
    );
    expect(withId?.verge.tjenesteomraade).toContainEqual({
      tjenesteoppgave: 'skatt',
      tjenestevirksomhet: 'skatteetaten',
    });
    expect(byName?.verge).toMatchObject({
      personidentifikator: null,
      visningsnavn: expect.stringMatching(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u),
      foedselsdato: '1958-09-14',
    });
    expect(byName?.verge.tjenesteomraade.length).toBeGreaterThan(0);
  });

  it('gives the deprivation of legal capacity beside the guardianship, and none for others', async () => {
    const res = await entitled.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
        fratattRettsligHandleevne { omfang gyldigFraOgMed }
      } }`,
      { ids: [f().vergemaalMedTjenesteomraader, f().vergemaal] },
    );
    expect(res.body.errors).toBeUndefined();
    const [deprived, other] = res.body.data?.['personer'] as {
      fratattRettsligHandleevne: { omfang: string | null; gyldigFraOgMed: string | null }[];
    }[];
    expect(deprived?.fratattRettsligHandleevne).toEqual([
      { omfang: null, gyldigFraOgMed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
    expect(other?.fratattRettsligHandleevne).toEqual([]);
  });

  it('keeps both postal addresses and gives the preferred one as postadresse', async () => {
    const ids = [
      f().postadresseIUtlandetForetrukket,
      f().bostedsadresseForetrukket,
      f().toPostadresser,
    ];
    const res = await entitled.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
        preferertKontaktadresse postadresse { type landkode } postadresseIUtlandet { type landkode }
      } }`,
      { ids },
    );
    expect(res.body.errors).toBeUndefined();
    const [utland, bosted, ingen] = res.body.data?.['personer'] as {
      preferertKontaktadresse: string | null;
      postadresse: { type: string; landkode: string } | null;
      postadresseIUtlandet: { type: string; landkode: string } | null;
    }[];
    const landkode = (
      currentOf(docOf(f().postadresseIUtlandetForetrukket), 'postadresseIUtlandet')?.[
        'utenlandskAdresseIFrittFormat'
      ] as El
    )['landkode'];
    expect(utland).toEqual({
      preferertKontaktadresse: 'POSTADRESSE_I_UTLANDET',
      postadresse: { type: 'UTENLANDSK', landkode },
      postadresseIUtlandet: { type: 'UTENLANDSK', landkode },
    });
    expect(bosted).toMatchObject({
      preferertKontaktadresse: 'BOSTEDSADRESSE',
      postadresse: { type: 'POSTBOKS' },
      postadresseIUtlandet: { type: 'UTENLANDSK' },
    });
    expect(ingen).toMatchObject({
      preferertKontaktadresse: null,
      postadresse: { type: 'POSTBOKS' },
      postadresseIUtlandet: { type: 'UTENLANDSK' },
    });
  });
});

describe('merged and unknown identifiers', () => {
  it("returns the surviving person's data and current identifier for a ceased identifier", async () => {
    const survivor = caseId('sammenslaatt');
    const ceased = sim.population.cases.freg.tidligereIdentifikatorer[0] ?? '';
    const res = await persons(entitled, [ceased, survivor]);
    expect(res.body.errors).toBeUndefined();
    const [viaCeased, direct] = res.body.data?.['personer'] as Person[];
    expect(viaCeased).toMatchObject({
      personidentifikator: ceased,
      finnesIFolkeregisteret: true,
      folkeregisteridentifikator: survivor,
    });
    expect(viaCeased?.navn).toEqual(direct?.navn);
    expect(viaCeased?.foedsel).toEqual(direct?.foedsel);
  });

  it('gives unknown and ceased-without-survivor identifiers a person with finnesIFolkeregisteret false', async () => {
    const ids = [
      ...sim.population.unknownIds(2),
      ...sim.population.cases.freg.opphoert.slice(0, 1),
    ];
    for (const query of ['personer', '_entities'] as const) {
      const res =
        query === 'personer'
          ? await persons(entitled, ids)
          : await entitled.query(
              `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${FREG_FIELDS} } } }`,
              { r: ids.map((id) => ({ __typename: 'Person', personidentifikator: id })) },
            );
      expect(res.body.errors).toBeUndefined();
      const list = res.body.data?.[query] as Person[];
      expect(list.map((p) => p.personidentifikator)).toEqual(ids);
      for (const person of list) {
        expect(person).toMatchObject({
          finnesIFolkeregisteret: false,
          folkeregisteridentifikator: null,
          navn: null,
          bostedsadresse: null,
        });
      }
    }
  });
});

describe('address protection with the person:adressebeskyttelse.read scope', () => {
  it('shows a fortrolig address and the grading', async () => {
    const person = await one(entitled, caseId('fortrolig'));
    expect(person.bostedsadresse?.type).toBe('VEGADRESSE');
    expect(person.adressebeskyttelse).toEqual({ gradering: 'FORTROLIG' });
  });

  it('shows the SOT 6 post box and no residence for strengt fortrolig', async () => {
    const person = await one(entitled, caseId('strengtFortrolig'));
    expect(person.bostedsadresse).toBeNull();
    expect(person.postadresse).toMatchObject({
      type: 'POSTBOKS',
      postboks: { postbokseier: 'SOT 6' },
    });
    expect(person.adressebeskyttelse).toEqual({ gradering: 'STRENGT_FORTROLIG' });
  });

  it('treats the unknown strengtFortroligUtland grading as the strictest known one', async () => {
    const person = await one(entitled, caseId('strengtFortroligUtland'));
    expect(person.adressebeskyttelse).toEqual({ gradering: 'STRENGT_FORTROLIG' });
    expect(person.bostedsadresse).toBeNull();
    expect(person.postadresse).toBeNull();
  });

  it('shows a klientadresse and upper-case gradings', async () => {
    const klient = await one(entitled, caseId('klientadresse'));
    expect(klient.bostedsadresse?.type).toBe('VEGADRESSE');
    const mixed = await one(entitled, caseId('blandetStorbokstav'));
    expect(mixed.bostedsadresse?.type).toBe('VEGADRESSE');
    expect(mixed.postadresse?.type).toBe('FRITT_FORMAT');
    expect(mixed.adressebeskyttelse).toEqual({ gradering: 'UGRADERT' });
  });
});

describe('address protection without the scope', () => {
  // Persons whose every current address is protected: nothing to show without the scope.
  const hiddenCases: CaseName[] = ['fortrolig', 'strengtFortroligUtland'];
  // Strengt fortrolig persons: Folkeregisteret's answer is the open SOT 6 post box.
  const sot6Cases: CaseName[] = ['strengtFortrolig', 'beskyttetMedUgradertHistorikk'];
  const protectedCases: CaseName[] = [...hiddenCases, ...sot6Cases];

  it('hides protected and klientadresse addresses, and shows the unprotected postal address', async () => {
    for (const name of [...protectedCases, 'klientadresse'] as const) {
      const person = await one(unentitled, caseId(name));
      expect(person.bostedsadresse, name).toBeNull();
      expect(person.adressebeskyttelse ?? null, name).toBeNull();
      if (hiddenCases.includes(name)) expect(person.postadresse, name).toBeNull();
    }
    const mixed = await one(unentitled, caseId('blandetStorbokstav'));
    expect(mixed.bostedsadresse).toBeNull();
    expect(mixed.postadresse?.type).toBe('FRITT_FORMAT');
  });

  it('shows the open SOT 6 post box of a strengt fortrolig person to a caller without the scope, as Folkeregisteret delivers it', async () => {
    for (const name of sot6Cases) {
      for (const id of sim.population.cases.freg[name]) {
        const res = await persons(unentitled, [id]);
        const [person] = res.body.data?.['personer'] as Person[];
        expect(person?.bostedsadresse, name).toBeNull();
        expect(person?.postadresse, name).toEqual({
          type: 'POSTBOKS',
          adresselinjer: ['SOT 6', 'Postboks 2094 Vika', '0125 OSLO'],
          coAdressenavn: null,
          postnummer: '0125',
          poststed: 'OSLO',
          kommunenummer: null,
          landkode: 'NO',
          vegadresse: null,
          matrikkeladresse: null,
          postboks: { postboks: 'Postboks 2094 Vika', postbokseier: 'SOT 6' },
        });
        // The protection level itself keeps its own scope.
        expect(person?.adressebeskyttelse, name).toBeNull();
        expect(res.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
      }
    }
  });

  it('shows the SOT 6 post box through the uten-hjemmel package too, which delivers it', async () => {
    const uten = await startSubgraph(sim, {
      freg: { rettighetspakke: 'offentlig-uten-hjemmel' },
      callerScopes: ['person:folkeregister.read'],
    });
    try {
      const res = await persons(uten, [caseId('strengtFortrolig')], QUERY_NO_PROTECTION);
      expect(res.body.errors).toBeUndefined();
      const [person] = res.body.data?.['personer'] as Person[];
      expect(person?.postadresse?.postboks?.postbokseier).toBe('SOT 6');
    } finally {
      await uten.close();
    }
  });

  it('never shows the earlier unprotected address of a protected person, with or without the scope', async () => {
    const id = caseId('beskyttetMedUgradertHistorikk');
    const old = ((docOf(id)['bostedsadresse'] as El[])[0]?.['vegadresse'] as El)['adressenavn'];
    for (const s of [entitled, unentitled]) {
      const res = await persons(s, [id]);
      const [person] = res.body.data?.['personer'] as Person[];
      expect(person?.bostedsadresse).toBeNull();
      expect(JSON.stringify(res.body)).not.toContain(String(old));
    }
    for (const id2 of sim.population.cases.freg.beskyttetMedUgradertHistorikk) {
      const person = await one(entitled, id2);
      expect(person.bostedsadresse).toBeNull();
    }
  });

  it('reveals nothing about protection: the same shape and errors as a person without an address', async () => {
    const plain = caseId('dNummer');
    const answers = await Promise.all(
      [plain, ...hiddenCases.map(caseId)].map((id) => persons(unentitled, [id])),
    );
    const shapeOf = (res: GraphqlResponse): unknown => {
      const [person] = res.body.data?.['personer'] as Person[];
      return {
        keys: Object.keys(person ?? {}),
        bostedsadresse: person?.bostedsadresse,
        postadresse: person?.postadresse,
        adressebeskyttelse: person?.adressebeskyttelse,
        errors: res.body.errors?.map((e) => [
          e.extensions?.['code'],
          e.extensions?.['field'],
          e.path,
        ]),
      };
    };
    const reference = shapeOf(answers[0] as GraphqlResponse);
    for (const res of answers.slice(1)) {
      expect(shapeOf(res)).toEqual(reference);
      // The data says nothing; the one FORBIDDEN error (compared above) is the same for everyone.
      expect(JSON.stringify(res.body.data)).not.toMatch(/fortrolig|SOT 6|klientadresse|ugradert/i);
    }
    // Without selecting adressebeskyttelse there is no error at all, protected or not.
    const quiet = await persons(unentitled, protectedCases.map(caseId), QUERY_NO_PROTECTION);
    expect(quiet.body.errors).toBeUndefined();
  });
});

describe('oppholdsadresse, estate contact and guardianship', () => {
  const QUERY_NEW = `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
    oppholdsadresse { type adresselinjer }
    kontaktinformasjonForDoedsbo { skifteform attestutstedelsesdato
      kontakt { type personnavn organisasjonsnavn organisasjonsnummer } adresse { type adresselinjer } }
    vergemaalEllerFremtidsfullmakt { type embete verge { personidentifikator visningsnavn omfang omfangetErInnenPersonligOmraade } }
  } }`;
  type NewFields = {
    oppholdsadresse: { type: string; adresselinjer: string[] } | null;
    kontaktinformasjonForDoedsbo: Record<string, unknown> | null;
    vergemaalEllerFremtidsfullmakt: Record<string, unknown>[] | null;
  };

  it('shows each as Folkeregisteret registers it, current values only', async () => {
    const f = sim.population.cases.forsendelse;
    const res = await entitled.query(QUERY_NEW, {
      ids: [f.oppholdsadresse, f.doedMedDoedsbo, f.vergemaal, f.digitalPostkasse],
    });
    expect(res.body.errors).toBeUndefined();
    const [opphold, dead, verge, plain] = res.body.data?.['personer'] as NewFields[];
    const oppholdEl = currentOf(docOf(f.oppholdsadresse), 'oppholdsadresse');
    const veg = oppholdEl?.['vegadresse'] as El;
    expect(opphold?.oppholdsadresse?.type).toBe('VEGADRESSE');
    expect(opphold?.oppholdsadresse?.adresselinjer.at(-1)).toBe(
      `${String((veg['poststed'] as El)['postnummer'])} ${String((veg['poststed'] as El)['poststedsnavn'])}`,
    );
    const estate = currentOf(docOf(f.doedMedDoedsbo), 'kontaktinformasjonForDoedsbo') as El;
    const advokat = estate['advokat'] as El;
    expect(dead?.kontaktinformasjonForDoedsbo).toEqual({
      skifteform: 'ANNET',
      attestutstedelsesdato: estate['attestutstedelsesdato'],
      kontakt: {
        type: 'ADVOKAT',
        personnavn: `${String((advokat['personnavn'] as El)['fornavn'])} ${String((advokat['personnavn'] as El)['etternavn'])}`,
        organisasjonsnavn: advokat['organisasjonsnavn'],
        organisasjonsnummer: advokat['organisasjonsnummer'],
      },
      adresse: {
        type: 'FRITT_FORMAT',
        adresselinjer: [
          ...(estate['adresse'] as { adresselinje: string[] }).adresselinje,
          `${String((estate['adresse'] as El)['postnummer'])} ${String((estate['adresse'] as El)['poststedsnavn'])}`,
        ],
      },
    });
    expect(verge?.vergemaalEllerFremtidsfullmakt).toEqual([
      {
        type: 'VOKSEN',
        embete: 'Statsforvalteren i Oslo og Viken',
        verge: {
          personidentifikator: null,
          visningsnavn: expect.any(String),
          omfang: 'PERSONLIGE_OG_OEKONOMISKE_INTERESSER',
          omfangetErInnenPersonligOmraade: true,
        },
      },
    ]);
    expect(plain).toEqual({
      oppholdsadresse: null,
      kontaktinformasjonForDoedsbo: null,
      vergemaalEllerFremtidsfullmakt: [],
    });
  });
});
