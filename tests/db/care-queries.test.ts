// The care query plan answered from the Dexie indexes (rule C15, docs/care-spec.md), on fake-indexeddb.
import { afterEach, describe, expect, it } from 'vitest';
import { RegularsDb, toMemberRow } from '../../src/db/database';
import { indexedCandidates, loadCareFacts, scanCandidates } from '../../src/db/care-queries';
import { memoryCareCandidates, memoryCareFacts } from '../../src/db/memory-care-queries';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { complaintTask } from '../../src/domain/care/complaints';
import { MemoryStore } from '../../src/db/memory-store';
import { DEFAULT_CALENDAR, holidaysDue } from '../../src/domain/care/calendar';
import { careQueryPlan } from '../../src/domain/care/query-plan';
import { careTasksDue, type CareContext } from '../../src/domain/care/schedule';
import { DEFAULT_CARE_SETTINGS } from '../../src/domain/care/settings';
import { points } from '../../src/domain/money';
import type { CareTask, Member } from '../../src/domain/records';
import { DAY, entry, member, sale, stats } from './fixtures';

const TZ = 'Asia/Shanghai';
const NOW = Date.UTC(2026, 10, 20, 2, 0, 0); // 2026-11-20 10:00 in Shanghai
const ctx: CareContext = { today: '2026-11-20', timeZone: TZ, settings: DEFAULT_CARE_SETTINGS, holidays: holidaysDue(DEFAULT_CALENDAR, '2026-11-20', 3) };

const opened: RegularsDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

let seq = 0;
async function shop() {
  const db = new RegularsDb(`care-${++seq}`);
  opened.push(db);
  await db.open();
  const put = async (m: Member) => db.members.put(toMemberRow(m));
  const first = NOW - 15 * DAY, lapsed = NOW - 70 * DAY;
  const a = member({ id: 'a-first', name: 'Ann', phone: '13800000001', enrolledOn: '2026-11-05' });
  const b = member({ id: 'b-bday', name: 'Bo', phone: '13800000002', birthday: '1990-11-22', enrolledOn: '2026-03-01' });
  const c = member({ id: 'c-anniv', name: 'Cy', phone: '13800000003', enrolledOn: '2025-11-18' });
  const d = member({ id: 'd-expiring', name: 'Di', phone: '13800000004', enrolledOn: '2026-02-01' });
  const e = member({ id: 'e-nothing', name: 'Ed', phone: '13800000005', enrolledOn: '2026-06-01' });
  const f = member({ id: 'f-dnd', name: 'Fay', phone: '13800000006', enrolledOn: '2026-11-05', doNotDisturb: true });
  const g = member({ id: 'g-vip', name: 'Gus', phone: '13800000007', enrolledOn: '2026-01-10' });
  for (const m of [a, b, c, d, e, f, g]) await put(m);
  await db.memberStats.bulkPut([
    stats('a-first', { visits: 1, firstPurchaseAt: first, lastPurchaseAt: first }),
    stats('f-dnd', { visits: 1, firstPurchaseAt: first, lastPurchaseAt: first }),
    stats('g-vip', { visits: 5, firstPurchaseAt: NOW - 200 * DAY, lastPurchaseAt: lapsed, tierId: 'gold' }),
    stats('d-expiring', { points: points(100) }),
  ]);
  await db.sales.bulkPut([
    sale('a-first', 5000, 1, { at: first, businessDate: '2026-11-05' }),
    sale('f-dnd', 5000, 1, { at: first, businessDate: '2026-11-05' }),
    sale('g-vip', 9000, 1, { at: lapsed, businessDate: '2026-09-11' }),
  ]);
  await db.ledger.put(entry('d-expiring', 100, { kind: 'earn', expiresOn: '2026-12-01' }));
  return db;
}

const EXPECTED = [
  'a-first first-purchase-followup', 'b-bday birthday', 'c-anniv anniversary', 'd-expiring points-expiring', 'g-vip win-back',
];

async function dueKinds(db: RegularsDb, ids: string[]): Promise<string[]> {
  const facts = await loadCareFacts(db, ids, TZ);
  return careTasksDue(facts, ctx).map((t) => `${t.task.memberId} ${t.task.kind}`).sort();
}

describe('care queries on Dexie', () => {
  it('[C15] the schema v3 indexes answer every query of the plan, with no scan', async () => {
    const db = await shop();
    const r = await indexedCandidates(db, careQueryPlan(ctx));
    expect(r.needScan).toEqual([]);
    expect(await dueKinds(db, r.ids)).toEqual(EXPECTED);
  });

  it('[C15] the paged scan (the fallback for a missing index) finds exactly what the indexes and a full read find', async () => {
    const db = await shop();
    const pages: number[] = [];
    const scanned = await scanCandidates(db, careQueryPlan(ctx), DEFAULT_CARE_SETTINGS, 2, (n) => pages.push(n));
    expect(pages.length).toBeGreaterThan(3); // read in pages of two rows, not in one go
    const everyone = await dueKinds(db, await db.members.toCollection().primaryKeys());
    expect(await dueKinds(db, scanned)).toEqual(everyone);
    expect(everyone).toEqual(EXPECTED);
  });

  it('[C3] a done task is not generated again and a do-not-disturb member gets none', async () => {
    const db = await shop();
    const done: CareTask = {
      id: 'first-purchase-followup:a-first:2026-11-05', memberId: 'a-first', kind: 'first-purchase-followup', dueFrom: '2026-11-12',
      dueTo: '2026-12-05', status: 'done', outcome: 'reached', note: '', giftCost: 0 as CareTask['giftCost'], doneAt: NOW, doneBy: 's',
    };
    await db.tasks.put(done);
    expect(await dueKinds(db, ['a-first', 'f-dnd'])).toEqual([]);
  });

  it('[C15] the in-memory twin gives the same care list as Dexie', async () => {
    const db = await shop();
    const mem = new MemoryStore();
    const copy = async <T>(rows: T[], put: (r: T) => void) => { for (const r of rows) put(r); };
    await copy(await db.members.toArray(), (r) => mem.members.put(r));
    await copy(await db.memberStats.toArray(), (r) => mem.memberStats.put(r));
    await copy(await db.ledger.toArray(), (r) => mem.ledger.put(r));
    await copy(await db.sales.toArray(), (r) => mem.sales.put(r));
    const plan = careQueryPlan(ctx);
    const ids = memoryCareCandidates(mem, plan, DEFAULT_CARE_SETTINGS, TZ);
    const twin = careTasksDue(memoryCareFacts(mem, ids, TZ), ctx).map((t) => `${t.task.memberId} ${t.task.kind}`).sort();
    const r = await indexedCandidates(db, plan);
    const scanned = await scanCandidates(db, r.needScan, DEFAULT_CARE_SETTINGS);
    expect(twin).toEqual(await dueKinds(db, [...new Set([...r.ids, ...scanned])]));
    expect(twin).toHaveLength(5);
  });
});

describe('complaint follow-ups on Dexie', () => {
  it('[C9a][C9c][C15] a recorded complaint is found by the open-task index and listed with its reason until followed up', async () => {
    const db = await shop();
    const repos = createDexieRepositories(db);
    const e = (await repos.members.get('e-nothing'))?.member;
    if (!e) throw new Error('no member');
    const made = complaintTask(e, { complaintId: 'c-001', on: '2026-11-18', reason: ' Pram  wheel broke ', staffId: 'staff-1', at: NOW - 2 * DAY }, '2026-11-18', DEFAULT_CARE_SETTINGS);
    if (!made.ok) throw new Error('refused');
    await repos.writer.saveTask({ task: made.task, opId: 'op-c1', at: NOW - 2 * DAY });

    const r = await indexedCandidates(db, careQueryPlan(ctx));
    expect(r.ids).toContain('e-nothing');
    const due = careTasksDue(await loadCareFacts(db, ['e-nothing'], TZ), ctx);
    expect(due.map((d) => [d.task.id, d.reason.params])).toEqual([
      ['complaint:e-nothing:c-001', { complaintOn: '2026-11-18', reason: 'Pram wheel broke' }],
    ]);
    const done = await repos.writer.recordOutcome({
      task: due[0]?.task ?? made.task, input: { outcome: 'reached', note: 'replaced the wheel', giftCost: 0 as CareTask['giftCost'], staffId: 'staff-1', at: NOW },
      timeZone: TZ, settings: DEFAULT_CARE_SETTINGS, deviceId: 'dev-1', opId: 'op-c2',
    });
    expect(done.ok).toBe(true);
    // The stored complaint stays on the task; the follow-up is done and not listed again.
    expect((await repos.tasks.get('complaint:e-nothing:c-001'))).toMatchObject({ status: 'done', complaint: { on: '2026-11-18', reason: 'Pram wheel broke' } });
    expect(careTasksDue(await loadCareFacts(db, ['e-nothing'], TZ), ctx)).toEqual([]);
  });
});
