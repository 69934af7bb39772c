// Validation beyond graphql-js's specified rules, run by Apollo on every document before anything
// executes; its errors reach the caller as GRAPHQL_VALIDATION_FAILED with HTTP 400.
import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses operations whose type the schema lacks (this subgraph has only `Query`): graphql-js 16
 * would otherwise reach execution and fail there as an internal error. Every operation of the
 * document is checked, whichever is selected, as graphql-js 17's KnownOperationTypesRule does.
 */
export const KnownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation) !== undefined) return;
    context.reportError(
      new GraphQLError(
        `The schema has no ${node.operation} type: this subgraph serves queries only.`,
        { nodes: node },
      ),
    );
  },
});
