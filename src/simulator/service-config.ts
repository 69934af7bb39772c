// The subgraph's upstream and caller-verification configuration for a running simulator: KRR v2,
// Folkeregisteret and a direct Maskinporten grant with the simulator's client key, and the
// simulator's development identity provider for callers. Used by simulator mode (src/index.ts),
// the end-to-end tests, the load test and the benchmark.
import type { JWK } from 'jose';
import type { CallerVerifierOptions } from '../auth/caller/index.ts';
import { KRR_DEFAULT_SCOPES, type Rettighetspakke, type UpstreamConfig } from '../config/config.ts';
import { Secret } from '../config/secret.ts';
import type { Simulator } from './index.ts';

/** What the subgraph needs to know of a simulator; plain data, so it can cross a process. */
export interface SimulatorEndpoints {
  readonly krrUrl: string;
  readonly fregUrl: string;
  /** The simulated Maskinporten's metadata document. */
  readonly wellKnownUrl: string;
  readonly clientId: string;
  readonly privateJwk: JWK;
  readonly idp: { readonly issuer: string; readonly audience: string; readonly jwksUri: string };
}

export function simulatorEndpoints(simulator: Simulator): SimulatorEndpoints {
  return {
    krrUrl: simulator.krrUrl,
    fregUrl: simulator.fregUrl,
    wellKnownUrl: simulator.maskinporten.wellKnownUrl,
    clientId: simulator.client.clientId,
    privateJwk: simulator.client.privateJwk,
    idp: {
      issuer: simulator.idp.issuer,
      audience: simulator.idp.audience,
      jwksUri: simulator.idp.jwksUri,
    },
  };
}

export interface SimulatorUpstreamOptions {
  /** KRR scopes to ask for; default the configuration's default. Null: no KRR configured. */
  readonly krrScopes?: readonly string[] | null;
  /** Freg's rettighetspakke; default `offentlig-med-hjemmel`. Null: no Freg configured. */
  readonly rettighetspakke?: Rettighetspakke | null;
}

/** KRR (v2), Folkeregisteret and a Maskinporten JWK grant, all at the simulator. */
export function simulatorUpstream(
  endpoints: SimulatorEndpoints,
  options: SimulatorUpstreamOptions = {},
): UpstreamConfig {
  const krrScopes = options.krrScopes === undefined ? KRR_DEFAULT_SCOPES : options.krrScopes;
  const rettighetspakke =
    options.rettighetspakke === undefined ? 'offentlig-med-hjemmel' : options.rettighetspakke;
  return {
    krr:
      krrScopes === null
        ? null
        : { baseUrl: new URL(endpoints.krrUrl), path: '/rest/v2/personer', scopes: [...krrScopes] },
    freg:
      rettighetspakke === null ? null : { baseUrl: new URL(endpoints.fregUrl), rettighetspakke },
    maskinporten: {
      wellKnownUrl: new URL(endpoints.wellKnownUrl),
      issuer: null,
      clientId: endpoints.clientId,
      privateJwk: new Secret(endpoints.privateJwk),
    },
  };
}

/** Caller verification that trusts only the simulator's development identity provider. */
export function simulatorCallerAuth(endpoints: SimulatorEndpoints): CallerVerifierOptions {
  return {
    issuer: endpoints.idp.issuer,
    audience: endpoints.idp.audience,
    jwksUri: new URL(endpoints.idp.jwksUri),
  };
}
