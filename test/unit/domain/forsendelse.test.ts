import { describe, expect, it } from 'vitest';
import { decideForsendelse } from '../../../src/domain/forsendelse.ts';
import type { Adresse, ContactInfo, PopulationData } from '../../../src/domain/person.ts';
import { NOT_FOUND } from '../../../src/upstream/freg/to-population-data.ts';
import { NOT_REGISTERED } from '../../../src/upstream/krr/to-contact-info.ts';

const NOW = Date.parse('2026-11-30T12:00:00Z');

const address = (lines: string[], type: Adresse['type'] = 'VEGADRESSE'): Adresse => ({
  type,
  adresselinjer: lines,
  coAdressenavn: null,
  postnummer: null,
  poststed: null,
  kommunenummer: null,
  landkode: 'NO',
  vegadresse: null,
  matrikkeladresse: null,
  postboks: null,
});

const living: PopulationData = {
  ...NOT_FOUND,
  finnesIFolkeregisteret: true,
  foedsel: { foedselsdato: '2008-12-01', foedselsaar: 2008, foedeland: 'NOR', foedekommune: null },
  vergemaalEllerFremtidsfullmakt: [],
};

const fresh = {
  oppdatert: null,
  sistVerifisert: null,
  sistValidert: null,
  duplisert: null,
  kanBrukesForVarsling: true,
};
const active: ContactInfo = {
  kontaktregisterstatus: 'AKTIV',
  reservasjon: { reservert: false, tidspunkt: null, oppdatert: null },
  varslingsstatus: 'KAN_VARSLES',
  kanVarsles: true,
  kontaktinformasjon: {
    epostadresse: { ...fresh, verdi: 'a@example.com' },
    mobiltelefonnummer: { ...fresh, verdi: '+4790000001', kanBrukesForVarsling: false },
  },
  spraak: null,
  digitalPost: { postkasseadresse: 'x#1', postkasseleverandoeradresse: '984661185' },
  sertifikat: { pem: 'pem', utsteder: null, gyldigFra: null, gyldigTil: null },
};

describe('decideForsendelse', () => {
  it('says IKKE_I_FOLKEREGISTERET on every route when Folkeregisteret does not know the person', () => {
    const unknown = NOT_FOUND;
    const noMailbox = { ...active, digitalPost: null };
    expect(decideForsendelse(active, unknown, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'DIGITAL_POSTKASSE',
      begrunnelser: ['HAR_DIGITAL_POSTKASSE', 'IKKE_I_FOLKEREGISTERET'],
      harVerge: null,
      alder: null,
    });
    expect(decideForsendelse(active, unknown, 'INFORMASJON', NOW).begrunnelser).toEqual([
      'HAR_DIGITAL_POSTKASSE',
      'IKKE_I_FOLKEREGISTERET',
    ]);
    for (const formaal of ['VEDTAK', 'INFORMASJON'] as const)
      expect(decideForsendelse(noMailbox, unknown, formaal, NOW)).toMatchObject({
        kanal: 'INNBOKS_MED_VARSEL',
        alternativeKanaler: [],
        begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'IKKE_I_FOLKEREGISTERET'],
      });
    // Known to Folkeregisteret: the reason is not given.
    expect(decideForsendelse(active, living, 'VEDTAK', NOW).begrunnelser).toEqual([
      'HAR_DIGITAL_POSTKASSE',
    ]);
  });

  it('tries postadresse, then oppholdsadresse, then bostedsadresse, and skips an unknown residence', () => {
    const krr = NOT_REGISTERED;
    const all = {
      ...living,
      postadresse: address(['Postboks 1', '0150 OSLO'], 'POSTBOKS'),
      oppholdsadresse: address(['Opphold 1', '5003 BERGEN']),
      bostedsadresse: address(['Bosted 1', '7010 TRONDHEIM']),
    };
    expect(decideForsendelse(krr, all, 'VEDTAK', NOW).postadressekilde).toBe('POSTADRESSE');
    const noPost = { ...all, postadresse: null };
    expect(decideForsendelse(krr, noPost, 'VEDTAK', NOW).postadressekilde).toBe('OPPHOLDSADRESSE');
    const onlyBosted = { ...noPost, oppholdsadresse: null };
    expect(decideForsendelse(krr, onlyBosted, 'VEDTAK', NOW).postadressekilde).toBe(
      'BOSTEDSADRESSE',
    );
    const unknown = { ...onlyBosted, bostedsadresse: address([], 'UKJENT_BOSTED') };
    expect(decideForsendelse(krr, unknown, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'INGEN',
      begrunnelser: ['IKKE_REGISTRERT_I_KRR', 'KAN_IKKE_VARSLES', 'INGEN_POSTADRESSE'],
    });
  });

  it('writes first to the address preferertKontaktadresse names, and falls back when it has none', () => {
    const krr = NOT_REGISTERED;
    const all = {
      ...living,
      postadresse: address(['Postboks 1', '0150 OSLO'], 'POSTBOKS'),
      oppholdsadresse: address(['Opphold 1', '5003 BERGEN']),
      bostedsadresse: address(['Bosted 1', '7010 TRONDHEIM']),
    };
    const bosted = { ...all, preferertKontaktadresse: 'BOSTEDSADRESSE' as const };
    expect(decideForsendelse(krr, bosted, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'PAPIR',
      postadressekilde: 'BOSTEDSADRESSE',
      postadresse: { adresselinjer: ['Bosted 1', '7010 TRONDHEIM'] },
    });
    const opphold = { ...all, preferertKontaktadresse: 'OPPHOLDSADRESSE' as const };
    expect(decideForsendelse(krr, opphold, 'VEDTAK', NOW).postadressekilde).toBe('OPPHOLDSADRESSE');
    // The preferred address withheld or unknown: the usual order applies.
    const withheld = { ...bosted, bostedsadresse: address([], 'UKJENT_BOSTED') };
    expect(decideForsendelse(krr, withheld, 'VEDTAK', NOW).postadressekilde).toBe('POSTADRESSE');
  });

  it('does not count a mailbox without a certificate or outside an active registration', () => {
    const withoutCertificate = { ...active, sertifikat: null };
    expect(decideForsendelse(withoutCertificate, living, 'VEDTAK', NOW).kanal).toBe(
      'INNBOKS_MED_VARSEL',
    );
    const deleted: ContactInfo = { ...active, kontaktregisterstatus: 'SLETTET' };
    expect(decideForsendelse(deleted, living, 'INFORMASJON', NOW).kanal).not.toBe(
      'DIGITAL_POSTKASSE',
    );
  });

  it('sends a decision on paper when KRR says KAN_VARSLES but no channel passes the 18-month rule', () => {
    const stale: ContactInfo = {
      ...active,
      digitalPost: null,
      kontaktinformasjon: {
        epostadresse: { ...fresh, verdi: 'a@example.com', kanBrukesForVarsling: false },
        mobiltelefonnummer: null,
      },
    };
    const data = { ...living, bostedsadresse: address(['Bosted 1', '7010 TRONDHEIM']) };
    expect(decideForsendelse(stale, data, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'PAPIR',
      begrunnelser: ['INGEN_DIGITAL_POSTKASSE', 'UTLOEPT_KONTAKTINFORMASJON'],
      varslingskanaler: [],
    });
  });

  it('lists only the notice channels that may be used, and paper beside the inbox only with an address', () => {
    const noMailbox = { ...active, digitalPost: null };
    expect(decideForsendelse(noMailbox, living, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'INNBOKS_MED_VARSEL',
      alternativeKanaler: [],
      varslingskanaler: [{ type: 'EPOST', verdi: 'a@example.com' }],
      postadresse: null,
    });
  });

  it('needs a probate certificate date and a contact to write to an estate', () => {
    const estate = {
      skifteform: 'ANNET' as const,
      attestutstedelsesdato: '2025-01-10',
      kontakt: {
        type: 'PERSON' as const,
        personnavn: 'MODIG BJØRK',
        organisasjonsnavn: null,
        organisasjonsnummer: null,
      },
      adresse: address(['Storgata 1', '0150 OSLO'], 'FRITT_FORMAT'),
    };
    const dead: PopulationData = {
      ...living,
      navn: {
        fornavn: 'ROLIG',
        mellomnavn: null,
        etternavn: 'ELG',
        forkortetNavn: null,
        visningsnavn: null,
      },
      doedsfall: { doedsdato: '2024-12-24' },
      kontaktinformasjonForDoedsbo: estate,
    };
    expect(decideForsendelse(active, dead, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'DOEDSBO',
      postadresse: {
        adresselinjer: ['ROLIG ELG DØDSBO', 'c/o MODIG BJØRK', 'Storgata 1', '0150 OSLO'],
      },
      alder: null,
    });
    const noCertificate = {
      ...dead,
      kontaktinformasjonForDoedsbo: { ...estate, attestutstedelsesdato: null },
    };
    expect(decideForsendelse(active, noCertificate, 'VEDTAK', NOW)).toMatchObject({
      kanal: 'INGEN',
      begrunnelser: ['DOED', 'INGEN_DOEDSBOADRESSE'],
    });
  });

  it('computes the age on today’s date in Norway', () => {
    // 2026-11-30: one day short of the 18th birthday.
    expect(decideForsendelse(active, living, 'VEDTAK', NOW).alder).toBe(17);
    const birthday = Date.parse('2026-11-30T23:30:00Z'); // 1 December in Oslo
    expect(decideForsendelse(active, living, 'VEDTAK', birthday).alder).toBe(18);
  });
});
