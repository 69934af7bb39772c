// Simulated Maskinporten: RFC 8414 metadata, its own JWKS, and a /token endpoint that checks
// JWT grants as Maskinporten documents it (docs/registers.md M2, M3, M4).
import { randomUUID, type KeyObject } from 'node:crypto';
import {
  SignJWT,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type ProtectedHeaderParameters,
} from 'jose';
import type { FaultQueue } from './faults.ts';
import {
  json,
  startSimServer,
  type CallSummary,
  type SimRequest,
  type SimResponse,
} from './http.ts';
import type { CallLog } from './recorder.ts';
import { verifyCertificateChain } from './x509.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const GRANT_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;
const CLOCK_SKEW_SECONDS = 10;
const MAX_GRANT_LIFETIME_SECONDS = 120;

/** A client registered in the simulated Maskinporten. */
export interface RegisteredClient {
  readonly clientId: string;
  /** Organisation number of the consumer (9 digits), stamped as `consumer.ID` `0192:<orgnr>`. */
  readonly orgnr: string;
  /** Public JWKs registered on the client; each must carry a `kid`. */
  readonly keys: readonly JWK[];
  /** Scopes the client may be granted. */
  scopes: readonly string[];
  /**
   * Organisations (9 digits) that delegated their access to this client as supplier (Altinn
   * delegation); a grant may name one as `consumer_org`.
   */
  customers?: readonly string[];
}

/**
 * Resolves an `x5c` certificate chain to a verification key and client, or explains the refusal
 * (an MP error description). The default refuses every chain: no certificates are registered yet.
 */
export type CertificateResolver = (
  chain: readonly string[],
) => Promise<
  { readonly key: CryptoKey | KeyObject; readonly clientId: string } | { readonly refused: string }
>;

export interface MaskinportenOptions {
  readonly host: string;
  readonly port: number;
  readonly clients: readonly RegisteredClient[];
  readonly accessTokenLifetimeSeconds: number;
  readonly faults: FaultQueue;
  readonly log: CallLog;
  readonly resolveCertificate?: CertificateResolver;
  /**
   * PEM of the TEST CA (read when first needed) whose business certificates are accepted (`x5c` grants): the chain must
   * lead to it and the leaf's organisation number (subject serialNumber) must be a client's.
   * Ignored when `resolveCertificate` is given.
   */
  readonly trustedCaPem?: () => string;
  /** Current time in epoch ms; default `Date.now`. */
  readonly now?: () => number;
}

/** A running simulated Maskinporten. */
export interface SimulatedMaskinporten {
  /** `http://host:port/` — with the trailing slash, as Maskinporten's issuer has. */
  readonly issuer: string;
  readonly wellKnownUrl: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  /**
   * Verifies an access token issued by this simulator (RS256 signature, issuer, expiry) and
   * returns its scopes, or null when the token is not valid.
   */
  verifyAccessToken(token: string): Promise<{ scopes: string[] } | null>;
  /**
   * Issues an access token for a registered client without a grant, as a platform token service
   * or an API gateway holding the client's key would get one; null when a scope is not the
   * client's.
   */
  mintAccessToken(
    clientId: string,
    scopes: readonly string[],
    options?: { readonly resource?: string },
  ): Promise<string | null>;
  close(): Promise<void>;
}

type OAuthError = 'invalid_grant' | 'invalid_request' | 'invalid_scope';

class GrantRefused extends Error {
  readonly error: OAuthError;
  constructor(error: OAuthError, description: string) {
    super(description);
    this.error = error;
  }
}

const refuseAllCertificates: CertificateResolver = async () => ({
  refused:
    'MP-120 Invalid assertion. Client authentication failed: the certificate is not registered.',
});

function scopesOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter((s) => s !== '') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Starts the simulated Maskinporten on its own loopback server. */
export async function startMaskinporten(
  options: MaskinportenOptions,
): Promise<SimulatedMaskinporten> {
  const now = options.now ?? Date.now;
  const trustedCaPem = options.trustedCaPem;
  const resolveCertificate: CertificateResolver =
    options.resolveCertificate ??
    (trustedCaPem === undefined
      ? refuseAllCertificates
      : async (chain) => {
          const checked = verifyCertificateChain(chain, trustedCaPem(), now());
          if ('refused' in checked) return checked;
          const client = options.clients.find((c) => c.orgnr === checked.orgnr);
          if (client === undefined)
            return {
              refused:
                'MP-122 Invalid assertion. The organisation number in the certificate differs from the client owner.',
            };
          // The leaf's key verifies the grant's signature: a key not matching the leaf fails there.
          return { clientId: client.clientId, key: checked.leaf.publicKey };
        });
  const signing = await generateKeyPair('RS256', { extractable: true });
  const signingKid = randomUUID();
  const publicJwk: JWK = {
    ...(await exportJWK(signing.publicKey)),
    kid: signingKid,
    alg: 'RS256',
    use: 'sig',
  };
  // jti values seen in accepted grants, with the epoch second after which they can be forgotten.
  const usedJti = new Map<string, number>();
  let issuer = '';

  // Public parts of the registered keys by kid; imported per grant, for the grant's RS alg.
  const registeredKeys = new Map<string, { clientId: string; jwk: JWK }>();
  for (const client of options.clients) {
    for (const jwk of client.keys) {
      if (jwk.kid === undefined) throw new TypeError('Registered client keys must have a "kid"');
      const { kty, n, e } = jwk;
      if (kty !== 'RSA' || n === undefined || e === undefined) {
        throw new TypeError('Registered client keys must be RSA public keys');
      }
      registeredKeys.set(jwk.kid, { clientId: client.clientId, jwk: { kty, n, e } });
    }
  }
  const clientById = new Map(options.clients.map((c) => [c.clientId, c]));

  const grantKey = async (
    header: ProtectedHeaderParameters,
    alg: string,
  ): Promise<{ clientId: string; key: CryptoKey | KeyObject | Uint8Array }> => {
    const hasKid = header.kid !== undefined;
    const hasX5c = header.x5c !== undefined;
    if (hasKid === hasX5c) {
      throw new GrantRefused(
        'invalid_grant',
        'MP-100 Invalid assertion. The JWT header must carry exactly one of "kid" and "x5c".',
      );
    }
    if (hasX5c) {
      const chain: unknown = header.x5c;
      if (!Array.isArray(chain) || !chain.every((c): c is string => typeof c === 'string')) {
        throw new GrantRefused(
          'invalid_grant',
          'MP-123 Invalid assertion. Invalid x5c header: must be an array.',
        );
      }
      const resolved = await resolveCertificate(chain);
      if ('refused' in resolved) throw new GrantRefused('invalid_grant', resolved.refused);
      return resolved;
    }
    const registered = typeof header.kid === 'string' ? registeredKeys.get(header.kid) : undefined;
    if (registered === undefined) {
      throw new GrantRefused(
        'invalid_grant',
        'MP-100 Invalid assertion. Client authentication failed: no key with this kid is registered.',
      );
    }
    return { clientId: registered.clientId, key: await importJWK(registered.jwk, alg) };
  };

  /** Checks a grant; returns the granted scopes and the client, or throws GrantRefused. */
  const checkGrant = async (
    assertion: string,
  ): Promise<{
    client: RegisteredClient;
    scopes: string[];
    consumerOrg: string | undefined;
    resource: string | undefined;
    certificate: boolean;
  }> => {
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      throw new GrantRefused(
        'invalid_request',
        'MP-011 Invalid parameter value: assertion is not a JWT.',
      );
    }
    if (!GRANT_ALGORITHMS.some((alg) => alg === header.alg)) {
      throw new GrantRefused(
        'invalid_grant',
        `MP-124 Invalid assertion. Unsupported alg; use one of ${GRANT_ALGORITHMS.join(', ')}.`,
      );
    }
    const { clientId, key } = await grantKey(header, header.alg ?? '');
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(assertion, key, { algorithms: [...GRANT_ALGORITHMS] }));
    } catch {
      throw new GrantRefused('invalid_grant', 'MP-124 Invalid assertion. Invalid JWT signature.');
    }
    let claims: unknown;
    try {
      claims = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      throw new GrantRefused(
        'invalid_request',
        'MP-011 Invalid parameter value: the JWT payload is not JSON.',
      );
    }
    if (!isRecord(claims)) {
      throw new GrantRefused(
        'invalid_request',
        'MP-011 Invalid parameter value: the JWT payload is not an object.',
      );
    }
    const client = typeof claims['iss'] === 'string' ? clientById.get(claims['iss']) : undefined;
    if (client === undefined || client.clientId !== clientId) {
      throw new GrantRefused(
        'invalid_grant',
        'MP-100 Invalid assertion. Client authentication failed: client not found.',
      );
    }
    // The audience is the issuer itself, trailing slash included — not the token URL
    // (docs/registers.md M2, M1).
    const aud = claims['aud'];
    const audOk = aud === issuer || (Array.isArray(aud) && aud.length === 1 && aud[0] === issuer);
    if (!audOk) {
      throw new GrantRefused(
        'invalid_grant',
        `MP-110 Invalid assertion. Invalid JWT claim aud; expected ${issuer}.`,
      );
    }
    const nowSeconds = Math.floor(now() / 1000);
    const iat = claims['iat'];
    const exp = claims['exp'];
    if (typeof iat !== 'number' || !Number.isFinite(iat)) {
      throw new GrantRefused('invalid_grant', 'MP-130 Invalid assertion. Missing or invalid iat.');
    }
    if (iat > nowSeconds + CLOCK_SKEW_SECONDS) {
      throw new GrantRefused('invalid_grant', 'Invalid assertion. Issue time is after now.');
    }
    if (iat < nowSeconds - CLOCK_SKEW_SECONDS) {
      throw new GrantRefused(
        'invalid_grant',
        'MP-130 Invalid assertion. The JWT is expired: iat is too old.',
      );
    }
    if (typeof exp !== 'number' || !Number.isFinite(exp)) {
      throw new GrantRefused('invalid_grant', 'MP-130 Invalid assertion. Missing or invalid exp.');
    }
    if (exp <= nowSeconds) {
      throw new GrantRefused('invalid_grant', 'MP-130 Invalid assertion. The JWT is expired.');
    }
    // The exact MP code for an over-long grant is undocumented; MP-130 is the closest.
    if (exp - iat > MAX_GRANT_LIFETIME_SECONDS) {
      throw new GrantRefused(
        'invalid_grant',
        `MP-130 Invalid assertion. The JWT lifetime (exp - iat) must not exceed ${MAX_GRANT_LIFETIME_SECONDS} seconds.`,
      );
    }
    const jti = claims['jti'];
    if (jti !== undefined && typeof jti !== 'string') {
      throw new GrantRefused(
        'invalid_request',
        'MP-011 Invalid parameter value: jti must be a string.',
      );
    }
    for (const [seen, forgetAfter] of usedJti) if (forgetAfter < nowSeconds) usedJti.delete(seen);
    if (jti !== undefined && usedJti.has(jti)) {
      throw new GrantRefused('invalid_grant', 'MP-012 Invalid assertion. Grant is used before.');
    }
    const requested = scopesOf(claims['scope']);
    if (typeof claims['scope'] !== 'string' || requested.length === 0) {
      throw new GrantRefused('invalid_scope', 'MP-200 Invalid scope: the grant carries no scope.');
    }
    const unregistered = requested.filter((scope) => !client.scopes.includes(scope));
    if (unregistered.length > 0) {
      throw new GrantRefused(
        'invalid_scope',
        `MP-200 Invalid scope: token request contains scopes that are invalid for the client: ${unregistered.join(' ')}`,
      );
    }
    // Supplier mode: consumer_org must be a customer that delegated to this client
    // (docs/registers.md M2, MP-251).
    const consumerOrg = claims['consumer_org'];
    if (consumerOrg !== undefined) {
      if (typeof consumerOrg !== 'string' || !/^\d{9}$/.test(consumerOrg))
        throw new GrantRefused(
          'invalid_request',
          'MP-011 Invalid parameter value: consumer_org must be an organisation number.',
        );
      if (consumerOrg === client.orgnr)
        throw new GrantRefused(
          'invalid_request',
          "Invalid consumer_org: it is the client's own organisation.",
        );
      if (!(client.customers ?? []).includes(consumerOrg))
        throw new GrantRefused(
          'invalid_scope',
          'MP-251 Consumer has not delegated the scope to the supplier.',
        );
    }
    // resource: "currently only array supported" per the docs, a string per peers
    // (docs/registers.md M2).
    const rawResource = claims['resource'];
    const resource =
      typeof rawResource === 'string'
        ? rawResource
        : Array.isArray(rawResource) &&
            rawResource.length === 1 &&
            typeof rawResource[0] === 'string'
          ? rawResource[0]
          : undefined;
    if (rawResource !== undefined && (resource === undefined || resource === ''))
      throw new GrantRefused('invalid_request', 'MP-011 Invalid parameter value: resource.');
    // Remember the grant only once it has been accepted.
    if (jti !== undefined) usedJti.set(jti, exp + CLOCK_SKEW_SECONDS);
    return {
      client,
      scopes: [...new Set(requested)],
      consumerOrg,
      resource,
      certificate: header.x5c !== undefined,
    };
  };

  const issueToken = async (
    client: RegisteredClient,
    scopes: readonly string[],
    extra: {
      readonly consumerOrg?: string | undefined;
      readonly resource?: string | undefined;
      readonly certificate?: boolean;
    } = {},
  ): Promise<string> => {
    const iat = Math.floor(now() / 1000);
    const org = (orgnr: string): Record<string, string> => ({
      authority: 'iso6523-actorid-upis',
      ID: `0192:${orgnr}`,
    });
    return new SignJWT({
      client_id: client.clientId,
      client_amr: extra.certificate === true ? 'virksomhetssertifikat' : 'private_key_jwt',
      consumer: org(extra.consumerOrg ?? client.orgnr),
      ...(extra.consumerOrg === undefined
        ? {}
        : { supplier: org(client.orgnr), delegation_source: 'https://www.altinn.no' }),
      scope: scopes.join(' '),
      token_type: 'Bearer',
    })
      .setProtectedHeader({ alg: 'RS256', kid: signingKid })
      .setIssuer(issuer)
      .setAudience(extra.resource ?? 'unspecified')
      .setIssuedAt(iat)
      .setExpirationTime(iat + options.accessTokenLifetimeSeconds)
      .setJti(randomUUID())
      .sign(signing.privateKey);
  };

  const token = async (request: SimRequest): Promise<SimResponse> => {
    const contentType = request.headers['content-type'] ?? '';
    const summary: CallSummary = { identifiers: 0, scopes: [] };
    try {
      if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
        throw new GrantRefused(
          'invalid_request',
          'MP-011 Invalid parameter value: Content-Type must be application/x-www-form-urlencoded.',
        );
      }
      const form = new URLSearchParams(request.body.toString('utf8'));
      if (form.get('grant_type') !== JWT_BEARER) {
        throw new GrantRefused(
          'invalid_request',
          `MP-011 Invalid parameter value: grant_type must be ${JWT_BEARER}.`,
        );
      }
      const assertion = form.get('assertion');
      if (assertion === null || assertion === '') {
        throw new GrantRefused(
          'invalid_request',
          'MP-011 Invalid parameter value: assertion is missing.',
        );
      }
      const { client, scopes, ...extra } = await checkGrant(assertion);
      return json(
        200,
        {
          access_token: await issueToken(client, scopes, extra),
          token_type: 'Bearer',
          expires_in: options.accessTokenLifetimeSeconds,
          scope: scopes.join(' '),
        },
        { identifiers: 0, scopes },
      );
    } catch (error) {
      if (!(error instanceof GrantRefused)) throw error;
      return json(400, { error: error.error, error_description: error.message }, summary);
    }
  };

  const handle = async (request: SimRequest): Promise<SimResponse> => {
    const none: CallSummary = { identifiers: 0, scopes: [] };
    const get = request.method === 'GET' || request.method === 'HEAD';
    switch (request.path) {
      case '/.well-known/oauth-authorization-server':
        if (!get) return json(405, { error: 'method_not_allowed' }, none, { allow: 'GET' });
        return json(
          200,
          {
            issuer,
            token_endpoint: `${issuer}token`,
            jwks_uri: `${issuer}jwk`,
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
            grant_types_supported: [JWT_BEARER],
            token_endpoint_auth_signing_alg_values_supported: [...GRANT_ALGORITHMS],
          },
          none,
        );
      case '/jwk':
        if (!get) return json(405, { error: 'method_not_allowed' }, none, { allow: 'GET' });
        return json(200, { keys: [publicJwk] }, none);
      case '/token':
        if (request.method !== 'POST')
          return json(405, { error: 'method_not_allowed' }, none, { allow: 'POST' });
        return token(request);
      default:
        return json(404, { error: 'not_found' }, none);
    }
  };

  const server = await startSimServer({
    host: options.host,
    port: options.port,
    upstream: 'maskinporten',
    faults: options.faults,
    log: options.log,
    handle,
    summarise: async () => ({ identifiers: 0, scopes: [] }),
  });
  issuer = `${server.origin}/`;

  return {
    issuer,
    wellKnownUrl: `${issuer}.well-known/oauth-authorization-server`,
    tokenEndpoint: `${issuer}token`,
    jwksUri: `${issuer}jwk`,
    async verifyAccessToken(accessToken) {
      try {
        const { payload } = await jwtVerify(accessToken, signing.publicKey, {
          issuer,
          algorithms: ['RS256'],
          currentDate: new Date(now()),
          requiredClaims: ['exp'],
        });
        return { scopes: scopesOf(payload['scope']) };
      } catch {
        return null;
      }
    },
    async mintAccessToken(clientId, scopes, mintOptions = {}) {
      const client = clientById.get(clientId);
      if (client === undefined || scopes.length === 0) return null;
      if (!scopes.every((scope) => client.scopes.includes(scope))) return null;
      return issueToken(client, [...new Set(scopes)], { resource: mintOptions.resource });
    },
    close: () => server.close(),
  };
}
