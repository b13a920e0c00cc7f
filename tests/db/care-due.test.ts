// Today's care list in the screen's order (rules C15, C15b, docs/care-spec.md): the Dexie reads
// (src/db/care-due.ts, on fake-indexeddb) and the in-memory twin give the same list as `careTasksDue`
// over every member, whole or by a day, and the cards of a page carry the same reasons.
import { afterEach, describe, expect, it } from 'vitest';
import { careDueTasks, careFirstTasks, careItemsFor } from '../../src/db/care-due';
import { RegularsDb, toMemberRow } from '../../src/db/database';
import { memoryCareDueTasks, memoryCareFacts, memoryCareItems } from '../../src/db/memory-care-queries';
import { MemoryStore } from '../../src/db/memory-store';
import { addDays } from '../../src/domain/care/dates';
import { DEFAULT_CALENDAR, holidaysDue } from '../../src/domain/care/calendar';
import { careTasksDue, type CareContext } from '../../src/domain/care/schedule';
import { DEFAULT_CARE_SETTINGS } from '../../src/domain/care/settings';
import type { CareTask, Coupon, LedgerEntry, Member, MemberStats } from '../../src/domain/records';
import { DAY, coupon, entry, member, stats, task } from './fixtures';

const TZ = 'Asia/Shanghai';
const TODAY = '2026-11-20';
const NOW = Date.UTC(2026, 10, 20, 2, 0, 0); // 2026-11-20 10:00 in Shanghai
const ctx: CareContext = { today: TODAY, timeZone: TZ, settings: DEFAULT_CARE_SETTINGS, holidays: holidaysDue(DEFAULT_CALENDAR, TODAY, 3) };

interface Shop {
  members: Member[];
  stats: MemberStats[];
  ledger: LedgerEntry[];
  coupons: Coupon[];
  tasks: CareTask[];
}

/** A shop of `n` members with every kind of task spread over the coming weeks, some closed, some do-not-disturb. */
function makeShop(n: number): Shop {
  let seed = 7;
  const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed >>> 12) % k; };
  const shop: Shop = { members: [], stats: [], ledger: [], coupons: [], tasks: [] };
  for (let i = 0; i < n; i++) {
    const id = `m-${String(i).padStart(4, '0')}`;
    const md = addDays(TODAY, rnd(30) - 10).slice(5);
    const m = member({
      id, name: `Member ${i}`, phone: `1380000${String(i).padStart(4, '0')}`,
      birthday: rnd(4) === 0 ? null : `19${50 + rnd(50)}-${md}`,
      enrolledOn: `${2020 + rnd(6)}-${addDays(TODAY, rnd(30) - 10).slice(5)}`,
      doNotDisturb: rnd(15) === 0, profile: rnd(10) === 0 ? { occupation: '教师' } : {},
    });
    shop.members.push(m);
    const first = NOW - (rnd(120) + 1) * DAY;
    const last = first + rnd(60) * DAY;
    shop.stats.push(stats(id, { visits: 1 + rnd(4), firstPurchaseAt: first, lastPurchaseAt: Math.min(last, NOW), tierId: rnd(3) === 0 ? 'gold' : null }));
    if (rnd(5) === 0) shop.ledger.push(entry(id, 20 + rnd(200), { kind: 'earn', expiresOn: addDays(TODAY, rnd(40)) }));
    if (m.birthday !== null && rnd(3) === 0) shop.coupons.push(coupon(id, { validFrom: '2026-11-01', validTo: '2026-12-31' }));
    // A birthday greeted already this year: closed, so not on the list again (C3).
    if (m.birthday !== null && rnd(6) === 0) shop.tasks.push(task(id, { id: `birthday:${id}:2026`, kind: 'birthday', status: 'done', outcome: 'reached' }));
  }
  shop.tasks.push({
    ...task('m-0003', { id: 'complaint:m-0003:c-1', kind: 'complaint', dueFrom: '2026-11-19', dueTo: '2026-11-26' }),
    complaint: { on: '2026-11-18', reason: 'Late delivery', at: NOW - 2 * DAY, by: 'staff-1' },
  });
  return shop;
}

const opened: RegularsDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

let seq = 0;
async function both(shop: Shop): Promise<{ db: RegularsDb; mem: MemoryStore }> {
  const db = new RegularsDb(`care-due-${++seq}`);
  opened.push(db);
  await db.open();
  await db.members.bulkPut(shop.members.map(toMemberRow));
  await db.memberStats.bulkPut(shop.stats);
  await db.ledger.bulkPut(shop.ledger);
  await db.coupons.bulkPut(shop.coupons);
  await db.tasks.bulkPut(shop.tasks);
  const mem = new MemoryStore();
  for (const m of shop.members) mem.members.put(toMemberRow(m));
  for (const s of shop.stats) mem.memberStats.put(s);
  for (const e of shop.ledger) mem.ledger.put(e);
  for (const c of shop.coupons) mem.coupons.put(c);
  for (const t of shop.tasks) mem.tasks.put(t);
  return { db, mem };
}

/** The list by brute force: every member's facts through `careTasksDue`. */
function everyone(mem: MemoryStore): CareTask[] {
  return careTasksDue(memoryCareFacts(mem, mem.members.all().map((m) => m.id), TZ), ctx).map((d) => d.task);
}

describe('today\'s care list, Dexie and in memory', { timeout: 30_000 }, () => {
  it('[C15][C3] gives every task due today in the screen\'s order, without closed tasks or do-not-disturb members', async () => {
    const shop = makeShop(240);
    const { db, mem } = await both(shop);
    const want = everyone(mem);
    expect(want.length).toBeGreaterThan(60); // more than two pages, of several kinds
    expect(new Set(want.map((t) => t.kind)).size).toBeGreaterThanOrEqual(5);
    const dexie = await careDueTasks(db, ctx);
    expect(dexie.needScan).toEqual([]);
    expect(dexie.tasks).toEqual(want);
    expect(memoryCareDueTasks(mem, ctx).tasks).toEqual(want);
    const dnd = new Set(shop.members.filter((m) => m.doNotDisturb).map((m) => m.id));
    expect(want.some((t) => dnd.has(t.memberId))).toBe(false);
    const closed = shop.tasks.filter((c) => c.status === 'done').map((c) => c.id);
    expect(want.some((t) => closed.includes(t.id))).toBe(false);
    // Those greeted already would be due today: the list leaves them out because they are closed.
    const open = careTasksDue(memoryCareFacts(mem, shop.members.map((m) => m.id), TZ).map((f) => ({ ...f, closedTaskIds: new Set<string>() })), ctx);
    expect(open.filter((d) => closed.includes(d.task.id)).length).toBeGreaterThan(2);
  });

  it.each([0, 3, 7, 20])('[C15b] by today + %i days: exactly the tasks whose window ends by then', async (ahead) => {
    const { db, mem } = await both(makeShop(240));
    const dueBy = addDays(TODAY, ahead);
    const want = everyone(mem).filter((t) => t.dueTo <= dueBy);
    expect(want.length).toBeGreaterThan(0);
    expect((await careDueTasks(db, ctx, { dueBy })).tasks).toEqual(want);
    expect(memoryCareDueTasks(mem, ctx, { dueBy }).tasks).toEqual(want);
  });

  it('[C15b] the first page read from the soonest deadlines is the head of the whole list', async () => {
    const { db, mem } = await both(makeShop(240));
    const want = everyone(mem);
    for (const count of [1, 10, 30]) {
      expect(await careFirstTasks((o) => careDueTasks(db, ctx, o), ctx, count)).toEqual(want.slice(0, count));
      expect(await careFirstTasks(async (o) => memoryCareDueTasks(mem, ctx, o), ctx, count)).toEqual(want.slice(0, count));
    }
    // More than the week's deadlines hold: the caller reads the whole list instead.
    expect(await careFirstTasks((o) => careDueTasks(db, ctx, o), ctx, want.length)).toBeNull();
  });

  it('[C15b][C6] the cards of a page carry the reasons, with the unused birthday coupon', async () => {
    const { db, mem } = await both(makeShop(240));
    const page = everyone(mem).slice(30, 60);
    const cards = await careItemsFor(db, page, ctx);
    expect(cards.map((c) => c.due.task)).toEqual(page);
    expect(cards.map((c) => c.due.reason)).toEqual(memoryCareItems(mem, page, ctx).map((c) => c.due.reason));
    const greeted = cards.find((c) => c.due.task.kind === 'birthday' && c.facts.coupons.length > 0);
    expect(greeted).toBeDefined();
    expect(greeted?.due.reason.params.couponId).toBe(greeted?.facts.coupons[0]?.id);
    expect(cards.every((c) => c.facts.member.id === c.due.task.memberId)).toBe(true);
  });

  it('[C3][C15b] a task closed after the list was read is left out of its page', async () => {
    const { db } = await both(makeShop(240));
    const page = (await careDueTasks(db, ctx)).tasks.slice(0, 30);
    const gone = page[4] as CareTask;
    await db.tasks.put({ ...gone, status: 'done', outcome: 'reached', doneAt: NOW, doneBy: 'staff-1' });
    const cards = await careItemsFor(db, page, ctx);
    expect(cards.map((c) => c.due.task.id)).toEqual(page.filter((t) => t.id !== gone.id).map((t) => t.id));
  });
});
