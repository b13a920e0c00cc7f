/**
 * GET /api/setup (docs/operations.md SH5): a paired tablet whose browser cleared its database gets
 * back what the pairing answer gave it — the store, every staff member with PIN hash and role,
 * every programme version, the shop's settings (S24) — and the last outbox seq the server applied from it, so its next write
 * continues the sequence instead of being taken for a duplicate. Read in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../domain/records';
import type { DeviceSetup, ProgrammeVersion } from '../../sync/protocol';
import { ApiFailure } from '../errors';
import { listStaff } from '../tenancy';
import { currentShopSettings } from '../sync/shop-settings';
import type { RouteContext } from './context';

export function setupRoutes(app: FastifyInstance, c: RouteContext): void {
  app.get('/api/setup', async (req): Promise<DeviceSetup> => {
    const ctx = await c.device(req);
    return c.db.transaction(async (tx) => {
      const store = await tx.query<{ data: Store }>('SELECT data FROM stores WHERE org_id = $1 AND id = $2', [ctx.orgId, ctx.storeId]);
      const storeData = store[0]?.data;
      if (!storeData) throw new ApiFailure(404, 'not_found', 'This device\'s store no longer exists');
      const rows = await tx.query<{ version: number; config: Record<string, unknown>; created_at: number; created_by: string | null }>(
        'SELECT version, config, created_at, created_by FROM programmes WHERE org_id = $1 ORDER BY version', [ctx.orgId]);
      const programmes: ProgrammeVersion[] = rows.map((r) => ({ version: Number(r.version), config: r.config, createdAt: Number(r.created_at), createdBy: r.created_by }));
      const dev = await tx.query<{ last_seq: number | string }>('SELECT last_seq FROM devices WHERE org_id = $1 AND id = $2', [ctx.orgId, ctx.deviceId]);
      return { store: storeData, staff: await listStaff(tx, ctx.orgId), programmes, settings: await currentShopSettings(tx, ctx.orgId), lastSeq: Number(dev[0]?.last_seq ?? 0) };
    });
  });
}
