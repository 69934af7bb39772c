// Chooses each register's token source from the configuration: direct Maskinporten grants (JWK
// or business certificate), a platform token service, or none (an API gateway that takes only an
// API key). One cache is shared by both registers; KRR's tokens may carry `resource`, Freg's
// never do (Freg expects the audience "unspecified", docs/registers.md M5).
import type { Dispatcher } from 'undici';
import type { UpstreamConfig } from '../config/config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { MaskinportenTokenProvider } from './maskinporten/index.ts';
import { TokenServiceProvider } from './nais/index.ts';
import type { GetTokenOptions, TokenProvider } from './tokens/index.ts';

export interface TokenSources {
  /** Null: KRR calls carry no Authorization header (API-key gateway without Maskinporten). */
  readonly krr: TokenProvider | null;
  readonly freg: TokenProvider | null;
  /** How tokens are obtained, for the start-up log line. */
  readonly kind: 'maskinporten-jwk' | 'maskinporten-certificate' | 'token-service' | 'none';
}

export interface TokenSourceDependencies {
  readonly dispatcher: Dispatcher;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  readonly onFetch?: (result: { readonly outcome: 'ok' | 'error'; readonly code?: string }) => void;
}

/** A view of `provider` that asks for tokens with `resource` (audience restriction). */
function withResource(provider: TokenProvider, resource: string | undefined): TokenProvider {
  if (resource === undefined) return provider;
  return {
    getToken: (scopes, options: GetTokenOptions = {}) =>
      provider.getToken(scopes, { ...options, resource }),
  };
}

/** Builds the token sources; throws TypeError (from the providers) for unusable options. */
export function createTokenSources(
  upstream: UpstreamConfig,
  deps: TokenSourceDependencies,
): TokenSources {
  const common = {
    dispatcher: deps.dispatcher,
    now: deps.now,
    timeoutMs: deps.timeoutMs,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    ...(deps.onFetch === undefined ? {} : { onFetch: deps.onFetch }),
  };
  const service = upstream.tokenService ?? null;
  if (service !== null) {
    const provider = new TokenServiceProvider({ endpoint: service.endpoint, ...common });
    return { krr: withResource(provider, service.resource), freg: provider, kind: 'token-service' };
  }
  const mp = upstream.maskinporten;
  if (mp === null) return { krr: null, freg: null, kind: 'none' };
  const provider = new MaskinportenTokenProvider({
    clientId: mp.clientId,
    ...(mp.certificate === undefined
      ? mp.privateJwk === undefined
        ? {}
        : { privateJwk: mp.privateJwk }
      : { certificate: { chain: mp.certificate.chain, privateKey: mp.certificate.privateKey } }),
    ...(mp.consumerOrg === undefined ? {} : { consumerOrg: mp.consumerOrg }),
    ...(mp.wellKnownUrl === null ? {} : { wellKnownUrl: mp.wellKnownUrl }),
    ...(mp.issuer === null ? {} : { issuer: mp.issuer }),
    ...common,
  });
  return {
    krr: withResource(provider, mp.resource),
    freg: provider,
    kind: mp.certificate === undefined ? 'maskinporten-jwk' : 'maskinporten-certificate',
  };
}
