// The validated configuration, as one frozen nested object (see load-config.ts for the
// environment variables behind each value).
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { Secret } from './secret.ts';

export const KRR_DEFAULT_SCOPES = [
  'krr:global/kontaktinformasjon.read',
  'krr:global/digitalpost.read',
] as const;

/** A business certificate chain (base64 DER, leaf first) and its key, checked at start. */
export interface BusinessCertificateConfig {
  readonly chain: readonly string[];
  readonly privateKey: Secret<KeyObject>;
  readonly notAfter: Date;
}

export interface MaskinportenConfig {
  /** The well-known document, or null when the issuer is given directly. */
  readonly wellKnownUrl: URL | null;
  readonly issuer: URL | null;
  readonly clientId: string;
  /** The pre-registered JWK (`kid` grants); absent when a business certificate signs. */
  readonly privateJwk?: Secret<JWK>;
  /** Business certificate (`x5c` grants) instead of a JWK. */
  readonly certificate?: BusinessCertificateConfig;
  /** Supplier mode: `consumer_org` in every grant (the customer's organisation number). */
  readonly consumerOrg?: string;
  /** `resource` (audience restriction) for KRR tokens; never sent for Folkeregisteret. */
  readonly resource?: string;
}

/** A platform token service (NAIS `NAIS_TOKEN_ENDPOINT`) that makes the grant for us. */
export interface TokenServiceConfig {
  readonly endpoint: URL;
  /** `resource` for KRR tokens, as for direct grants; never for Folkeregisteret. */
  readonly resource?: string;
}

/** An API key an API gateway in front of the registers expects on every call. */
export interface ApiKeyConfig {
  readonly header: string;
  readonly value: Secret<string>;
}

export interface KrrConfig {
  readonly baseUrl: URL;
  readonly path: string;
  readonly scopes: readonly string[];
  /** Path of the user-bound lookup (`GET`, end user's ID-porten token); default `/rest/v1/person`. */
  readonly userPath?: string;
}

export type Rettighetspakke = 'offentlig-med-hjemmel' | 'offentlig-uten-hjemmel';

export interface FregConfig {
  readonly baseUrl: URL;
  readonly rettighetspakke: Rettighetspakke;
  /** Path prefix replacing the package's (a gateway's own path), ending with `/`. */
  readonly pathPrefix?: string;
  /** `bulk` (POST bulkoppslag, default) or `single` (GET personer/{id}, bounded concurrency). */
  readonly lookup?: 'bulk' | 'single';
}

export interface UpstreamConfig {
  /** Null when KRR is not configured: KRR fields then report the register as unavailable. */
  readonly krr: KrrConfig | null;
  /** Null when Folkeregisteret is not configured. */
  readonly freg: FregConfig | null;
  /**
   * Direct Maskinporten grants; null when tokens come from a token service or when a gateway
   * needs only an API key (then no Authorization header is sent).
   */
  readonly maskinporten: MaskinportenConfig | null;
  /** Tokens from a platform token service instead of direct grants. */
  readonly tokenService?: TokenServiceConfig | null;
  /** An API key sent on every register call (API gateway mode). */
  readonly apiKey?: ApiKeyConfig | null;
}

/** Caller token verification: the caller's JWT is checked against this issuer and key set. */
export interface AuthConfig {
  /** Which variables gave the settings: AUTH_*, or a platform's Entra ID / TokenX variables. */
  readonly source: 'AUTH' | 'azure' | 'tokenx';
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: URL;
  /** Read the `roles` claim as scopes too: Entra ID's app roles (true for `azure`). */
  readonly rolesAsScopes: boolean;
}

export interface Config {
  /** `simulator`: no upstream configured, the embedded simulator serves as registers. */
  readonly mode: 'simulator' | 'upstream';
  readonly http: { readonly host: string; readonly port: number; readonly maxBodyBytes: number };
  /** Null in simulator mode, where the simulator's own URLs and client are used. */
  readonly upstream: UpstreamConfig | null;
  /** Null in simulator mode, where only the simulator's development identity provider is trusted. */
  readonly auth: AuthConfig | null;
  readonly schema: {
    /** Serve @authenticated/@requiresScopes; false for @apollo/gateway, which refuses them. */
    readonly authDirectives: boolean;
    /** Caller scope renames: name in schema.graphql → name used by this deployment. */
    readonly callerScopeNames: ReadonlyMap<string, string>;
  };
  readonly limits: {
    readonly maxPersonsPerOperation: number;
    /** Persons in flight the replica admits at once (src/graphql/admission.ts). */
    readonly maxPersonsInFlight: number;
    /** How long an operation that does not fit in the budget waits before a 503. */
    readonly admissionWaitMs: number;
    /** Upstream calls in flight per register per operation. */
    readonly upstreamConcurrency: number;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxRootFields: number;
    readonly maxCost: number;
  };
  readonly timeouts: {
    readonly connectMs: number;
    readonly headersMs: number;
    readonly bodyMs: number;
    readonly tokenMs: number;
    /** Everything one operation does upstream (calls, retries, waits) ends by then. */
    readonly operationMs: number;
  };
  readonly resilience: {
    readonly maxRetries: number;
    readonly retryBaseDelayMs: number;
    readonly retryMaxDelayMs: number;
    readonly maxRetryAfterMs: number;
    readonly circuitFailureThreshold: number;
    readonly circuitOpenMs: number;
  };
  readonly identifiers: { readonly allowSynthetic: boolean };
  /** A verified caller token is trusted again for this long without a new check (0: never). */
  readonly callerTokens: { readonly verifiedCacheMs: number };
  /** How long SIGTERM waits for in-flight operations before closing their connections. */
  readonly shutdown: { readonly graceMs: number };
  readonly audit: {
    /** HMAC key for pseudonymised identities; null in simulator mode (a random key is used). */
    readonly hmacKey: Secret<string> | null;
    readonly destination: 'stdout' | { readonly file: string };
  };
  readonly graphql: {
    readonly introspection: boolean;
    readonly includeStacktrace: boolean;
    /** Serve the local GraphQL explorer page at GET /graphql to browsers. */
    readonly explorer: boolean;
  };
  readonly logLevel: string;
}
