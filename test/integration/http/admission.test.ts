// Overload: concurrent large operations against a small budget of persons in flight (1000, of
// which 100 are kept for small operations), with KRR slowed so they overlap. Refused operations
// get HTTP 503 SERVICE_UNAVAILABLE, reason OVERLOADED, and Retry-After, and cause no register
// call; admitted ones complete with every person; a 1-person operation sent meanwhile is
// served at once; readiness stays up; /metrics shows the budget and the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  startSubgraph,
  startTestSimulator,
  type GraphqlResponse,
  type Subgraph,
} from '../support/stack.ts';

const KRR_LATENCY_MS = 1200;
const QUERY = `query Many($ids: [ID!]!) {
  personer(personidentifikatorer: $ids) { personidentifikator kontaktregisterstatus }
}`;

let sim: Simulator;
/** Waits 700 ms for room: less than one KRR call takes. */
let impatient: Subgraph;
/** Waits 10 s for room: long enough for the operation ahead to finish. */
let patient: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator({ krrLatencyMs: KRR_LATENCY_MS });
  const env = { MAX_PERSONS_IN_FLIGHT: '1000', MAX_PERSONS_PER_OPERATION: '900' };
  impatient = await startSubgraph(sim, { env: { ...env, ADMISSION_WAIT_MS: '700' } });
  patient = await startSubgraph(sim, { env: { ...env, ADMISSION_WAIT_MS: '10000' } });
});
afterAll(async () => {
  await impatient.close();
  await patient.close();
  await sim.close();
});

const base = (subgraph: Subgraph): string => subgraph.service.url.replace(/\/graphql$/, '');

function expectComplete(res: GraphqlResponse, ids: readonly string[]): void {
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  const list = res.body.data?.['personer'] as { personidentifikator: string }[];
  expect(list.map((p) => p.personidentifikator)).toEqual(ids);
}

function expectOverloaded(res: GraphqlResponse): void {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect(res.headers.get('cache-control')).toBe('no-store, private');
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors?.[0]?.extensions).toEqual({
    code: 'SERVICE_UNAVAILABLE',
    reason: 'OVERLOADED',
    retryAfterSeconds: 1,
  });
}

async function metric(subgraph: Subgraph, name: string): Promise<number> {
  const text = await (await fetch(`${base(subgraph)}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

/** Polls a metric until it has the value (at most 5 s), so no step depends on the machine's speed. */
async function until(subgraph: Subgraph, name: string, value: number): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    if ((await metric(subgraph, name)) === value) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} did not reach ${value}`);
}

describe('admission under overload', () => {
  it('refuses what does not fit in time, completes what was admitted, and serves 1 person meanwhile', async () => {
    const ids = sim.population.ids;
    const batches = [0, 1, 2, 3].map((i) => ids.slice(i * 600, i * 600 + 600));
    sim.recorder.reset();
    const large = batches.map((batch) => impatient.query(QUERY, { ids: batch }));
    // While one large operation holds 600 of the 900 large operations may use and the
    // others wait, the budget and the queue are visible and the replica stays ready.
    await until(impatient, 'admission_queue_operations', 3);
    expect(await metric(impatient, 'admission_persons_budget')).toBe(1000);
    expect(await metric(impatient, 'admission_persons_in_flight')).toBe(600);
    expect(await metric(impatient, 'admission_queue_operations')).toBe(3);
    expect(await metric(impatient, 'admission_queue_persons')).toBe(1800);
    expect((await fetch(`${base(impatient)}/health/ready`)).status).toBe(200);
    const one = await impatient.query(QUERY, { ids: [ids[5000]] });
    expectComplete(one, [ids[5000] ?? '']);
    // Served beside the large one, not after it: admitted without waiting, like the first large
    // one, while three large operations stood in line.
    expect(
      await metric(impatient, 'admission_wait_seconds_bucket{le="0",outcome="admitted"}'),
    ).toBe(2);

    // Whichever large operation arrived first was admitted; the other three were refused.
    const results = await Promise.all(large);
    const admitted = results.findIndex((res) => res.status === 200);
    expectComplete(results[admitted] as GraphqlResponse, batches[admitted] ?? []);
    results.forEach((res, i) => {
      if (i !== admitted) expectOverloaded(res);
    });
    // The refused operations reached no register: one KRR call for the large one, one for 1.
    expect(sim.recorder.count('krr')).toBe(2);
    expect(await metric(impatient, 'admission_refusals_total')).toBe(3);
    expect(await metric(impatient, 'admission_persons_in_flight')).toBe(0);
    expect(await metric(impatient, 'admission_queue_operations')).toBe(0);
    expect((await fetch(`${base(impatient)}/health/ready`)).status).toBe(200);
  });

  it('keeps the room of an operation whose client left until its execution has ended', async () => {
    const token = await impatient.token(ALL_CALLER_SCOPES);
    const aborted = new AbortController();
    const gone = fetch(impatient.service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { ids: sim.population.ids.slice(0, 600) } }),
      signal: aborted.signal,
    }).catch(() => 'aborted');
    await until(impatient, 'admission_persons_in_flight', 600);
    aborted.abort();
    expect(await gone).toBe('aborted');
    // KRR answers after 1.2 s: the operation is still reading, so its persons still count.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await metric(impatient, 'admission_persons_in_flight')).toBe(600);
    await until(impatient, 'admission_persons_in_flight', 0);
  });

  it('admits a waiting operation when the one ahead finishes within the wait', async () => {
    const ids = sim.population.ids;
    const batches = [0, 1, 2].map((i) => ids.slice(i * 600, i * 600 + 600));
    const results = await Promise.all(batches.map((batch) => patient.query(QUERY, { ids: batch })));
    results.forEach((res, i) => expectComplete(res, batches[i] ?? []));
    expect(await metric(patient, 'admission_refusals_total')).toBe(0);
    expect(await metric(patient, 'admission_persons_in_flight')).toBe(0);
  });

  it('refuses in the media type asked for, refuses entity fetches too, and takes no room for operations without register fields', async () => {
    const ids = sim.population.ids.slice(0, 600);
    const first = impatient.query(QUERY, { ids });
    await until(impatient, 'admission_persons_in_flight', 600);
    // Sent together, so both wait while the first holds its room. The router's path takes room
    // too: an entity fetch of 600 persons finds none either.
    const [refused, entities] = await Promise.all([
      impatient.query(
        QUERY,
        { ids: sim.population.ids.slice(600, 1200) },
        { accept: 'application/graphql-response+json' },
      ),
      impatient.query(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { kontaktregisterstatus } } }',
        {
          r: sim.population.ids
            .slice(1200, 1800)
            .map((id) => ({ __typename: 'Person', personidentifikator: id })),
        },
      ),
    ]);
    expectOverloaded(refused);
    expect(refused.headers.get('content-type')).toContain('application/graphql-response+json');
    expectOverloaded(entities);
    // Only identifiers: nothing is read from a register, so nothing waits.
    const bare = await impatient.query(
      'query Ids($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator } }',
      { ids: sim.population.ids.slice(600, 1200) },
    );
    expect(bare.status).toBe(200);
    expectComplete(await first, ids);
  });
});
