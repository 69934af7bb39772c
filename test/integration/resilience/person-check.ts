// Checks that a served person carries exactly the KRR data the simulator holds for its own
// identifier, so a lost or mixed-up person is caught. Mismatches name the field, never a value.
import type { Population } from '../../../src/simulator/index.ts';
import { normaliseMobile } from '../../../src/upstream/krr/to-contact-info.ts';

/** The KRR fields the checks below need, for a `personer` selection. */
export const CHECKED_KRR_FIELDS = `
  personidentifikator
  kontaktregisterstatus
  reservasjon { reservert }
  kontaktinformasjon { epostadresse { verdi } mobiltelefonnummer { verdi } }
`;

/** A person as the selection above returns it. */
export interface CheckedKrrPerson {
  readonly personidentifikator: string;
  readonly kontaktregisterstatus: string | null;
  readonly reservasjon: { readonly reservert: boolean } | null;
  readonly kontaktinformasjon: {
    readonly epostadresse: { readonly verdi: string | null } | null;
    readonly mobiltelefonnummer: { readonly verdi: string | null } | null;
  } | null;
}

/**
 * Compares a served person with the simulator's record for its identifier. Returns the names of
 * the fields that differ (empty when the person is exactly right).
 */
export function krrMismatches(population: Population, person: CheckedKrrPerson): string[] {
  const sim = population.get(person.personidentifikator);
  const record = sim?.krr ?? null;
  const problems: string[] = [];
  const status = record?.status ?? 'IKKE_REGISTRERT';
  if (person.kontaktregisterstatus !== status) problems.push('kontaktregisterstatus');
  const reservert =
    record?.reservasjon === 'JA' ? true : record?.reservasjon === 'NEI' ? false : null;
  if ((person.reservasjon?.reservert ?? null) !== reservert) problems.push('reservasjon');
  // Deleted persons carry no contact elements (docs/registers.md K4).
  const contact = record !== null && record.status === 'AKTIV';
  // KRR's `""` values mean "no value" (docs/registers.md K2).
  const email =
    contact && record.epost !== null && record.epost.value !== '' ? record.epost.value : null;
  const mobile =
    contact && record.mobil !== null && record.mobil.value !== ''
      ? normaliseMobile(record.mobil.value)
      : null;
  if ((person.kontaktinformasjon?.epostadresse?.verdi ?? null) !== email) problems.push('epost');
  if ((person.kontaktinformasjon?.mobiltelefonnummer?.verdi ?? null) !== mobile)
    problems.push('mobil');
  return problems;
}
