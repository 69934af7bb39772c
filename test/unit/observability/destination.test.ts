// Line destinations: lines reach a file; a destination that fails (a full disk) drops and counts
// further lines, reports its error once and never makes `settle` wait.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lineDestination } from '../../../src/observability/destination.ts';

const dir = mkdtempSync(join(tmpdir(), 'destination-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes every line to a file and settles true', async () => {
  const file = join(dir, 'lines.jsonl');
  const destination = lineDestination({ file });
  for (let i = 0; i < 1000; i++) destination.write(`{"n":${i}}\n`);
  expect(await destination.settle(5000)).toBe(true);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(1000);
  expect(lines.at(-1)).toBe('{"n":999}');
  expect(destination.dropped()).toBe(0);
  expect(destination.failure()).toBeNull();
});

it('on a full disk: reports ENOSPC once, drops and counts lines, settles false', async () => {
  const failures: string[] = [];
  const destination = lineDestination(
    { file: '/dev/full' },
    { onFailure: (code) => failures.push(code) },
  );
  destination.write('{"n":1}\n');
  // The failure arrives with the first asynchronous write.
  await new Promise<void>((resolve) => {
    const poll = (): void => {
      if (destination.failure() !== null) resolve();
      else setTimeout(poll, 5);
    };
    poll();
  });
  for (let i = 0; i < 10; i++) destination.write('{"n":2}\n');
  expect(failures).toEqual(['ENOSPC']);
  expect(destination.failure()).toBe('ENOSPC');
  expect(destination.dropped()).toBe(10);
  const started = performance.now();
  expect(await destination.settle(60_000)).toBe(false);
  // Nothing to wait for once failed (well under the 60 s it was allowed).
  expect(performance.now() - started).toBeLessThan(30_000);
});
