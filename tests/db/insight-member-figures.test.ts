// [I11] The kept member figures (src/db/insight-member-totals.ts), case by case: what the owner checks on
// the dashboard's tier table, new VIPs and spend ranking after one write, and that a shop of many
// members gets its exact top 20% and Pareto figures from the kept spend buckets.
import { describe, expect, it } from 'vitest';
import { RegularsDb, toMemberRow } from '../../src/db/database';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import { spendBucket } from '../../src/db/insight-member-totals';
import { computeInsights, type InsightsParams, type InsightsResult } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Store } from '../../src/domain/records';
import { DAY, member, sale, stats, T0 } from './fixtures';

const STORE: Store = { id: 'store-1', name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
const P: InsightsParams = {
  today: '2026-11-30', timeZone: 'Asia/Shanghai', from: '2026-11-01', to: '2026-11-30', period: 'month', vipTierIds: ['gold'], programme: DEFAULT_PROGRAMME,
};
const strip = (r: InsightsResult) => ({ ...r, rowsRead: 0 });
const tierCount = (r: InsightsResult, tier: string) => r.distribution.tiers.rows.find((row) => row[0] === tier)?.[1];

let k = 0;
async function shop() {
  const db = new RegularsDb(`insight-member-figures-${k++}`);
  await db.settings.put({ key: 'store', value: STORE });
  await computeInsights(db, P); // builds the (empty) kept totals
  return { db, writer: new DexieTillWriter(db) };
}

describe('kept member figures (I11)', () => {
  it('[I5][I11] a checkout moves the member up the ranking; a merged member leaves the tiers, new VIPs and ranking', async () => {
    const { db, writer } = await shop();
    const li = member({ name: 'Li', phone: '13800000001' });
    const wang = member({ name: 'Wang', phone: '13800000002' });
    for (const m of [li, wang]) await writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: `op-${m.id}` });
    await writer.commitSale({ sale: sale(li.id, 5000, 2), ledger: [], couponsIssued: [] });
    // Wang reached gold on 2026-11-05 (Shanghai), as a pull brings it.
    await db.memberStats.put({ ...(await db.memberStats.get(wang.id))!, lifetimeSpend: 30_000 as never, tierId: 'gold', tierSince: T0 + 4 * DAY });
    let r = await computeInsights(db, P);
    expect(r.spend.ranking.map((x) => [x.memberId, x.lifetimeSpend])).toEqual([[wang.id, 30_000], [li.id, 10_000]]);
    expect(tierCount(r, 'gold')).toBe(1);
    expect(r.membersByPeriod.rows).toEqual([{ period: '2026-11', newMembers: 2, newVips: 1 }]);
    await writer.commitSale({ sale: sale(li.id, 25_000), ledger: [], couponsIssued: [] });
    expect((await computeInsights(db, P)).spend.ranking.map((x) => x.memberId)).toEqual([li.id, wang.id]);
    await db.members.put({ ...(await db.members.get(wang.id))!, mergedInto: li.id });
    r = await computeInsights(db, P);
    expect(r.spend.ranking.map((x) => [x.memberId, x.lifetimeSpend])).toEqual([[li.id, 35_000]]);
    expect(tierCount(r, 'gold')).toBe(0);
    expect(r.membersByPeriod.rows).toEqual([{ period: '2026-11', newMembers: 1, newVips: 0 }]);
    expect(await db.insightSpend.toArray()).toEqual([{ bucket: spendBucket(35_000).low, count: 1, sum: 35_000 }]);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
  });

  it('[I4][I11] grades from the kept visits: a sale pulled three times is one visit; a merge moves the loser\'s visits', async () => {
    const { db, writer } = await shop();
    const li = member({ name: 'Li', phone: '13800000001' });
    const twin = member({ name: 'Li', phone: '13800000002' });
    for (const m of [li, twin]) await writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: `op-${m.id}` });
    const on = { businessDate: '2026-11-20', at: T0 + 19 * DAY };
    const pulled = sale(li.id, 800, 1, { ...on, deviceId: 'dev-2' });
    for (let i = 0; i < 3; i++) await db.transaction('rw', db.sales, () => db.sales.put(pulled));
    for (let i = 0; i < 2; i++) await writer.commitSale({ sale: sale(twin.id, 500, 1, on), ledger: [], couponsIssued: [] });
    const grade = (r: InsightsResult, g: string) => r.distribution.grades.rows.find((row) => row[0] === g)?.[1];
    let r = await computeInsights(db, P);
    expect([grade(r, 'E'), grade(r, 'D')]).toEqual([2, 0]); // Li 1 visit, the twin 2: both E (D needs 3)
    // The sync store merges the twin into Li and re-points the twin's sales: Li has 3 visits now.
    await db.transaction('rw', [db.members, db.sales], async () => {
      await db.members.put({ ...(await db.members.get(twin.id))!, mergedInto: li.id });
      const theirs = await db.sales.where('[memberId+at]').between([twin.id, -Infinity], [twin.id, Infinity]).toArray();
      await db.sales.bulkPut(theirs.map((x) => ({ ...x, memberId: li.id })));
    });
    expect(await db.insightVisits.toArray()).toEqual([{ day: '2026-11-20', memberId: li.id, count: 3 }]);
    r = await computeInsights(db, P);
    expect([grade(r, 'E'), grade(r, 'D')]).toEqual([0, 1]);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
  });

  it('[I9a][I11] the liability counts only what is owed: an overdrawn member is listed apart, not netted', async () => {
    const { db, writer } = await shop();
    const ann = member({ name: 'Ann', phone: '13800000001' });
    const bo = member({ name: 'Bo', phone: '13800000002' });
    for (const m of [ann, bo]) await writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: `op-${m.id}` });
    // As a pull brings them: Ann holds 1,380 points; Bo spent 882 points more than he had on two offline tablets.
    await db.memberStats.put({ ...(await db.memberStats.get(ann.id))!, points: 1380 as never });
    await db.memberStats.put({ ...(await db.memberStats.get(bo.id))!, points: -882 as never });
    let r = await computeInsights(db, P);
    expect([r.points.owed, r.points.liability, r.points.overdrawnPoints]).toEqual([1380, 1380, 882]); // ¥13.80 owed, not ¥4.98
    expect(r.points.overdrawn).toEqual([{ memberId: bo.id, points: -882 }]);
    expect(r.names[bo.id]).toBe('Bo');
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    // Bo's next purchase pays the overdraft off and leaves him 18 points.
    await db.memberStats.put({ ...(await db.memberStats.get(bo.id))!, points: 18 as never });
    r = await computeInsights(db, P);
    expect([r.points.owed, r.points.overdrawn]).toEqual([1398, []]);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    // Overdrawn again, then merged into Ann: a merged member is owed nothing and overdraws nothing.
    await db.memberStats.put({ ...(await db.memberStats.get(bo.id))!, points: -50 as never });
    expect((await computeInsights(db, P)).points.overdrawnPoints).toBe(50);
    await db.members.put({ ...(await db.members.get(bo.id))!, mergedInto: ann.id });
    r = await computeInsights(db, P);
    expect([r.points.owed, r.points.overdrawn]).toEqual([1380, []]);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    db.close();
  });

  it('[I5][I11] 700 members: the top 20% and Pareto tenths are exact, ties and stats of absent members included', async () => {
    const { db } = await shop();
    const n = 700;
    const spendOf = (i: number) => (i % 9 === 0 ? 50_000 : 1 + ((i * 7919) % 400_000)); // every ninth ties at 500 yuan
    const ms = Array.from({ length: n }, (_, i) => member({ id: `m-${String(i).padStart(4, '0')}`, name: `M${i}`, phone: `138${String(i).padStart(8, '0')}` }));
    await db.transaction('rw', [db.members, db.memberStats], async () => {
      await db.members.bulkPut(ms.map(toMemberRow));
      await db.memberStats.bulkPut([
        ...ms.map((m, i) => stats(m.id, { lifetimeSpend: spendOf(i) as never, visits: 1 })),
        stats('gone-1', { lifetimeSpend: 399_999 as never }), // a pulled member's stats, the member not here
      ]);
    });
    const r = await computeInsights(db, P);
    const spends = ms.map((_, i) => spendOf(i)).sort((a, b) => b - a);
    const sum = (count: number) => spends.slice(0, count).reduce((a, x) => a + x, 0);
    expect(r.spend.top).toMatchObject({ count: 140, spend: sum(140) });
    expect(r.spend.pareto[3]).toEqual({ membersPct: 30, spendPct: Math.round((sum(210) * 1000) / sum(n)) / 10 });
    expect(r.spend.ranking).toHaveLength(50);
    expect(r.spend.ranking.map((x) => x.memberId)).not.toContain('gone-1');
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    db.close();
  });
});
