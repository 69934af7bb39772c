// Every way a deployment reaches the registers, configured by environment variables only and
// checked end to end against the simulator over loopback: business certificate (PEM and
// PKCS#12), platform token service, API gateway with and without Maskinporten (KRR v1 path,
// Freg single-GET fallback), supplier mode, audience restriction, and KRR v1 directly. Each mode
// must give exactly the data the reference (pre-registered JWK, KRR v2, Freg bulk) gives.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../support/stack.ts';
import { jwkEnv, startConfigured, tempFiles, type ConfiguredSubgraph } from './support.ts';

const QUERY = `query($ids: [ID!]!) {
  personer(personidentifikatorer: $ids) {
    personidentifikator
    kontaktregisterstatus
    reservasjon { reservert }
    kontaktinformasjon { epostadresse { verdi } mobiltelefonnummer { verdi } }
    digitalPost { postkasseadresse }
    spraak { kode }
    finnesIFolkeregisteret
    navn { visningsnavn }
    foedsel { foedselsdato }
  }
}`;
const PASSPHRASE = 'p12-passphrase-for-tests-8812';

let sim: Simulator;
let reference: Subgraph;
let ids: string[];
let expected: unknown;
let files: ReturnType<typeof tempFiles>;
const started: ConfiguredSubgraph[] = [];

async function configured(env: Record<string, string>): Promise<ConfiguredSubgraph> {
  const subgraph = await startConfigured(sim, env);
  started.push(subgraph);
  return subgraph;
}

async function personer(subgraph: { query: Subgraph['query'] }): Promise<unknown> {
  const response = await subgraph.query(QUERY, { ids });
  expect(response.body.errors).toBeUndefined();
  return response.body.data?.['personer'];
}

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 2000 });
  const { cases, population } = { cases: sim.population.cases, population: sim.population };
  ids = [
    ...cases.mailbox.slice(0, 3),
    ...cases.reserved.slice(0, 2),
    ...cases.bothChannels.slice(0, 3),
    ...cases.freg.opphoert.slice(0, 1),
    ...population.unknownIds(2),
  ];
  reference = await startSubgraph(sim);
  expected = await personer(reference);
  files = tempFiles();
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  await reference.close();
  await sim.close();
  files.remove();
});

function registers(): { krr: string; freg: string } {
  return { krr: sim.krrUrl, freg: sim.fregUrl };
}

describe('credential modes resolve real queries', () => {
  it('business certificate as PEM chain + key: x5c grant accepted, same data', async () => {
    const issued = sim.testCa.issue({ orgnr: sim.clientOrgnr, intermediate: true });
    sim.recorder.reset();
    const subgraph = await configured({
      KRR_URL: registers().krr,
      FREG_URL: registers().freg,
      MASKINPORTEN_WELL_KNOWN_URL: sim.maskinporten.wellKnownUrl,
      MASKINPORTEN_CLIENT_ID: sim.client.clientId,
      MASKINPORTEN_CERT_FILE: files.write('chain.pem', issued.chainPem),
      MASKINPORTEN_KEY_FILE: files.write('key.pem', issued.keyPem),
    });
    expect(await personer(subgraph)).toEqual(expected);
    const tokens = sim.recorder.calls.filter(
      (c) => c.upstream === 'maskinporten' && c.path === '/token',
    );
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((c) => c.status === 200)).toBe(true);
  });

  it('business certificate as PKCS#12 with passphrase: same data', async () => {
    const issued = sim.testCa.issue({ orgnr: sim.clientOrgnr });
    const subgraph = await configured({
      KRR_URL: registers().krr,
      FREG_URL: registers().freg,
      MASKINPORTEN_ISSUER: sim.maskinporten.issuer,
      MASKINPORTEN_CLIENT_ID: sim.client.clientId,
      MASKINPORTEN_P12_FILE: files.write('cert.p12', issued.toPkcs12(PASSPHRASE)),
      MASKINPORTEN_P12_PASSPHRASE: PASSPHRASE,
    });
    expect(await personer(subgraph)).toEqual(expected);
    expect(subgraph.logs.lines.join('\n')).not.toContain(PASSPHRASE);
  });

  it('a certificate for another organisation is refused by Maskinporten (MP-122), per field', async () => {
    const issued = sim.testCa.issue({ orgnr: '999999999' });
    const subgraph = await configured({
      KRR_URL: registers().krr,
      MASKINPORTEN_ISSUER: sim.maskinporten.issuer,
      MASKINPORTEN_CLIENT_ID: sim.client.clientId,
      MASKINPORTEN_CERT_FILE: files.write('other-chain.pem', issued.chainPem),
      MASKINPORTEN_KEY_FILE: files.write('other-key.pem', issued.keyPem),
    });
    const response = await subgraph.query(
      `query($id: ID!) { person(personidentifikator: $id) { kontaktregisterstatus } }`,
      { id: ids[0] },
    );
    expect(response.body.errors?.[0]?.extensions?.['reason']).toBe('MASKINPORTEN_GRANT_FAILED');
    expect(subgraph.logs.lines.some((l) => l.includes('MP-122'))).toBe(true);
  });

  it('platform token service (NAIS_TOKEN_ENDPOINT): same data, tokens cached', async () => {
    sim.recorder.reset();
    const subgraph = await configured({
      KRR_URL: registers().krr,
      FREG_URL: registers().freg,
      NAIS_TOKEN_ENDPOINT: sim.tokenService.endpoint,
      // NAIS injects these too; the token service wins.
      ...jwkEnv(sim),
    });
    expect(await personer(subgraph)).toEqual(expected);
    expect(await personer(subgraph)).toEqual(expected);
    const serviceCalls = sim.recorder.calls.filter((c) => c.path === '/api/v1/token');
    // One token per register scope set, whatever the number of operations.
    expect(serviceCalls).toHaveLength(2);
    expect(sim.recorder.count('maskinporten', { path: '/token' })).toBe(0);
  });

  it('supplier mode: consumer_org with the delegation scopes reads contact data', async () => {
    const subgraph = await configured({
      KRR_URL: registers().krr,
      KRR_SCOPES: 'krr:global/kontaktinfo.read krr:global/postkasse.read',
      MASKINPORTEN_CONSUMER_ORG: sim.customerOrgnr,
      ...jwkEnv(sim),
    });
    const response = await subgraph.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kontaktinformasjon { epostadresse { verdi } } digitalPost { postkasseadresse } } }`,
      { ids },
    );
    expect(response.body.errors).toBeUndefined();
    const reference_ = (expected as Record<string, unknown>[]).map((p) => ({
      personidentifikator: p['personidentifikator'],
      kontaktinformasjon:
        p['kontaktinformasjon'] === null
          ? null
          : {
              epostadresse: (p['kontaktinformasjon'] as Record<string, unknown>)['epostadresse'],
            },
      digitalPost: p['digitalPost'],
    }));
    expect(response.body.data?.['personer']).toEqual(reference_);
  });

  it('a consumer_org that did not delegate is refused (MP-251)', async () => {
    const subgraph = await configured({
      KRR_URL: registers().krr,
      MASKINPORTEN_CONSUMER_ORG: '310000099',
      ...jwkEnv(sim),
    });
    const response = await subgraph.query(
      `query($id: ID!) { person(personidentifikator: $id) { kontaktregisterstatus } }`,
      { id: ids[0] },
    );
    expect(response.body.errors?.[0]?.extensions?.['reason']).toBe('MASKINPORTEN_GRANT_FAILED');
  });

  it('KRR v1 path directly: same data as v2', async () => {
    sim.recorder.reset();
    const subgraph = await configured({
      KRR_URL: registers().krr,
      KRR_PATH: '/rest/v1/personer',
      FREG_URL: registers().freg,
      ...jwkEnv(sim),
    });
    expect(await personer(subgraph)).toEqual(expected);
    expect(sim.recorder.count('krr', { path: '/rest/v1/personer' })).toBe(1);
    expect(sim.recorder.count('krr', { path: '/rest/v2/personer' })).toBe(0);
  });
});

describe('API gateway in front of the registers', () => {
  const gatewayEnv = (): Record<string, string> => ({
    KRR_URL: sim.gateway.url,
    KRR_PATH: '/test/digdir/krr/personer',
    FREG_URL: sim.gateway.url,
    FREG_PATH_PREFIX: '/test/digidir/freg/',
    FREG_LOOKUP: 'single',
  });

  it('API key only (gateway does the Maskinporten call-out): same data, KRR v1 and Freg GETs', async () => {
    sim.recorder.reset();
    const before = sim.gateway.calls.length;
    const subgraph = await configured({
      ...gatewayEnv(),
      UPSTREAM_API_KEY: sim.gateway.apiKey,
      UPSTREAM_API_KEY_HEADER: 'X-Gravitee-Api-Key',
    });
    expect(await personer(subgraph)).toEqual(expected);
    const calls = sim.gateway.calls.slice(before);
    expect(calls.every((c) => c.token === 'gateway')).toBe(true);
    expect(calls.filter((c) => c.path === '/test/digdir/krr/personer')).toHaveLength(1);
    // One GET per distinct person, each with only the parts the query needs.
    const fregGets = sim.recorder.calls.filter((c) => c.upstream === 'freg');
    expect(fregGets).toHaveLength(new Set(ids).size);
    expect(fregGets.every((c) => c.method === 'GET')).toBe(true);
    expect(new Set(fregGets.map((c) => c.query))).toEqual(
      new Set(['part=foedsel&part=identifikasjonsnummer&part=navn']),
    );
    expect(sim.recorder.count('maskinporten', { path: '/token' })).toBe(0);
    expect(subgraph.logs.lines.join('\n')).not.toContain(sim.gateway.apiKey);
  });

  it('API key plus the subgraph’s own Maskinporten token (Altinn style, ApiKey header)', async () => {
    const before = sim.gateway.calls.length;
    const subgraph = await configured({
      ...gatewayEnv(),
      UPSTREAM_API_KEY: sim.gateway.apiKey,
      UPSTREAM_API_KEY_HEADER: 'ApiKey',
      ...jwkEnv(sim),
    });
    expect(await personer(subgraph)).toEqual(expected);
    const calls = sim.gateway.calls.slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.token === 'caller' && [200, 404].includes(c.status))).toBe(true);
  });

  it('a wrong API key fails every register field, never the operation, and is not logged', async () => {
    const wrongKey = 'wrong-gateway-key-31337';
    const subgraph = await configured({
      ...gatewayEnv(),
      UPSTREAM_API_KEY: wrongKey,
      UPSTREAM_API_KEY_HEADER: 'X-Gravitee-Api-Key',
    });
    const response = await subgraph.query(QUERY, { ids: ids.slice(0, 2) });
    expect(response.status).toBe(200);
    const codes = new Set(response.body.errors?.map((e) => e.extensions?.['upstreamStatus']));
    expect(codes).toEqual(new Set([401]));
    const persons = response.body.data?.['personer'] as Record<string, unknown>[];
    expect(persons.map((p) => p['personidentifikator'])).toEqual(ids.slice(0, 2));
    expect(subgraph.logs.lines.join('\n')).not.toContain(wrongKey);
  });
});

describe('grant contents', () => {
  it('resource goes on KRR tokens only, never on Freg tokens', async () => {
    const { createTokenSources } = await import('../../../src/auth/token-sources.ts');
    const { loadConfig } = await import('../../../src/config/load-config.ts');
    const { Agent } = await import('undici');
    const config = loadConfig({
      AUTH_ISSUER: 'x',
      AUTH_AUDIENCE: 'x',
      AUTH_JWKS_URI: 'http://127.0.0.1/jwks',
      AUDIT_HMAC_KEY: 'k'.repeat(40),
      KRR_URL: sim.krrUrl,
      FREG_URL: sim.fregUrl,
      MASKINPORTEN_RESOURCE: 'https://krr.test.example/api',
      ...jwkEnv(sim),
    });
    const dispatcher = new Agent();
    try {
      if (config.upstream === null) throw new Error('no upstream');
      const tokens = createTokenSources(config.upstream, {
        dispatcher,
        now: Date.now,
        timeoutMs: 5000,
      });
      const krr = await tokens.krr?.getToken(['krr:global/kontaktinformasjon.read']);
      const freg = await tokens.freg?.getToken(['folkeregister:deling/offentligmedhjemmel']);
      expect(decodeJwt(krr?.token.reveal() ?? '').aud).toBe('https://krr.test.example/api');
      expect(decodeJwt(freg?.token.reveal() ?? '').aud).toBe('unspecified');
    } finally {
      await dispatcher.close();
    }
  });
});

describe('refresh and per-person failures in the new modes', () => {
  it('token service: a 401 from KRR fetches a fresh token with skip_cache and retries once', async () => {
    const subgraph = await configured({
      KRR_URL: sim.krrUrl,
      NAIS_TOKEN_ENDPOINT: sim.tokenService.endpoint,
    });
    const query = `query($id: ID!) { person(personidentifikator: $id) { kontaktregisterstatus } }`;
    expect((await subgraph.query(query, { id: ids[0] })).body.errors).toBeUndefined();
    const skipsBefore = sim.tokenService.skipCacheRequests();
    sim.recorder.reset();
    sim.faults.inject('krr', { status: 401 });
    const response = await subgraph.query(query, { id: ids[0] });
    expect(response.body.errors).toBeUndefined();
    expect(sim.recorder.calls.filter((c) => c.path === '/api/v1/token')).toHaveLength(1);
    // The one refresh bypassed the token service's cache, so it cannot hand back the refused token.
    expect(sim.tokenService.skipCacheRequests()).toBe(skipsBefore + 1);
    expect(sim.recorder.count('krr')).toBe(2);
  });

  it('Freg single GETs: one failed GET fails only that person', async () => {
    const subgraph = await configured({
      KRR_URL: sim.krrUrl,
      FREG_URL: sim.fregUrl,
      FREG_LOOKUP: 'single',
      UPSTREAM_CONCURRENCY: '1',
      ...jwkEnv(sim),
    });
    const three = sim.population.cases.bothChannels.slice(0, 3);
    sim.faults.inject('freg', { status: 503 });
    const response = await subgraph.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator navn { visningsnavn } kontaktregisterstatus } }`,
      { ids: three },
    );
    const persons = response.body.data?.['personer'] as {
      personidentifikator: string;
      navn: unknown;
      kontaktregisterstatus: unknown;
    }[];
    expect(persons.map((p) => p.personidentifikator)).toEqual(three);
    expect(persons.filter((p) => p.navn === null)).toHaveLength(1);
    expect(persons.every((p) => p.kontaktregisterstatus !== null)).toBe(true);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: 'freg',
    });
  });
});
