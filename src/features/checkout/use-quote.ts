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
import type { QuoteMember, QuoteResult } from '../../domain/quote-types';
import type { Coupon } from '../../domain/records';

export interface LiveQuote {
  result: QuoteResult | null;
  member: MemberHit | null | undefined;
  coupons: Coupon[];
  /** The quote without any redemption: its cap tells the slider how far it may go. */
  base: QuoteResult | null;
}

export function toQuoteMember(hit: MemberHit): QuoteMember {
  return {
    id: hit.member.id,
    balance: hit.stats.points,
    // The kept totals have no rolling-window spend yet: lifetime spend stands in for it (see report).
    rollingSpend: hit.stats.lifetimeSpend,
    largestOrder: 0 as Cents,
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

  return useMemo(() => {
    if (lines.length === 0) return { result: null, base: null, member, coupons };
    const input = {
      lines: lines.map(({ productId, name, category, unitPrice, qty, lineDiscount, noEarn }) => ({
        productId, name, category, unitPrice, qty, lineDiscount, noEarn,
      })),
      member: member ? toQuoteMember(member) : null,
      coupons,
      selectedCouponIds: couponIds.filter((id) => coupons.some((c) => c.id === id)),
      pointsToRedeem: 0,
      programme,
      now: now(),
      timeZone,
    };
    const base = quoteCheckout(input);
    const result = redeemPoints > 0 ? quoteCheckout({ ...input, pointsToRedeem: redeemPoints }) : base;
    return { result, base, member, coupons };
  }, [lines, member, coupons, couponIds, redeemPoints, programme, timeZone, now]);
}

export function maxRedeemOf(base: QuoteResult | null): Points {
  return (base?.ok ? base.quote.maxRedeemable : 0) as Points;
}
