// The simulated KRR against the project's own JSON Schema of KRR's v2 `personer` answer
// (test/contracts/schemas/krr-personer-v2.schema.json, written from Digdir's documented fields;
// docs/registers.md, KRR): every person of the simulator's population, unknown persons too, with
// each combination of the contact and digital-post scopes, on v2 and v1 (v1 sends a subset and
// none of v2's own fields). Negative cases show the schema rejects a wrong format, a wrong enum
// casing and a missing required property.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import {
  DIGITALPOST,
  KONTAKT,
  accessToken,
  lookup,
  type WirePerson,
} from '../integration/simulator/support.ts';

// ajv-formats is CommonJS: its default import is the module, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

const schema: unknown = JSON.parse(
  readFileSync(new URL('./schemas/krr-personer-v2.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema as object);

function errorsOf(body: unknown): ErrorObject[] {
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

const V2_ONLY = /_(duplisert|sist_validert)$|^oppdatert$/;
const SCOPE_SETS = [[KONTAKT, DIGITALPOST], [KONTAKT], [DIGITALPOST]] as const;

let sim: Simulator;
const tokens = new Map<string, string>();
/** Every answer body, by version and scope set. */
const answers: { version: 1 | 2; scopes: string; body: unknown; personer: WirePerson[] }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ clientScopes: [KONTAKT, DIGITALPOST] });
  for (const scopes of SCOPE_SETS) tokens.set(scopes.join(' '), await accessToken(sim, scopes));
  const ids = [...sim.population.ids, ...sim.population.unknownIds(25)];
  for (const [scopes, token] of tokens) {
    for (const version of [2, 1] as const) {
      for (let at = 0; at < ids.length; at += 1000) {
        const answer = await lookup(
          sim,
          token,
          { personidentifikatorer: ids.slice(at, at + 1000) },
          { version },
        );
        if (answer.status !== 200) throw new Error(`KRR answered ${answer.status}`);
        answers.push({ version, scopes, body: answer.body, personer: answer.personer });
      }
    }
  }
}, 120_000);
afterAll(async () => {
  await sim.close();
});

describe('simulated KRR answers against the KRR v2 personer schema', () => {
  it('covers every person of the population, on both versions and every scope set', () => {
    const ids = new Set(sim.population.ids);
    for (const version of [1, 2]) {
      for (const scopes of tokens.keys()) {
        const seen = new Set(
          answers
            .filter((a) => a.version === version && a.scopes === scopes)
            .flatMap((a) => a.personer.map((p) => p.personidentifikator)),
        );
        for (const id of ids) expect(seen.has(id)).toBe(true);
      }
    }
  });

  it('validates every answer', () => {
    for (const answer of answers) {
      const errors = errorsOf(answer.body);
      expect(errors, `v${answer.version} ${answer.scopes}: ${ajv.errorsText(errors)}`).toEqual([]);
    }
  });

  it('sends the register shapes the schema describes, not a vacuous subset', () => {
    const v2 = answers
      .filter((a) => a.version === 2 && a.scopes === `${KONTAKT} ${DIGITALPOST}`)
      .flatMap((a) => a.personer);
    const contact = (p: WirePerson): Record<string, unknown> =>
      (p['kontaktinformasjon'] as Record<string, unknown> | undefined) ?? {};
    const statuses = new Set(v2.map((p) => p['status']));
    expect([...statuses].sort()).toEqual(['AKTIV', 'IKKE_REGISTRERT', 'SLETTET']);
    expect(v2.some((p) => contact(p)['mobiltelefonnummer_duplisert'] === 'JA')).toBe(true);
    expect(v2.some((p) => contact(p)['epostadresse_duplisert'] === 'NEI')).toBe(true);
    expect(v2.some((p) => typeof contact(p)['epostadresse_sist_validert'] === 'string')).toBe(true);
    expect(v2.some((p) => typeof p['oppdatert'] === 'string')).toBe(true);
    const mailboxes = v2.map((p) => p['digital_post'] as Record<string, unknown> | undefined);
    expect(mailboxes.some((m) => m?.['postkasseadresse'] === '')).toBe(true);
    expect(
      mailboxes.some(
        (m) => typeof m?.['postkasseadresse'] === 'string' && m['postkasseadresse'] !== '',
      ),
    ).toBe(true);
  });

  it('leaves v2-only fields out of v1 answers', () => {
    for (const answer of answers.filter((a) => a.version === 1)) {
      for (const person of answer.personer) {
        const keys = [
          ...Object.keys(person),
          ...Object.keys((person['kontaktinformasjon'] as object | undefined) ?? {}),
        ];
        expect(keys.filter((k) => V2_ONLY.test(k))).toEqual([]);
      }
    }
  });
});

describe('the KRR v2 personer schema rejects', () => {
  const base = (): Record<string, unknown> => ({
    personidentifikator: '05879271314',
    reservasjon: 'NEI',
    status: 'AKTIV',
    varslingsstatus: 'KAN_VARSLES',
    kontaktinformasjon: {
      epostadresse: 'syntetisk@example.com',
      epostadresse_oppdatert: '2023-06-10T21:00:01+02',
      epostadresse_duplisert: 'JA',
      mobiltelefonnummer: '+4790000001',
      mobiltelefonnummer_sist_validert: '2023-08-05T10:45:15.768Z',
    },
    digital_post: { postkasseadresse: '', postkasseleverandoeradresse: '984661185' },
    sertifikat: '',
    oppdatert: '2024-01-02T08:00:00+01:00',
  });
  const body = (person: Record<string, unknown>): unknown => ({ personer: [person] });
  const withContact = (key: string, value: unknown): Record<string, unknown> => {
    const person = base();
    person['kontaktinformasjon'] = {
      ...(person['kontaktinformasjon'] as object),
      [key]: value,
    };
    return person;
  };

  it('nothing in a well-formed answer', () => {
    expect(errorsOf(body(base()))).toEqual([]);
  });

  it.each([
    ['a timestamp without its T', withContact('epostadresse_oppdatert', '2023-06-10 21:00:01+02')],
    ['a date without a time', { ...base(), oppdatert: '2024-01-02' }],
    ['an e-mail address that is not one', withContact('epostadresse', 'not an address')],
    ['an identifier of ten digits', { ...base(), personidentifikator: '1182264895' }],
    [
      'a provider that is not an organisation number',
      {
        ...base(),
        digital_post: { postkasseadresse: 'x#1', postkasseleverandoeradresse: 'Digipost' },
      },
    ],
  ])('a wrong format: %s', (_, person) => {
    expect(errorsOf(body(person)).map((e) => e.keyword)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(pattern|format|anyOf)$/)]),
    );
  });

  it.each([
    ['status', { ...base(), status: 'aktiv' }],
    ['reservasjon', { ...base(), reservasjon: 'nei' }],
    ['varslingsstatus', { ...base(), varslingsstatus: 'kan_varsles' }],
    ['a duplicate flag', withContact('mobiltelefonnummer_duplisert', 'ja')],
    ['spraak', { ...base(), spraak: 'NB' }],
  ])('a wrong enum casing: %s', (_, person) => {
    expect(errorsOf(body(person)).map((e) => e.keyword)).toContain('enum');
  });

  it.each([
    ['personer', {}],
    ['personidentifikator', { personer: [{ ...base(), personidentifikator: undefined }] }],
    ['status', { personer: [{ ...base(), status: undefined }] }],
    ['postkasseleverandoeradresse', body({ ...base(), digital_post: { postkasseadresse: 'x#1' } })],
  ])('a missing required property: %s', (missing, answer) => {
    const errors = errorsOf(JSON.parse(JSON.stringify(answer)));
    expect(errors.filter((e) => e.keyword === 'required').map((e) => e.params)).toContainEqual({
      missingProperty: missing,
    });
  });

  it('an unknown person field (a misspelt sprak) and contact elements on a deleted person', () => {
    expect(errorsOf(body({ ...base(), sprak: 'nb' })).map((e) => e.keyword)).toContain(
      'additionalProperties',
    );
    expect(errorsOf(body({ ...base(), status: 'SLETTET' })).length).toBeGreaterThan(0);
  });
});
