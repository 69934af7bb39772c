import { describe, expect, it } from 'vitest';
import { normaliseMobile, toContactInfo } from '../../../../src/upstream/krr/to-contact-info.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const RECENT = '2026-06-10T21:00:01+02';
const OLD = '2024-01-02T08:00:00+01';
const ID = '05879271314';

describe('toContactInfo', () => {
  it('maps an active, unreserved person with fresh channels', () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        reservasjon: 'NEI',
        status: 'AKTIV',
        varslingsstatus: 'KAN_VARSLES',
        kontaktinformasjon: {
          epostadresse: 'syntetisk@example.com',
          epostadresse_oppdatert: RECENT,
          mobiltelefonnummer: '90000001',
          mobiltelefonnummer_oppdatert: OLD,
          mobiltelefonnummer_sist_verifisert: RECENT,
        },
        spraak: 'NB',
        spraak_oppdatert: '2025-01-01T10:00:00.123Z',
      },
      NOW,
    );
    expect(info.kontaktregisterstatus).toBe('AKTIV');
    expect(info.kanVarsles).toBe(true);
    expect(info.reservasjon).toEqual({ reservert: false, tidspunkt: null, oppdatert: null });
    expect(info.kontaktinformasjon?.epostadresse).toEqual({
      verdi: 'syntetisk@example.com',
      oppdatert: '2026-06-10T21:00:01+02:00',
      sistVerifisert: null,
      sistValidert: null,
      duplisert: null,
      kanBrukesForVarsling: true,
    });
    expect(info.kontaktinformasjon?.mobiltelefonnummer).toMatchObject({
      verdi: '+4790000001',
      kanBrukesForVarsling: true,
    });
    expect(info.spraak).toEqual({ kode: 'nb', oppdatert: '2025-01-01T10:00:00.123Z' });
  });

  it('applies the 18-month rule per channel', () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        reservasjon: 'NEI',
        status: 'AKTIV',
        varslingsstatus: 'KAN_VARSLES',
        kontaktinformasjon: {
          epostadresse: 'syntetisk@example.com',
          epostadresse_oppdatert: OLD,
          epostadresse_sist_verifisert: OLD,
          mobiltelefonnummer: '+4790000001',
          mobiltelefonnummer_oppdatert: RECENT,
        },
      },
      NOW,
    );
    expect(info.kontaktinformasjon?.epostadresse?.kanBrukesForVarsling).toBe(false);
    expect(info.kontaktinformasjon?.mobiltelefonnummer?.kanBrukesForVarsling).toBe(true);
  });

  it('never lets a reserved person be notified, even with fresh contact information', () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        reservasjon: 'JA',
        reservasjonstidspunkt: '2023-05-17T09:41:07+02',
        status: 'AKTIV',
        varslingsstatus: 'KAN_IKKE_VARSLES',
        kontaktinformasjon: {
          epostadresse: 'syntetisk@example.com',
          epostadresse_oppdatert: RECENT,
        },
      },
      NOW,
    );
    expect(info.kanVarsles).toBe(false);
    expect(info.reservasjon).toEqual({
      reservert: true,
      tidspunkt: '2023-05-17T09:41:07+02:00',
      oppdatert: null,
    });
    expect(info.kontaktinformasjon?.epostadresse?.kanBrukesForVarsling).toBe(false);
  });

  it('treats a deleted person as not notifiable', () => {
    const info = toContactInfo({ personidentifikator: ID, status: 'SLETTET' }, NOW);
    expect(info).toMatchObject({
      kontaktregisterstatus: 'SLETTET',
      kanVarsles: false,
      reservasjon: null,
    });
  });

  it('turns unknown enum values into null instead of failing', () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        status: 'NY_STATUS',
        varslingsstatus: 'KANSKJE',
        reservasjon: 'MAYBE',
      },
      NOW,
    );
    expect(info).toMatchObject({
      kontaktregisterstatus: null,
      varslingsstatus: null,
      reservasjon: null,
      kanVarsles: null,
    });
  });

  it('gives kanVarsles false when KRR says KAN_IKKE_VARSLES, even if status or reservation is missing', () => {
    const missingReservation = toContactInfo(
      { personidentifikator: ID, status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES' },
      NOW,
    );
    expect(missingReservation.kanVarsles).toBe(false);
    const unknownStatus = toContactInfo(
      {
        personidentifikator: ID,
        status: 'NY_STATUS',
        reservasjon: 'NEI',
        varslingsstatus: 'KAN_IKKE_VARSLES',
      },
      NOW,
    );
    expect(unknownStatus.kanVarsles).toBe(false);
  });

  it('leaves kanVarsles unknown when KRR says KAN_VARSLES but the reservation is missing', () => {
    const info = toContactInfo(
      { personidentifikator: ID, status: 'AKTIV', varslingsstatus: 'KAN_VARSLES' },
      NOW,
    );
    expect(info.kanVarsles).toBeNull();
  });

  it('leaves kanVarsles unknown when KRR gave no notification status (no scope for it)', () => {
    const info = toContactInfo(
      { personidentifikator: ID, status: 'AKTIV', reservasjon: 'NEI' },
      NOW,
    );
    expect(info.kanVarsles).toBeNull();
  });

  it('keeps mailbox parts and passes an unparseable certificate through without metadata', () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        digital_post: { postkasseadresse: 'syntetisk.person#1234K' },
        sertifikat: 'AAAA',
      },
      NOW,
    );
    expect(info.digitalPost).toEqual({
      postkasseadresse: 'syntetisk.person#1234K',
      postkasseleverandoeradresse: null,
    });
    expect(info.sertifikat).toMatchObject({ utsteder: null, gyldigFra: null });
    expect(info.sertifikat?.pem).toContain('-----BEGIN CERTIFICATE-----\nAAAA\n');
  });

  it('gives no mailbox for a provider beside an empty mailbox address, as KRR sends it', () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        status: 'AKTIV',
        digital_post: { postkasseadresse: '', postkasseleverandoeradresse: '984661185' },
        sertifikat: '',
      },
      NOW,
    );
    expect(info.digitalPost).toBeNull();
    expect(info.sertifikat).toBeNull();
  });

  it("maps v2's duplicate flags and validation times per channel; the person's oppdatert is not mapped", () => {
    const info = toContactInfo(
      {
        personidentifikator: ID,
        reservasjon: 'NEI',
        status: 'AKTIV',
        varslingsstatus: 'KAN_VARSLES',
        oppdatert: RECENT,
        kontaktinformasjon: {
          epostadresse: 'syntetisk@example.com',
          epostadresse_oppdatert: RECENT,
          epostadresse_sist_validert: '2025-03-04T05:06:07.891Z',
          epostadresse_duplisert: 'NEI',
          mobiltelefonnummer: '+4790000001',
          mobiltelefonnummer_oppdatert: RECENT,
          mobiltelefonnummer_sist_validert: OLD,
          mobiltelefonnummer_duplisert: 'JA',
        },
      },
      NOW,
    );
    expect(info.kontaktinformasjon?.epostadresse).toMatchObject({
      sistValidert: '2025-03-04T05:06:07.891Z',
      duplisert: false,
    });
    expect(info.kontaktinformasjon?.mobiltelefonnummer).toMatchObject({
      sistValidert: '2024-01-02T08:00:00+01:00',
      duplisert: true,
      kanBrukesForVarsling: true,
    });
    expect(Object.keys(info)).not.toContain('oppdatert');
  });

  it('reads an unknown duplicate flag as unknown, not as false', () => {
    for (const flag of ['ja', 'MAYBE', 'true']) {
      const info = toContactInfo(
        {
          personidentifikator: ID,
          kontaktinformasjon: {
            mobiltelefonnummer: '90000001',
            mobiltelefonnummer_duplisert: flag,
          },
        },
        NOW,
      );
      expect(info.kontaktinformasjon?.mobiltelefonnummer?.duplisert).toBeNull();
    }
  });

  it('tells apart certificates whose texts end alike (the cache compares whole texts)', () => {
    const tail = 'B'.repeat(80);
    const first = toContactInfo({ personidentifikator: ID, sertifikat: `QUJD${tail}` }, NOW);
    const second = toContactInfo({ personidentifikator: ID, sertifikat: `REVG${tail}` }, NOW);
    const again = toContactInfo({ personidentifikator: ID, sertifikat: `QUJD${tail}` }, NOW);
    expect(first.sertifikat?.pem).toContain('\nQUJDBBBB');
    expect(second.sertifikat?.pem).toContain('\nREVGBBBB');
    expect(again.sertifikat).toEqual(first.sertifikat);
  });
});

describe('normaliseMobile', () => {
  it('adds +47 to 8-digit numbers and keeps international ones', () => {
    expect(normaliseMobile('90000001')).toBe('+4790000001');
    expect(normaliseMobile('+4790000001')).toBe('+4790000001');
    expect(normaliseMobile('0047 900 00 001')).toBe('+4790000001');
    expect(normaliseMobile('+46701234567')).toBe('+46701234567');
  });
});
