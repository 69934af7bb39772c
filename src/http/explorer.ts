// The local GraphQL explorer: GraphiQL served from the installed npm packages (no CDN) at
// GET /graphql for browsers, with an example query and a development caller token picker.
// Assets are read once at start and served with long cache lifetimes; the page carries a strict
// Content-Security-Policy that allows this origin only.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

export interface ExplorerOptions {
  /** Shown on the page, so nobody mistakes synthetic data for real registers or the reverse. */
  readonly mode: 'simulator' | 'upstream';
  /** The caller scopes the schema asks for (after renaming), offered in the scope picker. */
  readonly callerScopes: readonly string[];
  /** Identifiers for the example query; empty: the example uses a placeholder. */
  readonly exampleIds: readonly string[];
  /** Whether the server mints development caller tokens at `POST /dev/token`. */
  readonly devTokens: boolean;
}

export interface Explorer {
  /** Answers the request if it is the explorer's (the page or an asset); false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

/** Where the assets are served; page links are relative to `/graphql`, so a path prefix works. */
export const EXPLORER_ASSET_PATH = '/graphql/explorer/assets/';

/**
 * The page's policy: scripts, styles, fonts, images and requests from this origin only (fonts and
 * icons in GraphiQL's CSS are `data:` URLs). Inline styles are allowed because GraphiQL's menus and
 * dialogs insert small `<style>` elements at run time; inline scripts are not.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  /** Short content hash, appended to links as `?v=` so the long cache lifetime is safe. */
  readonly version: string;
  gzipped?: Promise<Buffer>;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** npm package files the page needs: the UMD builds of React 18, ReactDOM 18 and GraphiQL 3. */
const PACKAGE_ASSETS = [
  { name: 'react.production.min.js', pkg: 'react', file: 'umd/react.production.min.js', type: JS },
  {
    name: 'react-dom.production.min.js',
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    type: JS,
  },
  { name: 'graphiql.min.js', pkg: 'graphiql', file: 'graphiql.min.js', type: JS },
  { name: 'graphiql.min.css', pkg: 'graphiql', file: 'graphiql.min.css', type: CSS },
] as const;

/** The page's own script and styles, files in explorer-assets/ (the script is checked by tsc). */
const OWN_ASSET_DIR = new URL('./explorer-assets/', import.meta.url);
const OWN_ASSETS = [
  ['explorer.js', JS],
  ['explorer.css', CSS],
] as const;

const gzipAsync = promisify(gzip);

function makeAsset(body: Buffer, contentType: string): Asset {
  const hash = createHash('sha256').update(body).digest('base64url');
  return { body, contentType, etag: `"${hash.slice(0, 27)}"`, version: hash.slice(0, 12) };
}

/** The files of an installed package; packages' `exports` may hide them from require.resolve. */
function packageDir(pkg: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
}

/**
 * Whether the Accept header prefers HTML over every GraphQL response type, as a browser's does
 * and GraphQL clients' (`application/json`, `application/graphql-response+json`,
 * `multipart/mixed`) do not. Ties go to the more specific range, then to the earlier one.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false;
  const ranges = accept.split(',').map((part, order) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key === 'q' && value !== undefined) {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    const [type = '', subtype = ''] = range.trim().split('/');
    return { type, subtype, q, order };
  });
  const rank = (mediaType: string): [number, number, number] | null => {
    const [type, subtype] = mediaType.split('/');
    let best: [number, number, number] | null = null;
    for (const r of ranges) {
      const specificity =
        r.type === type && r.subtype === subtype
          ? 2
          : r.type === type && r.subtype === '*'
            ? 1
            : r.type === '*' && r.subtype === '*'
              ? 0
              : -1;
      if (specificity < 0) continue;
      if (best === null || specificity > best[1]) best = [r.q, specificity, r.order];
    }
    return best;
  };
  const html = rank('text/html');
  if (html === null || html[0] <= 0) return false;
  for (const other of [
    'application/json',
    'application/graphql-response+json',
    'multipart/mixed',
  ]) {
    const r = rank(other);
    if (r === null || r[0] <= 0) continue;
    if (r[0] > html[0]) return false;
    if (r[0] === html[0] && (r[1] > html[1] || (r[1] === html[1] && r[2] <= html[2]))) return false;
  }
  return true;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** JSON that is safe inside a `<script type="application/json">` element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

/** The example operation: KRR and Folkeregisteret fields for a few persons. */
export function exampleQuery(ids: readonly string[]): string {
  const list = ids.length === 0 ? ['<11 digits>'] : ids;
  return `# Person subgraph explorer
#
# 1. Get a token above (or paste one);
#    without one, persons answer
#    UNAUTHENTICATED.
# 2. Run: the ▶ button or Ctrl-Enter.
#
# Untick a scope and get a new token to
# see a denial: the field is null, with
# a FORBIDDEN error naming the scope.
#
# KRR: can the person be notified
# digitally, and where.
# Folkeregisteret: name and address.
query Eksempel {
  personer(personidentifikatorer: [
${list.map((id) => `    ${JSON.stringify(id)}`).join('\n')}
  ]) {
    personidentifikator
    kontaktregisterstatus
    kanVarsles
    reservasjon { reservert }
    kontaktinformasjon {
      epostadresse { verdi kanBrukesForVarsling }
      mobiltelefonnummer { verdi kanBrukesForVarsling }
    }
    digitalPost { postkasseadresse postkasseleverandoeradresse }
    finnesIFolkeregisteret
    navn { visningsnavn }
    bostedsadresse { adresselinjer }
  }
}
`;
}

function renderPage(options: ExplorerOptions, assets: ReadonlyMap<string, Asset>): string {
  const href = (name: string): string =>
    `${EXPLORER_ASSET_PATH.slice(1)}${name}?v=${assets.get(name)?.version ?? ''}`;
  const scopes = options.callerScopes
    .map(
      (scope) =>
        `<label><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label>`,
    )
    .join('\n      ');
  const tokenControls = options.devTokens
    ? `<fieldset id="explorer-scopes"><legend>Caller scopes</legend>
      ${scopes}
    </fieldset>
    <button id="explorer-get-token" type="button">Get development token</button>
    <label>or paste one <input id="explorer-token-input" type="password" autocomplete="off" spellcheck="false"></label>`
    : `<label>Caller token <input id="explorer-token-input" type="password" autocomplete="off" spellcheck="false"></label>`;
  const modeLabel =
    options.mode === 'simulator'
      ? '<span class="explorer-mode">simulator mode: synthetic data</span>'
      : '<span class="explorer-mode upstream">connected to the configured registers</span>';
  const config = {
    // Relative to the page at /graphql, so the explorer works behind a path prefix.
    endpoint: 'graphql',
    tokenEndpoint: options.devTokens ? 'dev/token' : null,
    exampleQuery: exampleQuery(options.exampleIds),
  };
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <link rel="icon" href="data:,">
  <title>Person subgraph – GraphQL explorer</title>
  <link rel="stylesheet" href="${href('graphiql.min.css')}">
  <link rel="stylesheet" href="${href('explorer.css')}">
</head>
<body>
  <header class="explorer-bar">
    <strong>Person subgraph</strong>
    ${modeLabel}
    ${tokenControls}
    <span id="explorer-token-status" class="explorer-status" role="status">No token: person fields answer UNAUTHENTICATED.</span>
  </header>
  <main id="graphiql">Loading the explorer…</main>
  <script type="application/json" id="explorer-config">${jsonForScript(config)}</script>
  <script src="${href('react.production.min.js')}"></script>
  <script src="${href('react-dom.production.min.js')}"></script>
  <script src="${href('graphiql.min.js')}"></script>
  <script src="${href('explorer.js')}"></script>
</body>
</html>
`;
}

/** Reads the assets (once) and returns the request handler. Throws when a package is missing. */
export async function createExplorer(options: ExplorerOptions): Promise<Explorer> {
  const assets = new Map<string, Asset>();
  for (const entry of PACKAGE_ASSETS) {
    const body = await readFile(join(packageDir(entry.pkg), entry.file));
    assets.set(entry.name, makeAsset(body, entry.type));
  }
  for (const [name, type] of OWN_ASSETS)
    assets.set(name, makeAsset(await readFile(new URL(name, OWN_ASSET_DIR)), type));
  const page = Buffer.from(renderPage(options, assets));

  function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
    const headers: Record<string, string> = {
      'content-type': asset.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      etag: asset.etag,
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzipOk = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (!gzipOk || asset.body.length < 1024) {
      res.writeHead(200, { ...headers, 'content-length': String(asset.body.length) });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    // Compressed on first use and kept: GraphiQL's bundle shrinks from 3.5 MB to about 0.8 MB.
    asset.gzipped ??= gzipAsync(asset.body);
    asset.gzipped
      .then((body) => {
        res.writeHead(200, {
          ...headers,
          'content-encoding': 'gzip',
          'content-length': String(body.length),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      .catch(() => {
        res.writeHead(200, { ...headers, 'content-length': String(asset.body.length) });
        res.end(req.method === 'HEAD' ? undefined : asset.body);
      });
  }

  return {
    handle(req, res, url) {
      const method = req.method ?? 'GET';
      if (url.pathname.startsWith(EXPLORER_ASSET_PATH)) {
        const asset = assets.get(url.pathname.slice(EXPLORER_ASSET_PATH.length));
        if (asset === undefined || (method !== 'GET' && method !== 'HEAD')) {
          res.writeHead(asset === undefined ? 404 : 405, {
            'content-type': 'application/json',
            'cache-control': 'no-store',
            ...(asset === undefined ? {} : { allow: 'GET, HEAD' }),
          });
          res.end(asset === undefined ? '{"error":"not found"}' : '{"error":"method not allowed"}');
          return true;
        }
        sendAsset(req, res, asset);
        return true;
      }
      if (url.pathname !== '/graphql' || method !== 'GET' || !prefersHtml(req.headers.accept))
        return false;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(page.length),
        'cache-control': 'no-store',
        'content-security-policy': EXPLORER_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      res.end(page);
      return true;
    },
  };
}
