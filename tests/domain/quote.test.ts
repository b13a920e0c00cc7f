import { describe, expect, it } from 'vitest';
import { points } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import { unsyncedRedeemCap } from '../../src/domain/redeem';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { QuoteInput } from '../../src/domain/quote-types';
import { coupon, input, line, member, NOW, DAY, withProgramme, yuan } from './fixtures';

function ok(i: QuoteInput) {
  const r = quoteCheckout(i);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.quote;
}
function refused(i: QuoteInput) {
  const r = quoteCheckout(i);
  if (r.ok) throw new Error('expected a refusal');
  return r.errors.map((e) => `${e.field}:${e.code}`);
}

describe('earning points', () => {
  it('[E1] ¥123.45 earns 123 points (1 point per ¥1, rounded down)', () => {
    const q = ok(input([line(123.45)], { member: member() }));
    expect(q.total).toBe(yuan(123.45));
    expect(q.pointsEarned).toBe(123);
    expect(q.earnReason?.code).toBe('earn.base');
  });
  it('[E1] a store giving 1 point per ¥10 gives 12 points for ¥123.45', () => {
    const p = withProgramme((x) => { x.earn.spendUnit = 1000; });
    expect(ok(input([line(123.45)], { member: member() }, p)).pointsEarned).toBe(12);
  });
  it('[E1] a walk-in customer (no member) earns nothing', () => {
    expect(ok(input([line(100)])).pointsEarned).toBe(0);
  });
  it('[E2] tobacco marked noEarn, and excluded categories, earn nothing', () => {
    const p = withProgramme((x) => { x.earn.noEarnCategories = ['gift-card']; });
    const q = ok(input([line(50, 1, { noEarn: true }), line(30, 1, { category: 'gift-card' }), line(20)], { member: member() }, p));
    expect(q.pointsEarned).toBe(20);
    expect(q.lines.map((l) => l.pointsEarned)).toEqual([0, 0, 20]);
  });
  it('[E3] a Gold member earns 1.5× (tier multiplier)', () => {
    const q = ok(input([line(100)], { member: member({ rollingSpend: yuan(3000) }) }));
    // ¥100 less 5% Gold discount = ¥95 → 95 × 1.5 = 142.5 → 142
    expect(q.total).toBe(yuan(95));
    expect(q.pointsEarned).toBe(142);
  });
  it('[E4] on a double-points Tuesday a ¥100 purchase earns 200 points', () => {
    const p = withProgramme((x) => {
      x.earn.promotions = [{ id: 'tue', name: 'Double Tuesday', multiplierPct: 200, from: null, to: null, weekdays: [2] }];
    });
    expect(ok(input([line(100)], { member: member() }, p)).pointsEarned).toBe(200);
    expect(ok(input([line(100)], { member: member(), now: NOW + DAY }, p)).pointsEarned).toBe(100);
  });
  it('[E4] a promotion by date range applies only inside its dates', () => {
    const p = withProgramme((x) => {
      x.earn.promotions = [{ id: 'anniv', name: 'Store week', multiplierPct: 300, from: '2026-03-01', to: '2026-03-10', weekdays: [] }];
    });
    expect(ok(input([line(10)], { member: member() }, p)).pointsEarned).toBe(30);
    expect(ok(input([line(10)], { member: member(), now: NOW + DAY }, p)).pointsEarned).toBe(10);
  });
  it('[E6] no points on the part paid with points: ¥100 with 500 points (¥5) earns 95', () => {
    const q = ok(input([line(100)], { member: member({ balance: points(1000) }), pointsToRedeem: 500 }));
    expect(q.redeemValue).toBe(yuan(5));
    expect(q.total).toBe(yuan(95));
    expect(q.pointsEarned).toBe(95);
  });
});

describe('tiers at the counter', () => {
  it.each([
    [999.99, 0, null], [1000, 2, 'silver'], [2999, 2, 'silver'], [3000, 5, 'gold'],
  ])('[T1] ¥%s spent in the last 12 months gives %i%% off', (spent, pct, tier) => {
    const q = ok(input([line(100)], { member: member({ rollingSpend: yuan(spent) }) }));
    expect(q.total).toBe(yuan(100 - pct));
    expect(q.tierBefore).toBe(tier);
  });
  it.each([
    [299, 0, null], [300, 5, 'regular'], [500, 10, 'senior'],
  ])('[T2] a member whose biggest order was ¥%s gets %i%% off', (order, pct, tier) => {
    const q = ok(input([line(100)], { member: member({ largestOrder: yuan(order) }) }));
    expect(q.total).toBe(yuan(100 - pct));
    expect(q.tierBefore).toBe(tier);
  });
  it('[T3] a ¥300 order makes a new member Regular (5% off) from the next purchase', () => {
    const q = ok(input([line(300)], { member: member() }));
    expect(q.total).toBe(yuan(300));
    expect(q.tierAfter).toBe('regular');
  });
  it('[T3] a tier held is kept until re-evaluation even if spending has dropped', () => {
    const q = ok(input([line(100)], { member: member({ tierId: 'gold' }) }));
    expect(q.total).toBe(yuan(95));
  });
  it('[T5] "¥100 more to reach Silver" after spending ¥900 in total', () => {
    const q = ok(input([line(100)], { member: member({ rollingSpend: yuan(800) }) }));
    expect(q.nextTier).toEqual({ tierId: 'silver', missing: yuan(100) });
  });
});

describe('coupons and stacking', () => {
  it('[B1][K1] birthday month: ¥200 at 30% off is ¥140; the tier discount does not also apply', () => {
    const q = ok(input([line(200)], {
      member: member({ largestOrder: yuan(500) }), coupons: [coupon()], selectedCouponIds: ['c1'],
    }));
    expect(q.total).toBe(yuan(140));
    expect(q.discounts).toEqual([{ rule: 'coupon:c1', amount: yuan(60), reason: { code: 'discount.coupon.birthday', params: { percent: 30, amount: 0 } } }]);
    expect(q.notApplied).toEqual([{ rule: 'tier:senior', reason: { code: 'stacking.bestSingle', params: { kept: 'coupon:c1' } } }]);
    expect(q.couponIdsUsed).toEqual(['c1']);
  });
  it('[K1] when the tier is worth more than the coupon, the tier applies and the coupon stays unused', () => {
    const q = ok(input([line(200)], {
      member: member({ largestOrder: yuan(500) }), coupons: [coupon({ percentOff: 5 })], selectedCouponIds: ['c1'],
    }));
    expect(q.total).toBe(yuan(180));
    expect(q.couponIdsUsed).toEqual([]);
  });
  it('[K2] an owner who stacks: 10% tier then 30% birthday on the rest: ¥200 → ¥180 → ¥126', () => {
    const p = withProgramme((x) => { x.stacking.mode = 'stack'; });
    const q = ok(input([line(200)], {
      member: member({ largestOrder: yuan(500) }), coupons: [coupon()], selectedCouponIds: ['c1'],
    }, p));
    expect(q.total).toBe(yuan(126));
  });
  it.each([
    ['used', { usedSaleId: 's0', usedAt: NOW - DAY }, 'coupon.used'],
    ['expired', { validTo: '2026-03-09' }, 'coupon.expired'],
    ['not yet valid', { validFrom: '2026-03-11' }, 'coupon.notYet'],
    ['someone else\'s', { memberId: 'm2' }, 'coupon.otherMember'],
    ['below its minimum spend', { minSpend: yuan(300) }, 'coupon.minSpend'],
  ])('[B7] a coupon %s is not applied and says why', (_w, patch, code) => {
    const q = ok(input([line(200)], { member: member(), coupons: [coupon(patch)], selectedCouponIds: ['c1'] }));
    expect(q.total).toBe(yuan(200));
    expect(q.notApplied.map((n) => n.reason.code)).toEqual([code]);
  });
  it('[K3] a ¥50-off coupon on a ¥30 cart takes ¥30, and the amount due is zero, not negative', () => {
    const c = coupon({ kind: 'cashback', percentOff: null, amountOff: yuan(50) });
    const q = ok(input([line(30)], { member: member(), coupons: [c], selectedCouponIds: ['c1'] }));
    expect(q.discounts.map((d) => d.amount)).toEqual([yuan(30)]);
    expect(q.total).toBe(0);
    expect(q.pointsEarned).toBe(0);
  });
  it('[B2] a friend shopping with the member on the birthday-coupon day gets 30% off too', () => {
    const used = coupon({ usedSaleId: 's1', usedAt: NOW - 3_600_000 });
    expect(ok(input([line(100)], { companionCoupon: used })).total).toBe(yuan(70));
    const yesterday = coupon({ usedSaleId: 's1', usedAt: NOW - DAY });
    expect(ok(input([line(100)], { companionCoupon: yesterday })).total).toBe(yuan(100));
  });
});

describe('redeeming points', () => {
  it('[R1] 100 points are worth ¥1', () => {
    const q = ok(input([line(80)], { member: member({ balance: points(2000) }), pointsToRedeem: 1000 }));
    expect(q.redeemValue).toBe(yuan(10));
    expect(q.total).toBe(yuan(70));
  });
  it('[R2] refuses to redeem more than the balance', () => {
    expect(refused(input([line(100)], { member: member({ balance: points(300) }), pointsToRedeem: 400 }))).toEqual(['pointsToRedeem:redeem.balance']);
  });
  it('[R3] points pay at most half of the order: on ¥100, 5,000 points is the most', () => {
    const m = member({ balance: points(9000) });
    expect(ok(input([line(100)], { member: m, pointsToRedeem: 5000 })).total).toBe(yuan(50));
    expect(ok(input([line(100)], { member: m })).maxRedeemable).toBe(5000);
    expect(refused(input([line(100)], { member: m, pointsToRedeem: 5100 }))).toEqual(['pointsToRedeem:redeem.cap']);
  });
  it('[R4] points go in steps of 100; [R5] at least 100', () => {
    const m = member({ balance: points(900) });
    expect(refused(input([line(100)], { member: m, pointsToRedeem: 150 }))).toEqual(['pointsToRedeem:redeem.step']);
    expect(refused(input([line(100)], { member: m, pointsToRedeem: 50 }))).toEqual(['pointsToRedeem:redeem.minimum']);
    expect(ok(input([line(100)], { member: member({ balance: points(950) }) })).maxRedeemable).toBe(900);
  });
  it('[R2] a walk-in customer cannot redeem', () => {
    expect(refused(input([line(100)], { pointsToRedeem: 100 }))).toEqual(['pointsToRedeem:redeem.noMember']);
  });
});

describe('a member in overdraft (two tablets redeemed the same points offline)', () => {
  const overdrawn = member({ balance: points(-882) });
  const mugs = withProgramme((x) => { x.redemption.catalogue = [{ id: 'mug', name: 'Mug', productId: 'mug', points: 800, percentOff: 100 }]; });
  it.each([
    ['no redemption, no reward', {}, DEFAULT_PROGRAMME],
    ['a reward catalogue the cashier ticks nothing from', { rewards: [] }, mugs],
    ['an offline cap in force', { redeemCap: 500 }, DEFAULT_PROGRAMME],
  ])('[R9] a balance of −882 still buys: %s → priced, ¥30 due, 30 points earned, nothing redeemable', (_what, extra, p) => {
    const q = ok(input([line(30, 1, { productId: 'mug' })], { member: overdrawn, ...extra }, p));
    expect(q.total).toBe(yuan(30));
    expect(q.pointsRedeemed).toBe(0);
    expect(q.rewardPoints).toBe(0);
    expect(q.maxRedeemable).toBe(0);
    // The points earned pay off the overdraft (L2): −882 + 30 = −852 after the sale.
    expect(q.pointsEarned).toBe(30);
  });
  it('[R9] a balance of −882 redeems nothing: points as cash and rewards are refused', () => {
    expect(refused(input([line(30)], { member: overdrawn, pointsToRedeem: 100 }))).toEqual(['pointsToRedeem:redeem.balance']);
    expect(refused(input([line(30, 1, { productId: 'mug' })], { member: overdrawn, rewards: [{ rewardId: 'mug', lineNo: 1 }] }, mugs)))
      .toEqual(['rewards:reward.balance']);
  });
});

describe('referral', () => {
  it('[B6] the friend who referred a member gets 1% of what they pay, as points: ¥200 → 200 points (¥2)', () => {
    const q = ok(input([line(200)], { member: member({ referredBy: 'm0' }) }));
    expect(q.referral).toEqual({ memberId: 'm0', points: 200, reason: { code: 'earn.referral', params: { percent: 1 } } });
  });
});

describe('impossible input is refused, never priced', () => {
  it.each([
    ['a negative quantity', [line(10, -1)], 'lines[0].qty:line.qty'],
    ['a fractional quantity', [line(10, 1.5)], 'lines[0].qty:line.qty'],
    ['an absurd quantity', [line(10, 1_000_000)], 'lines[0].qty:line.qtyTooLarge'],
    ['a negative price', [line(-10)], 'lines[0].unitPrice:line.price'],
    ['a discount above the line', [line(10, 1, { lineDiscount: yuan(11) })], 'lines[0].lineDiscount:line.discountAbovePrice'],
    ['an empty cart', [], 'lines:cart.empty'],
  ])('[Q1] %s', (_w, lines, err) => {
    expect(refused(input(lines))).toContain(err);
  });
  it('[Q1] member totals that are not whole numbers are refused (a corrupt cache must not price a sale)', () => {
    expect(refused(input([line(1)], { member: member({ balance: 1.5 as never, rollingSpend: -1 as never }) }))).toEqual([
      'member.balance:member.stats', 'member.rollingSpend:member.stats',
    ]);
  });
  it('[Q1] an unknown ticked coupon and a bad time zone', () => {
    expect(refused(input([line(1)], { selectedCouponIds: ['nope'], timeZone: 'Mars/Base' }))).toEqual([
      'selectedCouponIds[0]:coupon.unknown', 'timeZone:timeZone',
    ]);
  });
});

describe('itemising', () => {
  it('[Q2] a ¥1 coupon over three ¥10 lines splits ¥0.34/¥0.33/¥0.33 and sums exactly', () => {
    const c = coupon({ percentOff: null, amountOff: yuan(1), kind: 'cashback' });
    const q = ok(input([line(10), line(10), line(10)], { member: member(), coupons: [c], selectedCouponIds: ['c1'] }));
    expect(q.lines.map((l) => l.allocatedDiscount)).toEqual([34, 33, 33]);
    expect(q.total).toBe(yuan(29));
  });
  it('[Q3] a line discount is itemised with its line', () => {
    const q = ok(input([line(10, 2, { lineDiscount: yuan(3) })]));
    expect(q.subtotal).toBe(yuan(20));
    expect(q.discounts).toEqual([{ rule: 'line:1', amount: yuan(3), reason: { code: 'discount.line', params: { line: 1 } } }]);
    expect(q.total).toBe(yuan(17));
  });
});

describe('reward catalogue', () => {
  const p = withProgramme((x) => {
    x.redemption.catalogue = [
      { id: 'mug', name: 'Mug', productId: 'mug', points: 800, percentOff: 100 },
      { id: 'half', name: 'Half price', productId: null, points: 500, percentOff: 50 },
    ];
  });
  it('[R6] 800 points buy the ¥25 mug outright; the rest of the cart is priced as usual', () => {
    const q = ok(input([line(25, 1, { productId: 'mug' }), line(40)], { member: member({ balance: points(1000) }), rewards: [{ rewardId: 'mug', lineNo: 1 }] }, p));
    expect(q.rewardPoints).toBe(800);
    expect(q.total).toBe(yuan(40));
    expect(q.lines[0]?.net).toBe(0);
    expect(q.discounts.map((d) => [d.rule, d.amount])).toEqual([['reward:mug', yuan(25)]]);
    // The mug was paid with points: it earns nothing (E6).
    expect(q.pointsEarned).toBe(40);
  });
  it('[R6] 500 points for one item at 50% off, then points as cash only from what is left of the balance', () => {
    const m = member({ balance: points(700) });
    const q = ok(input([line(60, 2)], { member: m, rewards: [{ rewardId: 'half', lineNo: 1 }], pointsToRedeem: 200 }, p));
    expect(q.total).toBe(yuan(120 - 30 - 2));
    expect(refused(input([line(60, 2)], { member: m, rewards: [{ rewardId: 'half', lineNo: 1 }], pointsToRedeem: 300 }, p)))
      .toEqual(['pointsToRedeem:redeem.balance']);
  });
  it.each([
    [[{ rewardId: 'nope', lineNo: 1 }], 'rewards[0].rewardId:reward.unknown'],
    [[{ rewardId: 'mug', lineNo: 1 }], 'rewards[0].lineNo:reward.product'],
    [[{ rewardId: 'half', lineNo: 1 }, { rewardId: 'half', lineNo: 1 }], 'rewards[1].lineNo:reward.tooMany'],
    [[{ rewardId: 'half', lineNo: 3 }], 'rewards[0].lineNo:reward.line'],
  ])('[R6] refuses a reward that does not fit the cart: %j', (rewards, err) => {
    expect(refused(input([line(10)], { member: member({ balance: points(5000) }), rewards }, p))).toEqual([err]);
  });
  it('[R6] refuses rewards beyond the balance', () => {
    expect(refused(input([line(25, 1, { productId: 'mug' })], { member: member({ balance: points(799) }), rewards: [{ rewardId: 'mug', lineNo: 1 }] }, p)))
      .toEqual(['rewards:reward.balance']);
  });
});

describe('order of pricing', () => {
  it('[Q7] line discount, then the order discount, then points: ¥100 − ¥10 line, − 30% birthday, − ¥5 points = ¥58', () => {
    const q = ok(input([line(100, 1, { lineDiscount: yuan(10) })], {
      member: member({ balance: points(500) }), coupons: [coupon()], selectedCouponIds: ['c1'], pointsToRedeem: 500,
    }));
    expect(q.discounts.map((d) => [d.rule, d.amount])).toEqual([['line:1', yuan(10)], ['coupon:c1', yuan(27)]]);
    expect(q.total).toBe(yuan(58));
  });
  it('[B5] a coupon is good on its last day, in the store time zone', () => {
    const lastDay = coupon({ validFrom: '2026-03-01', validTo: '2026-03-10' });
    // 23:59 on 10 March in Shanghai is 15:59 UTC.
    const at = Date.UTC(2026, 2, 10, 15, 59);
    expect(ok(input([line(100)], { member: member(), coupons: [lastDay], selectedCouponIds: ['c1'], now: at })).total).toBe(yuan(70));
    expect(ok(input([line(100)], { member: member(), coupons: [lastDay], selectedCouponIds: ['c1'], now: at + 120_000 })).total).toBe(yuan(100));
  });
});

describe('store sale events', () => {
  const p = withProgramme((x) => {
    x.priceEvents = [{ id: 'spring', name: 'Spring sale', percentOff: 10, from: '2026-03-01', to: '2026-03-15', weekdays: [] }];
  });
  it('[K4] during a 10%-off spring sale a Regular member (5%) gets the 10%, not 15%', () => {
    const q = ok(input([line(100)], { member: member({ largestOrder: yuan(300) }) }, p));
    expect(q.discounts.map((d) => [d.rule, d.amount])).toEqual([['promo:spring', yuan(10)]]);
    expect(q.total).toBe(yuan(90));
  });
  it('[K4] the sale ends on its last day', () => {
    expect(ok(input([line(100)], { now: NOW + 5 * DAY }, p)).total).toBe(yuan(90)); // 15 March
    const after = ok(input([line(100)], { now: NOW + 6 * DAY }, p));
    expect([after.businessDate, after.total]).toEqual(['2026-03-16', yuan(100)]);
  });
  it('[K4][K2] stacked: 10% sale, then 5% tier, then 30% birthday on ¥100 → ¥59.85', () => {
    const stacked = withProgramme((x) => { x.priceEvents = p.priceEvents ?? []; x.stacking.mode = 'stack'; });
    const q = ok(input([line(100)], { member: member({ largestOrder: yuan(300) }), coupons: [coupon()], selectedCouponIds: ['c1'] }, stacked));
    // 100 − 5 (tier, listed first) = 95; − 9.50 (sale) = 85.50; − 25.65 (30%) = 59.85
    expect(q.total).toBe(yuan(59.85));
  });
});

describe('offline redemption limit', () => {
  const p = withProgramme((x) => { x.redemption.unsynced = { afterHours: 24, capPoints: 2000 }; });
  it('[R7] a tablet unsynced for over a day may redeem at most 2,000 points per sale', () => {
    const cap = unsyncedRedeemCap(p, NOW - 25 * 3_600_000, NOW);
    expect(cap).toBe(2000);
    expect(unsyncedRedeemCap(p, NOW - 3_600_000, NOW)).toBeNull();
    expect(unsyncedRedeemCap(p, null, NOW)).toBe(2000);
    expect(unsyncedRedeemCap(DEFAULT_PROGRAMME, null, NOW)).toBeNull();
    const m = member({ balance: points(9000) });
    expect(ok(input([line(100)], { member: m, redeemCap: cap }, p)).maxRedeemable).toBe(2000);
    expect(refused(input([line(100)], { member: m, redeemCap: cap, pointsToRedeem: 2100 }, p))).toEqual(['pointsToRedeem:redeem.offlineCap']);
    expect(ok(input([line(100)], { member: m, redeemCap: cap, pointsToRedeem: 2000 }, p)).total).toBe(yuan(80));
  });
});
