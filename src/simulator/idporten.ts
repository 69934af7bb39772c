// Simulated ID-porten for the end user's own access tokens (user-controlled data sharing,
// docs/registers.md K6): an in-memory issuer that mints RS256 tokens with `pid` and `scope`
// (`openid krr:user/kontaktinformasjon.read krr:user/digitalpost.read`), and a verifier the
// simulated KRR uses for `GET /rest/v1/person`. Keys live in memory only.
import { randomUUID } from 'node:crypto';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';

export const SCOPE_USER_KONTAKTINFORMASJON = 'krr:user/kontaktinformasjon.read';
export const SCOPE_USER_DIGITALPOST = 'krr:user/digitalpost.read';

export interface SimulatedIdporten {
  /** `iss` of the tokens (not served over HTTP; KRR verifies in process). */
  readonly issuer: string;
  /** Mints an end user's access token; default scopes: openid plus both krr:user read scopes. */
  mint(options: {
    readonly pid: string;
    readonly scopes?: readonly string[];
    readonly expiresInSeconds?: number;
  }): Promise<string>;
  /** Verifies a token from {@link mint}: its `pid` and scopes, or null. */
  verify(token: string): Promise<{ readonly pid: string; readonly scopes: string[] } | null>;
}

export async function createIdporten(
  options: { readonly issuer?: string } = {},
): Promise<SimulatedIdporten> {
  const issuer = options.issuer ?? 'https://test.idporten.simulated/';
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  return {
    issuer,
    async mint({ pid, scopes, expiresInSeconds }) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        pid,
        acr: 'idporten-loa-high',
        client_id: 'simulated-citizen-app',
        scope: (
          scopes ?? ['openid', 'profile', SCOPE_USER_KONTAKTINFORMASJON, SCOPE_USER_DIGITALPOST]
        ).join(' '),
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience('https://test.kontaktregisteret.no')
        .setSubject(randomUUID())
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + (expiresInSeconds ?? 120))
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ['RS256'] });
        const pid = payload['pid'];
        const scope = payload['scope'];
        if (typeof pid !== 'string') return null;
        return {
          pid,
          scopes: typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [],
        };
      } catch {
        return null;
      }
    },
  };
}
