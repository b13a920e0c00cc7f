/**
 * The owner's administration commands (scripts/admin.ts), run either directly on the storage or,
 * while a server holds the embedded database, through that server's loopback-only admin route.
 * Results carry ids and codes only, never personal data.
 */
import type { Db } from './storage/db';
import { addStaff, addStore, createOrg, createPairCode, revokeDevice } from './tenancy';

export type AdminArgs = Record<string, string | undefined>;
export type AdminResult = Record<string, unknown>;

function need(args: AdminArgs, key: string): string {
  const v = args[key];
  if (v === undefined || v.trim() === '') throw new Error(`--${key} is required`);
  return v;
}

export const ADMIN_COMMANDS = ['create-org', 'add-store', 'add-staff', 'pair-code', 'revoke-device', 'list-devices'] as const;
export type AdminCommand = (typeof ADMIN_COMMANDS)[number];

export function isAdminCommand(c: string): c is AdminCommand {
  return (ADMIN_COMMANDS as readonly string[]).includes(c);
}

export async function runAdmin(db: Db, cmd: AdminCommand, args: AdminArgs, now: number): Promise<AdminResult> {
  switch (cmd) {
    case 'create-org': {
      const r = await createOrg(db, {
        name: need(args, 'name'), ownerName: need(args, 'owner-name'), ownerPin: need(args, 'owner-pin'), now,
        store: { name: args['store-name'] ?? need(args, 'name'), ...(args['time-zone'] ? { timeZone: args['time-zone'] } : {}), ...(args.currency ? { currency: args.currency } : {}) },
      });
      return { orgId: r.orgId, storeId: r.storeId, ownerId: r.ownerId };
    }
    case 'add-store':
      return { storeId: await addStore(db, need(args, 'org'), { name: need(args, 'name'), ...(args['time-zone'] ? { timeZone: args['time-zone'] } : {}) }) };
    case 'add-staff': {
      const role = need(args, 'role');
      if (role !== 'cashier' && role !== 'manager' && role !== 'owner') throw new Error('--role is cashier, manager or owner');
      return { staffId: await addStaff(db, need(args, 'org'), { name: need(args, 'name'), role, pin: need(args, 'pin') }) };
    }
    case 'pair-code': {
      const r = await createPairCode(db, need(args, 'store'), now);
      return { code: r.code, expiresAt: new Date(r.expiresAt).toISOString() };
    }
    case 'revoke-device':
      return { revoked: await revokeDevice(db, need(args, 'device'), now) };
    case 'list-devices': {
      const rows = await db.query<{ id: string; store_id: string; name: string; created_at: number; revoked_at: number | null; last_seen: number | null }>(
        'SELECT id, store_id, name, created_at, revoked_at, last_seen FROM devices WHERE org_id = $1 ORDER BY created_at', [need(args, 'org')]);
      return { devices: rows };
    }
  }
}
