// Using the typed operations: results and variables are checked against the schema, so a field
// removed or renamed in schema.graphql breaks this file's type check (npm run example:check).
import { execute } from './client';
import type { Kontaktregisterstatus } from './gql/graphql';
import { Forsendelse, PersonerMedNavn, PersonKontaktinformasjon } from './operations';

const ROUTER = 'https://router.example/graphql';

/** The e-mail address to notify, when KRR lets us notify the person. */
export async function epostForVarsling(token: string, id: string): Promise<string | null> {
  const result = await execute(ROUTER, token, PersonKontaktinformasjon, { id });
  const person = result.data?.person;
  if (person?.kanVarsles !== true) return null;
  // `DateTime` is a string: RFC 3339 with an explicit offset, e.g. 2023-06-10T21:00:01+02:00.
  const verifisert: string | null | undefined =
    person.kontaktinformasjon?.epostadresse?.sistVerifisert;
  if (verifisert !== null && verifisert !== undefined && Number.isNaN(Date.parse(verifisert))) {
    throw new Error('sistVerifisert is not a timestamp');
  }
  return person.kontaktinformasjon?.epostadresse?.verdi ?? null;
}

/** Display names and birth dates, in the order of `ids` (null where an identifier is invalid). */
export async function navnOgFoedselsdato(
  token: string,
  ids: readonly string[],
): Promise<readonly ({ navn: string; foedselsdato: string | null } | null)[]> {
  const result = await execute(ROUTER, token, PersonerMedNavn, { ids: [...ids] });
  const status: Kontaktregisterstatus | null | undefined =
    result.data?.personer[0]?.kontaktregisterstatus;
  void status;
  return (result.data?.personer ?? []).map((p) =>
    p === null
      ? null
      : // `Date` is a string, YYYY-MM-DD.
        { navn: p.navn?.visningsnavn ?? '', foedselsdato: p.foedsel?.foedselsdato ?? null },
  );
}

/** The channel for a decision letter. */
export async function kanalForVedtak(token: string, id: string): Promise<string | null> {
  const result = await execute(ROUTER, token, Forsendelse, { id, formaal: 'VEDTAK' });
  return result.data?.person?.forsendelse?.kanal ?? null;
}

export async function typeErrors(token: string): Promise<void> {
  // @ts-expect-error: `formaal` takes a Forsendelsesformaal value, not any string.
  await execute(ROUTER, token, Forsendelse, { id: '1', formaal: 'REKLAME' });
  const result = await execute(ROUTER, token, PersonKontaktinformasjon, { id: '1' });
  // @ts-expect-error: `navn` is not selected by this operation.
  void result.data?.person?.navn;
}
