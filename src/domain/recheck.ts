/**
 * Re-pricing a recorded sale with the same engine (the server's check, issue #4): a device cannot
 * mint points the rules do not give. The sale is turned back into the quote input that should
 * have produced it, quoted again with the programme version it names, and compared.
 */
import type { Programme } from './programme';
import type { Coupon, Sale } from './records';
import type { QuoteError, QuoteMember } from './quote-types';
import { quoteCheckout } from './quote';

export interface RecheckContext {
  /** The member as they stood before the sale (balance, window spend, tier held…), or null. */
  member: QuoteMember | null;
  /** The member's coupons; those the sale used are taken as they were before it. */
  coupons: readonly Coupon[];
  /** The coupon a companion shared (B2), when the sale has a 'companion:' discount. */
  companionCoupon?: Coupon | null;
  /** The programme of version `sale.programmeVersion`. */
  programme: Programme;
  timeZone: string;
}

export interface Mismatch { field: string; recorded: number; expected: number }

export type RecheckResult =
  | { ok: true }
  | { ok: false; mismatches: Mismatch[]; errors: QuoteError[] };

export function recheckSale(sale: Sale, ctx: RecheckContext): RecheckResult {
  if (sale.programmeVersion !== ctx.programme.version) {
    return { ok: false, mismatches: [], errors: [{ field: 'programme', code: 'programme.version', message: 'Recheck with the version the sale recorded' }] };
  }
  const rewards = sale.discounts
    .filter((d) => d.rule.startsWith('reward:'))
    .map((d) => ({ rewardId: d.rule.slice('reward:'.length), lineNo: Number(d.params?.line ?? 0) }));
  const coupons = ctx.coupons.map((c) => (c.usedSaleId === sale.id ? { ...c, usedSaleId: null, usedAt: null } : c));
  const r = quoteCheckout({
    lines: sale.lines.map((l) => ({
      productId: l.productId, name: l.name, category: l.category, unitPrice: l.unitPrice, qty: l.qty, lineDiscount: l.lineDiscount, noEarn: l.noEarn,
    })),
    member: ctx.member, coupons, selectedCouponIds: [...sale.couponIds], companionCoupon: ctx.companionCoupon ?? null,
    pointsToRedeem: sale.pointsRedeemed, rewards, programme: ctx.programme, now: sale.at, timeZone: ctx.timeZone,
  });
  if (!r.ok) return { ok: false, mismatches: [], errors: r.errors };
  const q = r.quote;
  const mismatches: Mismatch[] = [];
  const check = (field: string, recorded: number, expected: number) => {
    if (recorded !== expected) mismatches.push({ field, recorded, expected });
  };
  check('total', sale.total, q.total);
  check('pointsEarned', sale.pointsEarned, q.pointsEarned);
  check('pointsRedeemed', sale.pointsRedeemed, q.pointsRedeemed);
  check('redeemValue', sale.redeemValue, q.redeemValue);
  check('rewardPoints', sale.rewardPoints ?? 0, q.rewardPoints);
  check('referralPoints', sale.referralPoints ?? 0, q.referral?.points ?? 0);
  check('couponsUsed', sale.couponIds.length, q.couponIdsUsed.length);
  sale.lines.forEach((l, i) => {
    const ql = q.lines[i];
    check(`lines[${i}].net`, l.net, ql?.net ?? -1);
    check(`lines[${i}].pointsEarned`, l.pointsEarned, ql?.pointsEarned ?? -1);
  });
  return mismatches.length ? { ok: false, mismatches, errors: [] } : { ok: true };
}
