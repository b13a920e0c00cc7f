/**
 * The real server as a shop runs it on its own network: `npm run make-cert` (scripts/make-cert.ts)
 * in a throwaway DATA_DIR, then src/server/main.ts listening on every interface with the certificate
 * it finds there: HTTPS on one port, the trust page on a plain-HTTP port. Ready when it has written
 * DATA_DIR/admin.json (after both listen).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ShopServer {
  httpsPort: number;
  httpPort: number;
  dataDir: string;
  /** The server certificate's public key as Chromium's --ignore-certificate-errors-spki-list wants it. */
  spki: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '0.0.0.0', () => ok()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

export async function startShopServer(distDir: string, certArgs: string[], timeoutMs = 60_000): Promise<ShopServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'regulars-e2e-tls-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/make-cert.ts', ...certArgs], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`make-cert failed: ${made.stderr}`);
  const cert = readFileSync(join(dataDir, 'tls', 'server.crt'));
  const spki = createHash('sha256').update(createPublicKey(cert).export({ type: 'spki', format: 'der' })).digest('base64');
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...env, PORT: String(httpsPort), HTTP_PORT: String(httpPort), HOST: '0.0.0.0', STATIC_DIR: distDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => { log = (log + b.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const until = Date.now() + timeoutMs;
  while (!existsSync(join(dataDir, 'admin.json'))) {
    if (child.exitCode !== null || Date.now() > until) {
      await close();
      throw new Error(`the HTTPS server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { httpsPort, httpPort, dataDir, spki, close };
}
