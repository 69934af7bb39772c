// Public surface of the Maskinporten token provider (direct grants signed with a JWK or a
// business certificate). Grant signing stays internal; the shared contract is in ../tokens/.
export type { BusinessCertificate } from './grant-assertion.ts';
export {
  MaskinportenTokenProvider,
  type MaskinportenTokenProviderOptions,
} from './token-provider.ts';
