// The Person entity. Fields are served by default resolvers from the PersonModel; only the
// entity reference (the router's `_entities` path) needs code.
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
};
