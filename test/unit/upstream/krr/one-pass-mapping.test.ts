// toContactInfo reads KRR's entries as they came (indexKrrResponse) with the same result as the
// mapping had before (support/reference-mapping.ts over parseKrrResponse's wire objects); with a
// field selection, the selected fields are the same and the others are null.
import { describe, expect, it } from 'vitest';
import { CONTACT_INFO_FIELDS } from '../../../../src/domain/person.ts';
import { indexKrrResponse, parseKrrResponse } from '../../../../src/upstream/krr/krr-wire.ts';
import { toContactInfo } from '../../../../src/upstream/krr/to-contact-info.ts';
import { toContactInfo as referenceToContactInfo } from './support/reference-mapping.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIMESTAMPS = [
  '2026-06-10T21:00:01+02',
  ' 2026-06-10T21:00:01+02 ',
  '2023-08-05T10:45:15.768Z',
  '2025-02-30T10:00:00Z',
  '2025-13-01T10:00:00Z',
  '2024-01-02T08:00:00+01:00',
  '2019-01-02T08:00:00.123456+05:30',
  'not a time',
  '',
  '   ',
  17,
  null,
];
const POOLS: Record<string, readonly unknown[]> = {
  reservasjon: ['JA', 'NEI', ' NEI ', 'KANSKJE', '', 3, null],
  status: ['AKTIV', 'SLETTET', 'IKKE_REGISTRERT', ' AKTIV', 'UKJENT', '', false],
  varslingsstatus: ['KAN_VARSLES', 'KAN_IKKE_VARSLES', 'X', '', null],
  spraak: ['NB', 'nn', ' EN ', '', 1],
  sertifikat: ['bm90IGEgY2VydGlmaWNhdGU=', ' bm90 ', '!!', '', 5],
  epostadresse: ['a@example.no', ' b@example.no ', '', 7],
  mobiltelefonnummer: ['90000001', '+47 900 00 001', '004790000001', '', {}],
  postkasseadresse: ['adr', ' adr2 ', '', null],
  postkasseleverandoeradresse: ['984661185', '', 0],
  duplisert: ['JA', 'NEI', ' JA ', 'ja', 'UKJENT', '', true, null],
};

function entry(next: () => number, index: number): unknown {
  const pick = (pool: readonly unknown[]): unknown => pool[Math.floor(next() * pool.length)];
  const maybe = (key: string, pool: readonly unknown[], out: Record<string, unknown>): void => {
    if (next() < 0.75) out[key] = pick(pool);
  };
  if (next() < 0.03) return pick([null, 'x', [], 4]);
  const person: Record<string, unknown> = {};
  if (next() < 0.97) person['personidentifikator'] = next() < 0.05 ? ' ' : ` ${index} `.trim();
  for (const key of ['reservasjon', 'status', 'varslingsstatus', 'spraak', 'sertifikat'])
    maybe(key, POOLS[key] ?? [], person);
  for (const key of [
    'reservasjonstidspunkt',
    'reservasjon_oppdatert',
    'spraak_oppdatert',
    'oppdatert',
  ])
    maybe(key, TIMESTAMPS, person);
  if (next() < 0.8) {
    const contact: Record<string, unknown> = {};
    maybe('epostadresse', POOLS['epostadresse'] ?? [], contact);
    maybe('mobiltelefonnummer', POOLS['mobiltelefonnummer'] ?? [], contact);
    for (const key of [
      'epostadresse_oppdatert',
      'epostadresse_sist_verifisert',
      'mobiltelefonnummer_oppdatert',
      'mobiltelefonnummer_sist_verifisert',
      'epostadresse_sist_validert',
      'mobiltelefonnummer_sist_validert',
    ])
      maybe(key, TIMESTAMPS, contact);
    for (const key of ['epostadresse_duplisert', 'mobiltelefonnummer_duplisert'])
      maybe(key, POOLS['duplisert'] ?? [], contact);
    person['kontaktinformasjon'] = next() < 0.05 ? 'text' : contact;
  }
  if (next() < 0.6) {
    const mailbox: Record<string, unknown> = {};
    maybe('postkasseadresse', POOLS['postkasseadresse'] ?? [], mailbox);
    maybe('postkasseleverandoeradresse', POOLS['postkasseleverandoeradresse'] ?? [], mailbox);
    person['digital_post'] = next() < 0.05 ? [] : mailbox;
  }
  if (next() < 0.1) person['ukjent_felt'] = 'ignored';
  return person;
}

describe('one-pass KRR mapping', () => {
  const next = random(20261130);
  const body = { personer: Array.from({ length: 4000 }, (_, i) => entry(next, i)) };
  const wire = new Map(parseKrrResponse(body).map((p) => [p.personidentifikator, p]));
  const entries = indexKrrResponse(body);

  it('finds the same persons as parseKrrResponse', () => {
    expect([...entries.keys()].sort()).toEqual([...wire.keys()].sort());
    expect(entries.size).toBeGreaterThan(3000);
  });

  it('maps every entry exactly as the reference maps its wire person', () => {
    for (const [id, raw] of entries) {
      const person = wire.get(id);
      if (person === undefined) throw new Error('missing wire person');
      const expected = referenceToContactInfo(person, NOW);
      expect(toContactInfo(raw, NOW)).toStrictEqual(expected);
      expect(toContactInfo(person, NOW)).toStrictEqual(expected);
    }
  });

  it('gives the selected fields unchanged and null for the rest', () => {
    const pick = random(7);
    for (const [id, raw] of entries) {
      const fields = new Set(CONTACT_INFO_FIELDS.filter(() => pick() < 0.5));
      const person = wire.get(id);
      if (person === undefined) throw new Error('missing wire person');
      const full = referenceToContactInfo(person, NOW);
      const partial = toContactInfo(raw, NOW, fields);
      for (const field of CONTACT_INFO_FIELDS) {
        if (fields.has(field)) expect(partial[field]).toStrictEqual(full[field]);
        else if (!['kontaktregisterstatus', 'varslingsstatus', 'kanVarsles'].includes(field))
          expect(partial[field]).toBeNull();
      }
    }
  });

  it('rejects a body without a personer array like parseKrrResponse', () => {
    expect(() => indexKrrResponse({ persons: [] })).toThrow(/personer/);
    expect(() => indexKrrResponse([])).toThrow(/personer/);
  });
});
