// A minimal typed GraphQL client: a typed document in, its typed result out. Any client that
// takes TypedDocumentNode (urql, Apollo Client, graphql-request) gives the same types.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GraphqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

export interface GraphqlResult<TData> {
  readonly data?: TData | null;
  readonly errors?: readonly GraphqlError[];
}

/** POSTs `document` with `variables` to `url` (the router) with the user's bearer token. */
export async function execute<TData, TVariables>(
  url: string,
  token: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<GraphqlResult<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as GraphqlResult<TData>;
}
