// The Person entity. Fields are served by default resolvers from the PersonModel; the entity
// reference (the router's `_entities` path) and `forsendelse` (computed per argument) need code.
import { decideForsendelse } from '../../domain/forsendelse.ts';
import type { PersonModel } from '../../domain/person.ts';
import type { PersonResolvers } from '../__generated__/resolvers-types.ts';
import { decisionOf } from '../context.ts';
import { invalidIdentifierError } from './Query.ts';

export const Person: PersonResolvers = {
  __resolveReference(reference, context) {
    const id: unknown = (reference as { personidentifikator?: unknown }).personidentifikator;
    const invalid = invalidIdentifierError(id, context.allowSyntheticIdentifiers);
    // An Error as the entity makes graphql-js report it at `_entities.<index>`. (A rejected
    // promise would too, but Hive Gateway then fails to map it to its entity; see
    // test/gateways/hive-gateway.test.ts.)
    if (invalid !== null) return invalid as unknown as PersonModel;
    return context.persons.load(id as string, decisionOf(context));
  },

  forsendelse(parent, { formaal }) {
    const grunnlag = parent.forsendelse;
    // Absent: denied for this operation (its one FORBIDDEN error is added per selection).
    if (grunnlag === undefined) return null;
    // A register that failed for this person fails the answer, with that register's error.
    if (grunnlag.contactInfo instanceof Error) throw grunnlag.contactInfo;
    if (grunnlag.populationData instanceof Error) throw grunnlag.populationData;
    return decideForsendelse(
      grunnlag.contactInfo,
      grunnlag.populationData,
      formaal,
      grunnlag.nowMs,
    );
  },
};
