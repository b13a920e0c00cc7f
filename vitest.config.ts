import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Four suites, one runner. scripts/test-all.mjs runs them all and prints the one summary line CI reads.
//  unit   – pure domain, Dexie repositories (fake-indexeddb), sync engine and simulation: node
//  ui     – React screens with @testing-library/react: jsdom + fake-indexeddb
//  server – the sync server against PGlite and a real PostgreSQL 15 started by tests/support
//  e2e    – the built PWA in Debian's Chromium through playwright-core
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/{domain,db,sync,backup,docs}/**/*.test.ts'], setupFiles: ['tests/support/setup-unit.ts'] },
      },
      {
        extends: true,
        test: { name: 'ui', environment: 'jsdom', include: ['tests/ui/**/*.test.{ts,tsx}'], setupFiles: ['tests/support/setup-ui.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'server', environment: 'node', include: ['tests/server/**/*.test.ts'],
          globalSetup: ['tests/support/postgres-global.ts'], testTimeout: 30_000, hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/e2e-global.ts'], testTimeout: 120_000, hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
