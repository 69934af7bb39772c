// Static limits that stop one request from exhausting the service: selection depth, aliases and
// root fields, and a cost estimate following the IBM/Apollo demand-control model declared in the
// schema (`@cost` weights, `@listSize` on lists; objects cost 1, scalars and enums 0, a list
// multiplies its items' cost by its size — the real length of an identifier list when known).
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getArgumentValues,
} from 'graphql';

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxCost: number;
}

export interface CostDirectives {
  /** `Type.field` → weight from @cost. */
  readonly weights: ReadonlyMap<string, number>;
  /** `Type.field` → assumed size from @listSize. */
  readonly listSizes: ReadonlyMap<string, number>;
}

/** Reads @cost and @listSize from the SDL. */
export function costDirectivesFromSdl(document: DocumentNode): CostDirectives {
  const weights = new Map<string, number>();
  const listSizes = new Map<string, number>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION
    )
      continue;
    for (const field of definition.fields ?? []) {
      const key = `${definition.name.value}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        const arg = (name: string) =>
          directive.arguments?.find((a) => a.name.value === name)?.value;
        if (directive.name.value === 'cost') {
          const weight = arg('weight');
          if (weight?.kind === Kind.INT) weights.set(key, Number(weight.value));
        } else if (directive.name.value === 'listSize') {
          const size = arg('assumedSize');
          if (size?.kind === Kind.INT) listSizes.set(key, Number(size.value));
        }
      }
    }
  }
  return { weights, listSizes };
}

export interface LimitViolation {
  readonly reason: 'DEPTH' | 'ALIASES' | 'ROOT_FIELDS' | 'COST';
  readonly limit: number;
  readonly actual: number;
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly directives: CostDirectives;
  aliases: number;
  maxDepth: number;
}

function listLength(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): number | undefined {
  for (const value of Object.values(args)) {
    if (Array.isArray(value)) return value.length;
  }
  void field;
  return undefined;
}

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function costOf(
  w: Walk,
  set: SelectionSetNode,
  parent: GraphQLNamedType | null | undefined,
  depth: number,
  trail: readonly string[],
): number {
  if (depth > w.maxDepth) w.maxDepth = depth;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type =
        selection.typeCondition === undefined
          ? parent
          : w.schema.getType(selection.typeCondition.name.value);
      total += costOf(w, selection.selectionSet, type, depth, trail);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = w.fragments[selection.name.value];
      if (fragment === undefined || trail.includes(selection.name.value)) continue;
      total += costOf(
        w,
        fragment.selectionSet,
        w.schema.getType(fragment.typeCondition.name.value),
        depth,
        [...trail, selection.name.value],
      );
      continue;
    }
    if (selection.alias !== undefined) w.aliases++;
    if (parent === null || parent === undefined || !isObjectType(parent)) continue;
    const field = parent.getFields()[selection.name.value];
    if (field === undefined) continue;
    const key = `${parent.name}.${field.name}`;
    const named = getNamedType(field.type);
    const own =
      w.directives.weights.get(key) ?? (isObjectType(named) || isAbstractType(named) ? 1 : 0);
    const child =
      selection.selectionSet === undefined
        ? 0
        : costOf(w, selection.selectionSet, named, depth + 1, trail);
    let size = 1;
    if (isList(field.type)) {
      let actual: number | undefined;
      try {
        actual = listLength(field, getArgumentValues(field, selection, w.variables));
      } catch {
        actual = undefined;
      }
      size = actual ?? w.directives.listSizes.get(key) ?? 10;
    }
    total += size * (own + child);
  }
  return total;
}

/** The fields of a selection set, counting those inside its fragments and inline fragments. */
function countFields(
  set: SelectionSetNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  trail: readonly string[],
): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count++;
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      count += countFields(selection.selectionSet, fragments, trail);
    else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (fragment !== undefined && !trail.includes(name))
        count += countFields(fragment.selectionSet, fragments, [...trail, name]);
    }
  }
  return count;
}

/** The first limit the operation breaks, or null. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Readonly<Record<string, unknown>>,
  directives: CostDirectives,
  limits: QueryLimits,
): LimitViolation | null {
  const rootFields = countFields(operation.selectionSet, fragments, []);
  if (rootFields > limits.maxRootFields)
    return { reason: 'ROOT_FIELDS', limit: limits.maxRootFields, actual: rootFields };
  const w: Walk = { schema, fragments, variables, directives, aliases: 0, maxDepth: 0 };
  const cost = costOf(w, operation.selectionSet, schema.getRootType(operation.operation), 1, []);
  if (w.maxDepth > limits.maxDepth)
    return { reason: 'DEPTH', limit: limits.maxDepth, actual: w.maxDepth };
  if (w.aliases > limits.maxAliases)
    return { reason: 'ALIASES', limit: limits.maxAliases, actual: w.aliases };
  if (cost > limits.maxCost) return { reason: 'COST', limit: limits.maxCost, actual: cost };
  return null;
}
