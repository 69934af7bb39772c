// Hive Gateway (@graphql-hive/gateway, from npm in test/gateways) serving the supergraph file
// composed by @apollo/composition, with the auth directives in the person subgraph's SDL. Its
// CLI runs headless: `hive-gateway supergraph <file>` with a config that forwards Authorization.
import { describeGateway } from '../federation/support/gateway-suite.ts';
import {
  freePort,
  GATEWAYS_DIR,
  installed,
  startGatewayProcess,
} from './support/gateway-process.ts';

const BIN = installed('@graphql-hive', 'gateway', 'dist', 'bin.js');
const CONFIG = new URL('./hive/gateway.config.ts', import.meta.url).pathname;

describeGateway({
  name: 'Hive Gateway',
  authDirectives: true,
  unavailable: () =>
    BIN === null
      ? 'test/gateways/node_modules lacks @graphql-hive/gateway (run `npm run test:gateways`, which installs it)'
      : null,
  async start({ supergraphFile, workDir }) {
    const port = await freePort();
    const gateway = await startGatewayProcess({
      // The Node that runs the tests (Node 24 under npm scripts), so the .ts config loads natively.
      command: process.execPath,
      args: [
        BIN as string,
        'supergraph',
        supergraphFile,
        '--config-path',
        CONFIG,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        // The supergraph file does not change during a run.
        '--polling',
        '1h',
        '--disable-websockets',
      ],
      cwd: workDir,
      env: { NODE_PATH: `${GATEWAYS_DIR}node_modules`, LOG_LEVEL: 'warn' },
      url: `http://127.0.0.1:${port}/graphql`,
    });
    return gateway;
  },
  expect: {
    // Hive puts an entity error on the field of the entity the subgraph was asked for.
    invalidIdentifierPath: (i, field) => ['saker', i, 'part', field],
    codeAt: 'extensions.code',
    // Hive Gateway enforces @requiresScopes only with its auth plugin configured; without it the
    // subgraph decides, and Hive gives the path-less denial the first item's path.
    denial: { by: 'subgraph', code: 'FORBIDDEN' },
    // The subgraph answers 401 once; Hive repeats the error for every entity of the fetch.
    unauthenticated: { code: 'UNAUTHENTICATED', perItem: true },
  },
});
