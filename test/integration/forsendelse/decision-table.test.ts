// Person.forsendelse end to end: every branch of the letter-routing decision, for decisions
// (VEDTAK) and information (INFORMASJON), through real HTTP against the register simulator.
// Expected channels, reasons and addresses are stated here; the address lines are checked
// against the simulator's own Folkeregisteret document for the person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFregDocument, type FregDocument } from '../../../src/simulator/freg-records.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { ForsendelseCase } from '../../../src/simulator/population.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../support/stack.ts';

let sim: Simulator;
let subgraph: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  subgraph = await startSubgraph(sim);
});
afterAll(async () => {
  await subgraph.close();
  await sim.close();
});

const FORSENDELSE_FIELDS = `kanal alternativeKanaler begrunnelser
  digitalPostkasse { postkasseadresse postkasseleverandoeradresse }
  varslingskanaler { type verdi }
  postadresse { type adresselinjer postnummer poststed landkode }
  postadressekilde harVerge alder`;

interface Forsendelse {
  kanal: string;
  alternativeKanaler: string[];
  begrunnelser: string[];
  digitalPostkasse: { postkasseadresse: string; postkasseleverandoeradresse: string } | null;
  varslingskanaler: { type: string; verdi: string }[];
  postadresse: { type: string; adresselinjer: string[]; landkode: string | null } | null;
  postadressekilde: string | null;
  harVerge: boolean | null;
  alder: number | null;
}

type El = Record<string, unknown>;
const current = (doc: FregDocument, key: string): El | undefined =>
  ((doc[key] as El[] | undefined) ?? []).find((e) => e['erGjeldende'] === true);

interface Row {
  readonly kanal: string;
  readonly begrunnelser: readonly string[];
  readonly alternativeKanaler?: readonly string[];
  readonly kilde: string | null;
  /** The varslingskanaler types, in order. */
  readonly varsling?: readonly string[];
}

/** The decision table: one row per branch and purpose. */
const TABLE: Readonly<Record<ForsendelseCase, { VEDTAK: Row; INFORMASJON: Row }>> = {
  // Folkeregisteret does not know the person: said on the mailbox route too (death unchecked).
  ikkeIFolkeregisteret: {
    VEDTAK: {
      kanal: 'DIGITAL_POSTKASSE',
      begrunnelser: ['HAR_DIGITAL_POSTKASSE', 'IKKE_I_FOLKEREGISTERET'],
      kilde: null,
    },
    INFORMASJON: {
      kanal: 'DIGITAL_POSTKASSE',
      begrunnelser: ['HAR_DIGITAL_POSTKASSE', 'IKKE_I_FOLKEREGISTERET'],
      kilde: null,
    },
  },
  // KRR's empty mailbox (a provider beside an empty address) is no mailbox.
  tomPostkasse: {
    VEDTAK: {
      kanal: 'INNBOKS_MED_VARSEL',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE'],
      alternativeKanaler: ['PAPIR'],
      kilde: 'BOSTEDSADRESSE',
      varsling: ['EPOST', 'SMS'],
    },
    INFORMASJON: {
      kanal: 'INNBOKS_MED_VARSEL',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE'],
      alternativeKanaler: ['PAPIR'],
      kilde: 'BOSTEDSADRESSE',
      varsling: ['EPOST', 'SMS'],
    },
  },
  digitalPostkasse: {
    VEDTAK: { kanal: 'DIGITAL_POSTKASSE', begrunnelser: ['HAR_DIGITAL_POSTKASSE'], kilde: null },
    INFORMASJON: {
      kanal: 'DIGITAL_POSTKASSE',
      begrunnelser: ['HAR_DIGITAL_POSTKASSE'],
      kilde: null,
    },
  },
  ingenPostkasse: {
    VEDTAK: {
      kanal: 'INNBOKS_MED_VARSEL',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE'],
      alternativeKanaler: ['PAPIR'],
      kilde: 'BOSTEDSADRESSE',
      varsling: ['EPOST', 'SMS'],
    },
    INFORMASJON: {
      kanal: 'INNBOKS_MED_VARSEL',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE'],
      alternativeKanaler: ['PAPIR'],
      kilde: 'BOSTEDSADRESSE',
      varsling: ['EPOST', 'SMS'],
    },
  },
  reservert: {
    VEDTAK: { kanal: 'PAPIR', begrunnelser: ['RESERVERT'], kilde: 'BOSTEDSADRESSE' },
    // Reservation does not hold back information: the mailbox is used.
    INFORMASJON: {
      kanal: 'DIGITAL_POSTKASSE',
      begrunnelser: ['HAR_DIGITAL_POSTKASSE'],
      kilde: null,
    },
  },
  ikkeRegistrert: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
  },
  slettet: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['SLETTET_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'SLETTET_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
  },
  utloeptKontaktinformasjon: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['UTLOEPT_KONTAKTINFORMASJON', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'UTLOEPT_KONTAKTINFORMASJON', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
  },
  enKanalUtloept: {
    VEDTAK: {
      kanal: 'INNBOKS_MED_VARSEL',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE'],
      alternativeKanaler: ['PAPIR'],
      kilde: 'BOSTEDSADRESSE',
      varsling: ['SMS'],
    },
    INFORMASJON: {
      kanal: 'INNBOKS_MED_VARSEL',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE'],
      alternativeKanaler: ['PAPIR'],
      kilde: 'BOSTEDSADRESSE',
      varsling: ['SMS'],
    },
  },
  doedMedDoedsbo: {
    VEDTAK: { kanal: 'DOEDSBO', begrunnelser: ['DOED'], kilde: 'KONTAKTINFORMASJON_FOR_DOEDSBO' },
    INFORMASJON: {
      kanal: 'DOEDSBO',
      begrunnelser: ['DOED'],
      kilde: 'KONTAKTINFORMASJON_FOR_DOEDSBO',
    },
  },
  doedUtenDoedsbo: {
    VEDTAK: { kanal: 'INGEN', begrunnelser: ['DOED', 'INGEN_DOEDSBOADRESSE'], kilde: null },
    INFORMASJON: { kanal: 'INGEN', begrunnelser: ['DOED', 'INGEN_DOEDSBOADRESSE'], kilde: null },
  },
  vergemaal: {
    VEDTAK: { kanal: 'DIGITAL_POSTKASSE', begrunnelser: ['HAR_DIGITAL_POSTKASSE'], kilde: null },
    INFORMASJON: {
      kanal: 'DIGITAL_POSTKASSE',
      begrunnelser: ['HAR_DIGITAL_POSTKASSE'],
      kilde: null,
    },
  },
  oppholdsadresse: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'OPPHOLDSADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'OPPHOLDSADRESSE',
    },
  },
  utenlandskAdresse: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
  },
  fortrolig: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES', 'ADRESSEBESKYTTELSE'],
      kilde: 'BOSTEDSADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: [
        'INGEN_DIGITAL_POSTKASSE',
        'IKKE_REGISTRERT_I_KRR',
        'KAN_IKKE_VARSLES',
        'ADRESSEBESKYTTELSE',
      ],
      kilde: 'BOSTEDSADRESSE',
    },
  },
  strengtFortrolig: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES', 'ADRESSEBESKYTTELSE'],
      kilde: 'POSTADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: [
        'INGEN_DIGITAL_POSTKASSE',
        'IKKE_REGISTRERT_I_KRR',
        'KAN_IKKE_VARSLES',
        'ADRESSEBESKYTTELSE',
      ],
      kilde: 'POSTADRESSE',
    },
  },
  // Guardianship does not change the channel; the residential address is the only one.
  vergemaalMedTjenesteomraader: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
  },
  // A Norwegian and a foreign postal address: the preferred one (preferertKontaktadresse).
  postadresseIUtlandetForetrukket: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
  },
  // The preference names the residential address, ahead of both postal addresses.
  bostedsadresseForetrukket: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'BOSTEDSADRESSE',
    },
  },
  // Both postal addresses current, no preference: the Norwegian one.
  toPostadresser: {
    VEDTAK: {
      kanal: 'PAPIR',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
    INFORMASJON: {
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES'],
      kilde: 'POSTADRESSE',
    },
  },
  dNummerUtenAdresse: {
    VEDTAK: {
      kanal: 'INGEN',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES', 'INGEN_POSTADRESSE'],
      kilde: null,
    },
    INFORMASJON: {
      kanal: 'INGEN',
      begrunnelser: [
        'INGEN_DIGITAL_POSTKASSE',
        'IKKE_REGISTRERT_I_KRR',
        'KAN_IKKE_VARSLES',
        'INGEN_POSTADRESSE',
      ],
      kilde: null,
    },
  },
};

const docOf = (id: string): FregDocument => {
  const person = sim.population.get(id);
  if (person === undefined) throw new Error('not in population');
  return buildFregDocument(person, person.freg);
};

/** The first and last address lines the simulator's document implies for the address source. */
function expectedLines(name: ForsendelseCase, id: string, kilde: string): RegExp[] {
  const doc = docOf(id);
  const post = (p: El | undefined): RegExp =>
    new RegExp(`^${String(p?.['postnummer'])} ${String(p?.['poststedsnavn'])}$`);
  switch (kilde) {
    case 'POSTADRESSE': {
      if (name === 'strengtFortrolig') return [/^SOT 6$/, /^Postboks 2094 Vika$/, /^0125 OSLO$/];
      if (name === 'utenlandskAdresse' || name === 'postadresseIUtlandetForetrukket') {
        const abroad = current(doc, 'postadresseIUtlandet')?.['utenlandskAdresseIFrittFormat'];
        return [new RegExp(`^${String((abroad as El)['landkode'])}$`)];
      }
      const box = current(doc, 'postadresse')?.['postboksadresse'] as El;
      return [new RegExp(`^${String(box['postboks'])}$`), post(box['poststed'] as El)];
    }
    case 'OPPHOLDSADRESSE':
    case 'BOSTEDSADRESSE': {
      const element = current(
        doc,
        kilde === 'OPPHOLDSADRESSE' ? 'oppholdsadresse' : 'bostedsadresse',
      );
      const address = (element?.['vegadresse'] ?? element?.['matrikkeladresse']) as El;
      return [post(address['poststed'] as El)];
    }
    case 'KONTAKTINFORMASJON_FOR_DOEDSBO': {
      const estate = current(doc, 'kontaktinformasjonForDoedsbo') as El;
      const advokat = estate['advokat'] as El;
      const adresse = estate['adresse'] as El;
      return [
        / DØDSBO$/,
        new RegExp(`^c/o .*${String(advokat['organisasjonsnavn'])}$`),
        new RegExp(`^${String((adresse['adresselinje'] as string[])[0])}$`),
        post(adresse),
      ];
    }
    default:
      throw new Error(`unexpected source ${kilde}`);
  }
}

async function forsendelseOf(
  ids: readonly string[],
  s: Subgraph = subgraph,
): Promise<{ vedtak: Forsendelse; informasjon: Forsendelse }[]> {
  const res = await s.query(
    `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
      vedtak: forsendelse { ${FORSENDELSE_FIELDS} }
      informasjon: forsendelse(formaal: INFORMASJON) { ${FORSENDELSE_FIELDS} }
    } }`,
    { ids },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['personer'] as { vedtak: Forsendelse; informasjon: Forsendelse }[];
}

describe('the decision table, end to end', () => {
  const cases = Object.keys(TABLE) as ForsendelseCase[];

  it.each(cases.flatMap((name) => [[name, 'VEDTAK'] as const, [name, 'INFORMASJON'] as const]))(
    '%s, %s',
    async (name, formaal) => {
      const id = sim.population.cases.forsendelse[name];
      const [answer] = await forsendelseOf([id]);
      const got = formaal === 'VEDTAK' ? answer?.vedtak : answer?.informasjon;
      const row = TABLE[name][formaal];
      expect(got?.kanal).toBe(row.kanal);
      expect(got?.begrunnelser).toEqual(row.begrunnelser);
      expect(got?.alternativeKanaler).toEqual(row.alternativeKanaler ?? []);
      expect(got?.postadressekilde).toBe(row.kilde);
      expect(got?.varslingskanaler.map((v) => v.type)).toEqual(row.varsling ?? []);
      if (row.kilde === null) {
        expect(got?.postadresse).toBeNull();
      } else {
        const lines = got?.postadresse?.adresselinjer ?? [];
        const patterns = expectedLines(name, id, row.kilde);
        // The patterns match the address's last lines, in order.
        const tail = lines.slice(lines.length - patterns.length);
        expect(tail.length, JSON.stringify(lines)).toBe(patterns.length);
        patterns.forEach((pattern, i) => expect(tail[i]).toMatch(pattern));
      }
      if (row.kanal === 'DIGITAL_POSTKASSE') {
        const krr = sim.population.get(id)?.krr;
        expect(got?.digitalPostkasse).toEqual({
          postkasseadresse: krr?.digitalPost?.adresse,
          postkasseleverandoeradresse: krr?.digitalPost?.leverandoer,
        });
      } else {
        expect(got?.digitalPostkasse).toBeNull();
      }
    },
  );

  it('gives the notice channels their values from KRR, only those within 18 months', async () => {
    const id = sim.population.cases.forsendelse.enKanalUtloept;
    const [answer] = await forsendelseOf([id]);
    const krr = sim.population.get(id)?.krr;
    expect(answer?.vedtak.varslingskanaler).toEqual([{ type: 'SMS', verdi: krr?.mobil?.value }]);
  });

  it('shows no half mailbox for the empty one, and no age or guardianship for a person Folkeregisteret does not know', async () => {
    const f = sim.population.cases.forsendelse;
    expect(sim.population.get(f.tomPostkasse)?.krr?.digitalPost?.adresse).toBe('');
    const res = await subgraph.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) {
        digitalPost { postkasseadresse postkasseleverandoeradresse }
        kontaktinformasjon { mobiltelefonnummer { duplisert sistValidert } }
        finnesIFolkeregisteret
      } }`,
      { ids: [f.tomPostkasse, f.ikkeIFolkeregisteret] },
    );
    expect(res.body.errors).toBeUndefined();
    const [empty, unknown] = res.body.data?.['personer'] as {
      digitalPost: unknown;
      kontaktinformasjon: { mobiltelefonnummer: { duplisert: boolean; sistValidert: string } };
      finnesIFolkeregisteret: boolean;
    }[];
    expect(empty?.digitalPost).toBeNull();
    expect(empty?.kontaktinformasjon.mobiltelefonnummer.duplisert).toBe(true);
    expect(empty?.kontaktinformasjon.mobiltelefonnummer.sistValidert).toMatch(/^\d{4}-/);
    expect(unknown?.finnesIFolkeregisteret).toBe(false);
    expect(unknown?.digitalPost).not.toBeNull();
    const [answer] = await forsendelseOf([f.ikkeIFolkeregisteret]);
    expect(answer?.vedtak).toMatchObject({ harVerge: null, alder: null });
  });

  it('exposes guardianship and age without applying a policy to them', async () => {
    const f = sim.population.cases.forsendelse;
    const [verge, minor, dead] = await forsendelseOf([
      f.vergemaal,
      f.ingenPostkasse,
      f.doedMedDoedsbo,
    ]);
    expect(verge?.vedtak).toMatchObject({ kanal: 'DIGITAL_POSTKASSE', harVerge: true });
    expect(minor?.vedtak.alder).toBeLessThan(18);
    expect(minor?.vedtak).toMatchObject({ kanal: 'INNBOKS_MED_VARSEL', harVerge: false });
    expect(dead?.vedtak.alder).toBeNull();
  });

  it('answers for a person in neither register, and for the generated population', async () => {
    const [unknown] = await forsendelseOf(sim.population.unknownIds(1));
    expect(unknown?.vedtak).toMatchObject({
      kanal: 'INGEN',
      begrunnelser: [
        'IKKE_REGISTRERT_I_KRR',
        'KAN_IKKE_VARSLES',
        'IKKE_I_FOLKEREGISTERET',
        'INGEN_POSTADRESSE',
      ],
      harVerge: null,
      alder: null,
    });
    const answers = await forsendelseOf(sim.population.ids.slice(0, 500));
    const channels = new Set(answers.map((a) => a.vedtak.kanal));
    for (const kanal of ['DIGITAL_POSTKASSE', 'INNBOKS_MED_VARSEL', 'PAPIR'])
      expect(channels).toContain(kanal);
  });
});
