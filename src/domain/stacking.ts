/**
 * How order discounts combine (docs/loyalty-spec.md K rules). Money and points are kept apart:
 * by default only the best single order discount applies (tier OR a coupon, not both); the owner
 * may choose to stack them. Points redemption always comes after, on what is left.
 */
import type { Cents } from './money';
import { cents } from './money';
import type { Programme } from './programme';
import type { QuoteDiscount, Reason } from './quote-types';
import { mulDivFloor } from './alloc';

export interface DiscountCandidate {
  rule: string;
  percentOff: number | null;
  amountOff: Cents | null;
  reason: Reason;
}

export interface StackResult {
  applied: QuoteDiscount[];
  notApplied: Array<{ rule: string; reason: Reason }>;
}

function amountOn(c: DiscountCandidate, base: number): number {
  if (base <= 0) return 0;
  if (c.percentOff !== null) return mulDivFloor(base, c.percentOff, 100);
  return Math.min(c.amountOff ?? 0, base);
}

/**
 * [K1] best-single: the candidate worth most on `base` applies (the first listed wins a tie);
 * [K2] stack: percentages apply one after another on what is left, then fixed amounts;
 * [K3] never more than `base` in total.
 */
export function combineDiscounts(candidates: readonly DiscountCandidate[], base: Cents, programme: Programme): StackResult {
  const applied: QuoteDiscount[] = [];
  const notApplied: StackResult['notApplied'] = [];
  if (programme.stacking.mode === 'best-single') {
    let best: { c: DiscountCandidate; amount: number } | null = null;
    for (const c of candidates) {
      const amount = amountOn(c, base);
      if (!best || amount > best.amount) best = { c, amount };
    }
    for (const c of candidates) {
      if (best && c === best.c && best.amount > 0) applied.push({ rule: c.rule, amount: cents(best.amount), reason: c.reason });
      else notApplied.push({ rule: c.rule, reason: { code: 'stacking.bestSingle', params: { kept: best?.c.rule ?? '' } } });
    }
    return { applied, notApplied };
  }
  let left: number = base;
  const ordered = [...candidates.filter((c) => c.percentOff !== null), ...candidates.filter((c) => c.percentOff === null)];
  for (const c of ordered) {
    const amount = amountOn(c, left);
    if (amount <= 0) {
      notApplied.push({ rule: c.rule, reason: { code: 'stacking.nothingLeft', params: {} } });
      continue;
    }
    applied.push({ rule: c.rule, amount: cents(amount), reason: c.reason });
    left -= amount;
  }
  return { applied, notApplied };
}
