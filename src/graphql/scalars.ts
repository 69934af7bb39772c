// DateTime and Date scalars. Values from the registers are normalised when mapped, so serialising
// is a cheap pass-through; input values are validated and normalised.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { normaliseDateTime } from '../domain/time.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function serialiseString(name: string) {
  return (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value instanceof Date)
      return name === 'Date' ? value.toISOString().slice(0, 10) : value.toISOString();
    throw new GraphQLError(`${name} cannot represent a non-string value`);
  };
}

function parseDateTime(value: unknown): string {
  const normalised = typeof value === 'string' ? normaliseDateTime(value) : null;
  if (normalised === null) throw new GraphQLError('DateTime must be ISO 8601 with an offset');
  return normalised;
}

function parseDate(value: unknown): string {
  if (typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)))
    return value;
  throw new GraphQLError('Date must be YYYY-MM-DD');
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: serialiseString('DateTime'),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: serialiseString('Date'),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
