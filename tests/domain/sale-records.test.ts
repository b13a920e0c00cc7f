import { describe, expect, it } from 'vitest';
import { cents, points } from '../../src/domain/money';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { quoteCheckout } from '../../src/domain/quote';
import { buildEnrollment, buildSale } from '../../src/domain/sale-records';
import type { SaleContext } from '../../src/domain/sale-records';
import { validatePayments } from '../../src/domain/payments';
import { isCardNo } from '../../src/domain/search-keys';
import { balanceOf } from '../../src/domain/ledger';
import { coupon, counterIds, input, line, member, NOW, TZ, yuan } from './fixtures';

function quoted() {
  const r = quoteCheckout(input([line(200)], {
    member: member({ balance: points(1000), referredBy: 'm0' }), coupons: [coupon()], selectedCouponIds: ['c1'], pointsToRedeem: 1000,
  }));
  if (!r.ok) throw new Error('quote failed');
  return r.quote;
}

function ctx(extra: Partial<SaleContext> = {}): SaleContext {
  return {
    ids: counterIds('s'), now: NOW, timeZone: TZ, storeId: 'st1', deviceId: 'd1', staffId: 'u1', receiptNo: 'R-0001',
    payments: [{ method: 'cash', amount: yuan(130), tendered: yuan(150) }], programme: DEFAULT_PROGRAMME, coupons: [coupon()], ...extra,
  };
}

describe('writing a sale', () => {
  it('[Q6] a birthday sale with points: sale, redeem + earn + referral entries, the coupon marked used, the change', () => {
    const q = quoted(); // ¥200 − 30% = ¥140, − 1,000 points (¥10) = ¥130
    expect(q.total).toBe(yuan(130));
    const r = buildSale(q, ctx());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.change).toBe(yuan(20));
    expect(r.sale).toMatchObject({
      id: 's-0001', receiptNo: 'R-0001', memberId: 'm1', businessDate: '2026-03-10', programmeVersion: 1,
      subtotal: yuan(200), total: yuan(130), pointsRedeemed: 1000, redeemValue: yuan(10), pointsEarned: 130,
      couponIds: ['c1'], referrerId: 'm0', referralPoints: 130,
    });
    expect(r.sale.discounts[0]).toMatchObject({ rule: 'coupon:c1', amount: yuan(60), code: 'discount.coupon.birthday' });
    expect(r.ledger.map((e) => [e.memberId, e.kind, e.points, e.sourceId])).toEqual([
      ['m1', 'redeem', -1000, 's-0001'], ['m1', 'earn', 130, 's-0001'], ['m0', 'referral', 130, 's-0001'],
    ]);
    expect(r.ledger[1]?.expiresOn).toBe('2028-03-09');
    expect(r.couponsUsed).toEqual([{ ...coupon(), usedSaleId: 's-0001', usedAt: NOW }]);
  });
  it('[Q6] receipt words come from the translator the till passes in', () => {
    const r = buildSale(quoted(), ctx({ describe: (reason) => `T(${reason.code})` }));
    expect(r.ok && r.sale.discounts[0]?.reason).toBe('T(discount.coupon.birthday)');
  });
  it('[Q8] payments that do not add up write nothing', () => {
    const r = buildSale(quoted(), ctx({ payments: [{ method: 'wechat', amount: yuan(100) }] }));
    expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'payment.short' })] });
  });
  it('[B7] a coupon used meanwhile (another tablet) is refused', () => {
    const r = buildSale(quoted(), ctx({ coupons: [coupon({ usedSaleId: 'other', usedAt: NOW })] }));
    expect(r.ok).toBe(false);
  });
});

describe('payments', () => {
  it.each([
    ['exact cash', [{ method: 'cash' as const, amount: yuan(50) }], { ok: true, change: 0 }],
    ['cash with change', [{ method: 'cash' as const, amount: yuan(50), tendered: yuan(100) }], { ok: true, change: yuan(50) }],
    ['mixed WeChat and cash', [{ method: 'wechat' as const, amount: yuan(30) }, { method: 'cash' as const, amount: yuan(20), tendered: yuan(20) }], { ok: true, change: 0 }],
  ])('[Q8] accepts %s for ¥50', (_w, payments, want) => {
    expect(validatePayments(yuan(50), payments)).toEqual(want);
  });
  it.each([
    ['too little tendered', [{ method: 'cash' as const, amount: yuan(50), tendered: yuan(40) }], 'payment.tenderedShort'],
    ['a mixed payment that is short', [{ method: 'card' as const, amount: yuan(30) }, { method: 'cash' as const, amount: yuan(10) }], 'payment.short'],
    ['a payment over the total', [{ method: 'card' as const, amount: yuan(60) }], 'payment.over'],
    ['a negative amount', [{ method: 'card' as const, amount: cents(-1) }], 'payment.amount'],
  ])('[Q8] refuses %s', (_w, payments, code) => {
    const r = validatePayments(yuan(50), payments);
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toContain(code);
  });
});

describe('enrolling a member', () => {
  const ectx = { ids: counterIds('m'), now: NOW, timeZone: TZ, storeId: 'st1', deviceId: 'd1', staffId: 'u1', country: 'CN', cardSeq: 42, programme: DEFAULT_PROGRAMME };
  it('[F3][F4][E5] the member gets search keys, a card number and the enrolment bonus', () => {
    const r = buildEnrollment({ name: ' 张三 ', phone: '+86 138-1234-5678', birthday: '1990-07-15', wechat: null, referredBy: null, consent: true }, ectx);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.member).toMatchObject({ name: '张三', nameKey: '张三', initials: 'zs', phone: '13812345678', enrolledOn: '2026-03-10', consentAt: NOW });
    expect(isCardNo(r.member.cardNo)).toBe(true);
    expect(r.ledger).toMatchObject([{ kind: 'bonus', reason: 'enroll', points: 100, memberId: r.member.id }]);
    expect(r.stats.points).toBe(balanceOf(r.ledger));
    expect(r.coupons).toEqual([]);
  });
  it('[B1] enrolling in the birthday month gives the birthday coupon at once', () => {
    const r = buildEnrollment({ name: 'Zoe Smith', phone: '13900001111', birthday: '--03-02', wechat: null, referredBy: null, consent: false }, ectx);
    expect(r.ok && r.coupons.map((c) => [c.kind, c.percentOff, c.validFrom, c.validTo])).toEqual([['birthday', 30, '2026-03-01', '2026-03-31']]);
    expect(r.ok && r.member.initials).toBe('zs');
  });
  it.each([
    [{ name: '', phone: '13812345678' }, 'name:name.empty'],
    [{ name: '李四', phone: '12345' }, 'phone:phone.length'],
    [{ name: '李四', phone: '13812345678', birthday: '2030-01-01' }, 'birthday:birthday.invalid'],
    [{ name: '李四', phone: '13812345678', birthday: '1990-02-30' }, 'birthday:birthday.invalid'],
  ])('[F1] refuses %j', (patch, err) => {
    const r = buildEnrollment({ birthday: null, wechat: null, referredBy: null, consent: true, ...patch }, ectx);
    expect(r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`)).toEqual([err]);
  });
});
