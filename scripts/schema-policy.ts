// The schema evolution policy (README, "Schema policy"): schema.graphql compared with the
// published baseline (schema/published.graphql) by @graphql-inspector/core. A breaking change
// fails unless CHANGELOG.md's Unreleased section announces it; a removal must also have been
// deprecated in the baseline, with a removal date that has come. Dangerous changes are warnings.
import {
  CriticalityLevel,
  diff,
  type Change as AnyChange,
  type TypeOfChangeType,
} from '@graphql-inspector/core';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  type GraphQLSchema,
} from 'graphql';

/** How long a deprecation stands before the element may go, in days. */
export const DEPRECATION_DAYS = 90;

type Change = AnyChange<TypeOfChangeType>;

/** The date a deprecation reason must state: `Removal after YYYY-MM-DD.` */
const REMOVAL_AFTER = /\bremoval after (\d{4}-\d{2}-\d{2})\b/i;

export interface SchemaCheckInput {
  /** The published subgraph SDL (schema/published.graphql). */
  readonly baseline: string;
  /** The subgraph SDL of this change (schema.graphql). */
  readonly current: string;
  /** CHANGELOG.md. */
  readonly changelog: string;
  /** Today, `YYYY-MM-DD` (UTC). */
  readonly today: string;
}

export interface SchemaCheckResult {
  /** Refusals: the check fails when there is any. */
  readonly errors: readonly string[];
  /** Dangerous changes (and announced breaking ones): printed, not refused. */
  readonly warnings: readonly string[];
  /** Safe changes. */
  readonly safe: readonly string[];
}

/** The schema coordinate a change is named by in CHANGELOG.md, e.g. `Person.navn`. */
export function coordinateOf(change: Change): string {
  return change.path ?? change.type;
}

export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckResult> {
  const baseline = subgraphSchema(input.baseline);
  const current = subgraphSchema(input.current);
  const changes: readonly Change[] = await diff(baseline, current);
  const announced = announcedBreakingChanges(input.changelog);
  const errors: string[] = [];
  const warnings: string[] = [];
  const safe: string[] = [];
  for (const change of changes) {
    const coordinate = coordinateOf(change);
    const line = `${coordinate} (${change.type}): ${change.message}`;
    if (change.criticality.level === CriticalityLevel.NonBreaking) {
      safe.push(line);
    } else if (change.criticality.level === CriticalityLevel.Dangerous) {
      warnings.push(`dangerous: ${line}`);
    } else {
      const refusal = removalRefusal(change, baseline, input.today);
      if (refusal !== undefined) {
        errors.push(`breaking: ${line}; ${refusal}`);
      } else if (!announced.has(coordinate)) {
        errors.push(
          `breaking: ${line}; not announced: CHANGELOG.md's Unreleased section needs a line ` +
            `with BREAKING and \`${coordinate}\``,
        );
      } else {
        warnings.push(`breaking, announced in CHANGELOG.md: ${line}`);
      }
    }
  }
  errors.push(...newDeprecationRefusals(baseline, current, input.today));
  return { errors, warnings, safe };
}

function subgraphSchema(sdl: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(sdl) });
}

/**
 * The coordinates CHANGELOG.md announces as breaking: every `` `Coordinate` `` on a line of the
 * `## [Unreleased]` section that has the word BREAKING.
 */
export function announcedBreakingChanges(changelog: string): ReadonlySet<string> {
  const announced = new Set<string>();
  let inUnreleased = false;
  for (const line of changelog.split('\n')) {
    if (line.startsWith('## ')) {
      inUnreleased = /^## \[?Unreleased\]?/i.test(line);
      continue;
    }
    if (!inUnreleased || !/\bBREAKING\b/.test(line)) continue;
    for (const match of line.matchAll(/`([^`]+)`/g))
      if (match[1] !== undefined) announced.add(match[1]);
  }
  return announced;
}

/** What an element at `coordinate` says of deprecation: its reason, or undefined when none. */
function deprecationAt(schema: GraphQLSchema, coordinate: string): string | undefined | null {
  const [typeName, member, argument] = coordinate.split('.');
  const type = typeName === undefined ? undefined : schema.getType(typeName);
  if (type === undefined || member === undefined) return null;
  if (isEnumType(type)) return type.getValue(member)?.deprecationReason ?? undefined;
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    const field = type.getFields()[member];
    if (field === undefined) return undefined;
    if (argument === undefined) return field.deprecationReason ?? undefined;
    if (!('args' in field)) return null;
    return field.args.find((a) => a.name === argument)?.deprecationReason ?? undefined;
  }
  return null;
}

const REMOVALS: ReadonlySet<TypeOfChangeType> = new Set([
  'FIELD_REMOVED',
  'ENUM_VALUE_REMOVED',
  'INPUT_FIELD_REMOVED',
  'FIELD_ARGUMENT_REMOVED',
]);

/** Deprecation first: why a removal is refused even when announced, or undefined. */
function removalRefusal(
  change: Change,
  baseline: GraphQLSchema,
  today: string,
): string | undefined {
  if (!REMOVALS.has(change.type)) return undefined;
  const reason = deprecationAt(baseline, coordinateOf(change));
  if (reason === null) return undefined;
  if (reason === undefined) {
    return 'not deprecated in the published schema: deprecate it first (README, "Schema policy")';
  }
  const removalAfter = REMOVAL_AFTER.exec(reason)?.[1];
  if (removalAfter === undefined) {
    return 'its deprecation reason states no "Removal after YYYY-MM-DD."';
  }
  if (today <= removalAfter) return `its deprecation stands until ${removalAfter}`;
  return undefined;
}

/**
 * A deprecation new in this change must state `Removal after YYYY-MM-DD.` at least
 * DEPRECATION_DAYS from today, so clients get the whole period.
 */
function newDeprecationRefusals(
  baseline: GraphQLSchema,
  current: GraphQLSchema,
  today: string,
): string[] {
  const earliest = addDays(today, DEPRECATION_DAYS);
  const refusals: string[] = [];
  for (const [coordinate, reason] of deprecations(current)) {
    if (deprecationAt(baseline, coordinate) === reason) continue;
    const removalAfter = REMOVAL_AFTER.exec(reason)?.[1];
    if (removalAfter === undefined || removalAfter < earliest) {
      refusals.push(
        `deprecation: ${coordinate} must say "Removal after YYYY-MM-DD." with a date no ` +
          `earlier than ${earliest} (${DEPRECATION_DAYS} days)`,
      );
    }
  }
  return refusals;
}

/** Every deprecated field, argument, input field and enum value, by coordinate. */
function deprecations(schema: GraphQLSchema): Map<string, string> {
  const found = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (value.deprecationReason != null)
          found.set(`${type.name}.${value.name}`, value.deprecationReason);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null)
          found.set(`${type.name}.${field.name}`, field.deprecationReason);
      }
    } else if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const at = `${type.name}.${field.name}`;
        if (field.deprecationReason != null) found.set(at, field.deprecationReason);
        for (const arg of field.args) {
          if (arg.deprecationReason != null) found.set(`${at}.${arg.name}`, arg.deprecationReason);
        }
      }
    }
  }
  return found;
}

function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
