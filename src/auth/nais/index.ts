// Public surface of the platform token service client (NAIS_TOKEN_ENDPOINT).
export {
  grantedScopesOf,
  TokenServiceProvider,
  type TokenServiceProviderOptions,
} from './token-service-provider.ts';
