/**
 * The server process: reads PORT (8080), DATA_DIR (./.data), DATABASE_URL and TRUST_PROXY, migrates the
 * storage, serves the built PWA from dist/ and the API under /api on one port. With the embedded
 * database it writes DATA_DIR/admin.json (mode 0600) so scripts/admin.ts can reach it while running.
 * With a certificate (tls.ts) it serves HTTPS on PORT (8443), the page that tells a tablet how to trust
 * the shop's CA on HTTP_PORT (8080; trust-page.ts), and the admin route on a loopback-only HTTP port.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { buildServer } from './app';
import { lanAddresses } from './local-cert';
import { tlsFromEnv } from './tls';
import { qrText, startTrustServer } from './trust-page';
import { openDb, storageConfigFromEnv } from './storage/open-db';

/** TRUST_PROXY: the proxies' addresses or CIDR ranges, comma-separated (docs/operations.md). */
function trustedProxies(value: string | undefined): string[] {
  return (value ?? '').split(',').map((a) => a.trim()).filter((a) => a.length > 0);
}

async function main(): Promise<void> {
  const cfg = storageConfigFromEnv();
  const tls = tlsFromEnv(process.env, cfg.dataDir);
  const db = await openDb(cfg);
  const adminSecret = db.kind === 'pglite' ? randomBytes(24).toString('base64url') : undefined;
  const app = await buildServer({
    db,
    staticDir: process.env.STATIC_DIR ?? resolve('dist'),
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    ...(adminSecret ? { adminSecret } : {}),
    trustProxy: trustedProxies(process.env.TRUST_PROXY),
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  });
  const port = Number(process.env.PORT ?? (tls ? 8443 : 8080));
  const httpPort = tls && process.env.HTTP_PORT !== 'off' ? Number(process.env.HTTP_PORT ?? 8080) : null;
  const sidecars: Server[] = [];
  const host = process.env.HOST ?? '0.0.0.0';
  const adminFile = join(cfg.dataDir, 'admin.json');
  let closing = false;
  const stop = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await app.close();
    await Promise.all(sidecars.map((sc) => new Promise((ok) => sc.close(ok))));
    await db.close();
    if (adminSecret) rmSync(adminFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen({ port, host });
  let adminPort = port;
  if (tls) {
    if (httpPort !== null) sidecars.push(await startTrustServer(httpPort, host, { httpsPort: port, caPem: tls.caPem }));
    if (adminSecret) {
      // scripts/admin.ts speaks plain HTTP to 127.0.0.1: the same app, on a port only this machine reaches.
      const local = createServer((req, res) => app.routing(req, res));
      await new Promise<void>((ok) => local.listen(0, '127.0.0.1', () => ok()));
      adminPort = (local.address() as AddressInfo).port;
      sidecars.push(local);
    }
  }
  if (adminSecret) writeFileSync(adminFile, JSON.stringify({ port: adminPort, secret: adminSecret, pid: process.pid }), { mode: 0o600 });
  app.log.info({ storage: db.kind, port, https: tls !== null, httpPort, certificateValidTo: tls?.validTo }, 'Regulars server ready');
  const lan = lanAddresses()[0];
  if (tls?.caPem && httpPort !== null && lan && process.stdout.isTTY) {
    const page = `http://${lan}${httpPort === 80 ? '' : `:${httpPort}`}/`;
    console.log(`\nOn each tablet, open ${page} (or scan this code) to trust the shop's certificate, then open the till:\n${qrText(page)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
