/**
 * The owner's administration commands (scripts/admin.ts), run either directly on the storage or,
 * while a server holds the embedded database, through that server's loopback-only admin route.
 * Results carry ids and codes only, never personal data; list-staff alone names the staff, as the
 * owner needs the names to pick whose PIN, role or state to change (set-staff, sync-protocol S25).
 */
import type { Db } from './storage/db';
import type { DeviceInfo } from '../sync/protocol';
import { addStaff, addStore, createOrg, createPairCode, listDevices, listStaff, revokeDevice } from './tenancy';
import { staffPatchOf, updateStaff } from './staff-ops';

/** One line an owner reads: when the tablet was last seen and what it still held then (S21). */
function deviceLine(d: DeviceInfo): string {
  const iso = (t: number) => new Date(t).toISOString();
  const seen = d.lastSeen === null ? 'never seen' : `last seen ${iso(d.lastSeen)}, ${d.unsynced ?? 'unknown'} unsynced when last seen`;
  return d.revokedAt === null ? seen : `revoked ${iso(d.revokedAt)}; ${seen}`;
}

export type AdminArgs = Record<string, string | undefined>;
export type AdminResult = Record<string, unknown>;

function need(args: AdminArgs, key: string): string {
  const v = args[key];
  if (v === undefined || v.trim() === '') throw new Error(`--${key} is required`);
  return v;
}

export const ADMIN_COMMANDS = ['create-org', 'add-store', 'add-staff', 'list-staff', 'set-staff', 'pair-code', 'revoke-device', 'list-devices'] as const;
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
    case 'list-staff':
      return { staff: (await listStaff(db, need(args, 'org'))).map((s) => ({ id: s.id, name: s.name, role: s.role, active: s.active })) };
    case 'set-staff': {
      // S25: the same change as the owner's on the till, with the same checks (the last active owner stays).
      const { role, pin, active } = args;
      if (active !== undefined && active !== 'yes' && active !== 'no') throw new Error('--active is yes (take them back) or no (deactivate)');
      if (role === undefined && pin === undefined && active === undefined) throw new Error('Nothing to change: give --pin, --role or --active yes|no');
      if (role !== undefined && role !== 'cashier' && role !== 'manager' && role !== 'owner') throw new Error('--role is cashier, manager or owner');
      const patch = staffPatchOf({ role, pin, ...(active === undefined ? {} : { active: active === 'yes' }) });
      const s = await updateStaff(db, need(args, 'org'), need(args, 'staff'), patch);
      return { staffId: s.id, role: s.role, active: s.active, ...(pin === undefined ? {} : { pinChanged: true }) };
    }
    case 'pair-code': {
      const r = await createPairCode(db, need(args, 'store'), now);
      return { code: r.code, expiresAt: new Date(r.expiresAt).toISOString() };
    }
    case 'revoke-device': {
      // S21: the tablet hands over what it made before now, unless it is gone for good (--handover no: stolen).
      const h = args.handover;
      if (h !== undefined && h !== 'yes' && h !== 'no') throw new Error('--handover is yes (the default) or no');
      return { revoked: await revokeDevice(db, need(args, 'device'), now, { handover: h !== 'no' }) };
    }
    case 'list-devices': {
      const devices = await listDevices(db, need(args, 'org'));
      // The same fields as before (snake_case), and what it held unsynced when last seen, in words too.
      return {
        devices: devices.map((d) => ({
          id: d.id, store_id: d.storeId, name: d.name, created_at: d.pairedAt, revoked_at: d.revokedAt, last_seen: d.lastSeen,
          unsynced: d.unsynced, status: deviceLine(d),
        })),
      };
    }
  }
}
