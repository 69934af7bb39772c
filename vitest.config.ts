import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CommonJS (`main`) and ESM (`module`). Node loads the CommonJS build for both our
// code and @apollo/subgraph; Vite would pick the ESM build for our code only, and graphql refuses
// schemas from the other copy. Resolve it the way Node does.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

// Two layers: `unit` is pure code; `integration` runs real HTTP servers on loopback
// (the register simulator, the subgraph) and GraphQL operations end to end.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/log-scan/**/*.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Mirrors every service log and audit line to a directory and scans them all for
          // personal data after the run (test/log-scan).
          globalSetup: ['test/log-scan/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Simulator answers against the project's own JSON Schemas of the registers' answers.
          name: 'contracts',
          include: ['test/contracts/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Deployment manifests (.nais, deploy/kubernetes, Dockerfile) against their schemas and
          // against the code.
          name: 'deploy',
          include: ['test/deploy/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Real gateways (in process) in front of the person subgraph and a case subgraph; the
          // heavy gateways run with `npm run test:gateways` (test/gateways/vitest.config.ts).
          name: 'federation',
          include: ['test/federation/**/*.test.ts'],
          globalSetup: ['test/log-scan/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The local explorer over HTTP and in Debian's Chromium (headless, playwright-core);
          // the Chromium test skips without a browser unless CI=true, where it fails.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
