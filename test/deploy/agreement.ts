// What the manifests are checked against: the configuration loader (which variables it reads, what
// it makes of them), the paths the server serves, and the scopes the register clients request.
import { loadConfig, type Env } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/config.ts';
import { RETTIGHETSPAKKER } from '../../src/upstream/freg/freg-client.ts';

/** Served by src/http/server.ts without GraphQL; the integration test asks each over HTTP. */
export const SERVED_PATHS = ['/health/live', '/health/ready', '/metrics', '/graphql'];

/** NAIS's native preStop sleep when the Application sets no preStop hook (naiserator pod.go). */
export const NAIS_PRESTOP_SECONDS = 5;

/** Stand-in values for what NAIS injects next to an Application's own env (platform reference). */
export function naisInjected(port: number, registers: 'test' | 'prod'): Env {
  const maskinporten =
    registers === 'prod' ? 'https://maskinporten.no/' : 'https://test.maskinporten.no/';
  return {
    PORT: String(port),
    BIND_ADDRESS: `0.0.0.0:${port}`,
    NAIS_APP_NAME: 'person-subgraph',
    NAIS_NAMESPACE: 'team-person',
    NAIS_CLUSTER_NAME: `${registers}-gcp`,
    NAIS_APP_IMAGE: 'example.invalid/person-subgraph:1',
    NAIS_POD_NAME: 'person-subgraph-1',
    NAIS_CLIENT_ID: `${registers}-gcp:team-person:person-subgraph`,
    NAIS_TOKEN_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token',
    NAIS_TOKEN_EXCHANGE_ENDPOINT: 'http://127.0.0.1:7164/api/v1/token/exchange',
    NAIS_TOKEN_INTROSPECTION_ENDPOINT: 'http://127.0.0.1:7164/api/v1/introspect',
    AZURE_APP_CLIENT_ID: '00000000-0000-4000-8000-000000000001',
    AZURE_APP_WELL_KNOWN_URL:
      'https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration',
    AZURE_OPENID_CONFIG_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    AZURE_OPENID_CONFIG_JWKS_URI: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys',
    MASKINPORTEN_WELL_KNOWN_URL: `${maskinporten}.well-known/oauth-authorization-server`,
    MASKINPORTEN_ISSUER: maskinporten,
    MASKINPORTEN_JWKS_URI: `${maskinporten}jwk`,
    OTEL_SERVICE_NAME: 'person-subgraph',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://opentelemetry-collector.nais-system:4317',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
  };
}

/** A value for each secret key a manifest's Secret is documented to hold (README "Deploy"). */
export const SECRET_STAND_INS: Env = {
  AUDIT_HMAC_KEY: 'stand-in-audit-key-'.padEnd(40, 'x'),
};

/** Runs loadConfig on `env` and records every variable name it read. */
export function loadConfigRecording(env: Env): { config: Config; read: ReadonlySet<string> } {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  return { config: loadConfig(recording), read };
}

/** The Maskinporten scopes the register clients request with `config`. */
export function requestedScopes(config: Config): string[] {
  const upstream = config.upstream;
  if (upstream === null) return [];
  return [
    ...(upstream.krr?.scopes ?? []),
    ...(upstream.freg === null ? [] : [RETTIGHETSPAKKER[upstream.freg.rettighetspakke].scope]),
  ].sort();
}

/** Variable names that hold secrets: they may only come from a Secret, never inline. */
export const SECRET_NAME = /KEY|SECRET|JWK(?!S)|PASSPHRASE|PASSWORD|TOKEN(?!_ENDPOINT|_CACHE)/;
