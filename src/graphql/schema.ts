// The executable subgraph schema from schema.graphql (the only SDL), prepared for serving:
// caller scope names mapped to the deployment's names, and the auth directives kept or removed
// (@apollo/gateway refuses supergraphs that use them).
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { Kind, parse, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { callerScopesFromSdl } from './access.ts';
import { costDirectivesFromSdl, type CostDirectives } from './query-limits.ts';
import { resolvers } from './resolvers/index.ts';

/** Path of the SDL file at the repository root. */
export const SCHEMA_PATH = new URL('../../schema.graphql', import.meta.url);

const AUTH_DIRECTIVES = new Set(['authenticated', 'requiresScopes']);

export interface SchemaOptions {
  /** Serve `@authenticated` / `@requiresScopes` (default true). */
  readonly authDirectives: boolean;
  /** Caller scope renames: the name in schema.graphql → the name this deployment uses. */
  readonly callerScopeNames: ReadonlyMap<string, string>;
}

export interface PreparedSchema {
  readonly schema: GraphQLSchema;
  /** @cost / @listSize declared in the SDL, for the static cost limit. */
  readonly costDirectives: CostDirectives;
  /** Person field → the caller scope it requires (after renaming). */
  readonly callerScopeOf: ReadonlyMap<string, readonly string[]>;
}

/** Reads the SDL as written. */
export function readSchemaSdl(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** Renames caller scopes and optionally removes the auth directives (and their @link imports). */
export function prepareDocument(
  sdl: string,
  options: SchemaOptions,
): { served: DocumentNode; withScopes: DocumentNode } {
  const withScopes = visit(parse(sdl), {
    Directive: {
      enter(node) {
        if (node.name.value !== 'requiresScopes') return undefined;
        return visit(node, {
          StringValue(value) {
            const renamed = options.callerScopeNames.get(value.value);
            return renamed === undefined ? undefined : { ...value, value: renamed };
          },
        });
      },
    },
  });
  if (options.authDirectives) return { served: withScopes, withScopes };
  const served = visit(withScopes, {
    Directive(node) {
      if (AUTH_DIRECTIVES.has(node.name.value)) return null;
      if (node.name.value !== 'link') return undefined;
      return visit(node, {
        ListValue(list) {
          return {
            ...list,
            values: list.values.filter(
              (v) => !(v.kind === Kind.STRING && AUTH_DIRECTIVES.has(v.value.replace(/^@/, ''))),
            ),
          };
        },
      });
    },
  });
  return { served, withScopes };
}

/**
 * Every caller scope schema.graphql declares with `@requiresScopes`, in the schema's own names
 * (before a deployment renames them), each once.
 */
export function declaredCallerScopes(sdl: string = readSchemaSdl()): readonly string[] {
  return [...new Set([...callerScopesFromSdl(parse(sdl)).values()].flat())];
}

/** Builds the federated schema. */
export function buildSchema(
  options: SchemaOptions = { authDirectives: true, callerScopeNames: new Map() },
  sdl: string = readSchemaSdl(),
): PreparedSchema {
  const { served, withScopes } = prepareDocument(sdl, options);
  const schema = buildSubgraphSchema({
    typeDefs: served,
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
  return {
    schema,
    callerScopeOf: callerScopesFromSdl(withScopes),
    costDirectives: costDirectivesFromSdl(withScopes),
  };
}
