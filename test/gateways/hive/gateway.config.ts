// Hive Gateway configuration for the federation suite: forward the caller's Authorization header
// to every subgraph (the person subgraph verifies the token itself) and show subgraph errors as
// they are. Loaded by `hive-gateway supergraph <file> -c test/gateways/hive/gateway.config.ts`.

interface PropagateInput {
  readonly request: { readonly headers: { get(name: string): string | null } };
}

export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }: PropagateInput): Record<string, string> {
      const authorization = request.headers.get('authorization');
      return authorization === null ? {} : { authorization };
    },
  },
};
