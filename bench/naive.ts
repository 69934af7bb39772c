// The naive baseline (benchmark only): a tiny GraphQL server over node:http whose Person resolves
// with its own KRR call (one identifier per POST, no batching, no DataLoader) and whose fields are
// async resolvers reading that call's promise. It shows what batching buys; it is not a product.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, execute, parse, validate, type GraphQLFieldResolver } from 'graphql';
import type { ContactInfo } from '../src/domain/person.ts';
import { parseKrrResponse } from '../src/upstream/krr/krr-wire.ts';
import { NOT_REGISTERED, toContactInfo } from '../src/upstream/krr/to-contact-info.ts';
import {
  createBenchAgent,
  fetchMaskinportenToken,
  KRR_PATH,
  KRR_SCOPES,
  krrBody,
  postJson,
  type SimEndpoints,
} from './upstream.ts';

const SDL = `
  type Query { personer(personidentifikatorer: [ID!]!): [Person]! }
  type Person {
    personidentifikator: ID!
    kontaktregisterstatus: String
    reservasjon: Reservasjon
    varslingsstatus: String
    kanVarsles: Boolean
    kontaktinformasjon: Kontaktinformasjon
    spraak: Spraak
    digitalPost: DigitalPost
    sertifikat: Sertifikat
  }
  type Reservasjon { reservert: Boolean! tidspunkt: String oppdatert: String }
  type Kontaktinformasjon { epostadresse: Kontaktpunkt mobiltelefonnummer: Kontaktpunkt }
  type Kontaktpunkt { verdi: String oppdatert: String sistVerifisert: String kanBrukesForVarsling: Boolean }
  type Spraak { kode: String oppdatert: String }
  type DigitalPost { postkasseadresse: String postkasseleverandoeradresse: String }
  type Sertifikat { pem: String utsteder: String gyldigFra: String gyldigTil: String }
`;

interface NaivePerson {
  readonly personidentifikator: string;
  readonly record: Promise<ContactInfo>;
}

/** Upstream sockets the naive server may open to KRR (a generous connection pool). */
export const NAIVE_UPSTREAM_CONNECTIONS = 64;

export async function startNaiveServer(
  sim: SimEndpoints,
): Promise<{ url: string; server: Server }> {
  const agent = createBenchAgent(NAIVE_UPSTREAM_CONNECTIONS);
  const token = await fetchMaskinportenToken(sim, KRR_SCOPES, agent);
  const krrUrl = `${sim.krrUrl}${KRR_PATH}`;
  const schema = buildSchema(SDL);
  const lookup = async (id: string): Promise<ContactInfo> => {
    const persons = parseKrrResponse(await postJson(krrUrl, krrBody([id]), token, agent));
    const wire = persons[0];
    return wire === undefined ? NOT_REGISTERED : toContactInfo(wire, Date.now());
  };
  // One async resolver per KRR field, each awaiting the person's own upstream call.
  const field =
    (name: keyof ContactInfo): GraphQLFieldResolver<NaivePerson, unknown> =>
    async (person) =>
      (await person.record)[name];
  const person = schema.getType('Person');
  if (person === undefined || !('getFields' in person)) throw new Error('no Person type');
  for (const [name, definition] of Object.entries(person.getFields())) {
    if (name !== 'personidentifikator') definition.resolve = field(name as keyof ContactInfo);
  }
  const rootValue = {
    personer: ({ personidentifikatorer }: { personidentifikatorer: string[] }): NaivePerson[] =>
      personidentifikatorer.map((id) => ({ personidentifikator: id, record: lookup(id) })),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          query: string;
          variables?: Record<string, unknown>;
        };
        const document = parse(query);
        const errors = validate(schema, document);
        const result =
          errors.length > 0
            ? { errors }
            : await execute({ schema, document, rootValue, variableValues: variables ?? {} });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })().catch(() => {
        res.writeHead(500).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, server };
}
