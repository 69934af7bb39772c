// toContactInfo normalises KRR's usual timestamp shapes on a fast path: every timestamp must come
// out exactly as normaliseDateTime gives it, for the usual shapes and the odd ones alike.
import { describe, expect, it } from 'vitest';
import { normaliseDateTime } from '../../../../src/domain/time.ts';
import { krrInstant, toContactInfo } from '../../../../src/upstream/krr/to-contact-info.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const SHAPES = [
  '2026-06-10T21:00:01+02',
  '2026-01-10T21:00:01+01',
  '2026-06-10T21:00:01-05',
  '2026-06-10T21:00:01+02:00',
  '2026-06-10T21:00:01+0200',
  '2025-08-05T10:45:15.768Z',
  '2025-08-05T10:45:15.768123456+02',
  '2025-08-05T10:45:15z',
  '2025-08-05 10:45:15+02',
  ' 2025-08-05T10:45:15+02 ',
  '2025-08-05T10:45+02',
  '2025-08-05T10:45:15',
  '2025-13-40T10:45:15+02',
  '2025-02-30T10:45:15Z',
  '2025-08-05T25:45:15+02',
  'not a time',
  '',
];

describe('toContactInfo timestamps', () => {
  it.each(SHAPES)('normalises %j exactly as normaliseDateTime does', (stamp) => {
    const info = toContactInfo(
      {
        personidentifikator: '05879271314',
        reservasjon: 'NEI',
        status: 'AKTIV',
        varslingsstatus: 'KAN_VARSLES',
        reservasjonstidspunkt: stamp,
        kontaktinformasjon: {
          epostadresse: 'syntetisk@example.com',
          epostadresse_oppdatert: stamp,
          mobiltelefonnummer: '90000001',
          mobiltelefonnummer_sist_verifisert: stamp,
        },
        spraak: 'NB',
        spraak_oppdatert: stamp,
      },
      NOW,
    );
    const expected = normaliseDateTime(stamp);
    expect(info.reservasjon?.tidspunkt).toBe(expected);
    expect(info.kontaktinformasjon?.epostadresse?.oppdatert).toBe(expected);
    expect(info.kontaktinformasjon?.mobiltelefonnummer?.sistVerifisert).toBe(expected);
    expect(info.spraak?.oppdatert).toBe(expected);
    const fresh = expected !== null && Date.parse(expected) > Date.parse('2025-05-22T12:00:00Z');
    expect(info.kontaktinformasjon?.epostadresse?.kanBrukesForVarsling).toBe(fresh);
  });
});

describe('krrInstant', () => {
  it('gives normaliseDateTime and Date.parse results for generated KRR-shaped timestamps', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const two = (n: number): string => String(n).padStart(2, '0');
    for (let i = 0; i < 20_000; i++) {
      const fraction = ['', '.1', '.76', '.768', '.7681', '.768123456'][next(6)] ?? '';
      const zone = ['Z', '+02', '+01', '-05', '+02:00', '+05:30', '+14', '+15', '-12:45'][next(9)];
      const stamp =
        `${String(900 + next(1300)).padStart(4, '0')}-${two(next(14))}-${two(next(33))}` +
        `T${two(next(26))}:${two(next(61))}:${two(next(62))}${fraction}${zone ?? 'Z'}`;
      const iso = normaliseDateTime(stamp);
      const ms = iso === null ? -Infinity : Date.parse(iso);
      expect(krrInstant(stamp), stamp).toEqual(
        Number.isNaN(ms) ? { iso: null, ms: -Infinity } : { iso, ms },
      );
    }
  });

  it('treats an absent or odd timestamp as normaliseDateTime does', () => {
    expect(krrInstant(undefined)).toEqual({ iso: null, ms: -Infinity });
    for (const stamp of SHAPES) {
      const iso = normaliseDateTime(stamp);
      expect(krrInstant(stamp).iso, stamp).toBe(iso);
    }
  });
});
