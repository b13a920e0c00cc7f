/**
 * PIN checks against the stored staff records, with the lock-out counters saved after every try
 * (so closing the page does not reset them). A locked staff member is refused without hashing.
 */
import type { Repositories } from '../db/repositories';
import type { Role, Staff } from '../domain/records';
import { AFTER_SUCCESS, MAX_FAILURES, afterFailure, isLocked, verifyPin } from './pin';
import { hasRole } from './session-store';

export type PinCheck =
  | { ok: true; staff: Staff }
  | { ok: false; reason: 'wrong'; left: number }
  | { ok: false; reason: 'locked'; until: number }
  | { ok: false; reason: 'role' }
  | { ok: false; reason: 'unknown' };

export async function checkStaffPin(repos: Repositories, staffId: string, pin: string, now: number, needed: Role = 'cashier'): Promise<PinCheck> {
  const staff = await repos.staff.get(staffId);
  if (!staff || !staff.active) return { ok: false, reason: 'unknown' };
  if (isLocked(staff, now) && staff.lockedUntil !== null) return { ok: false, reason: 'locked', until: staff.lockedUntil };
  const good = await verifyPin(pin, staff);
  if (!good) {
    const next = afterFailure(staff, now);
    await repos.staff.put({ ...staff, ...next });
    if (next.lockedUntil !== null) return { ok: false, reason: 'locked', until: next.lockedUntil };
    return { ok: false, reason: 'wrong', left: MAX_FAILURES - next.failedAttempts };
  }
  const fresh = { ...staff, ...AFTER_SUCCESS };
  if (staff.failedAttempts !== 0 || staff.lockedUntil !== null) await repos.staff.put(fresh);
  if (!hasRole(staff.role, needed)) return { ok: false, reason: 'role' };
  return { ok: true, staff: fresh };
}
