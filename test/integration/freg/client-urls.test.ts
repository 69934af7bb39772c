// The URLs FregClient calls: each package's documented, asymmetric prefix appended to FREG_URL
// (with or without a path of its own), somBestilt and part on the bulk lookup, and the single GET.
// A plain loopback server records the requests; no tokens (API-key gateway mode).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FregClient, type Rettighetspakke } from '../../../src/upstream/freg/freg-client.ts';

// Synthetic (+80 month) identifier.
const ID = '14832151271';

let server: Server;
let origin: string;
const seen: { method: string; url: string }[] = [];
const dispatcher = new Agent();

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '' });
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(
        request.method === 'POST'
          ? JSON.stringify({ oppslag: [{ foedselsEllerDNummer: ID, folkeregisterperson: {} }] })
          : JSON.stringify({}),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dispatcher.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function urlsCalled(
  base: string,
  rettighetspakke: Rettighetspakke,
  lookup: 'bulk' | 'single',
): Promise<string[]> {
  seen.length = 0;
  const client = new FregClient({
    baseUrl: new URL(base),
    rettighetspakke,
    tokenProvider: null,
    lookup,
    dispatcher,
  });
  const results = await client.lookup([ID], ['navn', 'status']);
  expect(results.map((r) => r.foedselsEllerDNummer)).toEqual([ID]);
  return seen.map((call) => `${call.method} ${call.url}`);
}

describe('FregClient URLs', () => {
  it.each([
    ['offentlig-med-hjemmel', '/folkeregisteret/offentlig-med-hjemmel/api/v1/'],
    ['offentlig-uten-hjemmel', '/folkeregisteret/api/offentligutenhjemmel/v1/'],
  ] as const)('uses the %s prefix for bulk and single lookups', async (pakke, prefix) => {
    expect(await urlsCalled(origin, pakke, 'bulk')).toEqual([
      `POST ${prefix}personer/bulkoppslag?somBestilt=true&part=navn&part=status`,
    ]);
    expect(await urlsCalled(origin, pakke, 'single')).toEqual([
      `GET ${prefix}personer/${ID}?part=navn&part=status`,
    ]);
  });

  it("appends the package path to FREG_URL's own path instead of replacing it", async () => {
    for (const base of [`${origin}/proxy/freg`, `${origin}/proxy/freg/`]) {
      expect(await urlsCalled(base, 'offentlig-med-hjemmel', 'bulk')).toEqual([
        'POST /proxy/freg/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag?somBestilt=true&part=navn&part=status',
      ]);
      expect(await urlsCalled(base, 'offentlig-uten-hjemmel', 'single')).toEqual([
        `GET /proxy/freg/folkeregisteret/api/offentligutenhjemmel/v1/personer/${ID}?part=navn&part=status`,
      ]);
    }
  });
});
