// The explorer over plain HTTP (no browser): the page only for browsers, assets with their types
// and cache headers, a strict CSP, and GraphQL on /graphql unchanged, CSRF prevention included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_CSP, prefersHtml } from '../../src/http/explorer.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { startSubgraph, startTestSimulator, type Subgraph } from '../integration/support/stack.ts';

const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('Accept negotiation', () => {
  it('prefers HTML for browsers only', () => {
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/graphql-response+json, application/json;q=0.9')).toBe(false);
    expect(prefersHtml('application/json, multipart/mixed')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml('text/html, application/json')).toBe(true);
    expect(prefersHtml('text/html;q=0.5, application/json')).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
  });
});

describe('explorer over HTTP', () => {
  let sim: Simulator;
  let subgraph: Subgraph;
  let disabled: Subgraph;
  let ids: string[];

  beforeAll(async () => {
    sim = await startTestSimulator({ populationSize: 200 });
    ids = [sim.population.cases.bothChannels[0]!, sim.population.cases.reserved[0]!];
    subgraph = await startSubgraph(sim, { devTokens: true, exampleIds: ids });
    disabled = await startSubgraph(sim, { env: { GRAPHQL_EXPLORER: 'false' } });
  });
  afterAll(async () => {
    await subgraph?.close();
    await disabled?.close();
    await sim?.close();
  });

  it('serves the page to a browser GET with a CSP that allows this origin only', async () => {
    const response = await fetch(subgraph.service.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(EXPLORER_CSP);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    // The example query names the given persons; every script and stylesheet is our own.
    for (const id of ids) expect(html).toContain(id);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((source) => source !== 'data:,'); // the empty favicon
    expect(sources.length).toBe(6);
    for (const source of sources) expect(source).toMatch(/^graphql\/explorer\/assets\/[\w.-]+\?v=/);
    // No inline script: each script element loads a file or is a JSON data block.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(5);
    for (const [, attributes = '', content = ''] of scripts) {
      if (attributes.includes('type="application/json"')) expect(attributes).not.toContain('src=');
      else expect({ attributes, content }).toMatchObject({ content: '' });
    }
    expect(html).toContain('id="explorer-get-token"');
  });

  it('serves the npm assets with their content types and a year of caching', async () => {
    const base = subgraph.service.url.replace(/\/graphql$/, '/graphql/explorer/assets/');
    const expected: Record<string, string> = {
      'react.production.min.js': 'text/javascript; charset=utf-8',
      'react-dom.production.min.js': 'text/javascript; charset=utf-8',
      'graphiql.min.js': 'text/javascript; charset=utf-8',
      'graphiql.min.css': 'text/css; charset=utf-8',
      'explorer.js': 'text/javascript; charset=utf-8',
      'explorer.css': 'text/css; charset=utf-8',
    };
    for (const [name, type] of Object.entries(expected)) {
      const response = await fetch(base + name);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toBe(type);
      expect(response.headers.get('cache-control'), name).toBe(
        'public, max-age=31536000, immutable',
      );
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect((await response.arrayBuffer()).byteLength, name).toBeGreaterThan(100);
    }
    // fetch asks for gzip: GraphiQL's bundle travels compressed and arrives whole.
    const bundle = await fetch(`${base}graphiql.min.js`);
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect(await bundle.text()).toContain('GraphiQL');
    const etag = bundle.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${base}graphiql.min.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}nope.js`)).status).toBe(404);
    expect((await fetch(`${base}../../../package.json`)).status).toBe(404);
    expect((await fetch(`${base}explorer.js`, { method: 'POST' })).status).toBe(405);
  });

  it('leaves GraphQL on /graphql as it was: POST, GET with preflight, CSRF refusal, clients', async () => {
    const token = await subgraph.token(['person:kontaktinformasjon.read']);
    const query = `{ personer(personidentifikatorer: ${JSON.stringify(ids)}) { personidentifikator kontaktregisterstatus } }`;
    const post = await fetch(subgraph.service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    expect(post.status).toBe(200);
    const body = (await post.json()) as { data: { personer: { personidentifikator: string }[] } };
    expect(body.data.personer.map((p) => p.personidentifikator)).toEqual(ids);

    const search = `?query=${encodeURIComponent(query)}`;
    // A GET that a GraphQL client sends (with the preflight header) executes.
    const get = await fetch(subgraph.service.url + search, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: unknown }).data).toEqual(body.data);

    // A simple GET without the preflight header is still refused by CSRF prevention.
    const csrf = await fetch(subgraph.service.url + search, { headers: { accept: '*/*' } });
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/CSRF|preflight/i);

    // A form-encoded POST (what a cross-site form sends) is refused: 415, the body is not JSON.
    const form = await fetch(subgraph.service.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query }),
    });
    expect(form.status).toBe(415);
  });

  it('answers a browser GET like any GET when the explorer is off, and has no assets then', async () => {
    const response = await fetch(disabled.service.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.headers.get('content-type')).not.toContain('text/html');
    expect(response.status).toBe(400);
    const asset = await fetch(
      disabled.service.url.replace(/\/graphql$/, '/graphql/explorer/assets/graphiql.min.js'),
    );
    expect(asset.status).toBe(404);
  });
});
