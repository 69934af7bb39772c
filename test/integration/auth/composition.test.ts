// The served SDL composes into a supergraph with @apollo/composition, with and without the auth
// directives, and the directive-free variant really has none.
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../../src/graphql/schema.ts';
import { printSubgraphSchema } from '@apollo/subgraph';

const OTHER_SUBGRAPH = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { sak(id: ID!): Sak }
  type Sak { id: ID! person: Person }
  type Person @key(fields: "personidentifikator", resolvable: false) { personidentifikator: ID! }
`);

function compose(authDirectives: boolean, names = new Map<string, string>()) {
  const { schema } = buildSchema({ authDirectives, callerScopeNames: names });
  const sdl = printSubgraphSchema(schema);
  const result = composeServices([
    { name: 'person', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(sdl) },
    { name: 'sak', url: 'http://127.0.0.1:2/graphql', typeDefs: OTHER_SUBGRAPH },
  ]);
  return { sdl, result };
}

describe('composition of the served SDL', () => {
  it('composes with the auth directives', () => {
    const { result, sdl } = compose(true);
    expect(result.errors).toBeUndefined();
    expect(sdl).toContain('@requiresScopes(scopes: [["person:digitalpost.read"]])');
    expect(result.supergraphSdl).toContain('@requiresScopes');
  });

  it('composes without them, for @apollo/gateway', () => {
    const { result, sdl } = compose(false);
    expect(result.errors).toBeUndefined();
    expect(sdl).not.toMatch(/@requiresScopes|@authenticated/);
    expect(result.supergraphSdl).not.toMatch(/requiresScopes|authenticated/);
  });

  it('serves the deployment’s own scope names when they are mapped', () => {
    const { sdl } = compose(true, new Map([['person:digitalpost.read', 'myorg:krr-post']]));
    expect(sdl).toContain('"myorg:krr-post"');
    expect(sdl).not.toContain('person:digitalpost.read');
  });
});
