/**
 * [S25] The owner manages staff on a paired shop through the server: a new PIN (someone forgot it),
 * a new role, deactivating someone who left or taking them back. The staff row is the server's, so
 * the change is written there, with its change-feed entry in the same transaction, and every tablet
 * pulls it (their sign-in and the server's manager checks then use the new PIN, role or state).
 * The last active owner can be neither demoted nor deactivated.
 */
import type { Role } from '../domain/records';
import type { StaffPublic } from '../sync/protocol';
import { json, type Db } from './storage/db';
import { appendChanges } from './sync/change-feed';
import { ApiFailure } from './errors';
import { hashPin, isValidPin } from './secrets';

const ROLES: readonly Role[] = ['cashier', 'manager', 'owner'];

export interface StaffPatch { role?: Role; active?: boolean; pin?: string }

/** [S25] A request body as a patch, or a 400 naming what is wrong. */
export function staffPatchOf(body: unknown): StaffPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiFailure(400, 'invalid_request', 'Send an object with role, active or pin');
  const b = body as Record<string, unknown>;
  const patch: StaffPatch = {};
  if (b.role !== undefined) {
    if (!ROLES.includes(b.role as Role)) throw new ApiFailure(400, 'invalid_request', 'role must be cashier, manager or owner');
    patch.role = b.role as Role;
  }
  if (b.active !== undefined) {
    if (typeof b.active !== 'boolean') throw new ApiFailure(400, 'invalid_request', 'active must be true or false');
    patch.active = b.active;
  }
  if (b.pin !== undefined) {
    if (typeof b.pin !== 'string' || !isValidPin(b.pin)) throw new ApiFailure(400, 'invalid_request', 'A PIN is 4 to 12 digits');
    patch.pin = b.pin;
  }
  if (Object.keys(patch).length === 0) throw new ApiFailure(400, 'invalid_request', 'Nothing to change: send role, active or pin');
  return patch;
}

/** [S25] Applies the patch to one staff member of the organisation; the updated row (public part). */
export async function updateStaff(db: Db, orgId: string, staffId: string, patch: StaffPatch): Promise<StaffPublic> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; data: StaffPublic }>('SELECT id, data FROM staff WHERE org_id = $1 FOR UPDATE', [orgId]);
    const current = rows.find((r) => r.id === staffId)?.data;
    if (!current) throw new ApiFailure(404, 'not_found', 'No such staff member in this organisation');
    const next: StaffPublic = {
      ...current,
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.pin ? hashPin(patch.pin) : {}),
    };
    const owners = rows.map((r) => (r.id === staffId ? next : r.data)).filter((s) => s.active && s.role === 'owner');
    if (owners.length === 0) throw new ApiFailure(409, 'mutation_conflict', 'The last owner can be neither demoted nor deactivated');
    await tx.query('UPDATE staff SET data = $3::jsonb WHERE org_id = $1 AND id = $2', [orgId, staffId, json(next)]);
    await appendChanges(tx, orgId, [{ entity: 'staff', id: staffId, data: next }]);
    return next;
  });
}
