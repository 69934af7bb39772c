// Root fields: validate identifiers (invalid ones never reach a register), then load; `meg` reads
// the end user's own KRR record with their ID-porten token.
import { AppError, BadUserInputError } from '../../errors.ts';
import {
  checkIdentityNumber,
  describeIdentityNumberProblem,
} from '../../domain/identity-number.ts';
import {
  CONTACT_INFO_FIELDS,
  POPULATION_DATA_FIELDS,
  type PersonModel,
} from '../../domain/person.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { decisionOf, IDPORTEN_TOKEN_HEADER } from '../context.ts';
import { fetchPlanFor } from '../plan.ts';

/** The error for one invalid identifier; it names the problem, never the number. */
export function invalidIdentifierError(
  value: unknown,
  allowSynthetic: boolean,
): BadUserInputError | null {
  if (typeof value !== 'string') {
    return new BadUserInputError('A personidentifikator must be a string of 11 digits.', {
      reason: 'FORMAT',
    });
  }
  const check = checkIdentityNumber(value, { allowSynthetic });
  if (check.valid) return null;
  return new BadUserInputError(describeIdentityNumberProblem(check.problem), {
    reason: check.problem,
  });
}

export const Query: QueryResolvers = {
  person(_parent, { personidentifikator }, context) {
    const invalid = invalidIdentifierError(personidentifikator, context.allowSyntheticIdentifiers);
    if (invalid !== null) throw invalid;
    return context.persons.load(personidentifikator, decisionOf(context));
  },

  async personer(_parent, { personidentifikatorer }, context) {
    const decision = decisionOf(context);
    const results = new Array<PersonModel | BadUserInputError>(personidentifikatorer.length);
    const valid: string[] = [];
    const positions: number[] = [];
    personidentifikatorer.forEach((id, index) => {
      const invalid = invalidIdentifierError(id, context.allowSyntheticIdentifiers);
      if (invalid === null) {
        valid.push(id);
        positions.push(index);
      } else {
        results[index] = invalid;
      }
    });
    const loaded = await context.persons.loadMany(valid, decision);
    loaded.forEach((person, i) => {
      results[positions[i] ?? 0] = person;
    });
    // graphql-js reports an Error list item as an error at that item's path, with null there.
    return results as PersonModel[];
  },

  async meg(_parent, _args, context) {
    const decision = decisionOf(context);
    const own = context.ownRecord ?? null;
    if (own === null) {
      throw new AppError('UNAUTHENTICATED', "Query.meg needs the end user's ID-porten token", {
        details: { reason: 'IDPORTEN_TOKEN_MISSING', header: IDPORTEN_TOKEN_HEADER },
      });
    }
    const fields = decision.fetch.personFields;
    const { personidentifikator, contactInfo } = await own();
    if (decision.fetch.needsKrr) context.persons.noteRequested(personidentifikator);
    // Folkeregisteret fields, if any, come the usual way (the subgraph's own Freg access).
    const fregFields = new Set(POPULATION_DATA_FIELDS.filter((field) => fields.has(field)));
    const model: Record<string, unknown> =
      fregFields.size > 0 &&
      invalidIdentifierError(personidentifikator, context.allowSyntheticIdentifiers) === null
        ? {
            ...(await context.persons.load(personidentifikator, {
              ...decision,
              fetch: fetchPlanFor(fregFields),
            })),
          }
        : { personidentifikator };
    for (const field of CONTACT_INFO_FIELDS) {
      if (fields.has(field)) model[field] = contactInfo[field];
    }
    return model as PersonModel;
  },
};
