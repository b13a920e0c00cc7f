/**
 * The server process: reads PORT (8080), DATA_DIR (./.data), DATABASE_URL and TRUST_PROXY, migrates the
 * storage, serves the built PWA from dist/ and the API under /api on one port. With the embedded
 * database it writes DATA_DIR/admin.json (mode 0600) so scripts/admin.ts can reach it while running.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildServer } from './app';
import { openDb, storageConfigFromEnv } from './storage/open-db';

/** TRUST_PROXY: the proxies' addresses or CIDR ranges, comma-separated (docs/operations.md). */
function trustedProxies(value: string | undefined): string[] {
  return (value ?? '').split(',').map((a) => a.trim()).filter((a) => a.length > 0);
}

async function main(): Promise<void> {
  const cfg = storageConfigFromEnv();
  const db = await openDb(cfg);
  const adminSecret = db.kind === 'pglite' ? randomBytes(24).toString('base64url') : undefined;
  const app = await buildServer({
    db,
    staticDir: process.env.STATIC_DIR ?? resolve('dist'),
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    ...(adminSecret ? { adminSecret } : {}),
    trustProxy: trustedProxies(process.env.TRUST_PROXY),
  });
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '0.0.0.0';
  const adminFile = join(cfg.dataDir, 'admin.json');
  let closing = false;
  const stop = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await app.close();
    await db.close();
    if (adminSecret) rmSync(adminFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen({ port, host });
  if (adminSecret) writeFileSync(adminFile, JSON.stringify({ port, secret: adminSecret, pid: process.pid }), { mode: 0o600 });
  app.log.info({ storage: db.kind, port }, 'Regulars server ready');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
