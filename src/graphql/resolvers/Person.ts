// The Person entity. Fields are served by default resolvers from the PersonModel; the entity
// reference (the router's `_entities` path) and `forsendelse` (computed per argument) need code.
import { decideForsendelse } from '../../domain/forsendelse.ts';
import type { PersonResolvers } from '../__generated__/resolvers-types.ts';
import { decisionOf } from '../context.ts';
import { invalidIdentifierError } from './Query.ts';

export const Person: PersonResolvers = {
  __resolveReference(reference, context) {
    const id: unknown = (reference as { personidentifikator?: unknown }).personidentifikator;
    const invalid = invalidIdentifierError(id, context.allowSyntheticIdentifiers);
    // A rejected entity makes graphql-js report the error at `_entities.<index>` only.
    if (invalid !== null) return Promise.reject(invalid);
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
