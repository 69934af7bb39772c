// Starts the subgraph the way production does: from environment variables through loadConfig
// (credentials, presets, gateway settings), against the running simulator over loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Env } from '../../../src/config/load-config.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { startService } from '../../../src/service.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  graphqlClient,
  LogCapture,
  type GraphqlQuery,
} from '../support/stack.ts';

export interface ConfiguredSubgraph {
  readonly logs: LogCapture;
  query: GraphqlQuery;
  close(): Promise<void>;
}

/** The environment every configured start shares: caller verification by the simulator's IdP. */
export function baseEnv(sim: Simulator): Env {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_ISSUER: sim.idp.issuer,
    AUTH_AUDIENCE: sim.idp.audience,
    AUTH_JWKS_URI: sim.idp.jwksUri,
    AUDIT_HMAC_KEY: 'test-audit-key-'.padEnd(40, 'x'),
    UPSTREAM_MAX_RETRIES: '0',
  };
}

/** The simulator's client with its pre-registered JWK, as environment variables. */
export function jwkEnv(sim: Simulator): Env {
  return {
    MASKINPORTEN_WELL_KNOWN_URL: sim.maskinporten.wellKnownUrl,
    MASKINPORTEN_CLIENT_ID: sim.client.clientId,
    MASKINPORTEN_CLIENT_JWK: JSON.stringify(sim.client.privateJwk),
  };
}

export async function startConfigured(sim: Simulator, env: Env): Promise<ConfiguredSubgraph> {
  const config = loadConfig({ ...baseEnv(sim), ...env });
  if (config.upstream === null || config.auth === null) throw new Error('not upstream mode');
  const logs = new LogCapture();
  const service = await startService(config, {
    logger: createLogger({ level: 'debug', destination: logs }),
    auditStream: new LogCapture('audit'),
    upstream: config.upstream,
    auth: config.auth,
  });
  const token = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
  return {
    logs,
    query: graphqlClient(service.url, token),
    close: async () => {
      await service.close();
    },
  };
}

/** A private temporary directory for certificate files; removed by the returned function. */
export function tempFiles(): {
  write(name: string, content: string | Buffer): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'subgraph-cred-'));
  return {
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content, { mode: 0o600 });
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
