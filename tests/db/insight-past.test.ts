// [I13] A tablet paired after the shop already had sales: its dashboard covers the organisation's past
// (C-S18), as the owner would check it against the figures of the tablet that made those sales.
import { describe, expect, it } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import { readKept } from '../../src/db/insight-rebuild';
import { computeInsights, type InsightsParams } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { points } from '../../src/domain/money';
import type { Store } from '../../src/domain/records';
import { PAST_SLOT_MS, type BootstrapMember, type OrgHistory } from '../../src/sync/protocol';
import { DAY, entry, member, sale, stats, T0 } from './fixtures';

const STORE: Store = { id: 'store-1', name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
const P: InsightsParams = {
  today: '2026-11-30', timeZone: 'Asia/Shanghai', from: '2026-11-01', to: '2026-11-30', period: 'day', vipTierIds: null, programme: DEFAULT_PROGRAMME,
};
const slot = (at: number) => Math.floor(at / PAST_SLOT_MS);

/**
 * Before this tablet was paired (2026-11-10): A (enrolled in October) bought on 2 and 5 November; B on
 * 2 November, and once more on 3 November, refunded in full (a visit, not a purchase); one walk-in sale
 * on 2 November. Points: 80 earned on the 2nd, 30 earned and 50 redeemed on the 5th, 20 expired at
 * 00:10 on 6 November in Shanghai (still the 5th in UTC). A's balance came over as 40.
 */
const A = member({ id: 'm-a', name: 'An', phone: '13800000001', enrolledOn: '2026-10-05' });
const B = member({ id: 'm-b', name: 'Bo', phone: '13800000002' });
const C = member({ id: 'm-c', name: 'Cai', phone: '13800000003' });
const PAGE: BootstrapMember[] = [
  { member: A, stats: stats(A.id, { points: points(40), visits: 2 }), past: { bought: { '2026-11-02': 1, '2026-11-05': 1 }, visits: { '2026-11-02': 1, '2026-11-05': 1 } } },
  { member: B, stats: stats(B.id, { visits: 2 }), past: { bought: { '2026-11-02': 1 }, visits: { '2026-11-02': 1, '2026-11-03': 1 } } },
  { member: C, stats: stats(C.id) },
];
const HISTORY: OrgHistory = {
  since: '9',
  sales: [
    { day: '2026-11-02', memberSales: 2, memberNet: 8000, walkInSales: 1, walkInNet: 1000 },
    { day: '2026-11-05', memberSales: 1, memberNet: 3000, walkInSales: 0, walkInNet: 0 },
  ],
  points: [
    { slot: slot(T0 + DAY), issued: 80, redeemed: 0, expired: 0, other: 0 },
    { slot: slot(T0 + 4 * DAY), issued: 30, redeemed: 50, expired: 0, other: 0 },
    { slot: slot(Date.UTC(2026, 10, 5, 16, 10)), issued: 0, redeemed: 0, expired: 20, other: 0 },
  ],
};

let k = 0;
async function latePaired() {
  const db = new RegularsDb(`insight-past-${k++}`);
  await db.settings.put({ key: 'store', value: STORE });
  const store = new DexieSyncStore(db, { deviceId: 'dev-new' });
  await store.bootstrapPage(PAGE, { membersLoaded: 3, complete: true, cursor: C.id }, T0 + 9 * DAY, '10');
  await store.savePast(HISTORY);
  return { db, store, writer: new DexieTillWriter(db) };
}
const strip = <T extends { rowsRead: number }>(r: T) => ({ ...r, rowsRead: 0 });

describe('the organisation\'s past on a late-paired tablet (I13, C-S18)', () => {
  it('[I13][I6][I7][I8][I9] the dashboard counts the sales, purchases and points flow from before pairing, as the full scan does', async () => {
    const { db } = await latePaired();
    const r = await computeInsights(db, P);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    // Three member sales (8,000 + 3,000 cents) and one walk-in (1,000): B's refunded sale is no ticket.
    expect(r.mix).toMatchObject({ memberSales: 11000, walkInSales: 1000, memberTicket: 3666, walkInTicket: 1000 });
    // A and B first bought on 2 November; A again on the 5th. B's refunded visit on the 3rd is no purchase.
    expect(r.repeat).toMatchObject({ firstTimers: 2, repeated: 1 });
    // A (October's cohort) bought in its month 1; of November's two, B bought in month 0.
    expect(r.cohorts.cohorts).toEqual([
      expect.objectContaining({ cohort: '2026-10', members: 1, retainedPct: expect.arrayContaining([0, 100]) }),
      expect.objectContaining({ cohort: '2026-11', members: 2, retainedPct: expect.arrayContaining([50]) }),
    ]);
    // The opening balance brought over is no points issued; the outstanding balance is it.
    expect(r.points).toMatchObject({ issued: 110, redeemed: 50, expired: 20, outstanding: 40 });
  });

  it('[I13][I9] the past points fall on the store\'s local day: 00:10 in Shanghai is the next day', async () => {
    const { db } = await latePaired();
    await computeInsights(db, P);
    expect(await db.insightDays.get('2026-11-06')).toMatchObject({ expired: 20, net: 0 });
    expect((await computeInsights(db, { ...P, from: '2026-11-06', to: '2026-11-06' })).points).toMatchObject({ expired: 20, issued: 0 });
  });

  it('[I13][I7][I11] a member who bought before pairing and buys again after is a repeat, not a first-timer', async () => {
    const { db, writer } = await latePaired();
    await computeInsights(db, P); // the rebuild folds the past in
    await writer.commitSale({ sale: sale(B.id, 1500, 1, { businessDate: '2026-11-25', at: T0 + 24 * DAY }), ledger: [], couponsIssued: [] });
    await writer.commitSale({
      sale: sale(C.id, 1000, 1, { id: 's-c', businessDate: '2026-11-25', at: T0 + 24 * DAY }),
      ledger: [entry(C.id, 10, { sourceId: 's-c', at: T0 + 24 * DAY })], couponsIssued: [],
    });
    expect(await readKept(db, P.timeZone)).not.toBeNull(); // kept by the writes, not rebuilt
    const r = await computeInsights(db, P);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    // B's first purchase is still 2 November, now repeated on the 25th; C's first is the 25th.
    expect(await db.insightDays.get('2026-11-02')).toMatchObject({ firstTimers: 2, repeated: 2 });
    expect(await db.insightDays.get('2026-11-25')).toMatchObject({ firstTimers: 1, repeated: 0, memberSales: 2 });
    expect(r.repeat).toMatchObject({ firstTimers: 3, repeated: 2 });
    expect(r.mix).toMatchObject({ memberSales: 13500 });
    expect(r.points).toMatchObject({ issued: 120, outstanding: 50 });
  });

  it('[I13][I4] past visits in the last 30 days grade members as their sales would', async () => {
    const { db } = await latePaired();
    const kept = await computeInsights(db, P);
    expect(kept.distribution).toEqual((await scanInsights(db, P)).distribution);
    // A's two purchases and B's two visits (one refunded: grades count visits) make both E (1 to 2 a month); C has none.
    const grades = (r: typeof kept) => Object.fromEntries(r.distribution.grades.rows.map((row) => [row[0], row[1]]));
    expect(grades(kept)).toMatchObject({ E: 2, '': 1 });
    const noPast = new RegularsDb(`insight-past-${k++}`);
    await noPast.settings.put({ key: 'store', value: STORE });
    await new DexieSyncStore(noPast).bootstrapPage(PAGE.map(({ member: m, stats: s }) => ({ member: m, stats: s })), { membersLoaded: 3, complete: true, cursor: C.id }, T0, '10');
    expect(grades(await computeInsights(noPast, P))).toMatchObject({ E: 0, '': 3 });
  });

  it('[I13][I11] storing the past makes totals kept until then stale; the next opening folds it in', async () => {
    const db = new RegularsDb(`insight-past-${k++}`);
    await db.settings.put({ key: 'store', value: STORE });
    const store = new DexieSyncStore(db);
    await store.bootstrapPage(PAGE, { membersLoaded: 3, complete: true, cursor: C.id }, T0 + 9 * DAY, '10');
    await computeInsights(db, P);
    expect(await readKept(db, P.timeZone)).not.toBeNull();
    await store.savePast(HISTORY);
    expect(await store.pastSince()).toBe('9');
    expect(await readKept(db, P.timeZone)).toBeNull();
    expect((await computeInsights(db, P)).mix).toMatchObject({ memberSales: 11000, walkInSales: 1000 });
  });

  it('[I13][C-S18][C-S5] a merge pulled after pairing takes the loser\'s past purchases away; the re-sent sale counts for the survivor', async () => {
    const { db, store } = await latePaired();
    await computeInsights(db, P);
    await store.initCursor('9');
    // B merges into A after the pages were read (seq 11 > their 10); the server re-sends B's 2 November sale as A's.
    const moved = sale(A.id, 4000, 1, { id: 's-b-old', businessDate: '2026-11-02', at: T0 + DAY });
    await store.applyPull([
      { seq: 11, entity: 'merge', id: B.id, data: { loserId: B.id, survivorId: A.id } },
      { seq: 12, entity: 'sale', id: moved.id, data: moved },
    ], '12', '9');
    const r = await computeInsights(db, P);
    expect(strip(r)).toEqual(strip(await scanInsights(db, P)));
    // A is the one first-timer of 2 November (B is merged away), with two purchases that day and a repeat on the 5th.
    expect(r.repeat).toMatchObject({ firstTimers: 1, repeated: 1 });
    expect(await db.insightBuyers.get(A.id)).toMatchObject({ days: { '2026-11-02': 2, '2026-11-05': 1 } });
    expect(await db.insightBuyers.get(B.id)).toBeUndefined();
  });

  it('[S14][I13] a wipe erases the past and the kept totals with the members', async () => {
    const { db, store } = await latePaired();
    await computeInsights(db, P);
    await store.wipe();
    expect(await store.pastSince()).toBeNull();
    expect(await db.insightPast.count()).toBe(0);
    expect(await db.insightBuyers.count()).toBe(0);
    expect((await computeInsights(db, P)).mix).toMatchObject({ memberSales: 0, walkInSales: 0 });
  });
});
