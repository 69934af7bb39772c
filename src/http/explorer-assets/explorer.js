// The explorer page's own script: the development token picker and GraphiQL's fetcher. Served
// as-is by src/http/explorer.ts (script-src 'self', no inline script); plain JavaScript with JSDoc
// types, checked by tsc and ESLint through this folder's tsconfig.json (browser globals: DOM and
// the UMD builds declared in globals.d.ts).
'use strict';

/**
 * What the page passes in its `explorer-config` JSON element.
 * @typedef {{ endpoint: string, tokenEndpoint: string | null, exampleQuery: string }} ExplorerConfig
 */

(() => {
  /** @param {string} id */
  const element = (id) => document.getElementById(id);
  /**
   * JSON.parse typed as unknown: each caller says what it expects.
   * @param {string} text
   * @returns {unknown}
   */
  const parseJson = (text) => JSON.parse(text);

  const config = /** @type {ExplorerConfig} */ (
    parseJson(element('explorer-config')?.textContent ?? '{}')
  );
  const statusEl = element('explorer-token-status');
  const button = /** @type {HTMLButtonElement | null} */ (element('explorer-get-token'));
  const pasted = /** @type {HTMLInputElement | null} */ (element('explorer-token-input'));
  /** @type {string | null} */
  let token = null;

  /**
   * @param {string} text
   * @param {'ok' | 'error'} [kind]
   */
  const setStatus = (text, kind) => {
    if (statusEl === null) return;
    statusEl.textContent = text;
    statusEl.className = 'explorer-status' + (kind ? ' ' + kind : '');
  };

  /**
   * A line about a token: how many scopes, valid until when. The token is read, not verified.
   * @param {string} jwt
   */
  const describe = (jwt) => {
    try {
      const part = jwt.split('.')[1] ?? '';
      const payload = /** @type {{ scope?: unknown, scp?: unknown, exp?: unknown }} */ (
        parseJson(atob(part.replace(/-/g, '+').replace(/_/g, '/')))
      );
      const scopes =
        typeof payload.scope === 'string'
          ? payload.scope.split(' ').filter(Boolean)
          : Array.isArray(payload.scp)
            ? payload.scp
            : [];
      const until =
        typeof payload.exp === 'number'
          ? ', valid until ' + new Date(payload.exp * 1000).toLocaleTimeString()
          : '';
      return (
        'Token with ' +
        scopes.length +
        ' scope' +
        (scopes.length === 1 ? '' : 's') +
        until +
        ' (sent as Authorization: Bearer …)'
      );
    } catch {
      return 'Token set (sent as Authorization: Bearer …)';
    }
  };

  const tokenEndpoint = config.tokenEndpoint;
  if (button !== null && tokenEndpoint !== null) {
    button.addEventListener('click', () => {
      const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (
        document.querySelectorAll('input[name=scope]:checked')
      );
      const scopes = [...boxes].map((box) => box.value);
      button.disabled = true;
      setStatus('Getting a token…');
      fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ scopes }),
        credentials: 'omit',
        cache: 'no-store',
      })
        .then(async (response) => {
          const body = /** @type {{ access_token?: unknown }} */ (parseJson(await response.text()));
          if (!response.ok || typeof body.access_token !== 'string')
            throw new Error(String(response.status));
          token = body.access_token;
          if (pasted !== null) pasted.value = '';
          setStatus(describe(token), 'ok');
        })
        .catch((/** @type {unknown} */ error) => {
          const reason = error instanceof Error ? error.message : 'error';
          setStatus('Could not get a token (' + reason + ')', 'error');
        })
        .finally(() => {
          button.disabled = false;
        });
    });
  }
  if (pasted !== null) {
    pasted.addEventListener('input', () => {
      const value = pasted.value.trim().replace(/^Bearer\s+/i, '');
      token = value === '' ? null : value;
      if (token === null) setStatus('No token: person fields answer UNAUTHENTICATED.');
      else setStatus(describe(token), 'ok');
    });
  }

  /**
   * GraphiQL's fetcher: the token goes into the request headers unless the headers editor sets
   * its own Authorization.
   * @param {unknown} params
   * @param {{ headers?: Record<string, unknown> } | undefined} options
   * @returns {Promise<Record<string, unknown>>}
   */
  const fetcher = async (params, options) => {
    /** @type {Record<string, string>} */
    const headers = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    };
    for (const [key, value] of Object.entries(options?.headers ?? {})) {
      headers[key.toLowerCase()] = String(value);
    }
    if (token !== null && headers['authorization'] === undefined)
      headers['authorization'] = 'Bearer ' + token;
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(params),
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    try {
      // Data first, errors after it: the result pane then opens on the persons.
      const { data, errors, ...rest } = /** @type {Record<string, unknown>} */ (parseJson(text));
      return {
        ...(data === undefined ? {} : { data }),
        ...(errors === undefined ? {} : { errors }),
        ...rest,
      };
    } catch {
      return {
        errors: [
          { message: 'HTTP ' + response.status + ': the answer is not a GraphQL response.' },
        ],
      };
    }
  };

  const container = element('graphiql');
  if (container === null) return;
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: config.exampleQuery,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: false,
    }),
  );
})();
