/** Redeeming points as cash off (docs/loyalty-spec.md R rules). */
import type { Cents, Points } from './money';
import { cents, points } from './money';
import type { Programme } from './programme';
import { mulDivFloor } from './alloc';

/** [R1] 100 points = ¥1 by default: value in cents = points × 100 / pointsPerUnit, rounded down. */
export function redeemValue(pts: number, programme: Programme): Cents {
  return cents(mulDivFloor(pts, 100, programme.redemption.pointsPerUnit));
}

/**
 * [R3][R4][R5] The most points redeemable now: no more than the balance, no more than the share
 * cap of what is payable, on the step, and zero when that is below the minimum.
 */
export function maxRedeemable(balance: number, payable: Cents, programme: Programme): Points {
  const r = programme.redemption;
  if (!r.enabled || balance <= 0 || payable <= 0) return points(0);
  const capValue = mulDivFloor(payable, r.maxSharePct, 100);
  const capPoints = mulDivFloor(capValue, r.pointsPerUnit, 100);
  const most = Math.min(balance, capPoints);
  const onStep = most - (most % r.stepPoints);
  return points(onStep >= r.minPoints ? onStep : 0);
}

/**
 * [R7] The per-sale points cap for a device whose last successful sync was at `lastSyncAt`
 * (null: never synced): null when no cap applies.
 */
export function unsyncedRedeemCap(programme: Programme, lastSyncAt: number | null, now: number): number | null {
  const u = programme.redemption.unsynced;
  if (!u) return null;
  if (lastSyncAt !== null && now - lastSyncAt < u.afterHours * 3_600_000) return null;
  return u.capPoints;
}

export type RedeemErrorCode =
  | 'redeem.offlineCap' | 'redeem.notWhole' | 'redeem.noMember' | 'redeem.disabled' | 'redeem.balance'
  | 'redeem.cap' | 'redeem.step' | 'redeem.minimum';

/** [R2]–[R5] Why a requested redemption is refused, or null when it is allowed. */
export function checkRedemption(pts: number, balance: number | null, payable: Cents, programme: Programme): RedeemErrorCode | null {
  if (!Number.isSafeInteger(pts) || pts < 0) return 'redeem.notWhole';
  if (pts === 0) return null;
  if (balance === null) return 'redeem.noMember';
  const r = programme.redemption;
  if (!r.enabled) return 'redeem.disabled';
  if (pts > balance) return 'redeem.balance';
  if (pts < r.minPoints) return 'redeem.minimum';
  if (pts % r.stepPoints !== 0) return 'redeem.step';
  if (redeemValue(pts, programme) > mulDivFloor(payable, r.maxSharePct, 100)) return 'redeem.cap';
  return null;
}
