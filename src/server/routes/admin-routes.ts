/**
 * The loopback-only admin route, registered only when the server is given a secret (main.ts writes
 * it to DATA_DIR/admin.json, readable by the owner only). It lets scripts/admin.ts act on the
 * embedded database while the server holds it: PGlite allows one process per data directory.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/db';
import type { PgliteDb } from '../storage/pglite-db';
import { ApiFailure } from '../errors';
import { isAdminCommand, runAdmin, type AdminArgs } from '../admin-ops';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function adminRoutes(app: FastifyInstance, db: Db, secret: string, now: () => number): void {
  app.post<{ Params: { command: string } }>('/api/admin/:command', async (req, reply) => {
    const given = req.headers['x-admin-secret'];
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || typeof given !== 'string' || !same(given, secret)) {
      throw new ApiFailure(403, 'forbidden', 'The admin route answers only the admin tool on this machine');
    }
    const cmd = req.params.command;
    if (cmd === 'backup') {
      if (db.kind !== 'pglite') throw new ApiFailure(400, 'invalid_request', 'Back up PostgreSQL with pg_dump (docs/operations.md)');
      const blob = await (db as PgliteDb).dump();
      return reply.type('application/gzip').send(Buffer.from(await blob.arrayBuffer()));
    }
    if (!isAdminCommand(cmd)) throw new ApiFailure(404, 'not_found', `Unknown admin command ${cmd}`);
    try {
      return await runAdmin(db, cmd, (req.body ?? {}) as AdminArgs, now());
    } catch (e) {
      if (e instanceof ApiFailure) throw e;
      throw new ApiFailure(400, 'invalid_request', e instanceof Error ? e.message : String(e));
    }
  });
}
