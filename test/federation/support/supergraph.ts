// Composes the person subgraph (its served SDL, fetched over HTTP like a router or rover would)
// with the case subgraph into a supergraph, with @apollo/composition or The Guild's composition.
import { composeServices as composeWithApollo } from '@apollo/composition';
import { composeServices as composeWithGuild } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { CASES_SDL } from './cases-subgraph.ts';

/** Reads `_service { sdl }` from a running subgraph (no caller token needed). */
export async function fetchServedSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: unknown } } };
  const sdl = body.data?._service?.sdl;
  if (response.status !== 200 || typeof sdl !== 'string')
    throw new Error(`_service { sdl } failed with HTTP ${response.status}`);
  return sdl;
}

export interface SubgraphEndpoints {
  readonly person: { readonly url: string; readonly sdl: string };
  readonly cases: { readonly url: string };
}

export type Composer = 'apollo' | 'guild';

export interface Composition {
  readonly supergraphSdl?: string;
  readonly errors: readonly string[];
}

/** Composes the two subgraphs; `errors` is empty on success. */
export function composeSupergraph(endpoints: SubgraphEndpoints, composer: Composer): Composition {
  const services = [
    { name: 'person', url: endpoints.person.url, typeDefs: parse(endpoints.person.sdl) },
    { name: 'cases', url: endpoints.cases.url, typeDefs: parse(CASES_SDL) },
  ];
  if (composer === 'apollo') {
    const result = composeWithApollo(services);
    return result.errors === undefined
      ? { supergraphSdl: result.supergraphSdl, errors: [] }
      : { errors: result.errors.map((e) => e.message) };
  }
  const result = composeWithGuild(services);
  return result.errors === undefined
    ? { supergraphSdl: result.supergraphSdl, errors: [] }
    : { errors: result.errors.map((e) => e.message) };
}

/** Composes or throws with every composition error. */
export function requireSupergraph(endpoints: SubgraphEndpoints, composer: Composer): string {
  const result = composeSupergraph(endpoints, composer);
  if (result.supergraphSdl === undefined)
    throw new Error(`${composer} composition failed:\n${result.errors.join('\n')}`);
  return result.supergraphSdl;
}
