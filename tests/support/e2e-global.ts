// Vitest global setup for the e2e suite: serves the production build in dist/ on a free loopback
// port and provides its address as `inject('baseUrl')`. scripts/test-all.mjs builds first; a lone
// `npx vitest run --project e2e` builds only when dist/ is missing (set E2E_REBUILD=1 to force).
// E2E_DIST=<dir> serves another, already built directory instead (debugging the harness).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    distDir: string;
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
    throw new Error('e2e: Chromium is missing: run `bash scripts/setup.sh` (apt-get install chromium)');
  }
  const server = await startStaticServer(distDir);
  project.provide('baseUrl', server.url);
  project.provide('distDir', distDir);
  return async () => server.close();
}
