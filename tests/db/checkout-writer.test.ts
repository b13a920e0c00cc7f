// [D1][I11] The Dexie checkout sends the sale and its entries beside its reads and checks afterwards: a
// refused checkout must still leave nothing — no sale, no entries, no outbox row, and the dashboard's
// kept totals as they were. A checkout whose sale, entries and member figures share kept rows keeps
// every one of them exactly (each row read once, written with all the write's changes).
import { describe, expect, it } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import { readKept } from '../../src/db/insight-rebuild';
import { computeInsights, type InsightsParams } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Store } from '../../src/domain/records';
import { DAY, coupon, entry, member, sale, stats, T0 } from './fixtures';

const STORE: Store = { id: 'store-1', name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
const P: InsightsParams = {
  today: '2026-11-30', timeZone: 'Asia/Shanghai', from: '2026-11-01', to: '2026-11-30', period: 'day', vipTierIds: null, programme: DEFAULT_PROGRAMME,
};
const strip = <T extends { rowsRead: number }>(r: T) => ({ ...r, rowsRead: 0 });

let n = 0;
async function shop() {
  const db = new RegularsDb(`checkout-writer-${n++}`);
  await db.settings.put({ key: 'store', value: STORE });
  await computeInsights(db, P); // builds the (empty) kept totals
  const writer = new DexieTillWriter(db);
  const m = member({ name: 'Wang', phone: '13800000002', enrolledOn: '2026-11-01' });
  await writer.enroll({ member: m, stats: stats(m.id), ledger: [entry(m.id, 100, { kind: 'bonus', reason: 'enroll', at: T0 })], coupons: [], opId: `op-${m.id}` });
  return { db, writer, m };
}

async function everything(db: RegularsDb) {
  return {
    sales: await db.sales.toArray(), ledger: await db.ledger.toArray(), outbox: await db.outbox.toArray(),
    stats: await db.memberStats.toArray(), kept: await readKept(db, STORE.timeZone),
  };
}

describe('Dexie checkout: one transaction, sent at once (D1, I11)', () => {
  it('[D1][D7][I11] a checkout refused after its sale went out (points the member lacks) leaves no trace', async () => {
    const { db, writer, m } = await shop();
    const before = await everything(db);
    expect(before.kept).not.toBeNull();
    const s = sale(m.id, 3000, 1, { at: T0 + DAY, businessDate: '2026-11-02' });
    await expect(writer.commitSale({ sale: s, ledger: [entry(m.id, 30, { sourceId: s.id }), entry(m.id, -500, { kind: 'redeem', sourceId: s.id })], couponsIssued: [] }))
      .rejects.toMatchObject({ code: 'invalid-input' });
    expect(await everything(db)).toEqual(before);
  });

  it('[D1][D6][I11] a checkout refused for a used coupon, or for a sale id already recorded, leaves the first sale counted once', async () => {
    const { db, writer, m } = await shop();
    const c = coupon(m.id);
    await db.coupons.add({ ...c, usedSaleId: 'earlier-sale', usedAt: T0 });
    const first = sale(m.id, 2000, 1, { at: T0 + DAY, businessDate: '2026-11-02' });
    await writer.commitSale({ sale: first, ledger: [entry(m.id, 20, { sourceId: first.id, at: first.at })], couponsIssued: [] });
    const before = await everything(db);
    await expect(writer.commitSale({ sale: sale(m.id, 2000, 1, { couponIds: [c.id] }), ledger: [], couponsIssued: [] }))
      .rejects.toMatchObject({ code: 'coupon-used' });
    await expect(writer.commitSale({ sale: first, ledger: [], couponsIssued: [] })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await everything(db)).toEqual(before);
    expect(before.kept?.days.find((d) => d.day === '2026-11-02')).toMatchObject({ memberSales: 1, memberNet: 2000, issued: 20 });
  });

  it('[I11] a day\'s first sale with its points on the same day, then a repeat in a new month: the dashboard equals the full scan', async () => {
    const { db, writer, m } = await shop();
    const s1 = sale(m.id, 1500, 2, { at: T0 + 3 * 3_600_000, businessDate: '2026-11-01' });
    await writer.commitSale({ sale: s1, ledger: [entry(m.id, 30, { sourceId: s1.id, at: s1.at }), entry(m.id, -50, { kind: 'redeem', sourceId: s1.id, at: s1.at })], couponsIssued: [] });
    const s2 = sale(m.id, 990, 1, { at: T0 + 31 * DAY, businessDate: '2026-12-02' });
    await writer.commitSale({ sale: s2, ledger: [entry(m.id, 9, { sourceId: s2.id, at: s2.at })], couponsIssued: [] });
    const walkIn = sale(null, 700, 1, { at: T0 + 3 * 3_600_000, businessDate: '2026-11-01' });
    await writer.commitSale({ sale: walkIn, ledger: [], couponsIssued: [] });
    const kept = await readKept(db, STORE.timeZone);
    expect(kept?.days.find((d) => d.day === '2026-11-01')).toMatchObject({
      newMembers: 1, memberSales: 1, memberNet: 3000, walkInSales: 1, walkInNet: 700, firstTimers: 1, issued: 130, redeemed: 50,
    });
    const params = { ...P, today: '2026-12-05', to: '2026-12-05', period: 'month' as const };
    expect(strip(await computeInsights(db, params))).toEqual(strip(await scanInsights(db, params)));
  });
});
