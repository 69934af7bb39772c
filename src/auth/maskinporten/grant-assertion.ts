// Builds and signs the JWT bearer grant Maskinporten exchanges for an access token
// (docs/registers.md M2): RS256, a `kid` header (pre-registered JWK) or an `x5c`
// header (business certificate chain), aud = issuer exactly, short lifetime.
import { randomUUID, type KeyObject } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Secret } from '../../config/secret.ts';

/** The claims of one grant, already final; a signer only adds its header and signature. */
export interface GrantClaims {
  /** The Maskinporten issuer, exactly as published (trailing slash kept). */
  readonly aud: string;
  /** The client id (integration id). */
  readonly iss: string;
  /** Issued at, epoch seconds. */
  readonly iat: number;
  /** Expiry, epoch seconds; `exp - iat` is at most 120. */
  readonly exp: number;
  /** Unique per grant: Maskinporten refuses a reused grant (MP-012). */
  readonly jti: string;
  /** Space-separated scopes. */
  readonly scope: string;
  /** Audience restriction (RFC 8707), sent only when configured; never on Freg tokens. */
  readonly resource?: string;
  /** Supplier mode: the organisation number of the customer the client acts for. */
  readonly consumer_org?: string;
}

/** Signs grant claims into a compact JWS: a JWK with `kid`, or a business certificate (`x5c`). */
export interface GrantSigner {
  sign(claims: GrantClaims): Promise<string>;
}

/** Longest grant lifetime Maskinporten accepts (`exp - iat`, docs/registers.md M2). */
export const MAX_GRANT_LIFETIME_SECONDS = 120;

/**
 * The claims for a grant issued at `nowMs` (epoch ms) for `scopes`, with a fresh `jti`.
 * `audience` must be the issuer string from the metadata document, unchanged.
 */
export function buildGrantClaims(input: {
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
  readonly nowMs: number;
  readonly lifetimeSeconds: number;
  readonly resource?: string | undefined;
  readonly consumerOrg?: string | undefined;
}): GrantClaims {
  const iat = Math.floor(input.nowMs / 1000);
  return {
    aud: input.audience,
    iss: input.clientId,
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: randomUUID(),
    scope: input.scopes.join(' '),
    ...(input.resource === undefined ? {} : { resource: input.resource }),
    ...(input.consumerOrg === undefined ? {} : { consumer_org: input.consumerOrg }),
  };
}

/** The payload claims besides the registered ones set through SignJWT's setters. */
function extraClaims(claims: GrantClaims): Record<string, string> {
  return {
    scope: claims.scope,
    ...(claims.resource === undefined ? {} : { resource: claims.resource }),
    ...(claims.consumer_org === undefined ? {} : { consumer_org: claims.consumer_org }),
  };
}

/**
 * Checks that `jwk` is a private RSA key with a `kid`, usable for RS256. Returns a description of
 * the first problem, or null. Never includes key material in the description.
 */
export function describeJwkProblem(jwk: unknown): string | null {
  if (typeof jwk !== 'object' || jwk === null) return 'must be a private JWK object';
  const record = jwk as Record<string, unknown>;
  if (record['kty'] !== 'RSA') return 'must be an RSA key (kty "RSA")';
  if (typeof record['d'] !== 'string' || record['d'] === '')
    return 'must be a private key (lacks "d")';
  if (typeof record['kid'] !== 'string' || record['kid'] === '')
    return 'must have a "kid" (the key id registered on the Maskinporten client)';
  if (record['alg'] !== undefined && record['alg'] !== 'RS256')
    return `must be usable with RS256 (its "alg" is ${JSON.stringify(record['alg'])})`;
  return null;
}

/**
 * A signer for a pre-registered RSA JWK: header `{alg: RS256, kid}`, no `x5c`, no `typ`. The key
 * is imported once, on first use; call {@link describeJwkProblem} first to fail fast on bad keys.
 */
export function createJwkGrantSigner(privateJwk: Secret<JWK>): GrantSigner {
  let key: Promise<CryptoKey | Uint8Array> | undefined;
  return {
    async sign(claims: GrantClaims): Promise<string> {
      const jwk = privateJwk.reveal();
      if (key === undefined) {
        key = importJWK(jwk, 'RS256');
        // A failed import is not cached, so a transient problem does not stick.
        key.catch(() => {
          key = undefined;
        });
      }
      return new SignJWT(extraClaims(claims))
        .setProtectedHeader({ alg: 'RS256', kid: String(jwk.kid) })
        .setAudience(claims.aud)
        .setIssuer(claims.iss)
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .setJti(claims.jti)
        .sign(await key);
    },
  };
}

/** A business certificate (virksomhetssertifikat) as the grant signer uses it. */
export interface BusinessCertificate {
  /** Base64 (not base64url) DER certificates, leaf first: the `x5c` header as sent. */
  readonly chain: readonly string[];
  /** The leaf certificate's RSA private key. */
  readonly privateKey: Secret<KeyObject>;
}

/**
 * A signer for a business certificate: header `{alg: RS256, x5c: [leaf, …]}`, no `kid` and no
 * `typ` (docs/registers.md M2: exactly one key reference; `x5c` must be an array).
 */
export function createCertificateGrantSigner(certificate: BusinessCertificate): GrantSigner {
  if (certificate.chain.length === 0) throw new TypeError('"chain" must hold the leaf certificate');
  const x5c = [...certificate.chain];
  return {
    async sign(claims: GrantClaims): Promise<string> {
      return new SignJWT(extraClaims(claims))
        .setProtectedHeader({ alg: 'RS256', x5c })
        .setAudience(claims.aud)
        .setIssuer(claims.iss)
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .setJti(claims.jti)
        .sign(certificate.privateKey.reveal());
    },
  };
}
