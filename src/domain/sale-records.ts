/**
 * Turning a quote into the records a checkout writes in one transaction (docs/loyalty-spec.md Q
 * rules): the sale with its lines, its ledger entries (redeem, earn, referral) and the coupons it
 * used. Pure: ids, time and the receipt number come from the caller; bad payments write nothing.
 */
import type { Programme } from './programme';
import type { AppliedDiscount, Coupon, Id, Instant, LedgerEntry, Payment, Sale } from './records';
import type { Cents } from './money';
import type { Quote, Reason } from './quote-types';
import type { PaymentError } from './payments';
import { validatePayments } from './payments';
import { expiresOnFor, makeEntry } from './ledger';
import { isTimeZone, localDate } from './time';
import { points } from './money';
import { benefitsDue, notHeld, type BenefitFigures, type BenefitMember } from './benefits-due';

export { buildEnrollment } from './enrollment';
export type { EnrollmentInput, EnrollmentContext, EnrollmentBuild } from './enrollment';

export interface SaleContext {
  ids: () => Id;
  now: Instant;
  timeZone: string;
  storeId: Id;
  deviceId: Id;
  staffId: Id;
  receiptNo: string;
  payments: Payment[];
  programme: Programme;
  /** The member's coupons; those the quote used are returned marked as used by this sale. */
  coupons: readonly Coupon[];
  /**
   * [B9] The sale's member and the figures their benefits are decided by: the coupons due today that
   * `coupons` does not hold are issued with the sale (`couponsIssued`), in its transaction.
   */
  benefits?: { member: BenefitMember; figures: BenefitFigures };
  /** Renders a reason in the store's language for the receipt (i18n lives outside the engine). */
  describe?: (reason: Reason) => string;
}

export type SaleBuild =
  | { ok: true; sale: Sale; ledger: LedgerEntry[]; couponsUsed: Coupon[]; couponsIssued: Coupon[]; change: Cents }
  | { ok: false; errors: PaymentError[] };

/** Plain English fallback when no translator is given: the code and its params. */
export function reasonText(r: Reason): string {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ');
  return params ? `${r.code} (${params})` : r.code;
}

export function buildSale(quote: Quote, ctx: SaleContext): SaleBuild {
  if (!isTimeZone(ctx.timeZone)) return { ok: false, errors: [{ field: 'timeZone', code: 'timeZone', message: `Unknown time zone ${ctx.timeZone}` }] };
  const paid = validatePayments(quote.total, ctx.payments);
  if (!paid.ok) return { ok: false, errors: paid.errors };
  if (quote.programmeVersion !== ctx.programme.version) {
    return { ok: false, errors: [{ field: 'programme', code: 'programme.version', message: 'The quote was priced with another programme version: quote again' }] };
  }
  const missing = quote.couponIdsUsed.filter((id) => !ctx.coupons.some((c) => c.id === id && c.usedSaleId === null));
  if (missing.length) {
    return { ok: false, errors: [{ field: 'coupons', code: 'coupon.used', message: `Coupon already used or missing: ${missing.join(', ')}` }] };
  }
  const describe = ctx.describe ?? reasonText;
  const saleId = ctx.ids();
  const businessDate = localDate(ctx.now, ctx.timeZone);
  const discounts: AppliedDiscount[] = quote.discounts.map((d) => ({
    rule: d.rule, amount: d.amount, reason: describe(d.reason), code: d.reason.code, params: d.reason.params,
  }));
  const sale: Sale = {
    id: saleId, receiptNo: ctx.receiptNo, storeId: ctx.storeId, deviceId: ctx.deviceId, staffId: ctx.staffId,
    memberId: quote.memberId, at: ctx.now, businessDate, programmeVersion: quote.programmeVersion,
    lines: quote.lines.map((l) => ({
      lineNo: l.lineNo, productId: l.productId, name: l.name, category: l.category, unitPrice: l.unitPrice, qty: l.qty,
      lineDiscount: l.lineDiscount, noEarn: l.noEarn, allocatedDiscount: l.allocatedDiscount, allocatedRedeem: l.allocatedRedeem,
      net: l.net, pointsEarned: l.pointsEarned, pointsRedeemed: l.pointsRedeemed,
    })),
    subtotal: quote.subtotal, discounts, pointsRedeemed: quote.pointsRedeemed, redeemValue: quote.redeemValue,
    total: quote.total, pointsEarned: quote.pointsEarned, payments: ctx.payments.map((p) => ({ ...p })),
    couponIds: [...quote.couponIdsUsed], referrerId: quote.referral?.memberId ?? null,
    referralPoints: quote.referral?.points ?? points(0), rewardPoints: quote.rewardPoints,
  };
  const entryCtx = { ids: ctx.ids, at: ctx.now, deviceId: ctx.deviceId, staffId: ctx.staffId };
  const expiresOn = expiresOnFor(businessDate, ctx.programme);
  const ledger: LedgerEntry[] = [];
  if (quote.memberId !== null) {
    // [E6] Redeem first, then earn: the receipt shows the points used before the points gained.
    if (quote.pointsRedeemed > 0) ledger.push(makeEntry(quote.memberId, 'redeem', -quote.pointsRedeemed, 'sale', saleId, null, entryCtx));
    if (quote.rewardPoints > 0) ledger.push(makeEntry(quote.memberId, 'redeem', -quote.rewardPoints, 'reward', saleId, null, entryCtx));
    if (quote.pointsEarned > 0) ledger.push(makeEntry(quote.memberId, 'earn', quote.pointsEarned, 'sale', saleId, expiresOn, entryCtx));
  }
  if (quote.referral) {
    ledger.push(makeEntry(quote.referral.memberId, 'referral', quote.referral.points, 'referral', saleId, expiresOn, entryCtx));
  }
  const couponsUsed = ctx.coupons
    .filter((c) => quote.couponIdsUsed.includes(c.id))
    .map((c) => ({ ...c, usedSaleId: saleId, usedAt: ctx.now }));
  const b = quote.memberId !== null && ctx.benefits?.member.id === quote.memberId ? ctx.benefits : null;
  const couponsIssued = b ? notHeld(benefitsDue(b.member, b.figures, ctx.programme, businessDate, ctx.now), ctx.coupons) : [];
  return { ok: true, sale, ledger, couponsUsed, couponsIssued, change: paid.change };
}
