// @apollo/gateway in process (ApolloServer on node:http, loopback) in front of the person and
// case subgraphs. @apollo/gateway refuses supergraphs with @authenticated / @requiresScopes, so
// the person subgraph serves its SDL without them and enforces every scope itself.
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { describeGateway } from './support/gateway-suite.ts';

interface GatewayContext {
  readonly authorization?: string;
}

describeGateway({
  name: '@apollo/gateway',
  authDirectives: false,
  unavailable: () => null,
  async start({ supergraphSdl }) {
    const gateway = new ApolloGateway({
      supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<GatewayContext>({
          ...(url === undefined ? {} : { url }),
          willSendRequest({ request, context }) {
            // The person subgraph verifies the caller's token itself: forward it unchanged.
            if (context.authorization !== undefined)
              request.http?.headers.set('authorization', context.authorization);
          },
        }),
    });
    const server = new ApolloServer<GatewayContext>({ gateway });
    const { url } = await startStandaloneServer(server, {
      listen: { host: '127.0.0.1', port: 0 },
      context: async ({ req }) =>
        req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization },
    });
    return {
      url,
      async close() {
        await server.stop();
      },
    };
  },
  expect: {
    invalidIdentifierPath: (i) => ['saker', i, 'part'],
    codeAt: 'extensions.code',
    denial: { by: 'subgraph', code: 'FORBIDDEN' },
    unauthenticated: { code: 'UNAUTHENTICATED', perItem: false },
  },
});
