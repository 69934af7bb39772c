// Lint rules; each non-default rule says why. Prettier owns formatting.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** A `no-restricted-imports` entry; a later block's entry replaces an earlier one for its files. */
const restrict = (...patterns) => ['error', { patterns }];
const CONFIG_ROOT_ONLY = {
  group: ['**/config/load-config.ts'],
  message: 'Only src/index.ts reads the environment; pass config slices as options.',
};
const AUTH_LAYER = {
  group: ['**/upstream/**', '**/graphql/**', '**/http/**'],
  message: 'auth must not depend on upstream, graphql or http.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'src/graphql/__generated__/**',
      'examples/frontend/src/gql/**',
      'bench/results/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // No `any`: use `unknown` and a parser at each trust boundary.
      '@typescript-eslint/no-explicit-any': 'error',
      // Unhandled promises lose errors and break graceful shutdown.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Exhaustive switches over unions (error codes, scopes).
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // `import type` keeps type-only imports erasable (Node runs the sources with type stripping).
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Only the composition root reads configuration; module boundaries below.
      'no-restricted-imports': restrict(CONFIG_ROOT_ONLY),
      // Async interface methods (Apollo plugin hooks, context factories) need not await.
      '@typescript-eslint/require-await': 'off',
      // Logs go through the injected logger (redaction); console only in CLI entry points.
      'no-console': 'error',
    },
  },
  {
    files: ['src/upstream/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(CONFIG_ROOT_ONLY, {
        group: ['**/graphql/**', '**/http/**'],
        message: 'upstream must not depend on graphql or http.',
      }),
    },
  },
  {
    files: ['src/auth/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(CONFIG_ROOT_ONLY, AUTH_LAYER) },
  },
  // Inside auth, imports run one way: token-sources.ts (wiring) → maskinporten/, nais/ → tokens/.
  // The providers never import each other or the wiring, and tokens/ imports no provider.
  {
    files: ['src/auth/tokens/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(CONFIG_ROOT_ONLY, AUTH_LAYER, {
        group: ['**/maskinporten/**', '**/nais/**', '**/caller/**', '**/token-sources.ts'],
        message: 'auth/tokens is shared by the token providers and imports none of them.',
      }),
    },
  },
  {
    files: ['src/auth/maskinporten/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(CONFIG_ROOT_ONLY, AUTH_LAYER, {
        group: ['**/nais/**', '**/caller/**', '**/token-sources.ts'],
        message: 'auth/maskinporten may import only auth/tokens from auth.',
      }),
    },
  },
  {
    files: ['src/auth/nais/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(CONFIG_ROOT_ONLY, AUTH_LAYER, {
        group: ['**/maskinporten/**', '**/caller/**', '**/token-sources.ts'],
        message: 'auth/nais may import only auth/tokens from auth.',
      }),
    },
  },
  {
    files: ['src/auth/caller/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(CONFIG_ROOT_ONLY, AUTH_LAYER, {
        group: ['**/maskinporten/**', '**/nais/**', '**/tokens/**', '**/token-sources.ts'],
        message: 'auth/caller verifies incoming tokens and shares nothing with the token sources.',
      }),
    },
  },
  // Any import cycle in the sources fails lint, including one inside a folder.
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver()],
      // Follow .ts imports (the default is JavaScript files only).
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: [
      'src/index.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'src/simulator/main.ts',
      'scripts/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off', 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests assert on parsed JSON responses, whose shape the assertions themselves check.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Browser code (src/http/explorer-assets/tsconfig.json gives it the DOM): tsc reports undefined
    // names there, knowing the UMD globals from globals.d.ts, which `no-undef` does not.
    files: ['src/http/explorer-assets/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
