// Lint: typescript-eslint's recommended rules plus the layering rules from docs/architecture.md.
// Imports flow one way: domain <- db / sync <- app / features; the server sees only domain and the protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const platform = ['react', 'react-dom', 'react-dom/*', 'dexie', 'dexie-react-hooks', 'zustand', 'zustand/*',
  'idb-keyval', 'workbox-window', 'fastify', '@fastify/*', 'pg', '@electric-sql/*', 'virtual:*', 'node:*'];

const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'dev-dist/**', 'tmp/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'bench/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['scripts/**', 'bench/**/*.mjs', 'src/server/**', 'tests/**', '*.config.*'], languageOptions: { globals: { ...globals.node } } },
  { files: ['src/**', 'bench/**', 'tests/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['src/**/*.tsx', 'src/app/**/*.ts', 'src/features/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(['src/domain/**'], [...platform, '**/db/**', '**/sync/**', '**/server/**', '**/app/**', '**/features/**', '**/i18n/**'],
    'src/domain is pure: no UI, storage, network or platform imports (docs/architecture.md).'),
  layer(['src/db/**'], ['react', 'react-dom', 'zustand', '**/app/**', '**/features/**', '**/server/**', 'fastify', 'pg', '**/sync/*', '!**/sync/protocol'],
    'src/db may import only domain, storage libraries and the wire contract src/sync/protocol.ts (the sync engine imports db, never the other way).'),
  layer(['src/sync/**'], ['react', 'react-dom', '**/app/**', '**/features/**', '**/server/**', 'fastify', 'pg'],
    'src/sync may import only domain, db and its protocol.'),
  layer(['src/server/**'], ['react', 'react-dom', 'dexie', 'zustand', 'idb-keyval', '**/db/**', '**/app/**', '**/features/**'],
    'The server imports only src/domain and src/sync/protocol.ts.'),
  layer(['src/features/**'], ['**/server/**', 'fastify', 'pg'], 'Features run in the browser.'),
);
