// What every token source shares: the provider contract register clients depend on, the token
// cache, the HTTP exchange with a token endpoint and the token error. Both providers
// (maskinporten/, nais/) build on this module; it imports neither of them.
export { MaskinportenError, type MaskinportenErrorCode } from './maskinporten-error.ts';
export {
  nonNegativeOption,
  positiveIntegerOption,
  TokenCache,
  type AccessToken,
  type FetchedToken,
  type GetTokenOptions,
  type TokenFetcher,
  type TokenProvider,
} from './token-cache.ts';
export {
  requestMetadata,
  requestToken,
  requestTokenWithJson,
  type Metadata,
  type TokenResponse,
} from './token-client.ts';
