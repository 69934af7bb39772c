// The fault matrix: for every fault a register or Maskinporten can show, the documented
// extensions.code on each person of the failed chunk, the other chunk's persons intact and
// correct, the process still serving, and no unhandled rejection anywhere.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Fault, Simulator } from '../../../src/simulator/index.ts';
import {
  startSubgraph,
  startTestSimulator,
  type GraphqlResponse,
  type Subgraph,
} from '../support/stack.ts';
import { CHECKED_KRR_FIELDS, krrMismatches, type CheckedKrrPerson } from './person-check.ts';

// Folkeregisteret rows run once its simulator exists (src/simulator/freg.ts).

type Register = 'krr' | 'freg';
type Person = Record<string, unknown> & { readonly personidentifikator: string };

interface RegisterProfile {
  readonly register: Register;
  /** Person selection for this register only. */
  readonly selection: string;
  /** Top-level register fields in the selection: each failed person has an error at each. */
  readonly fields: readonly string[];
}

const PROFILES: readonly RegisterProfile[] = [
  {
    register: 'krr',
    selection: CHECKED_KRR_FIELDS,
    fields: ['kontaktregisterstatus', 'reservasjon', 'kontaktinformasjon'],
  },
  {
    register: 'freg',
    selection: 'personidentifikator finnesIFolkeregisteret navn { visningsnavn }',
    fields: ['finnesIFolkeregisteret', 'navn'],
  },
];

const personerQuery = (selection: string): string =>
  `query FaultMatrix($ids: [ID!]!) { personer(personidentifikatorer: $ids) { ${selection} } }`;

// Small timeouts, no retries (so one injected fault fails exactly one call; retries are tested in
// graphql/errors.test.ts), and a circuit that does not open in the middle of the matrix.
const FAST_ENV = {
  MAX_PERSONS_PER_OPERATION: '2000',
  UPSTREAM_MAX_RETRIES: '0',
  UPSTREAM_HEADERS_TIMEOUT_MS: '2000',
  UPSTREAM_BODY_TIMEOUT_MS: '2000',
  MASKINPORTEN_TIMEOUT_MS: '1500',
  OPERATION_DEADLINE_MS: '15000',
  CIRCUIT_FAILURE_THRESHOLD: '1000',
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

let sim: Simulator;
let base: Subgraph;
/** Operation deadline shorter than the undici timeouts, so a hang meets the deadline first. */
let deadline: Subgraph;
const started: Subgraph[] = [];
const ids = (): string[] => sim.population.ids.slice(0, 1500);
/** Each register's answer without faults, by identifier: what a served person must equal. */
const baseline = new Map<Register, Map<string, Person>>();

async function start(env: Record<string, string>, simulator = sim): Promise<Subgraph> {
  const subgraph = await startSubgraph(simulator, {
    env: { ...FAST_ENV, ...env },
  });
  started.push(subgraph);
  return subgraph;
}

function personsOf(res: GraphqlResponse): Person[] {
  return res.body.data?.['personer'] as Person[];
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  sim = await startTestSimulator();
  base = await start({});
  deadline = await start({
    OPERATION_DEADLINE_MS: '2500',
    UPSTREAM_HEADERS_TIMEOUT_MS: '60000',
    UPSTREAM_BODY_TIMEOUT_MS: '60000',
  });
  for (const profile of PROFILES) {
    const res = await base.query(personerQuery(profile.selection), { ids: ids() });
    expect(res.body.errors).toBeUndefined();
    baseline.set(profile.register, new Map(personsOf(res).map((p) => [p.personidentifikator, p])));
  }
  // The simulator's own data is what KRR persons are checked against, not just the baseline.
  for (const person of baseline.get('krr')?.values() ?? [])
    expect(krrMismatches(sim.population, person as unknown as CheckedKrrPerson)).toEqual([]);
});

afterEach(() => {
  sim.faults.clear();
  sim.recorder.reset();
  expect(unhandled).toEqual([]);
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  await sim.close();
  // Give late rejections (closing sockets, abandoned timers) a turn to surface.
  await sleep(50);
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/**
 * Runs one 1500-person operation (two chunks: 1000 + 500) with `fault` queued for the first call
 * to the register, and checks the outcome the README documents.
 */
async function expectOneChunkFails(
  subgraph: Subgraph,
  profile: RegisterProfile,
  fault: Fault,
  code: string,
): Promise<void> {
  const requested = ids();
  sim.faults.inject(profile.register, fault, 1);
  const res = await subgraph.query(personerQuery(profile.selection), { ids: requested });
  expect(res.status).toBe(200);
  const persons = personsOf(res);
  // Nothing lost, nothing reordered.
  expect(persons.map((p) => p.personidentifikator)).toEqual(requested);

  const probe = profile.fields[0] as string;
  const failedIndexes = persons.flatMap((p, i) => (p[probe] === null ? [i] : []));
  expect([500, 1000]).toContain(failedIndexes.length);
  const failed = new Set(failedIndexes);
  const expected = baseline.get(profile.register) as Map<string, Person>;
  persons.forEach((person, i) => {
    if (failed.has(i)) {
      for (const field of profile.fields) expect(person[field]).toBeNull();
    } else {
      // The other chunk's persons are exactly what the register says for them.
      expect(person).toEqual(expected.get(person.personidentifikator));
    }
  });
  const errors = res.body.errors ?? [];
  expect(errors).toHaveLength(failed.size * profile.fields.length);
  for (const error of errors) {
    expect(error.extensions?.['code']).toBe(code);
    expect(error.extensions?.['upstream']).toBe(profile.register);
    expect(error.path?.[0]).toBe('personer');
    expect(failed.has(error.path?.[1] as number)).toBe(true);
    expect(profile.fields).toContain(error.path?.[2]);
  }
  expect(JSON.stringify(errors)).not.toMatch(/\d{11}/);
  await expectStillServing(subgraph, profile);
}

async function expectStillServing(subgraph: Subgraph, profile: RegisterProfile): Promise<void> {
  sim.faults.clear();
  const sample = ids().slice(0, 3);
  const res = await subgraph.query(personerQuery(profile.selection), { ids: sample });
  expect(res.body.errors).toBeUndefined();
  expect(personsOf(res)).toEqual(
    sample.map((id) => baseline.get(profile.register)?.get(id) as Person),
  );
}

const REGISTER_FAULTS: readonly { name: string; fault: Fault; code: string }[] = [
  {
    name: '429 with Retry-After',
    fault: { status: 429, retryAfter: '1' },
    code: 'UPSTREAM_RATE_LIMITED',
  },
  { name: '500', fault: { status: 500 }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: '502', fault: { status: 502 }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: '503 with an HTML page', fault: { kind: 'html' }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: '504', fault: { status: 504 }, code: 'UPSTREAM_TIMEOUT' },
  { name: 'a connection reset', fault: { kind: 'reset' }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: 'a truncated JSON body', fault: { kind: 'truncated' }, code: 'UPSTREAM_UNAVAILABLE' },
  {
    name: 'a 200 body that is not JSON',
    fault: { kind: 'non-json' },
    code: 'UPSTREAM_UNAVAILABLE',
  },
  {
    name: 'an answer delayed beyond the headers timeout',
    fault: { kind: 'delay', ms: 6000 },
    code: 'UPSTREAM_TIMEOUT',
  },
];

describe.each(PROFILES)('$register faults', (profile) => {
  it.each(REGISTER_FAULTS)('$name fails only its chunk, with $code', async ({ fault, code }) => {
    await expectOneChunkFails(base, profile, fault, code);
  });

  it('a call hanging past the operation deadline fails only its chunk, with UPSTREAM_TIMEOUT', async () => {
    await expectOneChunkFails(deadline, profile, { kind: 'hang' }, 'UPSTREAM_TIMEOUT');
  });

  it('opens the circuit after repeated failures, fails fast while open, and closes again', async () => {
    const breaker = await start({ CIRCUIT_FAILURE_THRESHOLD: '2', CIRCUIT_OPEN_MS: '3000' });
    const query = personerQuery(profile.selection);
    const circuitState = async (): Promise<number | undefined> =>
      (await breaker.service.metrics.circuitState.get()).values.find(
        (v) => v.labels['upstream'] === profile.register,
      )?.value;

    // Both chunks fail: two consecutive outages open the circuit.
    sim.faults.inject(profile.register, { status: 503 }, 2);
    const down = await breaker.query(query, { ids: ids() });
    expect(new Set(down.body.errors?.map((e) => e.extensions?.['code']))).toEqual(
      new Set(['UPSTREAM_UNAVAILABLE']),
    );
    expect(await circuitState()).toBe(2);

    // While open: every person fails at once with reason CIRCUIT_OPEN, and the register is spared.
    sim.recorder.reset();
    const open = await breaker.query(query, { ids: ids() });
    expect(personsOf(open).map((p) => p.personidentifikator)).toEqual(ids());
    expect(open.body.errors).toHaveLength(1500 * profile.fields.length);
    for (const error of open.body.errors ?? []) {
      expect(error.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.extensions?.['reason']).toBe('CIRCUIT_OPEN');
    }
    expect(sim.recorder.count(profile.register)).toBe(0);
    const failures = (await breaker.service.metrics.upstreamFailures.get()).values;
    const failed = (code: string): number =>
      failures.find((v) => v.labels['upstream'] === profile.register && v.labels['code'] === code)
        ?.value ?? 0;
    expect(failed('UPSTREAM_UNAVAILABLE')).toBe(2);
    expect(failed('CIRCUIT_OPEN')).toBe(2);

    // After CIRCUIT_OPEN_MS one probe goes through; its success closes the circuit.
    const sample = ids().slice(0, 2);
    await vi.waitFor(
      async () => {
        const res = await breaker.query(query, { ids: sample });
        expect(res.body.errors).toBeUndefined();
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(await circuitState()).toBe(0);
    const again = await breaker.query(query, { ids: ids() });
    expect(again.body.errors).toBeUndefined();
    expect(personsOf(again)).toEqual(
      ids().map((id) => baseline.get(profile.register)?.get(id) as Person),
    );
  });
});

describe('one register down, the other intact', () => {
  it('a KRR outage leaves the Folkeregisteret fields of the same persons intact', async () => {
    const [krr, freg] = PROFILES as [RegisterProfile, RegisterProfile];
    // Both KRR chunks fail; Freg answers normally.
    sim.faults.inject('krr', { status: 500 }, 2);
    const res = await base.query(personerQuery(`${krr.selection} ${freg.selection}`), {
      ids: ids(),
    });
    const persons = personsOf(res);
    expect(persons.map((p) => p.personidentifikator)).toEqual(ids());
    for (const person of persons) {
      for (const field of krr.fields) expect(person[field]).toBeNull();
      const expected = baseline.get('freg')?.get(person.personidentifikator) as Person;
      for (const field of freg.fields) expect(person[field]).toEqual(expected[field]);
    }
    expect(new Set(res.body.errors?.map((e) => e.extensions?.['upstream']))).toEqual(
      new Set(['krr']),
    );
    await expectStillServing(base, krr);
  });
});

describe('Maskinporten token endpoint faults', () => {
  // Access tokens live one second here, so each case meets an expired token and must go to the
  // token endpoint (the metadata document is already cached by then).
  let mpSim: Simulator;
  let mp: Subgraph;
  const krr = PROFILES[0] as RegisterProfile;
  const query = personerQuery(krr.selection);
  beforeAll(async () => {
    mpSim = await startTestSimulator({ populationSize: 100, accessTokenLifetimeSeconds: 1 });
    mp = await start({}, mpSim);
  });
  afterAll(async () => {
    await mpSim.close();
  });
  afterEach(() => {
    mpSim.faults.clear();
    mpSim.recorder.reset();
  });

  const TOKEN_FAULTS: readonly { name: string; fault: Fault; code: string }[] = [
    { name: '500', fault: { status: 500 }, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'a 503 HTML page', fault: { kind: 'html' }, code: 'UPSTREAM_UNAVAILABLE' },
    {
      name: 'a 200 body that is not JSON',
      fault: { kind: 'non-json' },
      code: 'UPSTREAM_UNAVAILABLE',
    },
    { name: 'a connection reset', fault: { kind: 'reset' }, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'a hanging token request', fault: { kind: 'hang' }, code: 'UPSTREAM_TIMEOUT' },
    {
      name: 'a refused grant (400 invalid_grant)',
      fault: {
        status: 400,
        body: '{"error":"invalid_grant","error_description":"MP-100: synthetic refusal"}',
        contentType: 'application/json',
      },
      code: 'UPSTREAM_UNAVAILABLE',
    },
  ];

  it.each(TOKEN_FAULTS)(
    '$name fails the register fields with $code, then recovers',
    async ({ fault, code }) => {
      const sample = mpSim.population.ids.slice(0, 5);
      const warm = await mp.query(query, { ids: sample });
      expect(warm.body.errors).toBeUndefined();
      // Let the cached token expire, so the next operation must fetch one.
      await sleep(1100);
      mpSim.recorder.reset();
      mpSim.faults.inject('maskinporten', fault, Infinity);
      const res = await mp.query(query, { ids: sample });
      expect(res.status).toBe(200);
      const persons = personsOf(res);
      expect(persons.map((p) => p.personidentifikator)).toEqual(sample);
      for (const person of persons)
        for (const field of krr.fields) expect(person[field]).toBeNull();
      expect(res.body.errors).toHaveLength(sample.length * krr.fields.length);
      expect(new Set(res.body.errors?.map((e) => e.extensions?.['code']))).toEqual(new Set([code]));
      // The failures were token requests; KRR was never called without a token.
      expect(mpSim.recorder.count('maskinporten', { path: '/token' })).toBeGreaterThan(0);
      expect(mpSim.recorder.count('krr')).toBe(0);

      mpSim.faults.clear();
      const again = await mp.query(query, { ids: sample });
      expect(again.body.errors).toBeUndefined();
      for (const person of personsOf(again))
        expect(krrMismatches(mpSim.population, person as unknown as CheckedKrrPerson)).toEqual([]);
    },
  );

  it('keeps using a still-valid token while Maskinporten is down', async () => {
    // The base subgraph's token (120 s) is cached from the baseline queries.
    sim.faults.inject('maskinporten', { status: 503 }, Infinity);
    const res = await base.query(personerQuery(krr.selection), { ids: ids().slice(0, 10) });
    expect(res.body.errors).toBeUndefined();
    expect(sim.recorder.count('maskinporten')).toBe(0);
  });

  it('counts token fetches and failures by outcome and code, without personal data', async () => {
    const text = await mp.service.metrics.registry.getSingleMetricAsString(
      'maskinporten_token_fetches_total',
    );
    expect(text).toMatch(/maskinporten_token_fetches_total\{outcome="ok",code="none"\} [1-9]/);
    expect(text).toMatch(/outcome="error",code="UPSTREAM_TIMEOUT"\} [1-9]/);
    expect(text).toMatch(/outcome="error",code="MASKINPORTEN_GRANT_FAILED"\} [1-9]/);
    expect(text).not.toMatch(/\d{11}/);
  });
});
