// The heavy gateway suites (`npm run test:gateways`): Hive Gateway and Grafbase run as child
// processes from test/gateways/node_modules, kept out of the main dependency tree.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
// One graphql instance for our code and @apollo/subgraph (see the root vitest.config.ts).
const graphqlEntry = createRequire(new URL('../../package.json', import.meta.url)).resolve(
  'graphql',
);

export default defineConfig({
  root,
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    name: 'gateways',
    include: ['test/gateways/**/*.test.ts'],
    // The person subgraph's log and audit lines are scanned for personal data after the run.
    globalSetup: ['test/log-scan/global-setup.ts'],
    exclude: ['**/node_modules/**'],
    // One gateway at a time: each suite runs a simulator, two subgraphs and a gateway on 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
