/**
 * The real sync server in-process: buildServer over one in-memory PGlite (started once per file;
 * each run gets a fresh organisation), a fake clock the test moves, and pairing through /api/pair.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/app';
import { migrate } from '../../../src/server/storage/migrations';
import { openPglite, type PgliteDb } from '../../../src/server/storage/pglite-db';
import { createOrg, createPairCode } from '../../../src/server/tenancy';
import { CURRENT_SCHEMA_VERSION } from '../../../src/db/database';
import { createInjectTransport, type Injectable } from '../../../src/sync/transport';
import { pairDevice, type Pairing } from '../../../src/sync/pairing';

export const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);

export interface SimServer {
  db: PgliteDb;
  /** The running server process; `restart` replaces it. */
  app: FastifyInstance;
  /** What the tablets' transports call: always the running process. */
  link: Injectable;
  clock: { now: number };
  /** The server process dies and starts again on the same database (what it kept in memory is gone). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(): Promise<SimServer> {
  const db = await openPglite();
  await migrate(db);
  const clock = { now: T0 };
  const build = () => buildServer({ db, logger: false, now: () => clock.now, limits: { pairPerMinute: 100_000, authFailuresPerMinute: 100_000 } });
  const s: SimServer = {
    db, app: await build(), clock,
    link: { inject: (o) => s.app.inject(o) },
    restart: async () => { await s.app.close(); s.app = await build(); },
    close: async () => { await s.app.close(); await db.close(); },
  };
  return s;
}

export interface SimOrg {
  orgId: string;
  storeId: string;
  ownerId: string;
}

export async function newOrg(s: SimServer, name: string): Promise<SimOrg> {
  // A cheap owner PIN hash: the simulation makes an organisation per seed and never signs in.
  return createOrg(s.db, { name, ownerName: 'Owner', ownerPin: '1234', now: s.clock.now, pinIterations: 1000 });
}

export async function pair(s: SimServer, org: SimOrg, deviceName: string): Promise<Pairing> {
  const { code } = await createPairCode(s.db, org.storeId, s.clock.now);
  const t = createInjectTransport(s.link, { token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION });
  return pairDevice('http://sim', code, deviceName, t);
}
