// The simulated Folkeregisteret against the project's own JSON Schema of the bulk lookup answer
// (test/contracts/schemas/freg-bulkoppslag.schema.json, written from Skatteetaten's published
// OpenAPI description and the newer elements current answers carry; docs/registers.md F7.1):
// every person of a simulated population plus ceased and unknown identifiers, for every `part`
// value (each alias and each top-level property) and both packages, med and uten hjemmel.
// The persons that model the register's known deviations (values outside its enums, upper-case
// gradings, unknown properties) are checked to fail in exactly those ways. Negative cases show
// the schema rejects a wrong format, a wrong enum casing and a missing required property.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_PROPERTIES, type FregCase } from '../../src/simulator/freg-records.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { accessToken } from '../integration/simulator/support.ts';

// ajv-formats is CommonJS: its default import is the module, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

const schema: unknown = JSON.parse(
  readFileSync(new URL('./schemas/freg-bulkoppslag.schema.json', import.meta.url), 'utf8'),
);
// verbose: errors carry the offending value, so the expected deviations can be told apart.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
addFormats(ajv);
const validate = ajv.compile(schema as object);

function errorsOf(body: unknown): ErrorObject[] {
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

const PACKAGES = {
  'offentlig-med-hjemmel': {
    scope: 'folkeregister:deling/offentligmedhjemmel',
    path: '/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag',
  },
  'offentlig-uten-hjemmel': {
    scope: 'folkeregister:deling/offentligutenhjemmel',
    path: '/folkeregisteret/api/offentligutenhjemmel/v1/personer/bulkoppslag',
  },
} as const;
type Pakke = keyof typeof PACKAGES;

/** Every `part` value Freg accepts: the aliases and each top-level property of the document. */
const PARTS = [
  'person-basis',
  'historikk',
  'identitetsgrunnlag-utvidet',
  'relasjon-utvidet',
  ...DOCUMENT_PROPERTIES,
];

/**
 * Cases that model a deviation from the published description on purpose (the subgraph must
 * tolerate them): the values and property names each may carry, and nothing else.
 */
const DEVIATIONS: Readonly<Partial<Record<FregCase, readonly string[]>>> = {
  // Values outside the enums (sivilstand, identitetsgrunnlagstatus) and unknown properties.
  ukjentEnumverdi: ['registrertSamboer', 'unik', 'fremtidigOpplysning', 'navnFraFremtidigVersjon'],
  // Gradings in upper case, as some answers from the test environment have them.
  blandetStorbokstav: ['UGRADERT', 'KLIENTADRESSE'],
  fortrolig: ['FORTROLIG'],
  // NAV's grading, not in Freg's enum.
  strengtFortroligUtland: ['strengtFortroligUtland'],
};

/** The value or property name an error is about. */
function offending(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return String((error.params as { additionalProperty?: unknown }).additionalProperty);
  }
  return String(error.data);
}

let sim: Simulator;
interface Answer {
  readonly pakke: Pakke;
  readonly part: string;
  readonly body: unknown;
  /** The identifier asked for, by position in `oppslag`. */
  readonly ids: readonly string[];
}
const answers: Answer[] = [];

beforeAll(async () => {
  sim = await startSimulator({ populationSize: 3000 });
  const ids = [
    ...sim.population.ids,
    ...sim.population.cases.freg.tidligereIdentifikatorer,
    ...sim.population.cases.freg.opphoert,
    ...sim.population.unknownIds(10),
  ];
  for (const [pakke, { scope, path }] of Object.entries(PACKAGES) as [
    Pakke,
    (typeof PACKAGES)[Pakke],
  ][]) {
    const token = await accessToken(sim, [scope]);
    for (const part of PARTS) {
      for (let at = 0; at < ids.length; at += 1000) {
        const chunk = ids.slice(at, at + 1000);
        const url = new URL(`${sim.fregUrl}${path}`);
        url.searchParams.set('somBestilt', 'true');
        url.searchParams.append('part', part);
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ foedselsEllerDNummer: chunk }),
        });
        if (response.status !== 200) throw new Error(`Freg answered ${response.status}`);
        answers.push({ pakke, part, body: await response.json(), ids: chunk });
      }
    }
  }
}, 300_000);
afterAll(async () => {
  await sim.close();
});

describe('simulated Folkeregisteret answers against the bulkoppslag schema', () => {
  it('covers every part for both packages, and every person', () => {
    for (const pakke of Object.keys(PACKAGES)) {
      for (const part of PARTS) {
        const seen = answers
          .filter((a) => a.pakke === pakke && a.part === part)
          .flatMap((a) => a.ids);
        expect(new Set(seen).size, `${pakke} ${part}`).toBeGreaterThan(sim.population.ids.length);
      }
    }
  });

  it('validates every answer; the deviating cases fail only in the ways they model', () => {
    const caseOf = (id: string): FregCase | undefined => {
      const found = sim.population.fregLookup(id);
      return typeof found === 'object' ? found.freg.case : undefined;
    };
    const deviationsSeen = new Set<string>();
    for (const answer of answers) {
      for (const error of errorsOf(answer.body)) {
        const index = /^\/oppslag\/(\d+)\//.exec(error.instancePath)?.[1];
        const id = index === undefined ? undefined : answer.ids[Number(index)];
        const kind = id === undefined ? undefined : caseOf(id);
        const allowed = kind === undefined ? undefined : DEVIATIONS[kind];
        const what = `${answer.pakke} part=${answer.part} ${kind ?? 'unknown'} ${error.instancePath} ${error.keyword} ${ajv.errorsText([error])}`;
        expect(allowed, what).toBeDefined();
        expect(['enum', 'additionalProperties'], what).toContain(error.keyword);
        expect(allowed, what).toContain(offending(error));
        deviationsSeen.add(offending(error));
      }
    }
    // The deviations are really sent (the cases are not silently conforming).
    expect([...deviationsSeen].sort()).toEqual(
      [...new Set(Object.values(DEVIATIONS).flat())].sort(),
    );
  });

  it('sends the newer shapes the schema describes, not a vacuous subset', () => {
    const text = answers
      .filter((a) => a.pakke === 'offentlig-med-hjemmel' && a.part === 'person-basis')
      .map((a) => JSON.stringify(a.body))
      .join('\n');
    const relasjon = answers
      .filter((a) => a.part === 'vergemaalEllerFremtidsfullmakt')
      .map((a) => JSON.stringify(a.body))
      .join('\n');
    expect(relasjon).toContain('"vergeTjenesteoppgave"');
    expect(relasjon).toContain('"navnFoedselsdato"');
    expect(relasjon).toContain('"omfang"');
    const preferert = answers
      .filter((a) => a.part === 'preferertKontaktadresse')
      .map((a) => JSON.stringify(a.body))
      .join('\n');
    expect(preferert).toContain('"valg":"postadresseIUtlandet"');
    expect(
      answers
        .filter((a) => a.part === 'fratattRettsligHandleevne')
        .some((a) => JSON.stringify(a.body).includes('"fratattRettsligHandleevne":[{')),
    ).toBe(true);
    expect(text).toMatch(/"ajourholdstidspunkt":"[^"]+\.\d{9}\+0[12]:00"/);
    expect(text).toMatch(/"ajourholdstidspunkt":"[^"]+Z"/);
    expect(text).toContain('"feilmelding":{"feilmelding"');
  });
});

describe('the bulkoppslag schema rejects', () => {
  const person = (): Record<string, unknown> => ({
    identifikasjonsnummer: [
      {
        erGjeldende: true,
        status: 'iBruk',
        foedselsEllerDNummer: '05879271314',
        identifikatortype: 'foedselsnummer',
        gyldighetstidspunkt: '2022-05-03T10:11:12.123456789+02:00',
      },
    ],
    foedsel: [{ erGjeldende: true, foedselsdato: '1926-02-11', foedselsaar: '1926' }],
    kjoenn: [{ erGjeldende: true, kjoenn: 'mann' }],
    doedsfall: { doedsdato: '2024-03-14', ajourholdstidspunkt: '2024-03-15T08:00:00Z' },
    postadresseIUtlandet: [
      {
        erGjeldende: true,
        adressegradering: 'ugradert',
        utenlandskAdresseIFrittFormat: { adresselinje: ['Storgatan 1'], landkode: 'SE' },
      },
    ],
    vergemaalEllerFremtidsfullmakt: [
      {
        erGjeldende: true,
        vergemaaltype: 'voksen',
        verge: {
          tjenesteomraade: [{ vergeTjenesteoppgave: 'skatt', vergeTjenestevirksomhet: 'nav' }],
        },
      },
    ],
  });
  const body = (p: Record<string, unknown>): unknown => ({
    oppslag: [{ foedselsEllerDNummer: '05879271314', folkeregisterperson: p }],
  });
  const withElement = (key: string, change: Record<string, unknown>): Record<string, unknown> => {
    const p = person();
    const list = p[key] as Record<string, unknown>[];
    p[key] = [{ ...list[0], ...change }];
    return p;
  };

  it('nothing in a well-formed answer', () => {
    expect(errorsOf(body(person()))).toEqual([]);
  });

  it.each([
    [
      'a birth date sent as an instant',
      withElement('foedsel', { foedselsdato: '1926-02-10T23:00:00Z' }),
    ],
    [
      'a death date sent as an instant',
      { ...person(), doedsfall: { doedsdato: '2024-03-13T23:00:00Z' } },
    ],
    [
      'a time without an offset',
      withElement('identifikasjonsnummer', { gyldighetstidspunkt: '2022-05-03T10:11:12' }),
    ],
    [
      'an identifier of ten digits',
      withElement('identifikasjonsnummer', { foedselsEllerDNummer: '1182264895' }),
    ],
    [
      'an alpha-3 country code in a foreign address',
      withElement('postadresseIUtlandet', {
        utenlandskAdresseIFrittFormat: { adresselinje: ['Storgatan 1'], landkode: 'SWE' },
      }),
    ],
  ])('a wrong format: %s', (_, p) => {
    expect(errorsOf(body(p)).map((e) => e.keyword)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(pattern|format)$/)]),
    );
  });

  it.each([
    ['kjoenn', withElement('kjoenn', { kjoenn: 'MANN' })],
    [
      'identifikatortype',
      withElement('identifikasjonsnummer', { identifikatortype: 'FOEDSELSNUMMER' }),
    ],
    ['adressegradering', withElement('postadresseIUtlandet', { adressegradering: 'UGRADERT' })],
    ['vergemaaltype', withElement('vergemaalEllerFremtidsfullmakt', { vergemaaltype: 'Voksen' })],
  ])('a wrong enum casing: %s', (_, p) => {
    expect(errorsOf(body(p)).map((e) => e.keyword)).toContain('enum');
  });

  it.each([
    ['oppslag', {}],
    ['foedselsEllerDNummer', { oppslag: [{ folkeregisterperson: {} }] }],
    ['foedselsaar', body(withElement('foedsel', { foedselsaar: undefined }))],
    [
      'adressegradering',
      body(withElement('postadresseIUtlandet', { adressegradering: undefined })),
    ],
    ['verge', body(withElement('vergemaalEllerFremtidsfullmakt', { verge: undefined }))],
    ['landkode', body(withElement('postadresseIUtlandet', { utenlandskAdresseIFrittFormat: {} }))],
  ])('a missing required property: %s', (missing, answer) => {
    const errors = errorsOf(JSON.parse(JSON.stringify(answer)));
    expect(errors.filter((e) => e.keyword === 'required').map((e) => e.params)).toContainEqual({
      missingProperty: missing,
    });
  });

  it('a misspelt property and doedsfall as an array', () => {
    const misspelt = withElement('vergemaalEllerFremtidsfullmakt', {
      verge: { tjenesteomrade: [] },
    });
    expect(errorsOf(body(misspelt)).map((e) => e.keyword)).toContain('additionalProperties');
    expect(errorsOf(body({ ...person(), doedsfall: [{ doedsdato: '2024-03-14' }] }))).not.toEqual(
      [],
    );
  });
});
