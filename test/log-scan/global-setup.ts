// vitest globalSetup of the integration project: every log and audit line the suite's services
// write is mirrored into LOG_SCAN_DIR (see LogCapture in test/integration/support/stack.ts and
// the child processes in resilience/shutdown.test.ts and test/support/service-process.ts), and
// so is every span the OTLP receiver gets (test/support/otlp-receiver.ts, one JSON line per
// span); after the run all of them are scanned for personal data, and any hit fails the run
// with counts and masked samples.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation } from '../../src/simulator/population.ts';
import { describeFindings, populationMatcher, scanLines, type LeakFinding } from './scanner.ts';

let ownedDir: string | undefined;

export function setup(): void {
  // A directory given from outside (or by another project's setup) is used as it is.
  const given = process.env['LOG_SCAN_DIR'];
  if (given !== undefined && given !== '') return;
  ownedDir = mkdtempSync(join(tmpdir(), 'log-scan-'));
  process.env['LOG_SCAN_DIR'] = ownedDir;
}

export function teardown(): void {
  const dir = ownedDir;
  if (dir === undefined) return;
  ownedDir = undefined;
  try {
    const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
    if (files.length === 0) return;
    // The population every test simulator draws from (startTestSimulator: seed 1, 12 000
    // persons; smaller test populations are prefixes of it).
    const population = generatePopulation({ size: 12_000, seed: 1, now: Date.now() });
    const matcher = populationMatcher(population);
    const findings: LeakFinding[] = [];
    let lines = 0;
    for (const file of files.sort()) {
      const report = scanLines(readFileSync(join(dir, file), 'utf8').split('\n'), file, matcher);
      lines += report.lines;
      findings.push(...report.findings);
    }
    if (findings.length > 0) {
      const counts: Record<string, number> = {};
      for (const f of findings) counts[f.category] = (counts[f.category] ?? 0) + 1;
      throw new Error(describeFindings({ lines, findings, counts }));
    }
    process.stdout.write(
      `log scan: ${lines} log, audit and span lines from ${files.length} captures, no personal data found\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    delete process.env['LOG_SCAN_DIR'];
  }
}
