// The explorer in a real browser: Debian's Chromium, headless, driven by playwright-core. Opens
// the page, gets a development token through the page's scope picker, runs the example query with
// GraphiQL's run button, sees person data in the result pane, and saves a screenshot. The page
// may talk to loopback only.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  startSubgraph,
  startTestSimulator,
  type Subgraph,
} from '../integration/support/stack.ts';

const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const IN_CI = process.env['CI'] === 'true';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
/** Under test-results/, which .gitignore lists. */
const SCREENSHOT = resolve('test-results', 'explorer.png');

if (!HAVE_CHROMIUM && !IN_CI) {
  console.log(
    `Skipping the browser test: no Chromium at ${CHROMIUM_PATH} (install it with ` +
      '`apt-get install -y chromium`, or set CHROMIUM_PATH).',
  );
}

function isLoopback(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:')
    return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

interface PersonResult {
  personidentifikator: string;
  kontaktregisterstatus: string | null;
  kanVarsles: boolean | null;
  reservasjon: { reservert: boolean } | null;
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('explorer in Chromium', () => {
  let sim: Simulator;
  let subgraph: Subgraph;
  let browser: Browser | undefined;
  let ids: string[];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(
        `CI=true and no Chromium at ${CHROMIUM_PATH}: .ci/run installs it (apt-get install -y chromium); set CHROMIUM_PATH if it lives elsewhere.`,
      );
    }
    sim = await startTestSimulator({ populationSize: 500 });
    const { cases } = sim.population;
    ids = [cases.bothChannels[0]!, cases.reserved[0]!, cases.mailbox[0]!];
    subgraph = await startSubgraph(sim, { devTokens: true, exampleIds: ids });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      timeout: 60_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await subgraph?.close();
    await sim?.close();
  });

  it('gets a token through the page, runs the example query and shows person data', async () => {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
    const requests: string[] = [];
    context.on('request', (request: Request) => requests.push(request.url()));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    const opened = await page.goto(subgraph.service.url, { waitUntil: 'load' });
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.locator('.graphiql-container').waitFor({ state: 'visible', timeout: 30_000 });
    // GraphiQL starts with the example query, which names the example persons.
    await expect
      .poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 20_000 })
      .toContain('personer(personidentifikatorer:');

    // A token with every scope, from the page's picker (POST /dev/token).
    const checked = page.locator('input[name=scope]:checked');
    expect(await checked.count()).toBe(ALL_CALLER_SCOPES.length);
    await page.locator('#explorer-get-token').click();
    await expect
      .poll(() => page.locator('#explorer-token-status').innerText(), { timeout: 15_000 })
      .toContain(`Token with ${ALL_CALLER_SCOPES.length} scopes`);

    // Run the example query with GraphiQL's run button; the request carries the token.
    const graphqlResponse = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' &&
        new URL(response.url()).pathname === '/graphql' &&
        (response.request().postData() ?? '').includes('Eksempel'),
      { timeout: 30_000 },
    );
    await page.locator('.graphiql-execute-button').click();
    const response = await graphqlResponse;
    expect(response.request().headers()['authorization']).toMatch(
      /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/,
    );
    const result = (await response.json()) as {
      data: { personer: PersonResult[] };
      errors?: { extensions?: { code?: string; side?: string } }[];
    };
    expect(result.data.personer.map((p) => p.personidentifikator)).toEqual(ids);
    // Exactly what the subgraph answers to the same persons directly (KRR data from the simulator).
    const direct = await subgraph.query(
      `query($ids: [ID!]!) { personer(personidentifikatorer: $ids) { personidentifikator kontaktregisterstatus kanVarsles reservasjon { reservert } } }`,
      { ids },
    );
    const expected = (direct.body.data as { personer: PersonResult[] }).personer;
    expect(
      result.data.personer.map(
        ({ personidentifikator, kontaktregisterstatus, kanVarsles, reservasjon }) => ({
          personidentifikator,
          kontaktregisterstatus,
          kanVarsles,
          reservasjon,
        }),
      ),
    ).toEqual(expected);
    expect(expected[0]!.kontaktregisterstatus).toBe('AKTIV');
    expect(expected[1]!.reservasjon).toEqual({ reservert: true });
    // With every caller scope the caller is neither unauthenticated nor denied anything.
    const errors = result.errors ?? [];
    expect(errors.filter((e) => e.extensions?.code === 'UNAUTHENTICATED')).toEqual([]);
    expect(errors.filter((e) => e.extensions?.side === 'caller')).toEqual([]);

    // The result pane shows the person data, data first (CodeMirror renders only the lines in
    // view, so the check is on the first person).
    const pane = page.locator('.graphiql-response');
    await expect
      .poll(() => pane.innerText(), { timeout: 20_000 })
      .toContain('"kontaktregisterstatus": "AKTIV"');
    const paneText = await pane.innerText();
    expect(paneText.trimStart()).toMatch(/^\{\s*"data"/);
    expect(paneText).toContain(`"personidentifikator": "${ids[0]!}"`);
    expect(paneText).toContain('"kanVarsles": true');

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`Explorer screenshot: ${SCREENSHOT}`);

    // Everything the page loaded or sent stayed on loopback, and nothing broke (CSP included).
    expect(requests.length).toBeGreaterThan(6);
    expect(requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
