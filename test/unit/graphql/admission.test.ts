// The budget of persons in flight: what fits runs at once, what does not waits in line for a
// bounded time and is then refused, small operations use a reserve large ones may not, and the
// gauges follow. Timers are faked, so nothing here depends on the machine's speed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Admission, type AdmissionPermit } from '../../../src/graphql/admission.ts';
import { Metrics } from '../../../src/observability/metrics.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Settles what a permit or a timer set in motion. */
const settle = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

async function gauge(metrics: Metrics, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? Number.NaN;
}

describe('Admission', () => {
  it('admits what fits at once and keeps 10% of the budget for small operations', async () => {
    const admission = new Admission({ maxPersonsInFlight: 1000, maxWaitMs: 100 });
    expect(admission.reserved).toBe(100);
    const big = await admission.acquire(900);
    expect(big?.persons).toBe(900);
    // A large operation may not use the reserve…
    let second: AdmissionPermit | null | undefined;
    void admission.acquire(101).then((p) => (second = p));
    await settle();
    expect(second).toBeUndefined();
    expect(admission.waiting).toBe(1);
    // …a small one may, while the large one waits.
    const small = await admission.acquire(100);
    expect(small).not.toBeNull();
    expect(admission.inFlight).toBe(1000);
    small?.release();
    big?.release();
    await settle();
    expect(second?.persons).toBe(101);
    expect(admission.inFlight).toBe(101);
  });

  it('refuses after the bounded wait, and admits a waiting operation when room frees in time', async () => {
    const admission = new Admission({ maxPersonsInFlight: 1000, maxWaitMs: 100 });
    const first = await admission.acquire(800);
    let refused: AdmissionPermit | null | undefined;
    let admitted: AdmissionPermit | null | undefined;
    void admission.acquire(500).then((p) => (refused = p));
    await vi.advanceTimersByTimeAsync(100);
    expect(refused).toBeNull();
    expect(admission.waiting).toBe(0);
    void admission.acquire(500).then((p) => (admitted = p));
    await vi.advanceTimersByTimeAsync(50);
    first?.release();
    await settle();
    expect(admitted?.persons).toBe(500);
    // Its timer no longer runs out on it.
    await vi.advanceTimersByTimeAsync(200);
    expect(admission.inFlight).toBe(500);
  });

  it('serves each line in order: a later large operation does not overtake an earlier one', async () => {
    const admission = new Admission({ maxPersonsInFlight: 1000, maxWaitMs: 1000 });
    const first = await admission.acquire(600);
    const order: number[] = [];
    void admission.acquire(800).then((p) => p !== null && order.push(p.persons));
    // 200 would fit beside the 600, but the 800 is waiting ahead of it.
    void admission.acquire(200).then((p) => p !== null && order.push(p.persons));
    await settle();
    expect(order).toEqual([]);
    first?.release();
    await settle();
    expect(order).toEqual([800]);
    expect(admission.waiting).toBe(1);
  });

  it('lets the operations behind a refused head in', async () => {
    const admission = new Admission({ maxPersonsInFlight: 1000, maxWaitMs: 100 });
    await admission.acquire(500);
    let head: AdmissionPermit | null | undefined;
    let behind: AdmissionPermit | null | undefined;
    void admission.acquire(800).then((p) => (head = p));
    await vi.advanceTimersByTimeAsync(50);
    void admission.acquire(300).then((p) => (behind = p));
    await vi.advanceTimersByTimeAsync(50);
    expect(head).toBeNull();
    expect(behind?.persons).toBe(300);
  });

  it('refuses at once with no wait configured, and a permit releases once only', async () => {
    const admission = new Admission({ maxPersonsInFlight: 1000, maxWaitMs: 0 });
    const permit = await admission.acquire(900);
    expect(await admission.acquire(200)).toBeNull();
    permit?.release();
    permit?.release();
    expect(admission.inFlight).toBe(0);
  });

  it('reports the budget, persons in flight, the queue and refusals as metrics', async () => {
    const metrics = new Metrics();
    const admission = new Admission({ maxPersonsInFlight: 1000, maxWaitMs: 100, metrics });
    expect(await gauge(metrics, 'admission_persons_budget')).toBe(1000);
    const permit = await admission.acquire(700);
    void admission.acquire(400);
    await settle();
    expect(await gauge(metrics, 'admission_persons_in_flight')).toBe(700);
    expect(await gauge(metrics, 'admission_queue_operations')).toBe(1);
    expect(await gauge(metrics, 'admission_queue_persons')).toBe(400);
    await vi.advanceTimersByTimeAsync(100);
    expect(await gauge(metrics, 'admission_queue_operations')).toBe(0);
    expect(await gauge(metrics, 'admission_refusals_total')).toBe(1);
    permit?.release();
    expect(await gauge(metrics, 'admission_persons_in_flight')).toBe(0);
  });
});
