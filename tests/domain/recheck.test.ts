import { describe, expect, it } from 'vitest';
import { points } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import { buildSale } from '../../src/domain/sale-records';
import { recheckSale } from '../../src/domain/recheck';
import { coupon, counterIds, input, line, member, NOW, TZ, withProgramme, yuan } from './fixtures';

const P = withProgramme((x) => {
  x.redemption.catalogue = [{ id: 'half', name: 'Half price', productId: null, points: 500, percentOff: 50 }];
});
const m = member({ balance: points(3000), referredBy: 'm0', largestOrder: yuan(300) });

function recorded() {
  const q = quoteCheckout(input([line(80, 2), line(45.5)], {
    member: m, coupons: [coupon()], selectedCouponIds: ['c1'], pointsToRedeem: 1000, rewards: [{ rewardId: 'half', lineNo: 2 }],
  }, P));
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const s = buildSale(q.quote, {
    ids: counterIds('s'), now: NOW, timeZone: TZ, storeId: 'st', deviceId: 'd', staffId: 'u', receiptNo: 'R1',
    payments: [{ method: 'card', amount: q.quote.total }], programme: P, coupons: [coupon()],
  });
  if (!s.ok) throw new Error('sale');
  return s;
}

describe('the server re-prices a recorded sale', () => {
  it('[Q5] a sale priced by the till passes the server\'s recheck', () => {
    const s = recorded();
    expect(recheckSale(s.sale, { member: m, coupons: s.couponsUsed, programme: P, timeZone: TZ })).toEqual({ ok: true });
  });
  it('[Q5] a device that recorded more points than the rules give is caught', () => {
    const s = recorded();
    const forged = { ...s.sale, pointsEarned: points(s.sale.pointsEarned + 500) };
    const r = recheckSale(forged, { member: m, coupons: s.couponsUsed, programme: P, timeZone: TZ });
    expect(r).toEqual({ ok: false, errors: [], mismatches: [{ field: 'pointsEarned', recorded: s.sale.pointsEarned + 500, expected: s.sale.pointsEarned }] });
  });
  it('[Q5] a recheck with another programme version is refused', () => {
    const s = recorded();
    const v2 = withProgramme((x) => { x.version = 2; });
    const r = recheckSale(s.sale, { member: m, coupons: s.couponsUsed, programme: v2, timeZone: TZ });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['programme.version']);
  });
});
