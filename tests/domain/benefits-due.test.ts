// The benefits a member is due on a day (loyalty-spec B1, B3, B4, B9, B10): one rule for the counter,
// the checkout and the care list's daily pass, with ids every tablet derives alike.
import { describe, expect, it } from 'vitest';
import { benefitsDue, notHeld, previousMonth, spendInMonth } from '../../src/domain/benefits-due';
import { cents } from '../../src/domain/money';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Sale, SaleReturn } from '../../src/domain/records';
import { localDate } from '../../src/domain/time';
import { sale } from '../db/fixtures';
import { withProgramme, yuan } from './fixtures';

const P = DEFAULT_PROGRAMME;
const AT = Date.UTC(2027, 0, 5, 2, 0, 0);
const none = { lastMonthSpend: cents(0) };
const due = (m: { birthday?: string | null; enrolledOn?: string }, today: string, spend = none, programme = P) =>
  benefitsDue({ id: 'm1', birthday: m.birthday ?? null, enrolledOn: m.enrolledOn ?? '2026-06-10' }, spend, programme, today, AT)
    .map((c) => [c.id, c.percentOff ?? c.amountOff, c.validFrom, c.validTo]);

describe('benefits due on a day', () => {
  it.each([
    ['2027-01-05', [['birthday:m1:2027', 30, '2027-01-01', '2027-01-31']]],
    ['2027-01-31', [['birthday:m1:2027', 30, '2027-01-01', '2027-01-31']]],
    ['2026-12-31', []],
    ['2027-02-01', []],
  ])('[B1][B9] a member born in January who joined in June: on %s the birthday coupon due is %j', (today, want) => {
    expect(due({ birthday: '1990-01-20', enrolledOn: '2026-06-10' }, today)).toEqual(want);
  });

  it('[B1][B9] a birthday without a year (--01-20) counts the same; the programme switched off gives nothing', () => {
    expect(due({ birthday: '--01-20' }, '2027-01-05').map((c) => c[0])).toEqual(['birthday:m1:2027']);
    const off = withProgramme((p) => { p.benefits.birthday.enabled = false; });
    expect(due({ birthday: '--01-20' }, '2027-01-05', none, off)).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5])('[B3][B9] the %i-year anniversary: a 30%%-off coupon from the day, for 30 days', (n) => {
    const enrolledOn = `${2027 - n}-01-05`;
    expect(due({ enrolledOn }, '2027-01-05')).toEqual([[`anniversary:m1:${n}`, 30, '2027-01-05', '2027-02-03']]);
    expect(due({ enrolledOn }, '2027-02-03').map((c) => c[0])).toEqual([`anniversary:m1:${n}`]);
    expect(due({ enrolledOn }, '2027-02-04')).toEqual([]);
    expect(due({ enrolledOn }, '2027-01-04')).toEqual([]); // the day before: last year's coupon ran out long ago
  });

  it('[B3] no coupon in the sixth year, nor before the first anniversary', () => {
    expect(due({ enrolledOn: '2021-01-05' }, '2027-01-05')).toEqual([]);
    expect(due({ enrolledOn: '2026-01-06' }, '2027-01-05')).toEqual([]);
  });

  it.each([
    [yuan(1500), '2027-01-05', [['cashback:m1:2026-12', yuan(15), '2027-01-01', '2027-01-30']]],
    [yuan(1000), '2027-01-05', [['cashback:m1:2026-12', yuan(10), '2027-01-01', '2027-01-30']]],
    [cents(99_999), '2027-01-05', []],
    [yuan(1500), '2027-01-31', []],
  ])('[B4][B9] %i fen paid in December: on %s the cashback coupon due is %j', (spend, today, want) => {
    expect(due({}, today, { lastMonthSpend: spend })).toEqual(want);
  });

  it('[B9] the January-birthday member who spent ¥1,500 in December is due both coupons on 5 January', () => {
    expect(due({ birthday: '1990-01-20' }, '2027-01-05', { lastMonthSpend: yuan(1500) }).map((c) => c[0]))
      .toEqual(['birthday:m1:2027', 'cashback:m1:2026-12']);
  });

  it('[B9] a coupon held already (used or not) is not issued again', () => {
    const all = benefitsDue({ id: 'm1', birthday: '--01-20', enrolledOn: '2026-01-05' }, none, P, '2027-01-05', AT);
    expect(all.map((c) => c.id)).toEqual(['birthday:m1:2027', 'anniversary:m1:1']);
    const used = { ...all[0], id: 'birthday:m1:2027', usedSaleId: 's1' };
    expect(notHeld(all, [used]).map((c) => c.id)).toEqual(['anniversary:m1:1']);
  });
});

describe('the month a sale counts in for cashback', () => {
  const TZ = 'Asia/Shanghai';
  const at = (iso: string) => Date.parse(iso);
  const sold = (id: string, when: number, total: number): Sale => sale('m1', total, 1, { id, at: when, businessDate: localDate(when, TZ) });

  it('[B10] 23:30 on 31 December in Shanghai counts for December; 00:30 on 1 January for January', () => {
    const late = sold('s-late', at('2026-12-31T15:30:00Z'), 60_000);
    const early = sold('s-early', at('2026-12-31T16:30:00Z'), 50_000);
    const mid = sold('s-mid', at('2026-12-10T04:00:00Z'), 50_000);
    expect(spendInMonth([late, early, mid], [], '2026-12')).toBe(110_000);
    expect(spendInMonth([late, early, mid], [], '2027-01')).toBe(50_000);
    expect(previousMonth('2027-01-05')).toBe('2026-12');
  });

  it('[B10] a return takes its refund off the month of its sale', () => {
    const s = sold('s1', at('2026-12-10T04:00:00Z'), 120_000);
    const ret = { id: 'r1', saleId: 's1', refund: cents(30_000) } as SaleReturn;
    expect(spendInMonth([s], [ret], '2026-12')).toBe(90_000);
    expect(due({}, '2027-01-05', { lastMonthSpend: spendInMonth([s], [ret], '2026-12') })).toEqual([]);
  });
});

describe('a sale issues what is due', () => {
  it('[B9] the checkout carries the coupons due today that the member does not hold (couponsIssued), none for a walk-in', async () => {
    const { quoteCheckout } = await import('../../src/domain/quote');
    const { buildSale } = await import('../../src/domain/sale-records');
    const { input, line, member } = await import('./fixtures');
    const owner = { id: 'm1', birthday: '--01-20', enrolledOn: '2026-06-10' };
    const q = quoteCheckout(input([line(100)], { member: member({ id: 'm1' }), now: AT }));
    if (!q.ok) throw new Error('quote');
    const held = benefitsDue(owner, none, P, '2027-01-05', AT - 1000).slice(0, 1);
    const ctx = {
      ids: (() => { let i = 0; return () => `id-${++i}`; })(), now: AT, timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'd', staffId: 'u',
      receiptNo: 'R1', payments: [{ method: 'cash' as const, amount: q.quote.total }], programme: P, coupons: [],
      benefits: { member: owner, figures: { lastMonthSpend: yuan(1500) } },
    };
    const built = buildSale(q.quote, ctx);
    expect(built.ok && built.couponsIssued.map((c) => [c.id, c.issuedAt])).toEqual([['birthday:m1:2027', AT], ['cashback:m1:2026-12', AT]]);
    const again = buildSale(q.quote, { ...ctx, coupons: held });
    expect(again.ok && again.couponsIssued.map((c) => c.id)).toEqual(['cashback:m1:2026-12']);
    const walkIn = quoteCheckout(input([line(100)], { now: AT }));
    if (!walkIn.ok) throw new Error('quote');
    const anon = buildSale(walkIn.quote, { ...ctx, payments: [{ method: 'cash', amount: walkIn.quote.total }] });
    expect(anon.ok && anon.couponsIssued).toEqual([]);
  });
});
