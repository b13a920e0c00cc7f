/**
 * The live quote: the open cart and the attached member's totals and coupons, priced by the engine
 * (quoteCheckout) on every change. The engine decides everything (discounts, caps, points); this
 * hook only gathers its input.
 */
import { useMemo } from 'react';
import { useCart } from '../../app/cart-store';
import { useMemberCoupons, useMemberHit } from '../../app/member-hooks';
import { useProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import type { MemberHit } from '../../db/repositories';
import type { Cents, Points } from '../../domain/money';
import { quoteCheckout } from '../../domain/quote';
import { unsyncedRedeemCap } from '../../domain/redeem';
import type { WindowSpend } from '../../db/member-spend';
import { useSyncState } from '../../app/sync/sync-state';
import { useWindowSpend } from '../../app/use-window-spend';
import type { QuoteMember, QuoteResult } from '../../domain/quote-types';
import type { Coupon } from '../../domain/records';

export interface LiveQuote {
  result: QuoteResult | null;
  member: MemberHit | null | undefined;
  coupons: Coupon[];
  /** The quote without any redemption: its cap tells the slider how far it may go. */
  base: QuoteResult | null;
  /** R7: the points this paired tablet may use for the member on this sale, when the offline cap applies. */
  redeemCap?: number | null;
}

/**
 * The member as the engine sees them. `spend` is their spend and largest order in the tier window
 * (src/db/member-spend.ts); only without a spend source does lifetime spend stand in for it.
 */
export function toQuoteMember(hit: MemberHit, spend: WindowSpend | null = null): QuoteMember {
  return {
    id: hit.member.id,
    balance: hit.stats.points,
    rollingSpend: spend?.rollingSpend ?? hit.stats.lifetimeSpend,
    largestOrder: spend?.largestOrder ?? (0 as Cents),
    tierId: hit.stats.tierId,
    enrolledOn: hit.member.enrolledOn,
    birthday: hit.member.birthday,
    referredBy: hit.member.referredBy,
  };
}

export function useQuote(): LiveQuote {
  const { now } = useServices();
  const { lines, memberId, couponIds, redeemPoints } = useCart();
  const programme = useProgramme((p) => p);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const member = useMemberHit(memberId);
  const coupons = useMemberCoupons(memberId);
  const spend = useWindowSpend(member ? member.member.id : null);
  const paired = useSyncState((s) => s.paired);
  const lastSyncedAt = useSyncState((s) => s.lastSyncedAt);

  return useMemo(() => {
    const redeemCap = paired ? unsyncedRedeemCap(programme, lastSyncedAt, now()) : null;
    if (lines.length === 0) return { result: null, base: null, member, coupons, redeemCap };
    const input = {
      lines: lines.map(({ productId, name, category, unitPrice, qty, lineDiscount, noEarn }) => ({
        productId, name, category, unitPrice, qty, lineDiscount, noEarn,
      })),
      // The member counts once their window spend is read too (until then the quote is the plain one, as while the member loads).
      member: member && spend !== undefined ? toQuoteMember(member, spend) : null,
      coupons,
      selectedCouponIds: couponIds.filter((id) => coupons.some((c) => c.id === id)),
      pointsToRedeem: 0,
      // R7: a paired tablet that has not synced for a while may redeem only so many points per sale.
      redeemCap,
      programme,
      now: now(),
      timeZone,
    };
    const base = quoteCheckout(input);
    const result = redeemPoints > 0 ? quoteCheckout({ ...input, pointsToRedeem: redeemPoints }) : base;
    return { result, base, member, coupons, redeemCap };
  }, [lines, member, spend, coupons, couponIds, redeemPoints, programme, timeZone, now, paired, lastSyncedAt]);
}

export function maxRedeemOf(base: QuoteResult | null): Points {
  return (base?.ok ? base.quote.maxRedeemable : 0) as Points;
}
