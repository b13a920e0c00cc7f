/**
 * Pricing a checkout (docs/loyalty-spec.md Q rules). Deterministic: the same input gives the same
 * quote on the till and on the server. Order: line discounts and rewards (R6) → order discounts (K rules) →
 * points redemption (R rules) on what is left → points earned on what is paid in money (E rules).
 */
import type { Cents } from './money';
import { cents, points } from './money';
import type { CartLine, Quote, QuoteDiscount, QuoteInput, QuoteLine, QuoteResult } from './quote-types';
import type { DiscountCandidate } from './stacking';
import { combineDiscounts } from './stacking';
import { largestRemainder } from './alloc';
import { localDate } from './time';
import { checkQuoteInput } from './quote-check';
import { effectiveTier, nextTier } from './tiers';
import { companionDiscountPercent, couponRefusal } from './benefits';
import { checkRedemption, maxRedeemable, redeemValue } from './redeem';
import { activePromotion, earnFor, earnsPoints, referralPointsFor, runsOn } from './earn';
import { applyRewards } from './rewards';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

function candidatesFor(input: QuoteInput, today: string, base: Cents, notApplied: Quote['notApplied']): DiscountCandidate[] {
  const { member, programme } = input;
  const out: DiscountCandidate[] = [];
  if (member) {
    const tier = effectiveTier(member.tierId, member, programme);
    if (tier && tier.percentOff > 0) {
      out.push({ rule: `tier:${tier.id}`, percentOff: tier.percentOff, amountOff: null,
        reason: { code: 'discount.tier', params: { tier: tier.name, percent: tier.percentOff } } });
    }
  }
  for (const ev of programme.priceEvents ?? []) {
    if (!runsOn(ev, today)) continue;
    out.push({ rule: `promo:${ev.id}`, percentOff: ev.percentOff, amountOff: null,
      reason: { code: 'discount.promotion', params: { promotion: ev.name, percent: ev.percentOff } } });
  }
  for (const id of input.selectedCouponIds) {
    const c = input.coupons.find((x) => x.id === id);
    if (!c) continue;
    const refusal = couponRefusal(c, member?.id ?? null, today, base);
    if (refusal) {
      notApplied.push({ rule: `coupon:${id}`, reason: { code: refusal, params: {} } });
      continue;
    }
    out.push({ rule: `coupon:${id}`, percentOff: c.percentOff, amountOff: c.amountOff,
      reason: { code: `discount.coupon.${c.kind}`, params: { percent: c.percentOff ?? 0, amount: c.amountOff ?? 0 } } });
  }
  const comp = input.companionCoupon;
  if (comp) {
    const pct = companionDiscountPercent(comp, today, input.timeZone, programme);
    if (pct !== null) {
      out.push({ rule: `companion:${comp.id}`, percentOff: pct, amountOff: null, reason: { code: 'discount.companion', params: { percent: pct } } });
    } else {
      notApplied.push({ rule: `companion:${comp.id}`, reason: { code: 'companion.notToday', params: {} } });
    }
  }
  return out;
}

export function quoteCheckout(input: QuoteInput): QuoteResult {
  const errors = checkQuoteInput(input);
  if (errors.length) return { ok: false, errors };
  const { programme, member } = input;
  const today = localDate(input.now, input.timeZone);
  const gross = input.lines.map((l) => l.unitPrice * l.qty);
  const afterCashier = input.lines.map((l, i) => (gross[i] ?? 0) - l.lineDiscount);
  const rewards = applyRewards(input.rewards ?? [], input.lines, afterCashier, programme, member !== null);
  if (!rewards.ok) return { ok: false, errors: rewards.errors };
  const { applied: reward } = rewards;
  // [R9] Taking no reward is always allowed: a member in overdraft (L2) still buys, only not with points.
  if (member && reward.total > 0 && reward.total > member.balance) {
    return { ok: false, errors: [{ field: 'rewards', code: 'reward.balance', message: 'More points than the member has' }] };
  }
  const afterLine = afterCashier.map((a, i) => a - (reward.discount[i] ?? 0));
  const base = cents(sum(afterLine));

  const notApplied: Quote['notApplied'] = [];
  const stacked = combineDiscounts(candidatesFor(input, today, base, notApplied), base, programme);
  const orderDiscount = sum(stacked.applied.map((d) => d.amount));
  const discountParts = largestRemainder(orderDiscount, afterLine);
  const payable = cents(base - orderDiscount);

  // The points left after rewards are what a cash redemption may use.
  const balance = member ? member.balance - reward.total : null;
  const cap = input.redeemCap ?? null;
  const capLeft = cap === null ? null : Math.max(0, cap - reward.total);
  const redeemError = capLeft !== null && input.pointsToRedeem > capLeft && balance !== null
    ? 'redeem.offlineCap' : checkRedemption(input.pointsToRedeem, balance, payable, programme);
  if (redeemError) {
    return { ok: false, errors: [{ field: 'pointsToRedeem', code: redeemError, message: redeemMessage(redeemError) }] };
  }
  const pointsRedeemed = points(input.pointsToRedeem);
  const value = redeemValue(pointsRedeemed, programme);
  const afterDiscount = afterLine.map((a, i) => a - (discountParts[i] ?? 0));
  const redeemParts = largestRemainder(value, afterDiscount);
  const net = afterDiscount.map((a, i) => a - (redeemParts[i] ?? 0));
  const total = cents(sum(net));

  // Earn on what is paid in money on eligible lines (E2, E6), after every discount.
  const eligibleNet = input.lines.map((l, i) => (earnsPoints(l, programme) ? (net[i] ?? 0) : 0));
  const tier = member ? effectiveTier(member.tierId, member, programme) : null;
  const promo = activePromotion(today, programme);
  const tierPct = tier?.earnMultiplierPct ?? 100;
  const promoPct = promo?.multiplierPct ?? 100;
  const earned = member ? earnFor(cents(sum(eligibleNet)), programme, tierPct, promoPct) : points(0);
  const earnedParts = largestRemainder(earned, eligibleNet);
  const redeemedParts = largestRemainder(pointsRedeemed, redeemParts).map((p, i) => p + (reward.points[i] ?? 0));

  const lines: QuoteLine[] = input.lines.map((l: CartLine, i) => ({
    ...l, lineNo: i + 1, gross: cents(gross[i] ?? 0), allocatedDiscount: cents((discountParts[i] ?? 0) + (reward.discount[i] ?? 0)),
    allocatedRedeem: cents(redeemParts[i] ?? 0), net: cents(net[i] ?? 0),
    pointsEarned: points(earnedParts[i] ?? 0), pointsRedeemed: points(redeemedParts[i] ?? 0),
  }));
  const lineDiscounts: QuoteDiscount[] = lines.filter((l) => l.lineDiscount > 0).map((l) => ({
    rule: `line:${l.lineNo}`, amount: l.lineDiscount, reason: { code: 'discount.line', params: { line: l.lineNo } },
  }));

  const after = member ? { rollingSpend: cents(member.rollingSpend + total), largestOrder: cents(Math.max(member.largestOrder, total)) } : null;
  const tierAfter = member && after ? effectiveTier(member.tierId, after, programme) : null;
  const referralPts = member?.referredBy ? referralPointsFor(total, programme) : points(0);
  const quote: Quote = {
    programmeVersion: programme.version,
    businessDate: today,
    at: input.now,
    memberId: member?.id ?? null,
    lines,
    subtotal: cents(sum(gross)),
    discounts: [...lineDiscounts, ...reward.discounts, ...stacked.applied],
    notApplied: [...notApplied, ...stacked.notApplied],
    couponIdsUsed: stacked.applied.filter((d) => d.rule.startsWith('coupon:')).map((d) => d.rule.slice('coupon:'.length)),
    pointsRedeemed,
    redeemValue: value,
    rewardPoints: points(reward.total),
    maxRedeemable: balance === null ? points(0) : maxRedeemable(capLeft === null ? balance : Math.min(balance, capLeft), payable, programme),
    total,
    pointsEarned: earned,
    earnReason: member ? { code: promo ? 'earn.promotion' : 'earn.base',
      params: { rate: programme.earn.pointsPerUnit, tierPct, promoPct, promotion: promo?.name ?? '' } } : null,
    referral: member?.referredBy && referralPts > 0
      ? { memberId: member.referredBy, points: referralPts, reason: { code: 'earn.referral', params: { percent: programme.benefits.referral.percent } } }
      : null,
    tierBefore: tier?.id ?? null,
    tierAfter: tierAfter?.id ?? null,
    nextTier: after ? nextTier(after.rollingSpend, programme) : null,
  };
  return { ok: true, quote };
}

function redeemMessage(code: string): string {
  switch (code) {
    case 'redeem.balance': return 'More points than the member has';
    case 'redeem.cap': return 'More than the share of the order that points may pay';
    case 'redeem.step': return 'Points must be redeemed in whole steps';
    case 'redeem.minimum': return 'Below the smallest redemption';
    case 'redeem.noMember': return 'Only a member can redeem points';
    case 'redeem.disabled': return 'Redemption is switched off';
    case 'redeem.offlineCap': return 'This tablet has not synced for a while: it may redeem only a limited number of points';
    default: return 'Points to redeem must be a whole number of zero or more';
  }
}
