// [I11] The kept totals, case by case: what the owner would check on the dashboard after one write.
import { describe, expect, it } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import { readKept } from '../../src/db/insight-rebuild';
import { computeInsights, type InsightsParams } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Store } from '../../src/domain/records';
import { DAY, entry, member, sale, saleReturn, stats, T0 } from './fixtures';

const STORE: Store = { id: 'store-1', name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
const P: InsightsParams = {
  today: '2026-11-30', timeZone: 'Asia/Shanghai', from: '2026-11-01', to: '2026-11-30', period: 'day', vipTierIds: null, programme: DEFAULT_PROGRAMME,
};

let k = 0;
async function shop() {
  const db = new RegularsDb(`insight-cases-${k++}`);
  await db.settings.put({ key: 'store', value: STORE });
  await computeInsights(db, P); // builds the (empty) kept totals
  const writer = new DexieTillWriter(db);
  const m = member({ name: 'Li', phone: '13800000001' });
  await writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: `op-${m.id}` });
  return { db, writer, m };
}
const day = async (db: RegularsDb, d: string) => db.insightDays.get(d);

describe('kept totals, case by case (I11)', () => {
  it('[I6][I11] a partial return nets its sale\'s day; a full refund takes the sale off the day', async () => {
    const { db, writer, m } = await shop();
    const s = sale(m.id, 5000, 2, { businessDate: '2026-11-01' });
    await writer.commitSale({ sale: s, ledger: [], couponsIssued: [] });
    expect(await day(db, '2026-11-01')).toMatchObject({ memberSales: 1, memberNet: 10000 });
    await writer.commitReturn({ ret: saleReturn(s, 1, 4000), ledger: [] });
    expect(await day(db, '2026-11-01')).toMatchObject({ memberSales: 1, memberNet: 6000 });
    await writer.commitReturn({ ret: saleReturn(s, 1, 6000), ledger: [] });
    expect(await day(db, '2026-11-01')).toMatchObject({ memberSales: 0, memberNet: 0, firstTimers: 0 });
    expect((await computeInsights(db, P)).mix).toMatchObject({ memberSales: 0, memberTicket: 0 });
  });

  it('[I7][I11] a second purchase within 30 days makes a repeat; refunding it in full undoes the repeat', async () => {
    const { db, writer, m } = await shop();
    await writer.commitSale({ sale: sale(m.id, 500, 1, { businessDate: '2026-11-01' }), ledger: [], couponsIssued: [] });
    const second = sale(m.id, 700, 1, { businessDate: '2026-11-20', at: T0 + 19 * DAY });
    await writer.commitSale({ sale: second, ledger: [], couponsIssued: [] });
    expect(await day(db, '2026-11-01')).toMatchObject({ firstTimers: 1, repeated: 1 });
    await writer.commitReturn({ ret: saleReturn(second, 1, 700), ledger: [] });
    expect(await day(db, '2026-11-01')).toMatchObject({ firstTimers: 1, repeated: 0 });
    expect((await computeInsights(db, P)).repeat).toMatchObject({ firstTimers: 1, repeated: 0 });
  });

  it('[I3][I8][I11] a member merged into another stops counting as new and leaves their cohort', async () => {
    const { db, writer, m } = await shop();
    const twin = member({ name: 'Li', phone: '13800000002' });
    await writer.enroll({ member: twin, stats: stats(twin.id), ledger: [], coupons: [], opId: `op-${twin.id}` });
    expect(await db.insightCohorts.get(2026 * 12 + 10)).toMatchObject({ size: 2 });
    await db.members.put({ ...(await db.members.get(twin.id))!, mergedInto: m.id });
    expect(await day(db, '2026-11-01')).toMatchObject({ newMembers: 1 });
    expect(await db.insightCohorts.get(2026 * 12 + 10)).toMatchObject({ size: 1 });
    expect((await computeInsights(db, P)).distribution.total).toBe(1);
  });

  it('[I9][I11] points count on their local date in the store\'s zone; a zone change rebuilds them in the new zone', async () => {
    const { db, writer, m } = await shop();
    const late = Date.UTC(2026, 10, 10, 20, 0); // 04:00 on the 11th in Shanghai, 15:00 on the 10th in New York
    await writer.appendLedger({ entries: [entry(m.id, 30, { kind: 'bonus', reason: 'review', at: late })], opId: 'op-b' });
    expect(await day(db, '2026-11-11')).toMatchObject({ issued: 30, net: 30 });
    await db.settings.put({ key: 'store', value: { ...STORE, timeZone: 'America/New_York' } });
    const ny = { ...P, timeZone: 'America/New_York' };
    expect(await readKept(db, ny.timeZone)).toBeNull();
    expect((await computeInsights(db, ny)).points.issued).toBe(30);
    expect(await day(db, '2026-11-10')).toMatchObject({ issued: 30 });
    expect(await day(db, '2026-11-11')).toBeUndefined();
  });

  it('[I11] a sale pulled twice counts once; a write that fails leaves the totals as they were', async () => {
    const { db, m } = await shop();
    const s = sale(m.id, 2500, 1, { businessDate: '2026-11-03', deviceId: 'dev-2' });
    for (let i = 0; i < 2; i++) await db.transaction('rw', db.sales, () => db.sales.put(s));
    expect(await day(db, '2026-11-03')).toMatchObject({ memberSales: 1, memberNet: 2500 });
    const other = sale(m.id, 9900, 1, { businessDate: '2026-11-03' });
    await expect(db.transaction('rw', db.sales, async () => {
      await db.sales.put(other);
      throw new Error('the till crashed mid-write');
    })).rejects.toThrow('crashed');
    expect(await day(db, '2026-11-03')).toMatchObject({ memberSales: 1, memberNet: 2500 });
  });

  it('[I11] clearing a table (a restore) marks the totals stale; the next dashboard rebuilds them and equals the full scan', async () => {
    const { db, writer, m } = await shop();
    await writer.commitSale({ sale: sale(m.id, 1200), ledger: [], couponsIssued: [] });
    await db.sales.clear();
    expect(await readKept(db, P.timeZone)).toBeNull();
    const kept = await computeInsights(db, P);
    expect({ ...kept, rowsRead: 0 }).toEqual({ ...(await scanInsights(db, P)), rowsRead: 0 });
    expect(kept.mix.memberSales).toBe(0);
    expect(await readKept(db, P.timeZone)).not.toBeNull();
  });
});
