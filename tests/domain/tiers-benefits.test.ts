import { describe, expect, it } from 'vitest';
import { cents } from '../../src/domain/money';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { effectiveTier, reevaluateTier, reevaluationDue } from '../../src/domain/tiers';
import { cashbackCoupon, couponsDue, manualCoupon, monthlyCashback } from '../../src/domain/benefits';
import { bonusEntry, checkManualBonus } from '../../src/domain/earn';
import { counterIds, DAY, NOW, TZ, withProgramme, yuan } from './fixtures';

const P = DEFAULT_PROGRAMME;

describe('tier re-evaluation', () => {
  it('[T4] a Gold member whose 12-month spending fell to ¥1,200 drops to Silver at re-evaluation', () => {
    const stats = { rollingSpend: yuan(1200), largestOrder: yuan(100) };
    expect(effectiveTier('gold', stats, P)?.id).toBe('gold');
    expect(reevaluateTier(stats, P)?.id).toBe('silver');
  });
  it('[T2] both ladders: the better discount wins (¥500 order → Senior 10% beats Silver 2%)', () => {
    expect(effectiveTier(null, { rollingSpend: yuan(1500), largestOrder: yuan(500) }, P)?.id).toBe('senior');
  });
  it.each([
    ['monthly', '2026-03-01', '2026-03-31', false], ['monthly', '2026-03-31', '2026-04-01', true],
    ['quarterly', '2026-01-05', '2026-03-31', false], ['quarterly', '2026-03-31', '2026-04-01', true],
    ['yearly', '2026-01-01', '2026-12-31', false],
  ] as const)('[T6] %s: last run %s, today %s → due %s', (mode, last, today, due) => {
    expect(reevaluationDue(last, today, withProgramme((p) => { p.tierRules.reevaluate = mode; }))).toBe(due);
  });
});

describe('benefits calendar', () => {
  const m = { id: 'm1', birthday: '1990-03-22', enrolledOn: '2025-03-10' };
  it('[B1][B3] in March a member born in March who joined on 10 March 2025 gets a birthday and a first-anniversary coupon', () => {
    expect(couponsDue(m, [], NOW, TZ, P).map((c) => [c.id, c.percentOff, c.validFrom, c.validTo])).toEqual([
      ['birthday:m1:2026', 30, '2026-03-01', '2026-03-31'], ['anniversary:m1:1', 30, '2026-03-10', '2026-04-08'],
    ]);
  });
  it('[B1] the birthday coupon is issued once a year, whichever tablet asks', () => {
    const first = couponsDue(m, [], NOW, TZ, P);
    expect(couponsDue(m, first, NOW + DAY, TZ, P)).toEqual([]);
  });
  it('[B3] after five years there is no more anniversary coupon', () => {
    expect(couponsDue({ id: 'm1', birthday: null, enrolledOn: '2020-03-10' }, [], NOW, TZ, P)).toEqual([]);
    expect(couponsDue({ id: 'm1', birthday: null, enrolledOn: '2021-03-10' }, [], NOW, TZ, P).map((c) => c.id)).toEqual(['anniversary:m1:5']);
  });
  it('[B4] ¥1,500 spent in a month over the ¥1,000 threshold gives ¥15 back as a coupon for next month', () => {
    expect(monthlyCashback(yuan(999), P)).toBe(0);
    expect(monthlyCashback(yuan(1500), P)).toBe(yuan(15));
    expect(cashbackCoupon('m1', '2026-02', yuan(1500), NOW, P)).toMatchObject({
      id: 'cashback:m1:2026-02', amountOff: yuan(15), validFrom: '2026-03-01', validTo: '2026-03-30',
    });
    expect(cashbackCoupon('m1', '2026-02', cents(0), NOW, P)).toBeNull();
  });
  it('[B5] a coupon given by hand lasts 30 days from today, both days included', () => {
    expect(manualCoupon('m1', 'k1', { amountOff: yuan(20) }, yuan(100), NOW, TZ, P)).toMatchObject({
      kind: 'manual', amountOff: yuan(20), percentOff: null, minSpend: yuan(100), validFrom: '2026-03-10', validTo: '2026-04-08',
    });
    expect(manualCoupon('m1', 'k2', { percentOff: 15 }, cents(0), NOW, TZ, P, 1).validTo).toBe('2026-03-10');
  });
  it.each([
    [500, 'a review', null], [500, '', 'bonus.reason'], [0, 'x', 'bonus.zero'], [20_000, 'x', 'bonus.tooLarge'], [1.5, 'x', 'bonus.notWhole'],
  ])('[E5] granting %s points by hand for %j → %s', (pts, reason, code) => {
    expect(checkManualBonus(pts, reason, P)).toBe(code);
  });
});

describe('bonus points', () => {
  const ctx = { ids: counterIds('b'), at: NOW, deviceId: 'd', staffId: 'u', today: '2026-03-10', programme: P };
  it('[E5] a review earns 50 points; a manual grant records its reason as an adjustment', () => {
    const review = bonusEntry('m1', 'review', ctx);
    expect(review.ok && review.entry).toMatchObject({ kind: 'bonus', points: 50, reason: 'review', expiresOn: '2028-03-09' });
    const manual = bonusEntry('m1', 'manual', ctx, { points: -200, reason: ' duplicate sale ' });
    expect(manual.ok && manual.entry).toMatchObject({ kind: 'adjustment', points: -200, reason: 'manual', note: 'duplicate sale', expiresOn: null });
    expect(bonusEntry('m1', 'manual', ctx, { points: 200, reason: '' })).toEqual({ ok: false, code: 'bonus.reason' });
  });
  it('[E5] a store with no review bonus books nothing', () => {
    const none = withProgramme((x) => { x.bonus.review = 0; });
    expect(bonusEntry('m1', 'review', { ...ctx, programme: none })).toEqual({ ok: true, entry: null });
  });
});
