// A member's spend in the tier window (loyalty-spec T1, T2), one suite on Dexie and on the in-memory twin.
import { describe, expect, it } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { DexieMemberSpend, MemoryMemberSpend, tierWindow, type MemberSpendRepository } from '../../src/db/member-spend';
import { MemoryStore } from '../../src/db/memory-store';
import { cents, points } from '../../src/domain/money';
import type { Sale, SaleReturn } from '../../src/domain/records';
import { DAY, sale } from './fixtures';

/** 2026-11-20 10:00 in Shanghai. */
const NOW = Date.UTC(2026, 10, 20, 2, 0, 0);
const ZONE = 'Asia/Shanghai';

function refund(s: Sale, amount: number, at: number): SaleReturn {
  return {
    id: `ret-${s.id}-${at}`, saleId: s.id, memberId: s.memberId, storeId: s.storeId, deviceId: 'dev-1', staffId: 'staff-1', approvedBy: null,
    at, businessDate: '2026-11-19', reason: 'resaleable', lines: [{ lineNo: 1, qty: 1, refund: cents(amount), pointsReversed: points(0), pointsRestored: points(0) }],
    refund: cents(amount), pointsReversed: points(0), pointsRestored: points(0),
  };
}

type Seed = (sales: Sale[], returns: SaleReturn[]) => Promise<MemberSpendRepository>;

let n = 0;
const implementations: [string, Seed][] = [
  ['Dexie', async (sales, returns) => {
    const db = new RegularsDb(`member-spend-${++n}`);
    await db.open();
    await db.sales.bulkPut(sales);
    await db.returns.bulkPut(returns);
    return new DexieMemberSpend(db);
  }],
  ['memory', (sales, returns) => {
    const store = new MemoryStore();
    void store.tx(() => {
      for (const s of sales) store.sales.put(s);
      for (const r of returns) store.returns.put(r);
    });
    return Promise.resolve(new MemoryMemberSpend(store));
  }],
];

describe.each(implementations)('member spend in the tier window (%s)', (_name, seed) => {
  const window = tierWindow(NOW, ZONE, 12);

  it('[T1] the window starts on the same date 12 months back, in the store\'s time zone', () => {
    expect(window.fromDate).toBe('2025-11-20');
    expect(window.fromAt).toBeLessThanOrEqual(Date.UTC(2025, 10, 19, 16, 0, 0));
  });

  it('[T1] counts only the sales inside the window: a ¥3,000 purchase 13 months ago no longer counts', async () => {
    const old = sale('ann', 300_000, 1, { at: NOW - 400 * DAY, businessDate: '2025-10-16' });
    const recent = sale('ann', 40_000, 1, { at: NOW - 10 * DAY, businessDate: '2026-11-10' });
    const repo = await seed([old, recent], []);
    expect(await repo.windowSpend('ann', window)).toEqual({ rollingSpend: 40_000, largestOrder: 40_000 });
  });

  it('[T1][T2] sums the window and finds the largest single order; other members do not count', async () => {
    const a = sale('ann', 60_000, 1, { at: NOW - 100 * DAY, businessDate: '2026-08-12' });
    const b = sale('ann', 25_000, 2, { at: NOW - 2 * DAY, businessDate: '2026-11-18' });
    const firstDay = sale('ann', 1_000, 1, { at: Date.UTC(2025, 10, 19, 16, 30), businessDate: '2025-11-20' });
    const dayBefore = sale('ann', 7_000, 1, { at: Date.UTC(2025, 10, 19, 15, 30), businessDate: '2025-11-19' });
    const other = sale('bob', 900_000, 1, { at: NOW - DAY, businessDate: '2026-11-19' });
    const repo = await seed([a, b, firstDay, dayBefore, other], []);
    expect(await repo.windowSpend('ann', window)).toEqual({ rollingSpend: 111_000, largestOrder: 60_000 });
  });

  it('[T1] a refund comes off the sale it returns, for both the sum and the largest order', async () => {
    const big = sale('ann', 50_000, 1, { at: NOW - 30 * DAY, businessDate: '2026-10-21' });
    const small = sale('ann', 20_000, 1, { at: NOW - 20 * DAY, businessDate: '2026-10-31' });
    const repo = await seed([big, small], [refund(big, 45_000, NOW - 25 * DAY)]);
    expect(await repo.windowSpend('ann', window)).toEqual({ rollingSpend: 25_000, largestOrder: 20_000 });
  });

  it('[T1] a member with no sale in the window has zero spend', async () => {
    const repo = await seed([], []);
    expect(await repo.windowSpend('nobody', window)).toEqual({ rollingSpend: 0, largestOrder: 0 });
  });
});

describe.each(implementations)('member spend in a calendar month, for cashback (%s)', (_name, seed) => {
  it('[B10] December in Shanghai: 23:30 on the 31st counts, 00:30 on 1 January does not; a return comes off; others do not count', async () => {
    const late = sale('ann', 60_000, 1, { id: 's-late', at: Date.parse('2026-12-31T15:30:00Z'), businessDate: '2026-12-31' });
    const early = sale('ann', 50_000, 1, { id: 's-early', at: Date.parse('2026-12-31T16:30:00Z'), businessDate: '2027-01-01' });
    const first = sale('ann', 90_000, 1, { id: 's-first', at: Date.parse('2026-11-30T16:10:00Z'), businessDate: '2026-12-01' });
    const nov = sale('ann', 70_000, 1, { id: 's-nov', at: Date.parse('2026-11-30T15:50:00Z'), businessDate: '2026-11-30' });
    const bob = sale('bob', 99_000, 1, { id: 's-bob', at: Date.parse('2026-12-10T04:00:00Z'), businessDate: '2026-12-10' });
    const repo = await seed([late, early, first, nov, bob], [refund(first, 20_000, Date.parse('2027-01-03T04:00:00Z'))]);
    expect(await repo.monthSpend('ann', '2026-12')).toBe(60_000 + 90_000 - 20_000);
    expect(await repo.monthSpend('ann', '2027-01')).toBe(50_000);
    expect(await repo.monthSpend('ann', '2026-11')).toBe(70_000);
  });
});
