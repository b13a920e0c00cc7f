/**
 * The real sync server (src/server/app.ts on an in-process PGlite) for the UI tests of a file, reached
 * through Fastify's inject: built before the first test, closed after the last. Rate limits are lifted
 * (the tests pair many tablets in a row); everything else is the server as it runs in a shop.
 */
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { migrate } from '../../src/server/storage/migrations';
import { openPglite, type PgliteDb } from '../../src/server/storage/pglite-db';
import { NOW } from './helpers';

export function syncServerForFile(): { readonly db: PgliteDb; readonly app: FastifyInstance } {
  let db: PgliteDb | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    app = await buildServer({ db, logger: false, now: () => NOW, limits: { pairPerMinute: 100_000, authFailuresPerMinute: 100_000 } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the sync server did not start for this file (see the beforeAll error)');
    return x;
  };
  return {
    get db() { return started(db); },
    get app() { return started(app); },
  };
}
