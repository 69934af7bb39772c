// The example's operations, as a frontend writes them: `graphql()` documents that the client
// preset turns into typed documents (src/gql). docs/frontend-guide.md, "Typed client".
import { graphql } from './gql';

/** One person's KRR contact data (scope person:kontaktinformasjon.read). */
export const PersonKontaktinformasjon = graphql(`
  query PersonKontaktinformasjon($id: ID!) {
    person(personidentifikator: $id) {
      personidentifikator
      kontaktregisterstatus
      kanVarsles
      reservasjon {
        reservert
        oppdatert
      }
      kontaktinformasjon {
        epostadresse {
          verdi
          sistVerifisert
        }
        mobiltelefonnummer {
          verdi
          sistVerifisert
        }
      }
    }
  }
`);

/** Many persons with KRR and Folkeregisteret fields (plus person:folkeregister.read). */
export const PersonerMedNavn = graphql(`
  query PersonerMedNavn($ids: [ID!]!) {
    personer(personidentifikatorer: $ids) {
      personidentifikator
      kontaktregisterstatus
      varslingsstatus
      navn {
        visningsnavn
      }
      foedsel {
        foedselsdato
      }
      personstatus
    }
  }
`);

/** How to send a letter to the person (the three scopes of Person.forsendelse). */
export const Forsendelse = graphql(`
  query Forsendelse($id: ID!, $formaal: Forsendelsesformaal!) {
    person(personidentifikator: $id) {
      personidentifikator
      forsendelse(formaal: $formaal) {
        kanal
        alternativeKanaler
        begrunnelser
      }
    }
  }
`);
