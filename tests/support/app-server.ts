/**
 * The real Regulars server (src/server/main.ts, as `npm start` runs it) for the e2e suite: the
 * built PWA and the sync API on one loopback port, with a throwaway embedded database directory, or
 * on a PostgreSQL given as `databaseUrl` (tests/support/postgres.ts starts one).
 * A server that does not come up is an error, never a silent fallback to something else.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  /** The server's DATA_DIR (embedded database and admin.json), for scripts/admin.ts in tests. */
  dataDir?: string;
  /** The PostgreSQL it runs on ('' or absent: the embedded database in dataDir). */
  databaseUrl?: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', () => ok()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output()}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url}/api/health within ${timeoutMs} ms:\n${output()}`);
}

export interface AppServerOptions {
  /** Run on this PostgreSQL (DATABASE_URL) instead of the embedded database in DATA_DIR. */
  databaseUrl?: string;
  timeoutMs?: number;
}

export async function startAppServer(distDir: string, opts: AppServerOptions = {}): Promise<RunningServer> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'regulars-e2e-data-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: distDir, LOG_LEVEL: 'warn', DATABASE_URL: opts.databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => { log = (log + b.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, timeoutMs, () => log);
  } catch (e) {
    await close();
    throw e;
  }
  return { url, dataDir, databaseUrl: opts.databaseUrl ?? '', close };
}
