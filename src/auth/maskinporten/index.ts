// Public surface of the Maskinporten token provider: what register clients and the composition
// root use. Grant signing and the HTTP exchange stay internal.
export { MaskinportenError, type MaskinportenErrorCode } from './maskinporten-error.ts';
export type { BusinessCertificate } from './grant-assertion.ts';
export {
  MaskinportenTokenProvider,
  type AccessToken,
  type GetTokenOptions,
  type MaskinportenTokenProviderOptions,
  type TokenProvider,
} from './token-provider.ts';
export { TokenCache, type FetchedToken, type TokenFetcher } from './token-cache.ts';
export { requestTokenWithJson } from './token-client.ts';
export {
  createTokenSources,
  type TokenSources,
  type TokenSourceDependencies,
} from './token-sources.ts';
