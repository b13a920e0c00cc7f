/** Opens the storage the environment asks for: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';
import { openPglite } from './pglite-db';
import { openPostgres } from './pg-db';
import { migrate } from './migrations';

export interface StorageConfig {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export function storageConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || './.data' };
}

export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

export async function openDb(cfg: StorageConfig): Promise<Db> {
  let db: Db;
  if (cfg.databaseUrl) {
    db = openPostgres(cfg.databaseUrl);
  } else {
    mkdirSync(cfg.dataDir, { recursive: true });
    db = await openPglite(pgliteDir(cfg.dataDir));
  }
  await migrate(db);
  return db;
}
