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
import type { Points } from '../../domain/money';
import { quoteCheckout } from '../../domain/quote';
import { unsyncedRedeemCap } from '../../domain/redeem';
import type { WindowSpend } from '../../db/member-spend';
import { useSyncState } from '../../app/sync/sync-state';
import { useWindowSpend } from '../../app/use-window-spend';
import { tierStatsOf } from '../../app/use-member-tier';
import type { QuoteInput, QuoteMember, QuoteResult } from '../../domain/quote-types';
import type { Coupon } from '../../domain/records';
import { useSaleExtras, type CompanionOf, type RewardTick } from './sale-extras';

export interface LiveQuote {
  result: QuoteResult | null;
  member: MemberHit | null | undefined;
  coupons: Coupon[];
  /** The quote without any redemption: its cap tells the slider how far it may go. */
  base: QuoteResult | null;
  /** R7: the points this paired tablet may use for the member on this sale, when the offline cap applies. */
  redeemCap?: number | null;
  /**
   * Prices the cart with other reward ticks or another companion coupon, without changing the sale:
   * a tick the engine would refuse is refused at the control, with the engine's reason.
   */
  /** The member exactly as the engine priced them (window spend included), for the tier after the sale. */
  priced?: QuoteMember | null;
  check?: (over: { rewards?: RewardTick[]; companion?: CompanionOf | null }) => QuoteResult | null;
}

/** Reward ticks as the engine takes them: one unit of the line numbered as the sale will number it. */
export function rewardPicks(ticks: readonly RewardTick[], lineKeys: readonly string[]): NonNullable<QuoteInput['rewards']> {
  return ticks.flatMap((r) => {
    const i = lineKeys.indexOf(r.lineKey);
    return i < 0 ? [] : [{ rewardId: r.rewardId, lineNo: i + 1 }];
  });
}

/**
 * The member as the engine sees them. `spend` is their spend and largest order in the tier window
 * (src/db/member-spend.ts); only without a spend source does lifetime spend stand in for it.
 */
export function toQuoteMember(hit: MemberHit, spend: WindowSpend | null = null): QuoteMember {
  return {
    id: hit.member.id,
    balance: hit.stats.points,
    // C-S20: the spend the badges show the tier on (use-member-tier.ts).
    ...tierStatsOf(hit, spend),
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
  const rewards = useSaleExtras((s) => s.rewards);
  const companion = useSaleExtras((s) => s.companion);

  return useMemo(() => {
    const redeemCap = paired ? unsyncedRedeemCap(programme, lastSyncedAt, now()) : null;
    if (lines.length === 0) return { result: null, base: null, member, coupons, redeemCap, priced: null };
    const keys = lines.map((l) => l.key);
    const input: QuoteInput = {
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
      // R6 rewards and the B2 companion discount: the engine checks and prices both.
      rewards: rewardPicks(rewards, keys),
      companionCoupon: companion?.coupon ?? null,
      programme,
      now: now(),
      timeZone,
    };
    const base = quoteCheckout(input);
    const result = redeemPoints > 0 ? quoteCheckout({ ...input, pointsToRedeem: redeemPoints }) : base;
    const check = (over: { rewards?: RewardTick[]; companion?: CompanionOf | null }) => quoteCheckout({
      ...input,
      ...(over.rewards ? { rewards: rewardPicks(over.rewards, keys) } : {}),
      ...(over.companion !== undefined ? { companionCoupon: over.companion?.coupon ?? null } : {}),
    });
    return { result, base, member, coupons, redeemCap, check, priced: input.member };
  }, [lines, member, spend, coupons, couponIds, redeemPoints, programme, timeZone, now, paired, lastSyncedAt, rewards, companion]);
}

export function maxRedeemOf(base: QuoteResult | null): Points {
  return (base?.ok ? base.quote.maxRedeemable : 0) as Points;
}
