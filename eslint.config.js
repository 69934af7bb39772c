// Lint rules; each non-default rule says why. Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'src/graphql/__generated__/**',
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
      // Only the composition root reads configuration; module boundaries per style.md §2.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/config/load-config.ts'],
              message: 'Only src/index.ts reads the environment; pass config slices as options.',
            },
          ],
        },
      ],
      // Async interface methods (Apollo plugin hooks, context factories) need not await.
      '@typescript-eslint/require-await': 'off',
      // Logs go through the injected logger (redaction); console only in CLI entry points.
      'no-console': 'error',
    },
  },
  {
    files: ['src/upstream/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/graphql/**', '**/http/**'],
              message: 'upstream must not depend on graphql or http.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/upstream/**', '**/graphql/**', '**/http/**'],
              message: 'auth must not depend on upstream, graphql or http.',
            },
          ],
        },
      ],
    },
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
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
