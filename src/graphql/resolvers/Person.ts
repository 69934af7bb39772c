// The Person entity. Fields are served by default resolvers from the PersonModel; only the
// entity reference (the router's `_entities` path) needs code.
import type { PersonModel } from '../../domain/person.ts';
import type { PersonResolvers } from '../__generated__/resolvers-types.ts';
import { decisionOf } from '../context.ts';
import { invalidIdentifierError } from './Query.ts';

export const Person: PersonResolvers = {
  __resolveReference(reference, context) {
    const id: unknown = (reference as { personidentifikator?: unknown }).personidentifikator;
    const invalid = invalidIdentifierError(id, context.allowSyntheticIdentifiers);
    // An Error as the entity makes graphql-js report it at `_entities.<index>`.
    if (invalid !== null) return invalid as unknown as PersonModel;
    return context.persons.load(id as string, decisionOf(context));
  },
};
