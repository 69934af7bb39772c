// The simulated Maskinporten checks JWT grants as Maskinporten documents it
// (docs/registers.md M2, M3, M4) and issues verifiable access tokens.
import {
  SignJWT,
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { DIGITALPOST, KONTAKT, requestToken, signGrant } from './support.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ populationSize: 100 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.recorder.reset();
  sim.setClientScopes([KONTAKT, DIGITALPOST]);
});

function expectRefusal(
  answer: { status: number; body: Record<string, unknown> },
  error: string,
  mp: RegExp,
): void {
  expect(answer.status).toBe(400);
  expect(answer.body['error']).toBe(error);
  expect(answer.body['error_description']).toMatch(mp);
}

describe('metadata', () => {
  it('publishes an RFC 8414 document whose issuer ends with a slash', async () => {
    const response = await fetch(sim.maskinporten.wellKnownUrl);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc).toEqual({
      issuer: sim.maskinporten.issuer,
      token_endpoint: sim.maskinporten.tokenEndpoint,
      jwks_uri: sim.maskinporten.jwksUri,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512'],
    });
    expect(sim.maskinporten.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(sim.maskinporten.tokenEndpoint).toBe(`${sim.maskinporten.issuer}token`);
  });
});

describe('a correct grant', () => {
  it('yields a Bearer token carrying the granted scopes, verifiable with the published JWKS', async () => {
    const answer = await requestToken(sim, await signGrant(sim, { scope: KONTAKT }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: KONTAKT });
    const token = answer.body['access_token'] as string;
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(sim.maskinporten.jwksUri)),
      { issuer: sim.maskinporten.issuer },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      client_id: sim.client.clientId,
      client_amr: 'private_key_jwt',
      consumer: {
        authority: 'iso6523-actorid-upis',
        ID: expect.stringMatching(/^0192:\d{9}$/) as unknown,
      },
      scope: KONTAKT,
      token_type: 'Bearer',
      aud: 'unspecified',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
    expect(typeof payload.jti).toBe('string');
  });

  it('may ask for both scopes, and RS384/RS512 grants are accepted too', async () => {
    for (const alg of ['RS384', 'RS512'] as const) {
      const answer = await requestToken(sim, await signGrant(sim, { alg }));
      expect(answer.status).toBe(200);
      expect(answer.body['scope']).toBe(`${KONTAKT} ${DIGITALPOST}`);
    }
  });

  it('is recorded with its scopes', async () => {
    await requestToken(sim, await signGrant(sim, { scope: DIGITALPOST }));
    expect(sim.recorder.count('maskinporten', { path: '/token', status: 200 })).toBe(1);
    expect(sim.recorder.calls[0]).toMatchObject({
      upstream: 'maskinporten',
      method: 'POST',
      identifiers: 0,
      scopes: [DIGITALPOST],
    });
  });

  it('gives tokens with the configured lifetime', async () => {
    const short = await startSimulator({ populationSize: 0, accessTokenLifetimeSeconds: 30 });
    try {
      const answer = await requestToken(short, await signGrant(short));
      expect(answer.body['expires_in']).toBe(30);
      const claims = decodeJwt(answer.body['access_token'] as string);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(30);
    } finally {
      await short.close();
    }
  });
});

describe('refused grants', () => {
  it('refuses an aud without the trailing slash (MP-110)', async () => {
    const aud = sim.maskinporten.issuer.replace(/\/$/, '');
    expectRefusal(
      await requestToken(sim, await signGrant(sim, { aud })),
      'invalid_grant',
      /^MP-110/,
    );
  });

  it('refuses the token URL as aud (MP-110)', async () => {
    const aud = sim.maskinporten.tokenEndpoint;
    expectRefusal(
      await requestToken(sim, await signGrant(sim, { aud })),
      'invalid_grant',
      /^MP-110/,
    );
  });

  it('refuses a grant that lives longer than 120 seconds', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const answer = await requestToken(sim, await signGrant(sim, { iat, exp: iat + 121 }));
    expectRefusal(answer, 'invalid_grant', /120 seconds/);
  });

  it('refuses a reused jti (MP-012 "Grant is used before")', async () => {
    const grant = await signGrant(sim, { jti: 'same-jti-twice' });
    expect((await requestToken(sim, grant)).status).toBe(200);
    expectRefusal(
      await requestToken(sim, grant),
      'invalid_grant',
      /^MP-012 .*Grant is used before/,
    );
  });

  it('refuses an iat 30 seconds in the future ("Issue time is after now")', async () => {
    const iat = Math.floor(Date.now() / 1000) + 30;
    const answer = await requestToken(sim, await signGrant(sim, { iat, exp: iat + 60 }));
    expectRefusal(answer, 'invalid_grant', /Issue time is after now/);
  });

  it('refuses an expired grant (MP-130)', async () => {
    const iat = Math.floor(Date.now() / 1000) - 5;
    const answer = await requestToken(sim, await signGrant(sim, { iat, exp: iat + 2 }));
    expectRefusal(answer, 'invalid_grant', /^MP-130/);
  });

  it('refuses an unknown kid', async () => {
    expectRefusal(
      await requestToken(sim, await signGrant(sim, { kid: 'not-registered' })),
      'invalid_grant',
      /^MP-100/,
    );
  });

  it('refuses a grant signed with another key under the registered kid (bad signature)', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const signingJwk = await exportJWK(privateKey);
    expectRefusal(
      await requestToken(sim, await signGrant(sim, { signingJwk })),
      'invalid_grant',
      /^MP-124/,
    );
  });

  it('refuses an iss that is not a registered client (MP-100)', async () => {
    expectRefusal(
      await requestToken(sim, await signGrant(sim, { iss: 'unknown-client' })),
      'invalid_grant',
      /^MP-100/,
    );
  });

  it('refuses a scope the client is not registered for (invalid_scope MP-200)', async () => {
    const answer = await requestToken(
      sim,
      await signGrant(sim, { scope: `${KONTAKT} folkeregister:deling/offentligmedhjemmel` }),
    );
    expectRefusal(answer, 'invalid_scope', /^MP-200/);
  });

  it('follows setClientScopes: a scope taken away is refused afterwards', async () => {
    sim.setClientScopes([KONTAKT]);
    expectRefusal(
      await requestToken(sim, await signGrant(sim, { scope: DIGITALPOST })),
      'invalid_scope',
      /^MP-200/,
    );
    expect((await requestToken(sim, await signGrant(sim, { scope: KONTAKT }))).status).toBe(200);
  });

  it('refuses an x5c grant, because no certificate is registered', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const grant = await new SignJWT({ scope: KONTAKT })
      .setProtectedHeader({ alg: 'RS256', x5c: ['MIIB'] })
      .setIssuer(sim.client.clientId)
      .setAudience(sim.maskinporten.issuer)
      .setIssuedAt()
      .setExpirationTime('60s')
      .setJti('x5c-grant')
      .sign(privateKey);
    expectRefusal(await requestToken(sim, grant), 'invalid_grant', /^MP-120/);
  });

  it('answers a malformed request with invalid_request (MP-011)', async () => {
    expectRefusal(await requestToken(sim, 'not-a-jwt'), 'invalid_request', /^MP-011/);
    const response = await fetch(sim.maskinporten.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});
