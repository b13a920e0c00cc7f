import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cents, points } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import type { CartLine, QuoteInput } from '../../src/domain/quote-types';
import { coupon, input, member, withProgramme } from './fixtures';

const lineArb: fc.Arbitrary<CartLine> = fc
  .record({ price: fc.integer({ min: 0, max: 500_000 }), qty: fc.integer({ min: 1, max: 50 }), disc: fc.integer({ min: 0, max: 100 }), noEarn: fc.boolean() })
  .map(({ price, qty, disc, noEarn }) => ({
    productId: 'p', name: 'x', category: 'c', unitPrice: cents(price), qty,
    lineDiscount: cents(Math.floor((price * qty * disc) / 100)), noEarn,
  }));

const inputArb: fc.Arbitrary<QuoteInput> = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
    spend: fc.integer({ min: 0, max: 500_000 }),
    largest: fc.integer({ min: 0, max: 80_000 }),
    balance: fc.integer({ min: 0, max: 1_000_000 }),
    redeemSteps: fc.integer({ min: 0, max: 100 }),
    pct: fc.option(fc.integer({ min: 1, max: 99 })),
    amountOff: fc.integer({ min: 1, max: 100_000 }),
    stack: fc.boolean(),
    referred: fc.boolean(),
    event: fc.option(fc.integer({ min: 1, max: 99 })),
    reward: fc.option(fc.integer({ min: 1, max: 100 })),
  })
  .map((r) => {
    const programme = withProgramme((p) => {
      p.stacking.mode = r.stack ? 'stack' : 'best-single';
      if (r.event !== null) p.priceEvents = [{ id: 'e', name: 'Sale', percentOff: r.event, from: null, to: null, weekdays: [] }];
      if (r.reward !== null) p.redemption.catalogue = [{ id: 'r', name: 'Reward', productId: null, points: 100, percentOff: r.reward }];
    });
    const c = coupon({ percentOff: r.pct, amountOff: r.pct === null ? cents(r.amountOff) : null });
    const base = input(r.lines, {
      member: member({ rollingSpend: cents(r.spend), largestOrder: cents(r.largest), balance: points(r.balance), referredBy: r.referred ? 'm0' : null }),
      coupons: [c], selectedCouponIds: ['c1'], rewards: r.reward !== null && r.balance >= 100 ? [{ rewardId: 'r', lineNo: 1 }] : [],
    }, programme);
    // Redeem what the cap allows, scaled by redeemSteps %, on the step.
    const probe = quoteCheckout(base);
    const most = probe.ok ? probe.quote.maxRedeemable : 0;
    const want = Math.floor((most * r.redeemSteps) / 100 / 100) * 100;
    return { ...base, pointsToRedeem: want >= 100 ? want : 0 };
  });

describe('quote properties', () => {
  it('[Q4] totals are never negative, no line pays less than zero, discounts never exceed the price', () => {
    fc.assert(fc.property(inputArb, (i) => {
      const r = quoteCheckout(i);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const q = r.quote;
      expect(q.total).toBeGreaterThanOrEqual(0);
      for (const l of q.lines) {
        expect(l.net).toBeGreaterThanOrEqual(0);
        expect(l.lineDiscount + l.allocatedDiscount + l.allocatedRedeem).toBeLessThanOrEqual(l.gross);
      }
      const discounts = q.discounts.reduce((s, d) => s + d.amount, 0);
      expect(discounts + q.redeemValue).toBeLessThanOrEqual(q.subtotal);
      expect(q.subtotal - discounts - q.redeemValue).toBe(q.total);
    }), { numRuns: 300 });
  });

  it('[Q2] every per-line allocation sums exactly to its whole', () => {
    fc.assert(fc.property(inputArb, (i) => {
      const r = quoteCheckout(i);
      if (!r.ok) return;
      const q = r.quote;
      const sum = (f: (l: (typeof q.lines)[number]) => number) => q.lines.reduce((s, l) => s + f(l), 0);
      const orderDiscount = q.discounts.filter((d) => !d.rule.startsWith('line:')).reduce((s, d) => s + d.amount, 0);
      expect(sum((l) => l.allocatedDiscount)).toBe(orderDiscount);
      expect(sum((l) => l.allocatedRedeem)).toBe(q.redeemValue);
      expect(sum((l) => l.pointsEarned)).toBe(q.pointsEarned);
      expect(sum((l) => l.pointsRedeemed)).toBe(q.pointsRedeemed + q.rewardPoints);
      expect(sum((l) => l.net)).toBe(q.total);
    }), { numRuns: 300 });
  });

  it('[E6] noEarn lines never earn, and points never exceed what is paid in money', () => {
    fc.assert(fc.property(inputArb, (i) => {
      const r = quoteCheckout(i);
      if (!r.ok) return;
      for (const l of r.quote.lines) if (l.noEarn) expect(l.pointsEarned).toBe(0);
      // At most 1 point per ¥1 × 1.5 (Gold) of money paid.
      expect(r.quote.pointsEarned).toBeLessThanOrEqual(Math.floor((r.quote.total * 3) / 200));
    }), { numRuns: 200 });
  });

  it('[Q5] quoting is deterministic: the same input gives the same quote', () => {
    fc.assert(fc.property(inputArb, (i) => {
      expect(quoteCheckout(structuredClone(i))).toEqual(quoteCheckout(i));
    }), { numRuns: 100 });
  });
});
