// Counts the distinct persons an operation names, across every root field and `_entities`, so
// an operation above the limit is refused before any resolver or upstream call runs.
import {
  getArgumentValues,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';

/** Collects the person identifiers an operation's root fields ask for. */
export function collectIdentifiers(
  root: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Readonly<Record<string, unknown>>,
  out: Set<unknown>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectIdentifiers(root, selection.selectionSet, fragments, variables, out);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      if (fragment !== undefined)
        collectIdentifiers(root, fragment.selectionSet, fragments, variables, out);
      continue;
    }
    const field = root.getFields()[selection.name.value];
    if (field === undefined) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, selection, variables);
    } catch {
      continue; // invalid arguments fail in execution with their own error
    }
    const single = args['personidentifikator'];
    if (single !== undefined) out.add(single);
    const many = args['personidentifikatorer'];
    if (Array.isArray(many)) for (const id of many) out.add(id);
    const representations = args['representations'];
    if (Array.isArray(representations)) {
      for (const rep of representations) {
        if (
          typeof rep === 'object' &&
          rep !== null &&
          (rep as { __typename?: unknown }).__typename === 'Person'
        ) {
          out.add((rep as { personidentifikator?: unknown }).personidentifikator);
        }
      }
    }
  }
}
