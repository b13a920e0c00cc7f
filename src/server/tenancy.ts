/**
 * Organisations, stores, staff, devices and pairing. Guarantees:
 *  - A pairing code is single-use and expires (S13); only its sha256 is stored.
 *  - A device token is returned once; only its sha256 is stored; a revoked device is refused with
 *    `device_revoked` (S14).
 *  - Every row carries its org_id; a device only ever sees its own organisation (S1).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Role, Store } from '../domain/records';
import type { DeviceInfo, PairResponse, ProgrammeVersion, StaffPublic } from '../sync/protocol';
import { json, type Db, type Queryable } from './storage/db';
import { appendChanges, currentCursor } from './sync/change-feed';
import { hashPin, isValidPin, newPairCode, newToken, normalisePairCode, sha256 } from './secrets';
import { ApiFailure } from './errors';
import type { DeviceContext } from './device-context';
import { currentShopSettings } from './sync/shop-settings';

export const PAIR_CODE_TTL_MS = 15 * 60 * 1000;

export type { DeviceContext } from './device-context';

/** S21: how long a revoked tablet may still hand over what it made before the revocation. */
export const HANDOVER_MS = 30 * 24 * 60 * 60 * 1000;

export interface StoreInput {
  name: string;
  currency?: string;
  timeZone?: string;
  locale?: string;
  country?: string;
}

function storeRecord(id: string, s: StoreInput): Store {
  return {
    id, name: s.name, currency: s.currency ?? 'CNY', timeZone: s.timeZone ?? 'Asia/Shanghai',
    locale: s.locale ?? 'zh-CN', country: s.country ?? 'CN',
  };
}

export async function addStore(db: Db, orgId: string, input: StoreInput): Promise<string> {
  const id = uuidv7();
  const n = await db.query('INSERT INTO stores (org_id, id, data) SELECT id, $2, $3::jsonb FROM orgs WHERE id = $1 RETURNING id',
    [orgId, id, json(storeRecord(id, input))]);
  if (n.length === 0) throw new Error(`No organisation ${orgId}`);
  return id;
}

/** `pinIterations`: PBKDF2 rounds, the production default unless a test or the simulation wants them cheap. */
export async function addStaff(db: Db, orgId: string, s: { name: string; role: Role; pin: string; pinIterations?: number }): Promise<string> {
  if (!isValidPin(s.pin)) throw new Error('A PIN is 4 to 12 digits');
  const id = uuidv7();
  const staff: StaffPublic = { id, name: s.name, role: s.role, ...hashPin(s.pin, undefined, s.pinIterations), active: true };
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO staff (org_id, id, data) VALUES ($1, $2, $3::jsonb)', [orgId, id, json(staff)]);
    await appendChanges(tx, orgId, [{ entity: 'staff', id, data: staff }]);
  });
  return id;
}

export async function createOrg(db: Db, input: { name: string; ownerName: string; ownerPin: string; store?: StoreInput; now: number; pinIterations?: number }):
Promise<{ orgId: string; storeId: string; ownerId: string }> {
  if (!input.name.trim()) throw new Error('An organisation needs a name');
  if (!input.ownerName.trim()) throw new Error('The owner needs a name');
  if (!isValidPin(input.ownerPin)) throw new Error('The owner PIN must be 4 to 12 digits');
  const orgId = uuidv7();
  await db.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', [orgId, input.name, input.now]);
  const storeId = await addStore(db, orgId, input.store ?? { name: input.name });
  const ownerId = await addStaff(db, orgId, { name: input.ownerName, role: 'owner', pin: input.ownerPin, ...(input.pinIterations ? { pinIterations: input.pinIterations } : {}) });
  return { orgId, storeId, ownerId };
}

export async function createPairCode(db: Db, storeId: string, now: number, ttlMs = PAIR_CODE_TTL_MS): Promise<{ code: string; expiresAt: number; orgId: string }> {
  const store = await db.query<{ org_id: string }>('SELECT org_id FROM stores WHERE id = $1', [storeId]);
  const orgId = store[0]?.org_id;
  if (!orgId) throw new Error(`No store ${storeId}`);
  const code = newPairCode();
  const expiresAt = now + ttlMs;
  await db.query('INSERT INTO pair_codes (code_hash, org_id, store_id, expires_at) VALUES ($1, $2, $3, $4)',
    [sha256(code), orgId, storeId, expiresAt]);
  return { code, expiresAt, orgId };
}

/**
 * S14, S21: from `now` the device may no longer read anything; it may still push what it made before
 * `now` for HANDOVER_MS (none at all with `handover: false`, a stolen tablet).
 */
export async function revokeDevice(db: Db, deviceId: string, now: number, opts: { handover?: boolean } = {}): Promise<boolean> {
  const until = opts.handover === false ? now : now + HANDOVER_MS;
  const r = await db.query('UPDATE devices SET revoked_at = $2, handover_until = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [deviceId, now, until]);
  return r.length > 0;
}

/** S21: the organisation's devices, oldest first, with what each held unsynced when last seen. */
export async function listDevices(q: Queryable, orgId: string): Promise<DeviceInfo[]> {
  const rows = await q.query<{ id: string; store_id: string; name: string; created_at: number; revoked_at: number | null; last_seen: number | null; unsynced: number | null }>(
    'SELECT id, store_id, name, created_at, revoked_at, last_seen, unsynced FROM devices WHERE org_id = $1 ORDER BY created_at, id', [orgId]);
  return rows.map((r) => ({ id: r.id, name: r.name, storeId: r.store_id, pairedAt: r.created_at, lastSeen: r.last_seen, unsynced: r.unsynced, revokedAt: r.revoked_at }));
}

export async function listStaff(q: Queryable, orgId: string): Promise<StaffPublic[]> {
  const rows = await q.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 ORDER BY id', [orgId]);
  return rows.map((r) => r.data);
}

export async function currentProgramme(q: Queryable, orgId: string): Promise<ProgrammeVersion | null> {
  const rows = await q.query<{ version: number; config: Record<string, unknown>; created_at: number; created_by: string | null }>(
    'SELECT version, config, created_at, created_by FROM programmes WHERE org_id = $1 ORDER BY version DESC LIMIT 1', [orgId]);
  const r = rows[0];
  return r ? { version: r.version, config: r.config, createdAt: r.created_at, createdBy: r.created_by } : null;
}

export async function pairDevice(db: Db, input: { code: string; deviceName: string; now: number }): Promise<PairResponse> {
  const codeHash = sha256(normalisePairCode(input.code));
  return db.transaction(async (tx) => {
    // FOR UPDATE: two tablets racing with one code cannot both win.
    const rows = await tx.query<{ org_id: string; store_id: string; expires_at: number; used_at: number | null }>(
      'SELECT org_id, store_id, expires_at, used_at FROM pair_codes WHERE code_hash = $1 FOR UPDATE', [codeHash]);
    const pc = rows[0];
    if (!pc || pc.used_at !== null || pc.expires_at < input.now) {
      throw new ApiFailure(400, 'pair_code_invalid', 'This pairing code is unknown, already used or expired: ask the owner for a new one');
    }
    const deviceId = uuidv7();
    const token = newToken();
    await tx.query('UPDATE pair_codes SET used_at = $2, device_id = $3 WHERE code_hash = $1', [codeHash, input.now, deviceId]);
    await tx.query('INSERT INTO devices (org_id, id, store_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [pc.org_id, deviceId, pc.store_id, input.deviceName, sha256(token), input.now]);
    const store = await tx.query<{ data: Store }>('SELECT data FROM stores WHERE org_id = $1 AND id = $2', [pc.org_id, pc.store_id]);
    const storeData = store[0]?.data;
    if (!storeData) throw new Error('pairing code points at a missing store');
    return {
      deviceId, token, orgId: pc.org_id, storeId: pc.store_id, store: storeData,
      staff: await listStaff(tx, pc.org_id),
      programme: await currentProgramme(tx, pc.org_id),
      settings: await currentShopSettings(tx, pc.org_id),
      cursor: String(await currentCursor(tx, pc.org_id)),
    };
  });
}

/** `handover` (push only, S21): a revoked device within its handover window is let in, marked `revokedAt`. */
export async function authenticate(db: Db, token: string, opts: { handover?: boolean; now?: number } = {}): Promise<DeviceContext> {
  const rows = await db.query<{ org_id: string; id: string; store_id: string; revoked_at: number | null; handover_until: number | null }>(
    'SELECT org_id, id, store_id, revoked_at, handover_until FROM devices WHERE token_hash = $1', [sha256(token)]);
  const d = rows[0];
  if (!d) throw new ApiFailure(401, 'unauthorized', 'Unknown device token: pair this device again');
  const ctx: DeviceContext = { orgId: d.org_id, deviceId: d.id, storeId: d.store_id };
  if (d.revoked_at === null) return ctx;
  // A device revoked before S21 has no handover window: it hands over nothing.
  if (opts.handover && opts.now !== undefined && d.handover_until !== null && opts.now < d.handover_until) return { ...ctx, revokedAt: d.revoked_at };
  throw new ApiFailure(401, 'device_revoked', 'This device was revoked by the owner; its local data must be erased');
}
