// The simulated Folkeregisteret answers like Skatteetaten's consumer API
// (docs/registers.md F1–F7): both public-sector packages' paths and scopes, `part` data
// minimisation, somBestilt, the 1000 limit, merged and unknown identifiers, faults and recording.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { accessToken } from './support.ts';

const MED = 'folkeregister:deling/offentligmedhjemmel';
const UTEN = 'folkeregister:deling/offentligutenhjemmel';
const MED_PATH = '/folkeregisteret/offentlig-med-hjemmel/api/v1/personer';
const UTEN_PATH = '/folkeregisteret/api/offentligutenhjemmel/v1/personer';

let sim: Simulator;
let medToken: string;
let utenToken: string;
let krrToken: string;

beforeAll(async () => {
  sim = await startSimulator({ populationSize: 3000 });
  medToken = await accessToken(sim, [MED]);
  utenToken = await accessToken(sim, [UTEN]);
  krrToken = await accessToken(sim, ['krr:global/kontaktinformasjon.read']);
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.faults.clear();
});

type Doc = Record<string, unknown>;
type El = Record<string, unknown>;
interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}
interface Oppslag {
  foedselsEllerDNummer: string;
  folkeregisterperson?: Doc;
  feilmelding?: { feilmelding: string };
}

async function call(
  path: string,
  options: {
    token?: string | null;
    method?: string;
    query?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const token = options.token === undefined ? medToken : options.token;
  const response = await fetch(`${sim.fregUrl}${path}${options.query ? `?${options.query}` : ''}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...options.headers,
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}

async function bulk(
  ids: readonly string[],
  query = 'somBestilt=true',
  options: { token?: string; path?: string } = {},
): Promise<Oppslag[]> {
  const answer = await call(`${options.path ?? MED_PATH}/bulkoppslag`, {
    query,
    body: { foedselsEllerDNummer: ids },
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body as { oppslag: Oppslag[] }).oppslag;
}

const elements = (doc: Doc | undefined, key: string): El[] =>
  (doc?.[key] as El[] | undefined) ?? [];
const fregCase = (name: keyof Simulator['population']['cases']['freg']): string => {
  const id = sim.population.cases.freg[name][0];
  if (id === undefined) throw new Error(`no ${name} case`);
  return id;
};

describe('paths, tokens and scopes', () => {
  it('serves both packages at their documented, asymmetric paths', async () => {
    const [id] = sim.population.ids;
    expect((await bulk([id ?? ''], 'somBestilt=true', { path: MED_PATH })).length).toBe(1);
    expect(
      (await bulk([id ?? ''], 'somBestilt=true', { path: UTEN_PATH, token: utenToken })).length,
    ).toBe(1);
    const body = { foedselsEllerDNummer: [id] };
    for (const wrong of [
      '/folkeregisteret/api/offentlig-med-hjemmel/v1/personer/bulkoppslag',
      '/folkeregisteret/offentligutenhjemmel/api/v1/personer/bulkoppslag',
      '/folkeregisteret/offentlig-uten-hjemmel/api/v1/personer/bulkoppslag',
    ]) {
      expect((await call(wrong, { body })).status).toBe(404);
    }
  });

  it('answers 401 without a token or with a token it did not issue', async () => {
    const body = { foedselsEllerDNummer: sim.population.ids.slice(0, 1) };
    expect((await call(`${MED_PATH}/bulkoppslag`, { token: null, body })).status).toBe(401);
    const forged = await call(`${MED_PATH}/bulkoppslag`, { token: 'not.a.token', body });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ httpStatus: 401, feilkode: expect.any(String) });
  });

  it("answers 403 when the token lacks the package's scope", async () => {
    const body = { foedselsEllerDNummer: sim.population.ids.slice(0, 1) };
    expect((await call(`${MED_PATH}/bulkoppslag`, { token: krrToken, body })).status).toBe(403);
    expect((await call(`${MED_PATH}/bulkoppslag`, { token: utenToken, body })).status).toBe(403);
    expect((await call(`${UTEN_PATH}/bulkoppslag`, { token: medToken, body })).status).toBe(403);
    const id = sim.population.ids[0] ?? '';
    expect((await call(`${UTEN_PATH}/${id}`, { token: medToken })).status).toBe(403);
  });
});

describe('request validation', () => {
  it('requires Content-Type application/json on bulk lookups', async () => {
    const answer = await call(`${MED_PATH}/bulkoppslag`, {
      body: JSON.stringify({ foedselsEllerDNummer: sim.population.ids.slice(0, 1) }),
      headers: { 'content-type': 'application/xml' },
    });
    expect(answer.status).toBe(415);
  });

  it('accepts 1000 identifiers and refuses 1001', async () => {
    const ids = sim.population.ids.slice(0, 1001);
    expect((await bulk(ids.slice(0, 1000))).length).toBe(1000);
    const answer = await call(`${MED_PATH}/bulkoppslag`, { body: { foedselsEllerDNummer: ids } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ kode: expect.stringMatching(/^FREG-/) });
  });

  it('refuses bodies that are not a list of 11-digit identifiers', async () => {
    for (const body of [
      '{',
      { foedselsEllerDNummer: 'x' },
      { foedselsEllerDNummer: ['123'] },
      {},
    ]) {
      expect((await call(`${MED_PATH}/bulkoppslag`, { body })).status).toBe(400);
    }
  });

  it('refuses unknown part values and a malformed somBestilt', async () => {
    const body = { foedselsEllerDNummer: sim.population.ids.slice(0, 1) };
    for (const query of ['part=fødsel', 'part=navn&part=Navn', 'somBestilt=ja']) {
      expect((await call(`${MED_PATH}/bulkoppslag`, { query, body })).status).toBe(400);
    }
    const id = sim.population.ids[0] ?? '';
    expect((await call(`${MED_PATH}/${id}`, { query: 'part=adresse' })).status).toBe(400);
  });
});

describe('data minimisation with part', () => {
  it('returns exactly the requested information parts plus identifikasjonsnummer', async () => {
    const ids = sim.population.ids.slice(0, 200);
    for (const [query, keys] of [
      ['part=navn', ['identifikasjonsnummer', 'navn']],
      [
        'part=navn&part=bostedsadresse&part=adressebeskyttelse',
        ['adressebeskyttelse', 'bostedsadresse', 'identifikasjonsnummer', 'navn'],
      ],
      ['part=status', ['identifikasjonsnummer', 'status']],
    ] as const) {
      for (const entry of await bulk(ids, `somBestilt=true&${query}`)) {
        const present = Object.keys(entry.folkeregisterperson ?? {});
        for (const key of present) expect(keys).toContain(key);
        expect(present).toContain('identifikasjonsnummer');
      }
    }
  });

  it('answers person-basis without part', async () => {
    const [entry] = await bulk([fregCase('doed')]);
    expect(Object.keys(entry?.folkeregisterperson ?? {})).toEqual(
      expect.arrayContaining(['navn', 'foedsel', 'kjoenn', 'status', 'doedsfall', 'sivilstand']),
    );
    expect(entry?.folkeregisterperson).not.toHaveProperty('utflytting');
  });

  it('adds historical names only with historikk', async () => {
    const id = fregCase('navnehistorikk');
    const [current] = await bulk([id], 'somBestilt=true&part=navn');
    expect(elements(current?.folkeregisterperson, 'navn').map((n) => n['erGjeldende'])).toEqual([
      true,
    ]);
    const [history] = await bulk([id], 'somBestilt=true&part=navn&part=historikk');
    expect(elements(history?.folkeregisterperson, 'navn').map((n) => n['erGjeldende'])).toEqual([
      true,
      false,
    ]);
  });

  it('applies the same parts to single lookups', async () => {
    const id = fregCase('vegadresse');
    const answer = await call(`${MED_PATH}/${id}`, { query: 'part=navn&part=kjoenn' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as Doc).sort()).toEqual([
      'identifikasjonsnummer',
      'kjoenn',
      'navn',
    ]);
  });
});

describe('misses, merges and somBestilt', () => {
  it('with somBestilt answers in request order, repeats duplicates, and has feilmelding for misses', async () => {
    const [a, b] = sim.population.ids;
    const [unknown] = sim.population.unknownIds(1);
    const ceased = sim.population.cases.freg.opphoert[0];
    const ids = [b, unknown, a, b, ceased].map(String);
    const oppslag = await bulk(ids, 'somBestilt=true&part=navn');
    expect(oppslag.map((o) => o.foedselsEllerDNummer)).toEqual(ids);
    expect(oppslag[1]).toEqual({
      foedselsEllerDNummer: unknown,
      feilmelding: { feilmelding: expect.any(String) },
    });
    expect(oppslag[4]?.feilmelding).toBeDefined();
    expect(oppslag[4]?.folkeregisterperson).toBeUndefined();
    expect(oppslag[0]?.folkeregisterperson).toBeDefined();
  });

  it('without somBestilt answers each known identifier once and leaves misses out', async () => {
    const ids = [...sim.population.ids.slice(0, 20), ...sim.population.unknownIds(3)];
    const oppslag = await bulk([...ids, ...ids.slice(0, 5)], 'part=navn');
    expect(oppslag.map((o) => o.foedselsEllerDNummer).sort()).toEqual(ids.slice(0, 20).sort());
  });

  it('finds the surviving person through a ceased identifier after a merge', async () => {
    const survivor = fregCase('sammenslaatt');
    const ceased = sim.population.cases.freg.tidligereIdentifikatorer[0] ?? '';
    const [entry] = await bulk([ceased], 'somBestilt=true&part=identifikasjonsnummer');
    expect(entry?.foedselsEllerDNummer).toBe(ceased);
    const current = elements(entry?.folkeregisterperson, 'identifikasjonsnummer').filter(
      (e) => e['erGjeldende'] === true,
    );
    expect(current.map((e) => e['foedselsEllerDNummer'])).toEqual([survivor]);
    const single = await call(`${MED_PATH}/${ceased}`, { query: 'part=navn' });
    expect(single.status).toBe(200);
  });

  it('answers 404 for an unknown person on a single lookup', async () => {
    const [unknown] = sim.population.unknownIds(1);
    const answer = await call(`${MED_PATH}/${unknown}`);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ kode: expect.any(String), melding: expect.any(String) });
  });
});

describe('protected persons and the two packages', () => {
  it('gives med hjemmel protection, graded addresses and the SOT 6 post box', async () => {
    const [fortrolig, strengt] = await bulk([fregCase('fortrolig'), fregCase('strengtFortrolig')]);
    expect(elements(fortrolig?.folkeregisterperson, 'adressebeskyttelse')[0]).toMatchObject({
      erGjeldende: true,
      graderingsnivaa: expect.stringMatching(/^fortrolig$/i),
    });
    expect(elements(fortrolig?.folkeregisterperson, 'bostedsadresse').length).toBeGreaterThan(0);
    expect(strengt?.folkeregisterperson?.['bostedsadresse']).toBeUndefined();
    expect(
      elements(strengt?.folkeregisterperson, 'postadresse')[0]?.['postboksadresse'],
    ).toMatchObject({ postbokseier: 'SOT 6' });
  });

  it('gives uten hjemmel no protection level, no graded addresses and no confidential status', async () => {
    const ids = [
      fregCase('fortrolig'),
      fregCase('klientadresse'),
      ...sim.population.cases.freg.dNummer,
    ];
    const oppslag = await bulk(ids, 'somBestilt=true', { path: UTEN_PATH, token: utenToken });
    const text = JSON.stringify(oppslag);
    expect(text).not.toMatch(/adressebeskyttelse|"fortrolig"|klientadresse|midlertidig/i);
    expect(oppslag[0]?.folkeregisterperson?.['bostedsadresse']).toBeUndefined();
    expect(oppslag[0]?.folkeregisterperson?.['navn']).toBeDefined();
  });
});

describe('recording and faults', () => {
  it('records path, status, parts and identifier count of every call', async () => {
    sim.recorder.reset();
    await bulk(sim.population.ids.slice(0, 7), 'somBestilt=true&part=navn&part=kjoenn');
    await call(`${UTEN_PATH}/bulkoppslag`, {
      token: utenToken,
      body: { foedselsEllerDNummer: [] },
    });
    const calls = sim.recorder.calls.filter((c) => c.upstream === 'freg');
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `${MED_PATH}/bulkoppslag`,
        query: 'somBestilt=true&part=navn&part=kjoenn',
        status: 200,
        identifiers: 7,
        scopes: expect.arrayContaining([MED]),
      }),
      expect.objectContaining({ path: `${UTEN_PATH}/bulkoppslag`, status: 400, identifiers: 0 }),
    ]);
  });

  it('answers an injected 429 with Retry-After, then normally again', async () => {
    sim.faults.inject('freg', { status: 429, retryAfter: '250' });
    const body = { foedselsEllerDNummer: sim.population.ids.slice(0, 2) };
    const throttled = await call(`${MED_PATH}/bulkoppslag`, { body });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('250');
    expect((await call(`${MED_PATH}/bulkoppslag`, { body })).status).toBe(200);
  });

  it('answers injected HTML error pages and truncated bodies', async () => {
    const body = { foedselsEllerDNummer: sim.population.ids.slice(0, 2) };
    sim.faults.inject('freg', { kind: 'html' });
    const html = await call(`${MED_PATH}/bulkoppslag`, { body });
    expect(html.status).toBe(503);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    sim.faults.inject('freg', { kind: 'truncated' });
    const truncated = await call(`${MED_PATH}/bulkoppslag`, { body });
    expect(truncated.status).toBe(200);
    expect(typeof truncated.body).toBe('string');
  });
});
