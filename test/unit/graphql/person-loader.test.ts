// PersonLoader and Query.personer's re-indexing without HTTP: register clients replaced by plain
// lookups that record what they were asked. Results keep the caller's order and length; invalid
// identifiers, duplicates and a failed chunk each affect only their own positions.
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors.ts';
import { buildIdentityNumber } from '../../../src/domain/identity-number.ts';
import type { AccessDecision } from '../../../src/graphql/access.ts';
import { PersonLoader } from '../../../src/graphql/person-loader.ts';
import { fetchPlanFor } from '../../../src/graphql/plan.ts';
import { loadInOrder } from '../../../src/graphql/resolvers/Query.ts';
import type { KrrWireEntry } from '../../../src/upstream/krr/krr-wire.ts';
import { UpstreamError } from '../../../src/upstream/upstream-error.ts';

/** `count` distinct synthetic (+80 month) identity numbers. */
function syntheticIds(count: number): string[] {
  const ids: string[] = [];
  for (let day = 1; ids.length < count; day++) {
    for (let individnummer = 0; individnummer < 1000 && ids.length < count; individnummer++) {
      const id = buildIdentityNumber({ day, month: 3, yy: 85, individnummer, synthetic: true });
      if (id !== null) ids.push(id);
    }
  }
  return ids;
}

const KRR_DECISION: AccessDecision = {
  fetch: fetchPlanFor(new Set(['kontaktregisterstatus'])),
  denials: [],
  includeProtectedAddresses: false,
};

/** A KRR lookup that knows `known`, fails any call containing `failFor`, and records calls. */
function fakeKrr(known: ReadonlySet<string>, failFor?: string) {
  const calls: string[][] = [];
  return {
    calls,
    krr: {
      async lookupEntries(ids: readonly string[]): Promise<Map<string, KrrWireEntry>> {
        calls.push([...ids]);
        if (failFor !== undefined && ids.includes(failFor))
          throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'krr', 'KRR answered 503', {
            status: 503,
          });
        // KRR's own order, and only the persons it knows.
        return new Map(
          ids
            .filter((id) => known.has(id))
            .reverse()
            .map((id) => [id, { personidentifikator: id, status: 'AKTIV' }]),
        );
      },
    },
  };
}

function loader(krr: ReturnType<typeof fakeKrr>['krr']): PersonLoader {
  return new PersonLoader({
    krr,
    freg: null,
    concurrency: 2,
    nowMs: Date.UTC(2026, 0, 1),
    requestId: 'r',
  });
}

describe('loadInOrder (Query.personer)', () => {
  it('puts errors at the invalid positions and persons at the valid ones, duplicates included', async () => {
    const [a, b] = syntheticIds(2) as [string, string];
    const fake = fakeKrr(new Set([a]));
    const results = await loadInOrder(
      ['123', a, 'abcdefghijk', b, a, '12345678901'],
      loader(fake.krr),
      KRR_DECISION,
      true,
    );
    expect(results).toHaveLength(6);
    expect(
      results.map((r) =>
        r instanceof BadUserInputError ? r.details['reason'] : r.personidentifikator,
      ),
    ).toEqual(['FORMAT', a, 'FORMAT', b, a, 'CHECKSUM']);
    expect(results[1]).toMatchObject({ kontaktregisterstatus: 'AKTIV' });
    expect(results[3]).toMatchObject({ kontaktregisterstatus: 'IKKE_REGISTRERT' });
    expect(results[4]).toMatchObject({ kontaktregisterstatus: 'AKTIV' });
    // Invalid identifiers never reach the register; the duplicate is asked for once.
    expect(fake.calls).toEqual([[a, b]]);
  });

  it('refuses synthetic identifiers where they are not allowed, at their own position', async () => {
    const [a] = syntheticIds(1) as [string];
    const fake = fakeKrr(new Set());
    const results = await loadInOrder([a], loader(fake.krr), KRR_DECISION, false);
    expect(results[0]).toBeInstanceOf(BadUserInputError);
    expect(fake.calls).toEqual([]);
  });
});

describe('PersonLoader', () => {
  it('fails only the persons of a failed chunk, in the caller order', async () => {
    const ids = syntheticIds(1500);
    const failing = ids[1200]!;
    const fake = fakeKrr(new Set(ids), failing);
    // Reversed, so the chunks hold other positions than the caller's list.
    const asked = [...ids].reverse();
    const models = await loader(fake.krr).loadMany(asked, KRR_DECISION);
    expect(fake.calls.map((call) => call.length)).toEqual([1000, 500]);
    const failedChunk = new Set(fake.calls.find((call) => call.includes(failing)));
    expect(models.map((m) => m.personidentifikator)).toEqual(asked);
    models.forEach((model, i) => {
      const status = (model as Record<string, unknown>)['kontaktregisterstatus'];
      if (failedChunk.has(asked[i]!)) {
        expect(status).toBeInstanceOf(UpstreamError);
      } else {
        expect(status).toBe('AKTIV');
      }
    });
    expect(failedChunk.size).toBeGreaterThan(0);
  });

  it('answers a duplicate the same as its first occurrence, from one lookup', async () => {
    const [a, b] = syntheticIds(2) as [string, string];
    const fake = fakeKrr(new Set([b]));
    const models = await loader(fake.krr).loadMany([a, b, a, b, b], KRR_DECISION);
    expect(models.map((m) => (m as Record<string, unknown>)['kontaktregisterstatus'])).toEqual([
      'IKKE_REGISTRERT',
      'AKTIV',
      'IKKE_REGISTRERT',
      'AKTIV',
      'AKTIV',
    ]);
    expect(fake.calls).toEqual([[a, b]]);
  });

  it('gathers separate loads of one operation into one call', async () => {
    const [a, b, c] = syntheticIds(3) as [string, string, string];
    const fake = fakeKrr(new Set([a, b, c]));
    const persons = loader(fake.krr);
    await Promise.all([persons.load(a, KRR_DECISION), persons.loadMany([b, c, a], KRR_DECISION)]);
    expect(fake.calls).toEqual([[a, b, c]]);
    expect([...persons.requestedIdentifiers()].sort()).toEqual([a, b, c].sort());
  });
});
