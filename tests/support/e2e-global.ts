// Vitest global setup for the e2e suite: serves the production build in dist/ on a free loopback
// port and provides its address as `inject('baseUrl')` (and the build's folder as `inject('distDir')`).
// It runs the real server (src/server/main.ts: the PWA and the sync API on one port, embedded
// database in a temp dir), as `npm start` does; E2E_SERVER=static serves dist/ with the minimal
// static server instead (tests/support/static-server.ts), for debugging the app without the server.
// scripts/test-all.mjs builds first; a lone `npx vitest run --project e2e` builds only when dist/
// is missing (E2E_REBUILD=1 forces it). E2E_DIST=<dir> serves another, already built directory.
// The suite serves a copy of the build taken at the start, so a rebuild during the run cannot break it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startAppServer } from './app-server';
import type { RunningServer } from './app-server';
import { startStaticServer } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    distDir: string;
    /** The real server's DATA_DIR ('' with the static server), so a test can run scripts/admin.ts. */
    dataDir: string;
  }
}

function ensureBuild(distDir: string): void {
  if (existsSync(join(distDir, 'index.html')) && !process.env.E2E_REBUILD) return;
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0) throw new Error('e2e: `vite build` failed, so there is no app to test');
}

export default async function setup(project: TestProject) {
  const distDir = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(process.cwd(), 'dist');
  if (!process.env.E2E_DIST) ensureBuild(distDir);
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    throw new Error('e2e: Chromium is missing: run `bash scripts/setup-test.sh` (apt-get install chromium)');
  }
  // The run serves a snapshot: on a shared machine dist/ may be rebuilt while the suite runs.
  const snapshot = mkdtempSync(join(tmpdir(), 'regulars-e2e-dist-'));
  cpSync(distDir, snapshot, { recursive: true });
  const useStatic = process.env.E2E_SERVER === 'static' || !existsSync('src/server/main.ts');
  const server: RunningServer = useStatic ? await startStaticServer(snapshot) : await startAppServer(snapshot);
  project.provide('baseUrl', server.url);
  project.provide('distDir', snapshot);
  project.provide('dataDir', server.dataDir ?? '');
  return async () => {
    await server.close();
    rmSync(snapshot, { recursive: true, force: true });
  };
}
