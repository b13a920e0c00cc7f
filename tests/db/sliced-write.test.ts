/**
 * The member bootstrap's page write (C-S13): rows put in slices of short main-thread tasks, the page
 * still one transaction with its progress.
 */
import { describe, expect, it } from 'vitest';
import { RegularsDb, toMemberRow } from '../../src/db/database';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import { openingId } from '../../src/db/sync-store';
import { ROWS_PER_PUT, writeSliced } from '../../src/db/sliced-write';
import { points } from '../../src/domain/money';
import type { Member } from '../../src/domain/records';
import type { BootstrapMember } from '../../src/sync/protocol';
import { member, stats, T0 } from './fixtures';

let n = 0;
async function freshDb(): Promise<RegularsDb> {
  const db = new RegularsDb(`sliced-write-${++n}`);
  await db.open();
  return db;
}

function page(from: number, count: number): BootstrapMember[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const m = member({ id: `m-${String(i).padStart(5, '0')}`, name: `Member ${i}`, phone: `139${String(i).padStart(8, '0')}` });
    return { member: m, stats: stats(m.id, { points: points(i % 7) }) };
  });
}

describe('writeSliced', () => {
  it('[C-S13] issues every step once, in order, and a slice only after the one before it is stored', async () => {
    const issued: number[] = [];
    let stored = -1;
    let putBeforeStored = 0;
    const slices = await writeSliced(5, (step) => {
      if (step - 1 > stored) putBeforeStored += 1;
      issued.push(step);
      return [new Promise<void>((resolve) => setTimeout(() => { stored = step; resolve(); }, 1))];
    }, 0);
    expect(issued).toEqual([0, 1, 2, 3, 4]);
    expect(slices).toBe(5);
    expect(putBeforeStored).toBe(0);
  });

  it('lets other tasks run between slices even when each slice is stored at once', async () => {
    let timers = 0;
    let timersSeen: number[] = [];
    const tick = () => { timers += 1; if (timers < 50) setTimeout(tick, 0); };
    setTimeout(tick, 0);
    await writeSliced(3, () => { timersSeen = [...timersSeen, timers]; return [new Promise<void>((resolve) => setTimeout(resolve, 0))]; }, 0);
    expect(timersSeen.length).toBe(3);
    expect(new Set(timersSeen).size).toBe(3);
  });

  it('puts every step of a slice before waiting when the slice has time left', async () => {
    let waiting = 0;
    let maxInFlight = 0;
    const slices = await writeSliced(3, () => {
      waiting += 1;
      maxInFlight = Math.max(maxInFlight, waiting);
      return [new Promise<void>((resolve) => setTimeout(() => { waiting -= 1; resolve(); }, 1))];
    }, 60_000);
    expect(slices).toBe(1);
    expect(maxInFlight).toBe(3);
  });

  it('[C-S13] a row that cannot be stored in a late slice aborts the transaction: the earlier slices are not kept', async () => {
    const db = await freshDb();
    const rows = page(0, 4 * ROWS_PER_PUT).map((p) => p.member);
    // An object is not a valid IndexedDB key: the last slice's put fails.
    const bad = { ...rows[rows.length - 1], id: {} } as unknown as Member;
    rows[rows.length - 1] = bad;
    await expect(db.transaction('rw', db.members, () =>
      writeSliced(4, (step) => [db.members.bulkPut(rows.slice(step * ROWS_PER_PUT, (step + 1) * ROWS_PER_PUT).map(toMemberRow))], 0))).rejects.toThrow();
    expect(await db.members.count()).toBe(0);
  });
});

describe('DexieSyncStore.bootstrapPage', () => {
  it('[S12][C-S13] a page of 1,000 members is stored whole: members, totals, an opening entry each, and its progress', async () => {
    const db = await freshDb();
    const store = new DexieSyncStore(db, { deviceId: 'tablet-1' });
    const rows = page(0, 1000);
    await store.bootstrapPage(rows, { membersLoaded: 1000, complete: false, cursor: 'm-00999' }, T0, '42');
    expect(await db.members.count()).toBe(1000);
    expect(await db.memberStats.count()).toBe(1000);
    expect(await db.ledger.where('sourceId').equals('feed:42').count()).toBe(1000);
    const opening = await db.ledger.get(openingId('m-00500'));
    expect(opening).toMatchObject({ kind: 'opening', points: 500 % 7, deviceId: 'tablet-1', at: T0 });
    expect((await db.members.get('m-00999'))?.phoneLast4).toBe('0999');
    expect((await db.meta.get('bootstrap'))?.value).toEqual({ membersLoaded: 1000, complete: false, cursor: 'm-00999' });
  });

  it('[C-S13] a page that fails part-way stores none of its members and keeps the progress of the page before it', async () => {
    const db = await freshDb();
    const store = new DexieSyncStore(db);
    await store.bootstrapPage(page(0, 100), { membersLoaded: 100, complete: false, cursor: 'm-00099' }, T0, '1');
    const next = page(100, 1000);
    const last = next[next.length - 1];
    if (!last) throw new Error('empty page');
    last.member = { ...last.member, id: {} } as unknown as Member;
    last.stats = { ...last.stats, memberId: 'm-01099' };
    await expect(store.bootstrapPage(next, { membersLoaded: 1100, complete: true, cursor: 'm-01099' }, T0, '1')).rejects.toThrow();
    expect(await db.members.count()).toBe(100);
    expect(await db.memberStats.count()).toBe(100);
    expect(await db.ledger.count()).toBe(100);
    expect((await db.meta.get('bootstrap'))?.value).toEqual({ membersLoaded: 100, complete: false, cursor: 'm-00099' });
  });

  it('[C-S13] a member that fails the checks is refused before anything is written', async () => {
    const db = await freshDb();
    const store = new DexieSyncStore(db);
    const rows = page(0, 300);
    const mid = rows[150];
    if (!mid) throw new Error('short page');
    mid.member = { ...mid.member, phone: 'not a phone' };
    await expect(store.bootstrapPage(rows, { membersLoaded: 300, complete: true, cursor: 'm-00299' }, T0, '1')).rejects.toThrow(/phone/);
    expect(await db.members.count()).toBe(0);
    expect(await db.meta.get('bootstrap')).toBeUndefined();
  });
});
