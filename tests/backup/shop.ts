// Random shops for the backup tests, written through the till's own writers (so totals, ledger and
// outbox are what a real till would hold), and a full dump of every table to compare before and after.
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import type { RegularsDb } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import type { Repositories } from '../../src/db/repositories';
import { cents, points } from '../../src/domain/money';
import type { Store } from '../../src/domain/records';
import { BACKUP_TABLES } from '../../src/backup/format';
import { coupon, entry, member, product, sale, saleReturn, stats, task, T0 } from '../db/fixtures';

export interface ShopSpec {
  storeId: string;
  members: { name: string; bonus: number; notes: string }[];
  sales: { member: number; price: number; qty: number; earn: number; returnQty: number }[];
  coupons: number[];
  tasks: number[];
  products: number;
  ackedShare: number;
  /** [I13] A tablet paired late: the organisation's past the server sent (its members' and its days'). */
  past?: boolean;
}

export const shopSpec: fc.Arbitrary<ShopSpec> = fc.record({
  storeId: fc.uuid(),
  members: fc.array(fc.record({
    name: fc.oneof(fc.constantFrom('张三', '李小红', 'Zoe Smith', '王 五'), fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' })),
    bonus: fc.integer({ min: 0, max: 500 }),
    notes: fc.string({ maxLength: 30, unit: 'binary' }),
  }), { minLength: 1, maxLength: 6 }),
  sales: fc.array(fc.record({
    member: fc.nat(), price: fc.integer({ min: 1, max: 99_999 }), qty: fc.integer({ min: 1, max: 5 }),
    earn: fc.integer({ min: 0, max: 300 }), returnQty: fc.integer({ min: 0, max: 5 }),
  }), { minLength: 1, maxLength: 8 }),
  coupons: fc.array(fc.nat(), { maxLength: 4 }),
  tasks: fc.array(fc.nat(), { maxLength: 4 }),
  products: fc.integer({ min: 0, max: 5 }),
  ackedShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
  past: fc.boolean(),
});

export async function freshTill(deviceId = uuidv7().replace(/-/g, '')): Promise<{ db: RegularsDb; repos: Repositories; deviceId: string }> {
  const { db, repos } = await openDatabase('local', deviceId, T0);
  return { db, repos, deviceId };
}

/** Fills a till with a shop: store, members with opening bonus, sales (some returned), coupons, tasks, products, an outbox partly acknowledged. */
export async function fillShop(repos: Repositories, spec: ShopSpec, db?: RegularsDb): Promise<void> {
  const store: Store = { id: spec.storeId, name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'zh-CN', country: 'CN' };
  await repos.settings.set('store', store);
  const ids: string[] = [];
  for (const [i, m] of spec.members.entries()) {
    const rec = member({ id: uuidv7(), name: m.name.trim() || 'x', phone: `139${String(10_000_000 + i)}`, notes: m.notes });
    const ledger = m.bonus ? [entry(rec.id, m.bonus, { id: uuidv7(), kind: 'bonus', reason: 'enroll' })] : [];
    await repos.writer.enroll({ member: rec, stats: stats(rec.id), ledger, coupons: [], opId: uuidv7() });
    ids.push(rec.id);
  }
  for (const s of spec.sales) {
    const memberId = ids[s.member % ids.length] ?? null;
    const rec = sale(memberId, s.price, s.qty, { id: uuidv7(), pointsEarned: points(s.earn) });
    const ledger = memberId && s.earn ? [entry(memberId, s.earn, { id: uuidv7(), sourceId: rec.id })] : [];
    await repos.writer.commitSale({ sale: rec, ledger, couponsIssued: [] });
    const qty = Math.min(s.returnQty, s.qty);
    if (qty > 0) {
      const ret = saleReturn(rec, qty, s.price * qty, { id: uuidv7() });
      await repos.writer.commitReturn({ ret, ledger: [] });
    }
  }
  for (const n of spec.coupons) {
    const memberId = ids[n % ids.length] ?? '';
    await repos.writer.appendLedger({ entries: [entry(memberId, 5, { id: uuidv7(), kind: 'bonus', reason: 'review' })], opId: uuidv7() });
    const last = sale(memberId, 100, 1, { id: uuidv7() });
    await repos.writer.commitSale({ sale: last, ledger: [], couponsIssued: [coupon(memberId, { id: uuidv7(), amountOff: cents(500), percentOff: null })] });
  }
  for (const n of spec.tasks) {
    await repos.writer.saveTask({ task: task(ids[n % ids.length] ?? '', { id: `t:${uuidv7()}` }), opId: uuidv7(), at: T0 });
  }
  await repos.products.put(Array.from({ length: spec.products }, (_, i) => product({ id: `p-${i}`, name: `产品 ${i}` })));
  if (spec.past && db) {
    const sync = new DexieSyncStore(db);
    const day = (i: number) => `2026-10-0${1 + (i % 9)}`;
    await db.insightPast.put({ key: `members:${ids[ids.length - 1] ?? ''}`, members: Object.fromEntries(ids.map((id, i) => [id, { bought: { [day(i)]: 1 }, visits: { [day(i)]: 2 } }])) });
    await sync.savePast({ since: '42', sales: [{ day: '2026-10-01', memberSales: ids.length, memberNet: 1000 * ids.length, walkInSales: 1, walkInNet: 500 }], points: [{ slot: 1_966_000, issued: 80, redeemed: 20, expired: 0, other: 0 }] });
  }
  const written = (await repos.outbox.nextSeq()) - 1;
  const acked = Math.floor(written * spec.ackedShare);
  if (acked > 0) await repos.outbox.ack(acked);
}

export type Dump = Record<string, unknown[]>;

/** Every row of every table, in primary-key order. */
export async function dump(db: RegularsDb): Promise<Dump> {
  const out: Dump = {};
  for (const t of BACKUP_TABLES) out[t] = await db.table(t).orderBy(':id').toArray();
  return out;
}

/** Points of every member as the member screen shows them, and whether the kept total matches the ledger. */
export async function balances(repos: Repositories, db: RegularsDb): Promise<Record<string, { points: number; ok: boolean }>> {
  const out: Record<string, { points: number; ok: boolean }> = {};
  for (const id of (await db.members.toCollection().primaryKeys())) {
    const hit = await repos.members.get(id);
    const check = await repos.members.verifyStats(id);
    out[id] = { points: hit?.stats.points ?? -1, ok: check.ok };
  }
  return out;
}
