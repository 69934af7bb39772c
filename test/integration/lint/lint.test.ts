// What `npm run lint` must refuse, checked with the real ESLint configuration on real source
// files with one line added: an import cycle (and a cross-import inside src/auth), and unsafe
// code in the explorer's browser script, which is linted with type information like the rest.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `file` (relative to the root) with `extra` appended. */
async function ruleIdsFor(file: string, extra: string): Promise<string[]> {
  const source = await readFile(new URL(file, `file://${root}`), 'utf8');
  const [result] = await eslint.lintText(`${source}${extra}`, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('import cycles fail lint', () => {
  it('lints the unchanged files clean (control)', async () => {
    expect(await ruleIdsFor('src/auth/tokens/token-cache.ts', '')).toEqual([]);
    expect(await ruleIdsFor('src/auth/tokens/maskinporten-error.ts', '')).toEqual([]);
  });

  it('refuses the shared token module importing a provider (the old auth cycle)', async () => {
    const ids = await ruleIdsFor(
      'src/auth/tokens/token-cache.ts',
      "export { MaskinportenTokenProvider as _P } from '../maskinporten/index.ts';\n",
    );
    expect(ids).toContain('import-x/no-cycle');
    expect(ids).toContain('no-restricted-imports');
  });

  it('refuses a provider importing the other provider', async () => {
    const ids = await ruleIdsFor(
      'src/auth/nais/token-service-provider.ts',
      "export { MaskinportenTokenProvider as _P } from '../maskinporten/index.ts';\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });

  it('refuses a cycle between two files of one folder', async () => {
    // token-client.ts imports maskinporten-error.ts; the reverse import closes a cycle.
    const ids = await ruleIdsFor(
      'src/auth/tokens/maskinporten-error.ts',
      "export { requestToken as _r } from './token-client.ts';\n",
    );
    expect(ids).toEqual(['import-x/no-cycle']);
  });
});

describe("the explorer's browser script", () => {
  const FILE = 'src/http/explorer-assets/explorer.js';

  it('lints clean as it is (control)', async () => {
    expect(await ruleIdsFor(FILE, '')).toEqual([]);
  });

  it('is linted with type information', async () => {
    const ids = await ruleIdsFor(FILE, "const leaked = JSON.parse('{}');\nvoid leaked;\n");
    expect(ids).toContain('@typescript-eslint/no-unsafe-assignment');
  });
});
