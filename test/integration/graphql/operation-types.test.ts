// Operation types the schema does not have (mutation, subscription) are the caller's mistake: a
// validation error that says so, HTTP 400, nothing executed and nothing logged as internal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../support/stack.ts';

let sim: Simulator;
let s: Subgraph;

beforeAll(async () => {
  sim = await startTestSimulator();
  s = await startSubgraph(sim);
});
afterAll(async () => {
  await s.close();
  await sim.close();
});

describe.each(['mutation', 'subscription'] as const)('a %s', (type) => {
  it('is refused as a validation error naming the missing operation type', async () => {
    const logged = s.logs.lines.length;
    sim.recorder.reset();
    const res = await s.query(
      `${type} Endre { person(personidentifikator: "x") { navn { visningsnavn } } }`,
    );
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors ?? [];
    expect(error?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.message).toBe(
      `The schema has no ${type} type: this subgraph serves queries only.`,
    );
    expect(error?.extensions?.['code']).not.toBe('INTERNAL_SERVER_ERROR');
    const lines = s.logs.lines.slice(logged);
    expect(lines.filter((line) => line.includes('"internal_error"'))).toEqual([]);
    expect(lines.filter((line) => line.includes('"level":50'))).toEqual([]);
    expect(sim.recorder.calls).toEqual([]);
  });

  it('is refused also without a caller token, before authentication', async () => {
    const res = await s.query(
      `${type} { person(personidentifikator: "x") { kjoenn } }`,
      {},
      {
        authorization: '',
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('is refused in a document whose selected operation is a query', async () => {
    const response = await fetch(s.service.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await s.token(['person:folkeregister.read'])}`,
      },
      body: JSON.stringify({
        query: `query Les { __typename } ${type} Endre { __typename }`,
        operationName: 'Les',
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

it('still serves a query', async () => {
  const res = await s.query('query { __typename }');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ data: { __typename: 'Query' } });
});
