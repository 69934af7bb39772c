// The grant Maskinporten receives: form encoding, RS256 + kid header, and claims exactly per
// docs/registers.md M2, verified against the public half of a per-run key pair.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MaskinportenTokenProvider } from '../../../../src/auth/maskinporten/index.ts';
import {
  CLIENT_ID,
  FakeMaskinporten,
  generateTestKeys,
  ISSUER,
  KID,
  TestClock,
  tokenBody,
  WELL_KNOWN,
  type TestKeys,
} from './fake-maskinporten.ts';

let keys: TestKeys;
let fake: FakeMaskinporten;
let clock: TestClock;

beforeAll(async () => {
  keys = await generateTestKeys();
});

beforeEach(() => {
  fake = new FakeMaskinporten();
  clock = new TestClock();
});

afterEach(async () => {
  fake.agent.assertNoPendingInterceptors();
  await fake.agent.close();
});

function provider(overrides: { grantLifetimeSeconds?: number; issuer?: URL } = {}) {
  return new MaskinportenTokenProvider({
    clientId: CLIENT_ID,
    privateJwk: keys.privateJwk,
    ...(overrides.issuer === undefined
      ? { wellKnownUrl: WELL_KNOWN }
      : { issuer: overrides.issuer }),
    dispatcher: fake.agent,
    now: clock.now,
    ...(overrides.grantLifetimeSeconds === undefined
      ? {}
      : { grantLifetimeSeconds: overrides.grantLifetimeSeconds }),
  });
}

describe('the JWT bearer grant', () => {
  it('is a form POST with the jwt-bearer grant type and a signed assertion', async () => {
    fake.metadata();
    fake.token(200, tokenBody('t1'));
    await provider().getToken(['krr:global/kontaktinformasjon.read']);
    const [grant] = fake.grants;
    expect(grant?.contentType).toBe('application/x-www-form-urlencoded');
    expect([...(grant?.form.keys() ?? [])].sort()).toEqual(['assertion', 'grant_type']);
    expect(grant?.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
  });

  it('has header {alg: RS256, kid} only and claims aud = issuer exactly, iss = client id, iat = now, exp = iat + lifetime, a UUID jti, scope space-separated', async () => {
    fake.metadata();
    fake.token(200, tokenBody('t1'));
    await provider({ grantLifetimeSeconds: 90 }).getToken([
      'krr:global/kontaktinformasjon.read',
      'krr:global/digitalpost.read',
    ]);
    const assertion = fake.grants[0]?.assertion ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', kid: KID });
    const { payload } = await jwtVerify(assertion, keys.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(clock.nowMs),
    });
    const iat = Math.floor(clock.nowMs / 1000);
    expect(payload).toEqual({
      aud: ISSUER,
      iss: CLIENT_ID,
      iat,
      exp: iat + 90,
      jti: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      scope: 'krr:global/digitalpost.read krr:global/kontaktinformasjon.read',
    });
    expect(payload).not.toHaveProperty('resource');
    expect(payload.aud).toBe('https://test.maskinporten.no/');
  });

  it('defaults to a 60 s lifetime', async () => {
    fake.metadata();
    fake.token(200, tokenBody('t1'));
    await provider().getToken(['s']);
    const { payload } = await jwtVerify(fake.grants[0]?.assertion ?? '', keys.publicKey, {
      currentDate: new Date(clock.nowMs),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });

  it('uses a fresh jti for every grant', async () => {
    fake.metadata();
    fake.token(200, tokenBody('t1'));
    fake.token(200, tokenBody('t2'));
    const p = provider();
    await p.getToken(['a']);
    await p.getToken(['b']);
    const jtis = await Promise.all(
      fake.grants.map(async (grant) => {
        const { payload } = await jwtVerify(grant.assertion, keys.publicKey, {
          currentDate: new Date(clock.nowMs),
        });
        return payload.jti;
      }),
    );
    expect(jtis).toHaveLength(2);
    expect(new Set(jtis).size).toBe(2);
  });

  it('with an issuer instead of a metadata document, posts to issuer + "token" and uses the issuer as aud', async () => {
    fake.token(200, tokenBody('t1'));
    await provider({ issuer: new URL(ISSUER) }).getToken(['s']);
    const { payload } = await jwtVerify(fake.grants[0]?.assertion ?? '', keys.publicKey, {
      currentDate: new Date(clock.nowMs),
    });
    expect(payload.aud).toBe(ISSUER);
  });

  it('uses the metadata issuer string unchanged as aud, even where it differs from the metadata URL', async () => {
    fake.metadata(1, {
      issuer: 'https://test.maskinporten.no/',
      token_endpoint: 'https://test.maskinporten.no/other/token',
    });
    fake.token(200, tokenBody('t1'), { path: '/other/token' });
    await provider().getToken(['s']);
    const { payload } = await jwtVerify(fake.grants[0]?.assertion ?? '', keys.publicKey, {
      currentDate: new Date(clock.nowMs),
    });
    expect(payload.aud).toBe('https://test.maskinporten.no/');
  });
});
