// Pure parts of the register simulator: population generation, KRR timestamps and the 18-month
// rule, the certificate writer and the fault queue.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFaultQueue } from '../../../src/simulator/faults.ts';
import { formatKrrTimestamp } from '../../../src/simulator/krr.ts';
import {
  eighteenMonthsBefore,
  varslingsstatusOf,
  type KrrSimRecord,
} from '../../../src/simulator/krr-records.ts';
import { generatePopulation } from '../../../src/simulator/population.ts';
import { startSimulator } from '../../../src/simulator/index.ts';
import { createSelfSignedCertificate } from '../../../src/simulator/x509.ts';

const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);

describe('generatePopulation', () => {
  it('gives identical persons, records included, for the same seed and clock', () => {
    const first = generatePopulation({ size: 2000, seed: 7, now: NOW });
    const second = generatePopulation({ size: 2000, seed: 7, now: NOW });
    expect(second.ids).toEqual(first.ids);
    for (const id of first.ids) expect(second.get(id)).toEqual(first.get(id));
  });

  it('generates 12 000 persons, each with its own identifier', () => {
    const population = generatePopulation({ size: 12_000, seed: 1, now: NOW });
    // The named fault and edge-case persons come on top of the generated ones.
    expect(population.ids.length).toBeGreaterThanOrEqual(12_000);
    expect(new Set(population.ids).size).toBe(population.ids.length);
  });

  it('keeps identity register-neutral: birth date and name seed on every person', () => {
    const population = generatePopulation({ size: 100, seed: 1, now: NOW });
    for (const id of population.ids) {
      const person = population.get(id);
      expect(person?.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isInteger(person?.nameSeed)).toBe(true);
    }
  });

  it('gives expired persons channel timestamps all older than 18 months', () => {
    const population = generatePopulation({ size: 3000, seed: 3, now: NOW });
    const cutoff = eighteenMonthsBefore(NOW);
    for (const id of population.cases.expired) {
      const record = population.get(id)?.krr;
      for (const channel of [record?.epost, record?.mobil]) {
        for (const stamp of [channel?.oppdatert, channel?.sistVerifisert]) {
          if (stamp) expect(stamp.epochMs).toBeLessThan(cutoff);
        }
      }
    }
  });
});

describe('formatKrrTimestamp', () => {
  it('writes Oslo time with an hour-only offset, +01 in winter and +02 in summer', () => {
    expect(
      formatKrrTimestamp({ epochMs: Date.UTC(2023, 5, 10, 19, 0, 1), style: 'offset-hour' }),
    ).toBe('2023-06-10T21:00:01+02');
    expect(
      formatKrrTimestamp({ epochMs: Date.UTC(2015, 2, 11, 18, 59, 15), style: 'offset-hour' }),
    ).toBe('2015-03-11T19:59:15+01');
  });

  it('writes UTC with milliseconds in the Z style', () => {
    expect(
      formatKrrTimestamp({ epochMs: Date.UTC(2023, 7, 5, 10, 45, 15, 768), style: 'utc-millis' }),
    ).toBe('2023-08-05T10:45:15.768Z');
  });
});

describe('varslingsstatusOf', () => {
  const base: KrrSimRecord = {
    status: 'AKTIV',
    reservasjon: 'NEI',
    reservasjonstidspunkt: null,
    reservasjonOppdatert: null,
    epost: null,
    mobil: null,
    emptyContactObject: false,
    digitalPost: null,
    sertifikat: null,
    spraak: null,
    spraakOppdatert: null,
    oppdatert: null,
  };
  const channel = (oppdatertMonthsAgo: number, verifiedMonthsAgo: number | null) => ({
    value: 'x@example.com',
    oppdatert: {
      epochMs: NOW - oppdatertMonthsAgo * 30.44 * 86_400_000,
      style: 'utc-millis' as const,
    },
    sistVerifisert:
      verifiedMonthsAgo === null
        ? null
        : { epochMs: NOW - verifiedMonthsAgo * 30.44 * 86_400_000, style: 'utc-millis' as const },
    sistValidert: null,
    duplisert: null,
  });

  it('is KAN_VARSLES when one channel was updated or verified within 18 months', () => {
    expect(varslingsstatusOf({ ...base, epost: channel(30, 2) }, NOW)).toBe('KAN_VARSLES');
    expect(
      varslingsstatusOf({ ...base, epost: channel(30, null), mobil: channel(1, null) }, NOW),
    ).toBe('KAN_VARSLES');
  });

  it('is KAN_IKKE_VARSLES when expired, reserved, deleted or without channels', () => {
    expect(varslingsstatusOf({ ...base, epost: channel(30, 19) }, NOW)).toBe('KAN_IKKE_VARSLES');
    expect(varslingsstatusOf({ ...base, reservasjon: 'JA', epost: channel(1, 1) }, NOW)).toBe(
      'KAN_IKKE_VARSLES',
    );
    expect(varslingsstatusOf({ ...base, status: 'SLETTET', epost: channel(1, 1) }, NOW)).toBe(
      'KAN_IKKE_VARSLES',
    );
    expect(varslingsstatusOf(base, NOW)).toBe('KAN_IKKE_VARSLES');
    expect(varslingsstatusOf({ ...base, epost: { ...channel(1, 1), value: '' } }, NOW)).toBe(
      'KAN_IKKE_VARSLES',
    );
  });
});

describe('createSelfSignedCertificate', () => {
  it('produces a DER certificate that node:crypto parses and that verifies with its own key', () => {
    const certificate = createSelfSignedCertificate('Test', new Date(NOW), 365);
    const parsed = new X509Certificate(certificate.der);
    expect(parsed.subject).toContain('CN=Test');
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    expect(new Date(parsed.validTo).getTime()).toBe(certificate.notAfter.getTime());
  });
});

describe('fault queue', () => {
  it('hands out faults in order, each as often as injected, Infinity for ever', () => {
    const queue = createFaultQueue();
    queue.inject('krr', { status: 500 }, 2);
    queue.inject('krr', { kind: 'reset' }, Infinity);
    expect(queue.take('maskinporten')).toBeNull();
    expect([queue.take('krr'), queue.take('krr'), queue.take('krr'), queue.take('krr')]).toEqual([
      { status: 500 },
      { status: 500 },
      { kind: 'reset' },
      { kind: 'reset' },
    ]);
    queue.clear();
    expect(queue.take('krr')).toBeNull();
  });

  it('rejects a non-positive or fractional count with a TypeError', () => {
    const queue = createFaultQueue();
    expect(() => queue.inject('krr', { status: 500 }, 0)).toThrow(TypeError);
    expect(() => queue.inject('krr', { status: 500 }, 1.5)).toThrow(TypeError);
  });
});

describe('startSimulator options', () => {
  it('rejects invalid options with a TypeError naming the option', async () => {
    await expect(startSimulator({ populationSize: -1 })).rejects.toThrow(/populationSize/);
    await expect(startSimulator({ accessTokenLifetimeSeconds: 0 })).rejects.toThrow(
      /accessTokenLifetimeSeconds/,
    );
    await expect(startSimulator({ clientScopes: ['two words'] })).rejects.toThrow(/clientScopes/);
  });
});
