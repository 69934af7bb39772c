// The simulator's population: deterministic, large enough, synthetic only, with the shares of
// cases the subgraph's tests rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdentityNumber } from '../../../src/domain/identity-number.ts';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';

let a: Simulator;
let b: Simulator;

beforeAll(async () => {
  [a, b] = await Promise.all([startSimulator(), startSimulator()]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

describe('the default population', () => {
  it('has at least 10 000 persons', () => {
    expect(a.population.size).toBeGreaterThanOrEqual(10_000);
    expect(a.population.ids).toHaveLength(a.population.size);
    expect(new Set(a.population.ids).size).toBe(a.population.size);
  });

  it('is the same for the same seed', () => {
    expect(b.population.ids).toEqual(a.population.ids);
    expect(b.population.cases).toEqual(a.population.cases);
    expect(b.population.unknownIds(5)).toEqual(a.population.unknownIds(5));
  });

  it('uses synthetic identifiers only (valid check digits, third digit 8 or 9)', () => {
    for (const id of [...a.population.ids, ...a.population.unknownIds(100)]) {
      expect(id).toMatch(/^\d\d[89]\d{8}$/);
      expect(checkIdentityNumber(id, { allowSynthetic: true })).toMatchObject({
        valid: true,
        synthetic: true,
      });
    }
    expect(a.population.ids.some((id) => Number(id[0]) >= 4)).toBe(true); // D-numbers too
  });

  it('has roughly the specified shares of cases', () => {
    const share = (ids: readonly string[]): number => ids.length / a.population.size;
    const { cases } = a.population;
    expect(share(cases.reserved)).toBeGreaterThan(0.06);
    expect(share(cases.reserved)).toBeLessThan(0.1);
    expect(share(cases.expired)).toBeGreaterThan(0.08);
    expect(share(cases.expired)).toBeLessThan(0.12);
    expect(share(cases.mobileOnly)).toBeGreaterThan(0.17);
    expect(share(cases.mobileOnly)).toBeLessThan(0.23);
    expect(share(cases.emailOnly)).toBeGreaterThan(0.035);
    expect(share(cases.emailOnly)).toBeLessThan(0.065);
    expect(share(cases.mailbox)).toBeGreaterThan(0.2);
    expect(share(cases.mailbox)).toBeLessThan(0.3);
    expect(share(cases.deleted)).toBeGreaterThan(0.01);
    expect(share(cases.deleted)).toBeLessThan(0.03);
    expect(cases.emptyStrings.length).toBeGreaterThan(10);
    const notInKrr = a.population.ids.filter((id) => a.population.get(id)?.krr === null);
    expect(notInKrr.length).toBeGreaterThan(0);
  });

  it('never returns an unknown identifier that is in the population', () => {
    for (const id of a.population.unknownIds(200)) expect(a.population.get(id)).toBeUndefined();
  });

  it('differs for another seed', async () => {
    const other = await startSimulator({ seed: 2, populationSize: 100 });
    try {
      expect(other.population.ids.slice(0, 10)).not.toEqual(a.population.ids.slice(0, 10));
    } finally {
      await other.close();
    }
  });
});
