// Root fields: validate identifiers (invalid ones never reach a register), then load; `meg` reads
// the end user's own KRR record with their ID-porten token.
import { AppError, BadUserInputError } from '../../errors.ts';
import {
  checkIdentityNumber,
  describeIdentityNumberProblem,
} from '../../domain/identity-number.ts';
import {
  CONTACT_INFO_FIELDS,
  CROSS_REGISTER_FIELDS,
  POPULATION_DATA_FIELDS,
  type ForsendelseGrunnlag,
  type PersonModel,
} from '../../domain/person.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import type { AccessDecision } from '../access.ts';
import { decisionOf, IDPORTEN_TOKEN_HEADER } from '../context.ts';
import type { PersonLoader } from '../person-loader.ts';
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

/**
 * Loads `ids` in their order: each invalid identifier becomes its error at its own position and
 * is never looked up; the valid ones (duplicates included) are loaded together and put back at
 * theirs.
 */
export async function loadInOrder(
  ids: readonly string[],
  persons: Pick<PersonLoader, 'loadMany'>,
  decision: AccessDecision,
  allowSynthetic: boolean,
): Promise<(PersonModel | BadUserInputError)[]> {
  const results = new Array<PersonModel | BadUserInputError>(ids.length);
  const valid: string[] = [];
  const positions: number[] = [];
  ids.forEach((id, index) => {
    const invalid = invalidIdentifierError(id, allowSynthetic);
    if (invalid === null) {
      valid.push(id);
      positions.push(index);
    } else {
      results[index] = invalid;
    }
  });
  const loaded = await persons.loadMany(valid, decision);
  loaded.forEach((person, i) => {
    results[positions[i] ?? 0] = person;
  });
  return results;
}

export const Query: QueryResolvers = {
  person(_parent, { personidentifikator }, context) {
    const invalid = invalidIdentifierError(personidentifikator, context.allowSyntheticIdentifiers);
    if (invalid !== null) throw invalid;
    return context.persons.load(personidentifikator, decisionOf(context));
  },

  async personer(_parent, { personidentifikatorer }, context) {
    const results = await loadInOrder(
      personidentifikatorer,
      context.persons,
      decisionOf(context),
      context.allowSyntheticIdentifiers,
    );
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
    // Folkeregisteret fields, if any, come the usual way (the subgraph's own Freg access);
    // `forsendelse` joins them with the end user's own KRR record.
    const fregFields = new Set<string>(
      [...POPULATION_DATA_FIELDS, ...CROSS_REGISTER_FIELDS].filter((field) => fields.has(field)),
    );
    const model: Record<string, unknown> =
      fregFields.size > 0 &&
      invalidIdentifierError(personidentifikator, context.allowSyntheticIdentifiers) === null
        ? {
            ...(await context.persons.load(personidentifikator, {
              ...decision,
              fetch: { ...fetchPlanFor(fregFields), needsKrr: false },
            })),
          }
        : { personidentifikator };
    for (const field of CONTACT_INFO_FIELDS) {
      if (fields.has(field)) model[field] = contactInfo[field];
    }
    const grunnlag = model['forsendelse'] as ForsendelseGrunnlag | undefined;
    if (grunnlag !== undefined) model['forsendelse'] = { ...grunnlag, contactInfo };
    return model as PersonModel;
  },
};
