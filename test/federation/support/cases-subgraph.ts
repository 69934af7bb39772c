// A small case-management subgraph for the federation suites: `Sak` references `Person` by key
// (`personidentifikator`), served by @apollo/subgraph over real HTTP on loopback. Only synthetic
// identifiers go in; the test decides the mix (known, duplicates, unknown, invalid).
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export const CASES_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

  type Query {
    "Cases in saksnummer order, a page at a time."
    saker(foerste: Int! = 100, etter: Int! = 0): [Sak!]!
    "One case."
    sak(saksnummer: ID!): Sak
  }

  "A case in a case-management system, with the person it concerns."
  type Sak @key(fields: "saksnummer") {
    saksnummer: ID!
    tittel: String!
    "The person the case concerns, resolved by the person subgraph."
    part: Person
  }

  type Person @key(fields: "personidentifikator", resolvable: false) {
    personidentifikator: ID!
  }
`;

export interface Sak {
  readonly saksnummer: string;
  readonly tittel: string;
  /** The identifier the case refers to, exactly as stored (possibly invalid). */
  readonly personidentifikator: string;
}

export interface CaseMix {
  /** Distinct simulator identifiers the cases refer to (each at least once). */
  readonly known: readonly string[];
  /** Valid identifiers that no register knows. */
  readonly unknown: readonly string[];
  /** Malformed identifiers (bad check digits, letters, wrong length). */
  readonly invalid: readonly string[];
  /** Total cases; the rest are duplicates of `known`, in a deterministic spread. */
  readonly count: number;
}

/**
 * Builds `count` cases: every known, unknown and invalid identifier once (in a spread so each
 * kind appears early, in the middle and late), then duplicates of known persons.
 */
export function buildCases(mix: CaseMix): Sak[] {
  const singles = [...mix.known, ...mix.unknown, ...mix.invalid];
  if (singles.length > mix.count) throw new RangeError('count is smaller than the mix');
  if (mix.known.length === 0) throw new RangeError('known must not be empty');
  const ids: string[] = [...mix.known];
  for (let i = 0; ids.length < mix.count - mix.unknown.length - mix.invalid.length; i++) {
    ids.push(mix.known[(i * 7) % mix.known.length] as string);
  }
  // Place the unknown and invalid identifiers at spread positions.
  const specials = [...mix.unknown, ...mix.invalid];
  specials.forEach((id, k) => {
    const at = Math.floor(((k + 1) * ids.length) / (specials.length + 1));
    ids.splice(at, 0, id);
  });
  return ids.map((personidentifikator, i) => ({
    saksnummer: `SAK-${String(i + 1).padStart(5, '0')}`,
    tittel: `Synthetic case ${i + 1}`,
    personidentifikator,
  }));
}

export interface CasesSubgraph {
  readonly url: string;
  readonly cases: readonly Sak[];
  /** Requests received, for checks on how the gateway plans. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Starts the case subgraph on loopback (ephemeral port). */
export async function startCasesSubgraph(cases: readonly Sak[]): Promise<CasesSubgraph> {
  const byNumber = new Map(cases.map((c) => [c.saksnummer, c]));
  let requests = 0;
  const schema = buildSubgraphSchema({
    typeDefs: parse(CASES_SDL),
    resolvers: {
      Query: {
        saker: (_: unknown, args: { foerste: number; etter: number }) =>
          cases.slice(args.etter, args.etter + args.foerste),
        sak: (_: unknown, args: { saksnummer: string }) => byNumber.get(args.saksnummer) ?? null,
      },
      Sak: {
        __resolveReference: (ref: { saksnummer: string }) => byNumber.get(ref.saksnummer) ?? null,
        part: (sak: Sak) => ({
          __typename: 'Person',
          personidentifikator: sak.personidentifikator,
        }),
      },
    },
  });
  const server = new ApolloServer({
    schema,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          requests++;
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return {
    url,
    cases,
    requests: () => requests,
    async close() {
      await server.stop();
    },
  };
}
