/**
 * The server process: reads PORT (8080), DATA_DIR (./.data) and DATABASE_URL, migrates the
 * storage, serves the built PWA from dist/ and the API under /api on one port.
 */
import { resolve } from 'node:path';
import { buildServer } from './app';
import { openDb, storageConfigFromEnv } from './storage/open-db';

async function main(): Promise<void> {
  const cfg = storageConfigFromEnv();
  const db = await openDb(cfg);
  const app = await buildServer({
    db,
    staticDir: process.env.STATIC_DIR ?? resolve('dist'),
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
  });
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '0.0.0.0';
  let closing = false;
  const stop = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen({ port, host });
  app.log.info({ storage: db.kind, dataDir: cfg.databaseUrl ? undefined : resolve(cfg.dataDir) }, 'Regulars server ready');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
