// The simulated KRR answers like Digdir's lookup API (docs/registers.md K1–K8): bearer tokens
// from the simulated Maskinporten, scope-filtered fields, the 1000 limit, unknown persons and wire quirks.
import { X509Certificate } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';
import {
  eighteenMonthsBefore,
  varslingsstatusOf,
  type KrrSimRecord,
} from '../../../src/simulator/krr-records.ts';
import { DIGITALPOST, KONTAKT, accessToken, lookup, lookupById } from './support.ts';

let sim: Simulator;
let both: string;
let contactOnly: string;
let postOnly: string;
let noKrrScope: string;

beforeAll(async () => {
  sim = await startSimulator({
    populationSize: 12_000,
    clientScopes: [KONTAKT, DIGITALPOST, 'krr:global/hentendring.read'],
  });
  both = await accessToken(sim, [KONTAKT, DIGITALPOST]);
  contactOnly = await accessToken(sim, [KONTAKT]);
  postOnly = await accessToken(sim, [DIGITALPOST]);
  noKrrScope = await accessToken(sim, ['krr:global/hentendring.read']);
});
afterAll(async () => {
  await sim.close();
});

const CONTACT_FIELDS = ['kontaktinformasjon', 'varslingsstatus', 'spraak', 'spraak_oppdatert'];
const POST_FIELDS = ['digital_post', 'sertifikat'];

describe('authorisation and request validation', () => {
  it('answers 401 without a token and with a token it did not issue', async () => {
    const body = { personidentifikatorer: sim.population.ids.slice(0, 1) };
    expect((await lookup(sim, null, body)).status).toBe(401);
    expect((await lookup(sim, 'garbage', body)).status).toBe(401);
    const forged = await new SignJWT({ scope: KONTAKT })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(sim.maskinporten.issuer)
      .setExpirationTime('1m')
      .sign(await importJWK(sim.client.privateJwk, 'RS256'));
    const answer = await lookup(sim, forged, body);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: 401 });
  });

  it('answers 401 once the token has expired', async () => {
    const shortLived = await startSimulator({ populationSize: 10, accessTokenLifetimeSeconds: 1 });
    try {
      const token = await accessToken(shortLived, [KONTAKT]);
      const body = { personidentifikatorer: shortLived.population.ids.slice(0, 1) };
      expect((await lookup(shortLived, token, body)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await lookup(shortLived, token, body)).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it('answers 415 to a body that is not declared as JSON', async () => {
    const answer = await lookup(
      sim,
      both,
      { personidentifikatorer: sim.population.ids.slice(0, 1) },
      {
        headers: { 'content-type': 'text/plain' },
      },
    );
    expect(answer.status).toBe(415);
  });

  it('answers 400 with a JSON error to malformed bodies', async () => {
    for (const body of [
      '{not json',
      '[]',
      '{"personidentifikatorer": "12345678901"}',
      '{"personidentifikatorer": [1]}',
    ]) {
      const answer = await lookup(sim, both, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 400 });
    }
  });

  it('answers 400 to an empty list and to 1001 identifiers, but serves exactly 1000', async () => {
    expect((await lookup(sim, both, { personidentifikatorer: [] })).status).toBe(400);
    const tooMany = await lookup(sim, both, {
      personidentifikatorer: sim.population.ids.slice(0, 1001),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: expect.stringContaining('1000') as unknown });
    const max = await lookup(sim, both, {
      personidentifikatorer: sim.population.ids.slice(0, 1000),
    });
    expect(max.status).toBe(200);
    expect(max.personer).toHaveLength(1000);
  });

  it('answers 400 when an identifier is not 11 digits', async () => {
    for (const bad of ['1234567890', '123456789012', '1234567890a']) {
      const answer = await lookup(sim, both, {
        personidentifikatorer: [sim.population.ids[0], bad],
      });
      expect(answer.status).toBe(400);
    }
  });
});

describe('answers', () => {
  it('answers each distinct identifier once, not in request order', async () => {
    const ids = sim.population.ids.slice(0, 50);
    const answer = await lookup(sim, both, {
      personidentifikatorer: [...ids, ...ids.slice(0, 10)],
    });
    expect(answer.status).toBe(200);
    const answered = answer.personer.map((p) => p.personidentifikator);
    expect(answered).toHaveLength(50);
    expect(new Set(answered)).toEqual(new Set(ids));
    expect(answered).not.toEqual(ids);
    expect(answered).not.toEqual([...ids].sort());
  });

  it('answers unknown identifiers with IKKE_REGISTRERT and no contact data', async () => {
    const unknown = sim.population.unknownIds(3);
    const byId = await lookupById(sim, both, unknown);
    for (const id of unknown) {
      expect(byId.get(id)).toEqual({
        personidentifikator: id,
        status: 'IKKE_REGISTRERT',
        varslingsstatus: 'KAN_IKKE_VARSLES',
      });
    }
  });

  it('leaves unknown persons out in v2 when inkluderIkkeRegistrerte is false', async () => {
    const [unknown] = sim.population.unknownIds(1);
    const known = sim.population.cases.bothChannels.slice(0, 2);
    const answer = await lookup(sim, both, {
      personidentifikatorer: [unknown, ...known],
      inkluderIkkeRegistrerte: false,
    });
    expect(answer.personer.map((p) => p.personidentifikator).sort()).toEqual([...known].sort());
  });

  it('returns only personidentifikator, reservasjon and status without a KRR scope', async () => {
    const ids = [
      ...sim.population.cases.mailbox.slice(0, 20),
      ...sim.population.cases.reserved.slice(0, 5),
    ];
    const byId = await lookupById(sim, noKrrScope, ids);
    for (const person of byId.values()) {
      expect(Object.keys(person).sort()).toEqual(['personidentifikator', 'reservasjon', 'status']);
    }
  });

  it('leaves out digital_post and sertifikat when the token has only kontaktinformasjon', async () => {
    const byId = await lookupById(sim, contactOnly, sim.population.cases.mailbox.slice(0, 50));
    const persons = [...byId.values()];
    for (const person of persons)
      for (const field of POST_FIELDS) expect(person).not.toHaveProperty(field);
    expect(persons.every((p) => 'varslingsstatus' in p)).toBe(true);
    expect(persons.some((p) => 'kontaktinformasjon' in p)).toBe(true);
  });

  it('gives mailbox and certificate but no contact data with only digitalpost', async () => {
    const byId = await lookupById(sim, postOnly, sim.population.cases.mailbox.slice(0, 50));
    for (const person of byId.values()) {
      for (const field of CONTACT_FIELDS) expect(person).not.toHaveProperty(field);
      expect(person).toHaveProperty('digital_post');
      expect(person).toHaveProperty('sertifikat');
    }
  });

  it('sends a base64 DER certificate that node:crypto parses', async () => {
    const [id] = sim.population.cases.mailbox;
    const person = (await lookupById(sim, both, [id ?? ''])).get(id ?? '');
    const certificate = person?.['sertifikat'];
    expect(typeof certificate).toBe('string');
    expect(certificate).not.toContain('BEGIN');
    const parsed = new X509Certificate(Buffer.from(certificate as string, 'base64'));
    expect(new Date(parsed.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it('uses the mailbox providers Digipost and e-Boks', async () => {
    const byId = await lookupById(sim, both, sim.population.cases.mailbox.slice(0, 200));
    const providers = new Set(
      [...byId.values()].map(
        (p) => (p['digital_post'] as Record<string, unknown>)['postkasseleverandoeradresse'],
      ),
    );
    expect(providers).toEqual(new Set(['984661185', '996460320']));
  });

  it('sends the wire quirks: hour-only offsets, Z timestamps, both phone forms, "" and {}', async () => {
    const answer = await lookup(sim, both, {
      personidentifikatorer: sim.population.ids.slice(0, 1000),
    });
    expect(answer.text).toMatch(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]"/);
    expect(answer.text).toMatch(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
    expect(answer.text).toMatch(/"mobiltelefonnummer":"\+47\d{8}"/);
    expect(answer.text).toMatch(/"mobiltelefonnummer":"\d{8}"/);
    expect(answer.text).toContain('"reservasjon":"JA"');
    const empty = await lookup(sim, both, {
      personidentifikatorer: sim.population.cases.emptyStrings,
    });
    expect(empty.text).toContain('""');
    expect(empty.text).toContain('"kontaktinformasjon":{}');
    const all = await lookup(sim, both, {
      personidentifikatorer: sim.population.cases.mailbox.slice(0, 1000),
    });
    expect(all.text).toContain('"ny_egenskap":"x"');
  });

  it('adds the v2 extras in v2 only', async () => {
    const ids = sim.population.cases.bothChannels.slice(0, 300);
    const v2 = JSON.stringify([...(await lookupById(sim, both, ids, 2)).values()]);
    const v1 = JSON.stringify([...(await lookupById(sim, both, ids, 1)).values()]);
    for (const extra of ['_sist_validert', '_duplisert', '"oppdatert"']) {
      expect(v2).toContain(extra);
      expect(v1).not.toContain(extra);
    }
  });

  it('marks reserved, expired and deleted persons KAN_IKKE_VARSLES and the others KAN_VARSLES', async () => {
    const { cases } = sim.population;
    const status = async (ids: readonly string[]): Promise<Set<unknown>> =>
      new Set(
        [...(await lookupById(sim, both, ids.slice(0, 200))).values()].map(
          (p) => p['varslingsstatus'],
        ),
      );
    expect(await status(cases.reserved)).toEqual(new Set(['KAN_IKKE_VARSLES']));
    expect(await status(cases.expired)).toEqual(new Set(['KAN_IKKE_VARSLES']));
    expect(await status(cases.deleted)).toEqual(new Set(['KAN_IKKE_VARSLES']));
    expect(await status(cases.bothChannels)).toEqual(new Set(['KAN_VARSLES']));
    expect(await status(cases.mobileOnly)).toEqual(new Set(['KAN_VARSLES']));
    expect(await status(cases.emailOnly)).toEqual(new Set(['KAN_VARSLES']));
  });

  it('still delivers the contact data of expired persons', async () => {
    const byId = await lookupById(sim, both, sim.population.cases.expired.slice(0, 20));
    for (const person of byId.values()) {
      const contact = person['kontaktinformasjon'] as Record<string, unknown>;
      expect(contact['epostadresse']).toEqual(expect.any(String));
      expect(contact['mobiltelefonnummer']).toEqual(expect.any(String));
    }
  });

  it('sends no contact, mailbox or certificate elements for deleted persons', async () => {
    const byId = await lookupById(sim, both, sim.population.cases.deleted.slice(0, 50));
    for (const person of byId.values()) {
      expect(Object.keys(person).sort()).toEqual([
        'personidentifikator',
        'status',
        'varslingsstatus',
      ]);
      expect(person['status']).toBe('SLETTET');
    }
  });

  it('records each call with its identifier count, scopes and request id', async () => {
    sim.recorder.reset();
    await lookup(
      sim,
      contactOnly,
      { personidentifikatorer: sim.population.ids.slice(0, 7) },
      {
        headers: { 'x-request-id': 'req-42' },
      },
    );
    expect(sim.recorder.calls).toEqual([
      {
        upstream: 'krr',
        method: 'POST',
        path: '/rest/v2/personer',
        status: 200,
        identifiers: 7,
        scopes: [KONTAKT],
        requestId: 'req-42',
      },
    ]);
    expect(sim.recorder.count('krr', { path: '/rest/v1/personer' })).toBe(0);
  });
});

describe('varslingsstatus and the 18-month rule (docs/registers.md K5)', () => {
  const NOW = Date.parse('2026-11-22T12:00:00Z');
  const withMobileUpdatedAt = (epochMs: number): KrrSimRecord => ({
    status: 'AKTIV',
    reservasjon: 'NEI',
    reservasjonstidspunkt: null,
    reservasjonOppdatert: null,
    epost: null,
    mobil: {
      value: '+4790000001',
      oppdatert: { epochMs, style: 'offset-hour' },
      sistVerifisert: null,
      sistValidert: null,
      duplisert: null,
    },
    emptyContactObject: false,
    digitalPost: null,
    sertifikat: null,
    spraak: null,
    spraakOppdatert: null,
    oppdatert: null,
  });

  it('counts a channel as fresh only while it is less than 18 months old', () => {
    const cutoff = eighteenMonthsBefore(NOW);
    expect(varslingsstatusOf(withMobileUpdatedAt(cutoff + 1000), NOW)).toBe('KAN_VARSLES');
    expect(varslingsstatusOf(withMobileUpdatedAt(cutoff), NOW)).toBe('KAN_IKKE_VARSLES');
  });
});

describe('the fixed KRR test users for the documented cases (docs/registers.md K7)', () => {
  const expectations: [string, Record<string, unknown>, readonly string[]][] = [
    [
      '03826427190',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES' },
      ['mobile', 'email'],
    ],
    [
      '17857133870',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES' },
      ['mobile', 'email'],
    ],
    ['08895844544', { status: 'SLETTET', varslingsstatus: 'KAN_IKKE_VARSLES' }, []],
    ['23817711057', { status: 'SLETTET', varslingsstatus: 'KAN_IKKE_VARSLES' }, []],
    [
      '12868362454',
      { reservasjon: 'JA', status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES' },
      ['mobile', 'email'],
    ],
    [
      '27906915753',
      { reservasjon: 'JA', status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES' },
      ['mobile', 'email'],
    ],
    [
      '05879271314',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      ['mobile', 'email'],
    ],
    [
      '19918828624',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      ['mobile', 'email'],
    ],
    [
      '02887453287',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      ['mobile'],
    ],
    [
      '30839519806',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      ['mobile'],
    ],
    [
      '11926140207',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      ['email'],
    ],
    [
      '21848065681',
      { reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      ['email'],
    ],
    [
      '07908636958',
      {
        reservasjon: 'NEI',
        varslingsstatus: 'KAN_VARSLES',
        digital_post: { postkasseleverandoeradresse: '984661185' },
      },
      ['mobile', 'email'],
    ],
    [
      '15827924439',
      {
        reservasjon: 'NEI',
        varslingsstatus: 'KAN_VARSLES',
        digital_post: { postkasseleverandoeradresse: '996460320' },
      },
      ['mobile', 'email'],
    ],
    [
      '25866758762',
      {
        reservasjon: 'JA',
        varslingsstatus: 'KAN_IKKE_VARSLES',
        digital_post: { postkasseleverandoeradresse: '984661185' },
      },
      ['email'],
    ],
    ['04919013295', { varslingsstatus: 'KAN_VARSLES', spraak: 'nn' }, ['mobile', 'email']],
    ['28897347786', { varslingsstatus: 'KAN_VARSLES', spraak: 'nb' }, ['mobile', 'email']],
    ['13818530980', { varslingsstatus: 'KAN_VARSLES', spraak: 'en' }, ['mobile', 'email']],
  ];

  it('lists every fixed +80 test user and no others', () => {
    expect([...sim.population.cases.testUsers].sort()).toEqual(
      expectations.map(([id]) => id).sort(),
    );
  });

  it.each(expectations)('%s answers as documented', async (id, expected, channels) => {
    const person = (await lookupById(sim, both, [id])).get(id);
    expect(person).toMatchObject(expected);
    const contact = (person?.['kontaktinformasjon'] ?? {}) as Record<string, unknown>;
    expect('mobiltelefonnummer' in contact).toBe(channels.includes('mobile'));
    expect('epostadresse' in contact).toBe(channels.includes('email'));
  });
});
