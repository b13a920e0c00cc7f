import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tableToCsv, toCsv } from '../../../src/domain/insights/csv';
import { Distribution, MembersByPeriod, SpendRanking } from '../../../src/domain/insights/members';
import { followUpCompletion, PointsFlow } from '../../../src/domain/insights/points';
import { CohortRetention, RepeatRate, SalesMix } from '../../../src/domain/insights/sales';
import { memberSummaryOf, type LedgerSummary, type MemberSummary, type SaleSummary } from '../../../src/domain/insights/summaries';
import { DEFAULT_PROGRAMME } from '../../../src/domain/programme';
import type { Cents, Points } from '../../../src/domain/money';
import type { CareTask, SaleReturn } from '../../../src/domain/records';
import { statsAfterReturn, zeroStats } from '../../../src/db/write-rules';

const mem = (id: string, over: Partial<MemberSummary> = {}): MemberSummary => ({
  id, enrolledOn: '2026-01-05', tierId: null, vipSince: null, grade: null, lifetimeSpend: 0 as Cents, visits: 0, ...over,
});
const sale = (memberId: string | null, businessDate: string, total: number): SaleSummary => ({ memberId, businessDate, total: total as Cents });

/** Feeds rows to an accumulator in pages of `size`, as the worker does. */
function paged<T>(rows: T[], size: number, add: (page: T[]) => void): void {
  for (let i = 0; i < rows.length; i += size) add(rows.slice(i, i + size));
}

describe('CSV export', () => {
  it('[I1] quotes commas, quotes and line breaks, ends lines with CRLF and starts with a BOM for Excel', () => {
    expect(toCsv([['姓名', 'note'], ['王, 芳', 'say "hi"\nbye'], [12, null]])).toBe('\uFEFF姓名,note\r\n"王, 芳","say ""hi""\nbye"\r\n12,\r\n');
  });
  it('[I1] a text cell that a spreadsheet would run as a formula is defused', () => {
    expect(toCsv([['=SUM(A1)', '-5', -5]], { bom: false })).toBe("'=SUM(A1),'-5,-5\r\n");
  });
  it('[I1] a table exports its header then its rows', () => {
    expect(tableToCsv({ columns: ['a', 'b'], rows: [[1, 2]] }, { bom: false })).toBe('a,b\r\n1,2\r\n');
  });
});

describe('member insights', () => {
  it('[I3] counts new members and new VIPs per month in the range', () => {
    const acc = new MembersByPeriod('month', '2026-01-01', '2026-02-28');
    acc.add([mem('a'), mem('b', { enrolledOn: '2026-02-10', vipSince: '2026-02-20' }), mem('c', { enrolledOn: '2025-12-31', vipSince: '2026-01-02' }), mem('d', { enrolledOn: '2026-03-01' })]);
    expect(acc.result().rows).toEqual([{ period: '2026-01', newMembers: 1, newVips: 1 }, { period: '2026-02', newMembers: 1, newVips: 1 }]);
  });
  it('[I2] a summary dates VIP status in the store zone and only for VIP tiers', () => {
    const stats = { memberId: 'a', points: 0 as Points, pendingPoints: 0 as Points, lifetimeSpend: 500 as Cents, visits: 2,
      firstPurchaseAt: null, lastPurchaseAt: null, tierId: 'gold', tierSince: Date.UTC(2026, 1, 28, 17) };
    expect(memberSummaryOf({ id: 'a', enrolledOn: '2026-01-05' }, stats, 'D', null, 'Asia/Shanghai'))
      .toEqual({ id: 'a', enrolledOn: '2026-01-05', tierId: 'gold', vipSince: '2026-03-01', grade: 'D', lifetimeSpend: 500, visits: 2 });
    expect(memberSummaryOf({ id: 'a', enrolledOn: '2026-01-05' }, stats, null, ['diamond'], 'Asia/Shanghai').vipSince).toBeNull();
    expect(memberSummaryOf({ id: 'b', enrolledOn: '2026-01-05' }, null, null, null, 'Asia/Shanghai')).toMatchObject({ tierId: null, lifetimeSpend: 0, visits: 0 });
  });
  it('[I3] weeks are keyed by their Monday', () => {
    const acc = new MembersByPeriod('week', '2026-01-01', '2026-01-31');
    acc.add([mem('a', { enrolledOn: '2026-01-04' }), mem('b', { enrolledOn: '2026-01-05' })]);
    expect(acc.result().table.rows).toEqual([['2025-12-29', 1, 0], ['2026-01-05', 1, 0]]);
  });
  it('[I4] distributes members over tiers (in programme order) and grades', () => {
    const acc = new Distribution();
    acc.add([mem('a', { tierId: 'gold', grade: 'A' }), mem('b', { tierId: 'silver', grade: 'C' }), mem('c', { grade: 'C' }), mem('d')]);
    const r = acc.result(['silver', 'gold']);
    expect(r.tiers.rows).toEqual([['', 2, 50], ['silver', 1, 25], ['gold', 1, 25]]);
    expect(r.grades.rows).toEqual([['A', 1, 25], ['B', 0, 0], ['C', 2, 50], ['D', 0, 0], ['E', 0, 0], ['', 1, 25]]);
  });
  it('[I5] the top 20% of ten spenders are two members; the Pareto series climbs to 100%', () => {
    const acc = new SpendRanking(20, 3);
    const spends = [50000, 30000, 5000, 4000, 3000, 2000, 2000, 2000, 1000, 1000];
    paged(spends.map((s, i) => mem(`m${i}`, { lifetimeSpend: s as Cents, visits: i + 1 })).concat([mem('zero')]), 4, (p) => acc.add(p));
    const r = acc.result();
    expect(r.top).toEqual({ count: 2, spend: 80000, sharePct: 80 });
    expect(r.pareto[2]).toEqual({ membersPct: 20, spendPct: 80 });
    expect(r.pareto.at(-1)).toEqual({ membersPct: 100, spendPct: 100 });
    expect(r.ranking.map((x) => [x.rank, x.memberId, x.lifetimeSpend])).toEqual([[1, 'm0', 50000], [2, 'm1', 30000], [3, 'm2', 5000]]);
  });
  it('[I5] the Pareto series never falls and does not depend on how rows are paged', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100000 }), { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (spends, size) => {
      const rows = spends.map((s, i) => mem(`m${i}`, { lifetimeSpend: s as Cents }));
      const a = new SpendRanking(); a.add(rows);
      const b = new SpendRanking(); paged([...rows].reverse(), size, (p) => b.add(p));
      expect(b.result()).toEqual(a.result());
      const series = a.result().pareto.map((p) => p.spendPct);
      for (let i = 1; i < series.length; i++) expect(series[i]).toBeGreaterThanOrEqual(series[i - 1] ?? 0);
    }));
  });
});

describe('sales insights', () => {
  it('[I6] members’ share of sales and the average ticket, member vs walk-in', () => {
    const acc = new SalesMix('2026-05-01', '2026-05-31');
    acc.add([sale('a', '2026-05-02', 30000), sale('b', '2026-05-03', 10001), sale(null, '2026-05-03', 9999), sale(null, '2026-04-30', 50000)]);
    expect(acc.result()).toMatchObject({ memberSharePct: 80, memberSales: 40001, walkInSales: 9999, memberTicket: 20000, walkInTicket: 9999 });
  });
  it('[I7] repeat rate: bought again on a later day within 30 days of a first purchase in the range', () => {
    const acc = new RepeatRate('2026-03-01', '2026-03-31');
    paged([
      sale('a', '2026-03-30', 1), sale('a', '2026-03-02', 1), // again 28 days later
      sale('b', '2026-03-05', 1), sale('b', '2026-03-05', 1), sale('b', '2026-04-10', 1), // same day does not count; 36 days
      sale('c', '2026-02-20', 1), sale('c', '2026-03-03', 1), // first purchase before the range
      sale('d', '2026-03-31', 1), sale('d', '2026-04-30', 1), // exactly 30 days
      sale(null, '2026-03-10', 1),
    ], 3, (p) => acc.add(p));
    expect(acc.result()).toMatchObject({ firstTimers: 3, repeated: 2, ratePct: 66.7 });
  });
  it('[I8] cohort retention by enrollment month, months not yet reached left empty', () => {
    const acc = new CohortRetention(3);
    acc.addMembers([mem('a', { enrolledOn: '2026-01-10' }), mem('b', { enrolledOn: '2026-01-20' }), mem('c', { enrolledOn: '2026-02-01' })]);
    acc.addSales([sale('a', '2026-01-10', 1), sale('b', '2026-01-20', 1), sale('a', '2026-02-03', 1), sale('a', '2026-02-25', 1), sale('c', '2026-02-01', 1), sale('x', '2026-02-01', 1)]);
    expect(acc.result('2026-02-28').cohorts).toEqual([
      { cohort: '2026-01', members: 2, retainedPct: [100, 50, null] },
      { cohort: '2026-02', members: 1, retainedPct: [100, null, null] },
    ]);
  });
});

describe('points and follow-up insights', () => {
  const e = (kind: LedgerSummary['kind'], pts: number, on: string): LedgerSummary => ({ kind, points: pts as Points, on });
  it('[I9] issued, redeemed, expired in the period; outstanding and its liability at 100 points = ¥1', () => {
    const acc = new PointsFlow('2026-05-01', '2026-05-31');
    acc.add([e('opening', 5000, '2026-01-01'), e('earn', 1200, '2026-05-03'), e('bonus', 100, '2026-05-04'), e('redeem', -2000, '2026-05-10'),
      e('expiry', -300, '2026-05-31'), e('reversal', -50, '2026-05-12'), e('earn', 999, '2026-06-01')]);
    acc.setBalances({ owed: 3950, overdrawn: {} }); // the members' balances now, from their stats
    expect(acc.result(DEFAULT_PROGRAMME)).toMatchObject({ issued: 1300, redeemed: 2000, expired: 300, takenBack: 50, outstanding: 3950, liability: 3950 });
    const dearer = { ...DEFAULT_PROGRAMME, redemption: { ...DEFAULT_PROGRAMME.redemption, pointsPerUnit: 50 } };
    expect(acc.result(dearer).liability).toBe(7900);
  });
  it('[I9a] the liability is the positive balances; overdrafts are listed apart, most overdrawn first', () => {
    const acc = new PointsFlow('2026-05-01', '2026-05-31');
    acc.add([e('earn', 1380, '2026-05-03'), e('earn', 100, '2026-05-03'), e('redeem', -982, '2026-05-04')]);
    acc.setBalances({ owed: 1380, overdrawn: { bo: -882, cy: -10 } });
    const r = acc.result(DEFAULT_PROGRAMME);
    expect([r.outstanding, r.owed, r.liability, r.overdrawnPoints]).toEqual([498, 1380, 1380, 892]);
    expect(r.overdrawnTable.rows).toEqual([['bo', 882], ['cy', 10]]);
  });
  it('[I9][I13] a bootstrap\'s opening balance counts in the outstanding balance only; an imported one as issued', () => {
    const acc = new PointsFlow('2026-05-01', '2026-05-31');
    acc.add([{ ...e('opening', 4000, '2026-05-02'), reason: 'bootstrap' }, { ...e('opening', 700, '2026-05-03'), reason: 'import' }, e('redeem', -100, '2026-05-04')]);
    expect(acc.result(DEFAULT_PROGRAMME)).toMatchObject({ issued: 700, redeemed: 100, outstanding: 4600 });
  });
  it('[I10] follow-up completion by kind: done out of done + missed', () => {
    const t = (kind: CareTask['kind'], status: CareTask['status'], dueTo: string) => ({ kind, status, dueTo });
    const r = followUpCompletion([t('birthday', 'done', '2026-05-01'), t('birthday', 'open', '2026-05-02'), t('birthday', 'open', '2026-06-01'),
      t('complaint', 'done', '2026-05-01')], '2026-05-20');
    expect(r.byKind).toEqual([
      { kind: 'birthday', done: 1, missed: 1, open: 1, dropped: 0, completedPct: 50 },
      { kind: 'complaint', done: 1, missed: 0, open: 0, dropped: 0, completedPct: 100 },
    ]);
  });
});

describe('insights net of returns', () => {
  it('[I6] a partly returned sale counts what was kept; a sale refunded in full is no ticket at all', () => {
    const acc = new SalesMix('2026-05-01', '2026-05-31');
    acc.add([
      { ...sale('m1', '2026-05-02', 30000), refunded: 10000 as Cents }, // kept ¥200
      { ...sale('m2', '2026-05-03', 5000), refunded: 5000 as Cents }, // all returned
      sale('m3', '2026-05-04', 20000),
      { ...sale(null, '2026-05-05', 12000), refunded: 2000 as Cents },
    ]);
    // Members: ¥200 + ¥200 over two tickets; walk-in: ¥100 over one. Share 400 / 500.
    expect(acc.result()).toMatchObject({ memberSales: 40000, walkInSales: 10000, memberTicket: 20000, walkInTicket: 10000, memberSharePct: 80 });
  });
  it('[I7][I8] a purchase refunded in full is no repeat purchase and no sign of retention', () => {
    const rate = new RepeatRate('2026-05-01', '2026-05-31', 30);
    rate.add([sale('a', '2026-05-01', 1000), { ...sale('a', '2026-05-10', 1000), refunded: 1000 as Cents }, sale('b', '2026-05-02', 1000), sale('b', '2026-05-20', 500)]);
    expect(rate.result()).toMatchObject({ firstTimers: 2, repeated: 1 });
    const cohorts = new CohortRetention(2);
    cohorts.addMembers([{ id: 'a', enrolledOn: '2026-04-10' }]);
    cohorts.addSales([{ ...sale('a', '2026-05-10', 1000), refunded: 1000 as Cents }]);
    expect(cohorts.result('2026-05-31').cohorts[0]?.retainedPct).toEqual([0, 0]);
  });
  it('[I9] points a return takes back are not issued; points it gives back are not redeemed', () => {
    const flow = new PointsFlow('2026-05-01', '2026-05-31');
    const l = (kind: LedgerSummary['kind'], pts: number, reason: string): LedgerSummary => ({ kind, points: pts as Points, on: '2026-05-10', reason });
    flow.add([
      l('earn', 300, 'sale'), l('redeem', -100, 'sale'), l('referral', 30, 'referral'),
      l('reversal', -120, 'return.earn'), l('reversal', 40, 'return.redeem'), l('reversal', -10, 'return.referral'),
      l('reversal', -5, 'referral'),
    ]);
    const r = flow.result(DEFAULT_PROGRAMME);
    expect(r).toMatchObject({ issued: 300 + 30 - 120 - 10, redeemed: 100 - 40, takenBack: 5, outstanding: 300 - 100 + 30 - 120 + 40 - 10 - 5 });
  });
  it('[I5] lifetime value and the top 20% use the kept lifetime spend, which a return lowers (write-rules statsAfterReturn)', () => {
    const before = { ...zeroStats('big'), lifetimeSpend: 90000 as Cents, visits: 2 };
    const after = statsAfterReturn(before, { refund: 60000 } as SaleReturn, undefined);
    const acc = new SpendRanking(20, 5);
    const others = [40000, 20000, 10000, 5000].map((s, i) => mem(`m${i}`, { lifetimeSpend: s as Cents }));
    acc.add([memberSummaryOf({ id: 'big', enrolledOn: '2026-01-01' }, after, null, null, 'Asia/Shanghai'), ...others]);
    const r = acc.result();
    expect(r.ranking.map((x) => [x.memberId, x.lifetimeSpend])).toEqual([['m0', 40000], ['big', 30000], ['m1', 20000], ['m2', 10000], ['m3', 5000]]);
    expect(r.top).toEqual({ count: 1, spend: 40000, sharePct: 38 }); // 40000 of 105000, floored (segments)
  });
});
