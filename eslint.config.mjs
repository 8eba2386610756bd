// Lint rules for the whole repository (ESLint flat config + typescript-eslint). Formatting is Prettier's
// job (.prettierrc.json). The layer rules below are the short form of test/architecture.test.ts, which
// checks every import against an allow-list; here an editor shows the common mistakes as you type.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noTestHelpers = { group: ['**/test/**', '**/testing/**'], message: 'production code imports no test helpers' };
const noUpward = { group: ['**/functions/**', '**/scripts/**'], message: 'shared/ never imports functions/ or scripts/' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.siyu-data/',
      '.build/',
      '.esbuild/',
      '.esbuild-invoke/',
      '.serverless-test/',
      '.local/',
      '.serverless/',
      '.serverless-offline/',
      'bench/results/',
      'dist/',
      'coverage/',
      '**/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left out on purpose (e.g. a field dropped by destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read JSON answers by path (`body.items[0].status`); a wrong path fails the assertion that uses
    // it, so an open type costs nothing there. Production code stays without `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noUpward, noTestHelpers] }] },
  },
  {
    files: ['shared/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noUpward,
            noTestHelpers,
            { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*', 'node:*'], message: 'shared/domain is pure: no AWS, no I/O' },
            { group: ['../*/**', '!../domain/**', '!../events/time'], message: 'shared/domain imports only shared/domain (and pure libraries)' },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTestHelpers, { group: ['**/scripts/**'], message: 'functions/ never imports scripts/' }] }] },
  },
  prettier,
);
