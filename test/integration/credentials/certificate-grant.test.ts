// Business-certificate grants against the simulated Maskinporten: the grant the subgraph signs
// carries `x5c` as an array (leaf first) and no `kid`, and the simulator checks the chain to its
// TEST CA, the leaf's organisation and that the leaf's key signed the grant.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildGrantClaims,
  createCertificateGrantSigner,
} from '../../../src/auth/maskinporten/grant-assertion.ts';
import { Secret } from '../../../src/config/secret.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import { createTestCa } from '../../../src/simulator/x509.ts';
import { startTestSimulator } from '../support/stack.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSimulator({ populationSize: 100 });
});
afterAll(async () => {
  await sim.close();
});

function chainOf(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block).raw.toString('base64'));
}

function claims(): ReturnType<typeof buildGrantClaims> {
  return buildGrantClaims({
    clientId: sim.client.clientId,
    audience: sim.maskinporten.issuer,
    scopes: ['krr:global/kontaktinformasjon.read'],
    nowMs: Date.now(),
    lifetimeSeconds: 60,
  });
}

async function exchange(
  assertion: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(sim.maskinporten.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('x5c grants', () => {
  it('signs with x5c (array, leaf first, no kid) and the simulator accepts the chain', async () => {
    const issued = sim.testCa.issue({ orgnr: sim.clientOrgnr, intermediate: true });
    const chain = chainOf(issued.chainPem);
    const signer = createCertificateGrantSigner({
      chain,
      privateKey: new Secret(createPrivateKey(issued.keyPem)),
    });
    const assertion = await signer.sign(claims());
    const header = decodeProtectedHeader(assertion);
    expect(header.x5c).toEqual(chain);
    expect(header.kid).toBeUndefined();
    expect(new X509Certificate(Buffer.from(chain[0] ?? '', 'base64')).subject).toContain(
      `serialNumber=${sim.clientOrgnr}`,
    );
    const answer = await exchange(assertion);
    expect(answer.status).toBe(200);
    expect(decodeJwt(String(answer.body['access_token']))['client_amr']).toBe(
      'virksomhetssertifikat',
    );
  });

  it('refuses x5c sent as a string (MP-123)', async () => {
    const issued = sim.testCa.issue({ orgnr: sim.clientOrgnr });
    const [leaf = ''] = chainOf(issued.chainPem);
    const c = claims();
    const assertion = await new SignJWT({ scope: c.scope })
      // Deliberately wrong: a string where Maskinporten wants an array.
      .setProtectedHeader({ alg: 'RS256', x5c: leaf as unknown as string[] })
      .setAudience(c.aud)
      .setIssuer(c.iss)
      .setIssuedAt(c.iat)
      .setExpirationTime(c.exp)
      .setJti(c.jti)
      .sign(createPrivateKey(issued.keyPem));
    const answer = await exchange(assertion);
    expect(answer.status).toBe(400);
    expect(answer.body['error_description']).toMatch(/MP-123/);
  });

  it('refuses a grant signed by a key that is not the leaf’s (MP-124)', async () => {
    const issued = sim.testCa.issue({ orgnr: sim.clientOrgnr });
    const other = sim.testCa.issue({ orgnr: sim.clientOrgnr });
    const signer = createCertificateGrantSigner({
      chain: chainOf(issued.chainPem),
      privateKey: new Secret(createPrivateKey(other.keyPem)),
    });
    const answer = await exchange(await signer.sign(claims()));
    expect(answer.body['error_description']).toMatch(/MP-124/);
  });

  it('refuses a certificate from a CA the simulator does not trust (MP-120)', async () => {
    const issued = createTestCa().issue({ orgnr: sim.clientOrgnr });
    const signer = createCertificateGrantSigner({
      chain: chainOf(issued.chainPem),
      privateKey: new Secret(createPrivateKey(issued.keyPem)),
    });
    const answer = await exchange(await signer.sign(claims()));
    expect(answer.body['error_description']).toMatch(/MP-120/);
  });

  it('refuses a chain with a missing link (MP-120) and an expired certificate (MP-124)', async () => {
    const issued = sim.testCa.issue({ orgnr: sim.clientOrgnr, intermediate: true });
    const [leaf = '', , root = ''] = chainOf(issued.chainPem);
    const broken = createCertificateGrantSigner({
      chain: [leaf, root],
      privateKey: new Secret(createPrivateKey(issued.keyPem)),
    });
    expect((await exchange(await broken.sign(claims()))).body['error_description']).toMatch(
      /MP-120/,
    );
    const day = 86_400_000;
    const expired = sim.testCa.issue({
      orgnr: sim.clientOrgnr,
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - day),
    });
    const old = createCertificateGrantSigner({
      chain: chainOf(expired.chainPem),
      privateKey: new Secret(createPrivateKey(expired.keyPem)),
    });
    expect((await exchange(await old.sign(claims()))).body['error_description']).toMatch(/MP-124/);
  });
});
