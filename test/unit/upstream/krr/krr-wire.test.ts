import { describe, expect, it } from 'vitest';
import { KrrWireFormatError, parseKrrResponse } from '../../../../src/upstream/krr/krr-wire.ts';

describe('parseKrrResponse', () => {
  it('reads persons and ignores unknown fields at every level', () => {
    const persons = parseKrrResponse({
      personer: [
        {
          personidentifikator: '05879271314',
          reservasjon: 'NEI',
          status: 'AKTIV',
          ny_egenskap: 'x',
          kontaktinformasjon: {
            epostadresse: 'a@example.no',
            mobiltelefonnummer_valideringstoken: 'y',
          },
          digital_post: {
            postkasseadresse: 'ola#1',
            postkasseleverandoeradresse: '984661185',
            ukjent: 1,
          },
        },
      ],
      ekstra: true,
    });
    expect(persons).toEqual([
      {
        personidentifikator: '05879271314',
        reservasjon: 'NEI',
        status: 'AKTIV',
        kontaktinformasjon: { epostadresse: 'a@example.no' },
        digital_post: { postkasseadresse: 'ola#1', postkasseleverandoeradresse: '984661185' },
      },
    ]);
  });

  it('turns empty strings and empty objects into absent values', () => {
    const [person] = parseKrrResponse({
      personer: [
        {
          personidentifikator: '05879271314',
          sertifikat: '',
          kontaktinformasjon: {},
          digital_post: { postkasseadresse: '' },
          spraak: '  ',
        },
      ],
    });
    expect(person).toEqual({ personidentifikator: '05879271314' });
  });

  it('skips entries without an identifier instead of failing the batch', () => {
    const persons = parseKrrResponse({
      personer: [{ status: 'AKTIV' }, null, 'x', { personidentifikator: '05879271314' }],
    });
    expect(persons.map((p) => p.personidentifikator)).toEqual(['05879271314']);
  });

  it('rejects a body without a personer array', () => {
    expect(() => parseKrrResponse({ feil: 'x' })).toThrow(KrrWireFormatError);
    expect(() => parseKrrResponse('<html>')).toThrow(KrrWireFormatError);
    expect(() => parseKrrResponse(null)).toThrow(KrrWireFormatError);
  });
});
