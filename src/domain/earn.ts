/** Earning points (docs/loyalty-spec.md E rules). */
import type { Cents, Points } from './money';
import { points } from './money';
import type { Programme, Promotion } from './programme';
import type { Id, LedgerEntry, LocalDate, Role } from './records';
import type { EntryContext } from './ledger';
import { expiresOnFor, makeEntry } from './ledger';
import { mulDivFloor } from './alloc';
import { weekday } from './time';

/** [E2] A line earns unless it is marked noEarn or its product or category is excluded. */
export function earnsPoints(line: { productId: string | null; category: string; noEarn: boolean }, programme: Programme): boolean {
  if (line.noEarn) return false;
  if (line.productId !== null && programme.earn.noEarnProducts.includes(line.productId)) return false;
  return !programme.earn.noEarnCategories.includes(line.category);
}

/** True when a dated event (from/to inclusive, weekdays or every day) runs on `date`. */
export function runsOn(e: { from: LocalDate | null; to: LocalDate | null; weekdays: number[] }, date: LocalDate): boolean {
  if (e.from !== null && date < e.from) return false;
  if (e.to !== null && date > e.to) return false;
  return e.weekdays.length === 0 || e.weekdays.includes(weekday(date));
}

/** [E4] The promotion in force on a date with the highest multiplier (promotions do not multiply together). */
export function activePromotion(date: LocalDate, programme: Programme): Promotion | null {
  let best: Promotion | null = null;
  for (const p of programme.earn.promotions) {
    if (!runsOn(p, date)) continue;
    if (!best || p.multiplierPct > best.multiplierPct) best = p;
  }
  return best;
}

/**
 * [E1][E3][E4] Points for an eligible amount: amount in whole currency units (or spend units) × rate × tier
 * multiplier × promotion multiplier, rounded down once for the whole order (rule: floor).
 */
export function earnFor(eligible: Cents, programme: Programme, tierMultiplierPct: number, promoMultiplierPct: number): Points {
  if (eligible <= 0) return points(0);
  const numerator = programme.earn.pointsPerUnit * tierMultiplierPct * promoMultiplierPct;
  return points(mulDivFloor(eligible, numerator, (programme.earn.spendUnit ?? 100) * 100 * 100));
}

/** [B6] The referrer's reward: percent of what the referred member paid, in points at the redemption value (1% of ¥100 = ¥1 = 100 points). */
export function referralPointsFor(paid: Cents, programme: Programme): Points {
  const r = programme.benefits.referral;
  if (!r.enabled || paid <= 0) return points(0);
  return points(mulDivFloor(paid, r.percent * programme.redemption.pointsPerUnit, 100 * 100));
}

export type BonusError = 'bonus.reason' | 'bonus.zero' | 'bonus.tooLarge' | 'bonus.notWhole';

/** [E5] Points granted by hand need a reason and stay within the programme's limit. */
/**
 * [E7] The most points (either way) a staff member of `role` may give or take by hand in one entry:
 * a cashier none, a manager or the owner the programme's largest manual bonus. The till asks for a
 * manager's PIN; the server re-checks the named person's role and this limit when the entry syncs.
 */
export function manualLimit(role: Role, programme: Programme): number {
  return role === 'cashier' ? 0 : programme.bonus.manualMax;
}

export function checkManualBonus(pts: number, reason: string, programme: Programme): BonusError | null {
  if (!Number.isSafeInteger(pts)) return 'bonus.notWhole';
  if (pts === 0) return 'bonus.zero';
  if (Math.abs(pts) > programme.bonus.manualMax) return 'bonus.tooLarge';
  if (reason.trim() === '') return 'bonus.reason';
  return null;
}

/**
 * [E5] The ledger entry for a bonus: 'enroll' and 'review' give the programme's amount (none when
 * it is zero); 'manual' gives `pts` (positive or negative) with a required reason, as an adjustment.
 */
export function bonusEntry(memberId: Id, kind: 'enroll' | 'review' | 'manual', ctx: EntryContext & { today: LocalDate; programme: Programme },
  manual?: { points: number; reason: string }): { ok: true; entry: LedgerEntry | null } | { ok: false; code: BonusError } {
  const p = ctx.programme;
  if (kind !== 'manual') {
    const pts = kind === 'enroll' ? p.bonus.enroll : p.bonus.review;
    return { ok: true, entry: pts > 0 ? makeEntry(memberId, 'bonus', pts, kind, null, expiresOnFor(ctx.today, p), ctx) : null };
  }
  const pts = manual?.points ?? 0;
  const reason = manual?.reason ?? '';
  const err = checkManualBonus(pts, reason, p);
  if (err) return { ok: false, code: err };
  return { ok: true, entry: makeEntry(memberId, 'adjustment', pts, 'manual', null, expiresOnFor(ctx.today, p), ctx, reason.trim()) };
}
