/**
 * Bundles the benchmark page (bench/page) with Vite's build API into bench/.cache/page, so the
 * benchmark runs the same production-built code (src/db, src/domain) the till ships.
 */
import { resolve } from 'node:path';
import { build } from 'vite';

export const PAGE_OUT = resolve('bench/.cache/page');

export async function buildBenchPage(): Promise<string> {
  await build({
    configFile: false,
    root: resolve('bench/page'),
    logLevel: 'warn',
    build: { outDir: PAGE_OUT, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  });
  return PAGE_OUT;
}

export const SEED_SCRIPT = resolve('bench/.cache/seed/seed-app.js');

/** The script injected into the real app to fill its database (bench/page/seed-app.ts), as one IIFE file. */
export async function buildSeedScript(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: resolve('bench/.cache/seed'), emptyOutDir: true, target: 'es2022', reportCompressedSize: false,
      lib: { entry: resolve('bench/page/seed-app.ts'), formats: ['iife'], name: 'benchSeedBundle', fileName: () => 'seed-app.js' },
    },
  });
  return SEED_SCRIPT;
}
