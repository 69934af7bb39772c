// The resolver map, assembled explicitly (no spread-merging that could drop a key).
import { DateScalar, DateTimeScalar } from '../scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Person } from './Person.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  Query,
  Person,
  DateTime: DateTimeScalar,
  Date: DateScalar,
};
