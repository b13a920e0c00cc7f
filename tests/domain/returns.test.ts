import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cents, points } from '../../src/domain/money';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { quoteCheckout } from '../../src/domain/quote';
import { buildSale } from '../../src/domain/sale-records';
import { buildReturn } from '../../src/domain/returns';
import type { ReturnRequest } from '../../src/domain/returns';
import type { LedgerEntry, Sale, SaleReturn } from '../../src/domain/records';
import { balanceOf, makeEntry } from '../../src/domain/ledger';
import type { CartLine } from '../../src/domain/quote-types';
import { counterIds, DAY, input, line, member, NOW, TZ, yuan } from './fixtures';

function sell(lines: CartLine[], redeem = 0, balance = 10_000, referredBy: string | null = 'm0') {
  const q = quoteCheckout(input(lines, { member: member({ balance: points(balance), referredBy }), pointsToRedeem: redeem }));
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const s = buildSale(q.quote, {
    ids: counterIds('s'), now: NOW, timeZone: TZ, storeId: 'st', deviceId: 'd', staffId: 'u', receiptNo: 'R1',
    payments: [{ method: 'card', amount: q.quote.total }], programme: DEFAULT_PROGRAMME, coupons: [],
  });
  if (!s.ok) throw new Error('sale failed');
  return s;
}
const rctx = (daysLater: number) => ({
  ids: counterIds('r'), now: NOW + daysLater * DAY, timeZone: TZ, storeId: 'st', deviceId: 'd', staffId: 'u', programme: DEFAULT_PROGRAMME,
});
function req(sale: Sale, lines: ReturnRequest['lines'], extra: Partial<ReturnRequest> = {}): ReturnRequest {
  return { sale, earlierReturns: [], lines, reason: 'resaleable', approvedBy: null, ...extra };
}

describe('returns', () => {
  const { sale } = sell([line(100, 2), line(50)]); // ¥250, earns 250 points

  it('[X1] a resaleable item comes back within 7 days; on day 8 a manager must approve', () => {
    expect(buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(100) }]), rctx(7)).ok).toBe(true);
    const late = buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(100) }]), rctx(8));
    expect(late.ok ? [] : late.errors.map((e) => e.code)).toEqual(['return.window']);
    expect(buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(100) }], { approvedBy: 'mgr' }), rctx(8)).ok).toBe(true);
  });
  it('[X1] a defective item can always be returned', () => {
    expect(buildReturn(req(sale, [{ lineNo: 2, qty: 1, todayUnitPrice: yuan(50) }], { reason: 'defective' }), rctx(200)).ok).toBe(true);
  });
  it('[X3] price went up since (¥100 → ¥120): refund the ¥100 paid; went down (→ ¥80): refund ¥80', () => {
    const up = buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(120) }]), rctx(3));
    const down = buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(80) }]), rctx(3));
    expect(up.ok && up.ret.refund).toBe(yuan(100));
    expect(down.ok && down.ret.refund).toBe(yuan(80));
  });
  it('[X4] returning one of two ¥100 items takes back its 100 earned points', () => {
    const r = buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(100) }]), rctx(1));
    if (!r.ok) throw new Error('refused');
    expect(r.ret.pointsReversed).toBe(100);
    expect(r.ledger.filter((e) => e.memberId === 'm1').map((e) => [e.kind, e.points, e.reason])).toEqual([['reversal', -100, 'return.earn']]);
    expect(r.spendReversed).toBe(yuan(100));
  });
  it('[X5] the referrer gives back 1% of the returned part: 100 of 250 referral points', () => {
    const r = buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: yuan(100) }]), rctx(1));
    expect(r.ok && r.ledger.filter((e) => e.memberId === 'm0').map((e) => e.points)).toEqual([-100]);
  });
  it('[X2] refuses returning more than was sold, counting earlier returns', () => {
    const first = buildReturn(req(sale, [{ lineNo: 1, qty: 1, todayUnitPrice: null }]), rctx(1));
    if (!first.ok) throw new Error('refused');
    const again = buildReturn(req(sale, [{ lineNo: 1, qty: 2, todayUnitPrice: null }], { earlierReturns: [first.ret] }), rctx(2));
    expect(again.ok ? [] : again.errors.map((e) => e.code)).toEqual(['return.tooMany']);
    const bad = buildReturn(req(sale, [{ lineNo: 9, qty: 1, todayUnitPrice: null }, { lineNo: 2, qty: 0, todayUnitPrice: null }]), rctx(1));
    expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['return.noLine', 'return.qty']);
  });

  it('[X6] returning everything, in any number of steps, restores the balance exactly', () => {
    const arb = fc.record({
      lines: fc.array(fc.record({ price: fc.integer({ min: 1, max: 100_000 }), qty: fc.integer({ min: 1, max: 7 }) }), { minLength: 1, maxLength: 4 }),
      redeemPct: fc.integer({ min: 0, max: 100 }),
      seed: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
    });
    fc.assert(fc.property(arb, ({ lines, redeemPct, seed }) => {
      const cart = lines.map((l) => ({ ...line(0, l.qty), unitPrice: cents(l.price) }));
      const probe = quoteCheckout(input(cart, { member: member({ balance: points(1_000_000) }) }));
      if (!probe.ok) throw new Error('probe');
      const redeem = Math.floor((probe.quote.maxRedeemable * redeemPct) / 10_000) * 100;
      const opening: LedgerEntry = makeEntry('m1', 'opening', 1_000_000, 'opening', null, null, { ids: () => 'o', at: 0, deviceId: 'd', staffId: null });
      const sold = sell(cart, redeem, 1_000_000, 'm0');
      let ledger = [opening, ...sold.ledger];
      const returns: SaleReturn[] = [];
      // Return every line in chunks whose sizes come from `seed`, in several returns.
      let k = 0;
      for (const l of sold.sale.lines) {
        let left = l.qty;
        while (left > 0) {
          const q = Math.min(left, seed[k++ % seed.length] ?? 1);
          const r = buildReturn(req(sold.sale, [{ lineNo: l.lineNo, qty: q, todayUnitPrice: null }], { earlierReturns: returns }), rctx(1));
          if (!r.ok) throw new Error(JSON.stringify(r.errors));
          returns.push(r.ret);
          ledger = [...ledger, ...r.ledger];
          left -= q;
        }
      }
      const mine = ledger.filter((e) => e.memberId === 'm1');
      const referrer = ledger.filter((e) => e.memberId === 'm0');
      expect(balanceOf(mine)).toBe(1_000_000);
      expect(balanceOf(referrer)).toBe(0);
      expect(returns.reduce((s, r) => s + r.refund, 0)).toBe(sold.sale.total);
    }), { numRuns: 150 });
  });
});
