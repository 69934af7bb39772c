// The operation plan: which Person fields an operation selects anywhere (any root field,
// alias, fragment or `_entities` representation), each selection's response path, and so which
// registers and Freg parts it needs. Computed once per parsed operation and cached, since
// Apollo Server reuses parsed documents.
import {
  getNamedType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  CONTACT_INFO_FIELDS,
  CROSS_REGISTER_FIELDS,
  POPULATION_DATA_FIELDS,
} from '../domain/person.ts';
import { fregPartsFor } from '../upstream/freg/freg-client.ts';

/** One selection of a Person field, e.g. `digitalPost` at `personer.digitalPost`. */
export interface PersonFieldSelection {
  readonly field: string;
  /** Response keys from the root, dot-separated, list positions left out. */
  readonly path: string;
  /** The root field it is under (its name, not its alias), e.g. `personer` or `meg`. */
  readonly root: string;
}

export interface FetchPlan {
  /** Person fields to fetch. */
  readonly personFields: ReadonlySet<string>;
  /** At least one KRR field is to be fetched. */
  readonly needsKrr: boolean;
  /** At least one Folkeregisteret field is to be fetched. */
  readonly needsFreg: boolean;
  /** The Freg `part` values those fields need, sorted (data minimisation). */
  readonly fregParts: readonly string[];
}

export interface OperationPlan extends FetchPlan {
  readonly selections: readonly PersonFieldSelection[];
  /** The operation reads person data (any root field but `_service` and introspection). */
  readonly readsPersons: boolean;
}

const KRR_FIELDS: ReadonlySet<string> = new Set(CONTACT_INFO_FIELDS);
const FREG_FIELDS: ReadonlySet<string> = new Set(POPULATION_DATA_FIELDS);
const BOTH_REGISTERS_FIELDS: ReadonlySet<string> = new Set(CROSS_REGISTER_FIELDS);
const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set([
  '_service',
  '__typename',
  '__schema',
  '__type',
]);
const cache = new WeakMap<OperationDefinitionNode, OperationPlan>();

/** A fetch plan for the given Person fields. */
export function fetchPlanFor(fields: ReadonlySet<string>): FetchPlan {
  let needsKrr = false;
  let needsFreg = false;
  for (const field of fields) {
    if (KRR_FIELDS.has(field)) needsKrr = true;
    if (FREG_FIELDS.has(field)) needsFreg = true;
    if (BOTH_REGISTERS_FIELDS.has(field)) needsKrr = needsFreg = true;
  }
  return {
    personFields: fields,
    needsKrr,
    needsFreg,
    fregParts: needsFreg ? fregPartsFor(fields) : [],
  };
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly selections: PersonFieldSelection[];
  readonly seen: Set<string>;
}

function walk(
  w: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType | undefined | null,
  path: string,
  fragmentTrail: readonly string[],
  root = '',
): void {
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD: {
        if (parentType === undefined || parentType === null) break;
        const key = selection.alias?.value ?? selection.name.value;
        const here = path === '' ? key : `${path}.${key}`;
        const rootField = path === '' ? selection.name.value : root;
        if (parentType.name === 'Person') {
          const id = `${here}\u0000${selection.name.value}`;
          if (!w.seen.has(id)) {
            w.seen.add(id);
            w.selections.push({ field: selection.name.value, path: here, root: rootField });
          }
        }
        if (selection.selectionSet === undefined || !isObjectType(parentType)) break;
        const field = parentType.getFields()[selection.name.value];
        if (field === undefined) break;
        walk(w, selection.selectionSet, getNamedType(field.type), here, fragmentTrail, rootField);
        break;
      }
      case Kind.INLINE_FRAGMENT: {
        const type =
          selection.typeCondition === undefined
            ? parentType
            : w.schema.getType(selection.typeCondition.name.value);
        walk(w, selection.selectionSet, type, path, fragmentTrail, root);
        break;
      }
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = w.fragments[name];
        if (fragment === undefined || fragmentTrail.includes(name)) break;
        walk(
          w,
          fragment.selectionSet,
          w.schema.getType(fragment.typeCondition.name.value),
          path,
          [...fragmentTrail, name],
          root,
        );
        break;
      }
    }
  }
}

/**
 * The plan for an operation. `@skip`/`@include` are not evaluated: a conditionally selected
 * field counts as selected.
 */
export function planOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
): OperationPlan {
  const cached = cache.get(operation);
  if (cached !== undefined) return cached;
  const w: Walk = { schema, fragments, selections: [], seen: new Set() };
  walk(w, operation.selectionSet, schema.getRootType(operation.operation), '', []);
  const rootFields = new Set<string>();
  const collectRoot = (set: SelectionSetNode, trail: readonly string[]): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) rootFields.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) collectRoot(s.selectionSet, trail);
      else {
        const f = fragments[s.name.value];
        if (f !== undefined && !trail.includes(s.name.value))
          collectRoot(f.selectionSet, [...trail, s.name.value]);
      }
    }
  };
  collectRoot(operation.selectionSet, []);
  const plan: OperationPlan = {
    ...fetchPlanFor(new Set(w.selections.map((s) => s.field))),
    selections: w.selections,
    readsPersons: [...rootFields].some((name) => !PUBLIC_ROOT_FIELDS.has(name)),
  };
  cache.set(operation, plan);
  return plan;
}
