/** One contract for both SyncStore implementations (Dexie on fake-indexeddb, and the in-memory twin). */
import { describe, expect, it } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import { MemoryStore } from '../../src/db/memory-store';
import { MemorySyncStore } from '../../src/db/memory-sync-store';
import type { Repositories } from '../../src/db/repositories';
import type { SyncStore } from '../../src/db/sync-store';
import { hlcNow } from '../../src/domain/hlc';
import { cents, points } from '../../src/domain/money';
import type { Change } from '../../src/sync/protocol';
import { entry, member, sale, stats, T0 } from '../db/fixtures';

interface Subject { store: SyncStore; repos: Repositories; crashNextCursorWrite(): void }

let n = 0;
const subjects: { name: string; make(): Promise<Subject> }[] = [
  {
    name: 'dexie',
    async make() {
      let crash = false;
      const db = new RegularsDb(`sync-store-${++n}`);
      await db.open();
      const store = new DexieSyncStore(db, { beforeCursorWrite: () => { if (crash) { crash = false; throw new Error('power loss'); } } });
      return { store, repos: createDexieRepositories(db), crashNextCursorWrite: () => { crash = true; } };
    },
  },
  {
    name: 'memory',
    async make() {
      const mem = new MemoryStore();
      return { store: new MemorySyncStore(mem), repos: createMemoryRepositories(mem), crashNextCursorWrite: () => mem.failNextWrite('settings', new Error('power loss')) };
    },
  },
];

const stamp = (ms: number, node = 'srv') => hlcNow(null, ms, node);

for (const { name, make } of subjects) {
  describe(`SyncStore contract: ${name}`, () => {
    it('[C-S1][C-S2][C-S4] a page and its cursor are written together; facts are unions; points are the ledger sum, below zero allowed', async () => {
      const { store, repos } = await make();
      const m = member({ name: 'Li', phone: '13900000001', clock: { name: stamp(T0) } });
      const s = sale(m.id, 1000);
      const page: Change[] = [
        { seq: 1, entity: 'member', id: m.id, data: m },
        { seq: 2, entity: 'sale', id: s.id, data: s },
        { seq: 3, entity: 'ledger', id: 'le-a', data: entry(m.id, 10, { id: 'le-a' }) },
        { seq: 4, entity: 'ledger', id: 'le-b', data: entry(m.id, -40, { id: 'le-b' }) },
      ];
      expect(await store.applyPull(page, '4', '0')).toBe(true);
      expect(await store.applyPull(page, '4', '4')).toBe(true); // the same page again changes nothing
      expect(await store.cursor()).toBe('4');
      const hit = await repos.members.get(m.id);
      expect(hit?.stats).toMatchObject({ points: -30, visits: 1, lifetimeSpend: 1000 });
      expect((await repos.members.verifyStats(m.id)).ok).toBe(true);
    });

    it('[C-S1] a crash before the cursor write keeps nothing of the page', async () => {
      const { store, repos, crashNextCursorWrite } = await make();
      const m = member({ name: 'Wu', phone: '13900000002' });
      crashNextCursorWrite();
      await expect(store.applyPull([{ seq: 1, entity: 'member', id: m.id, data: m }], '1', '0')).rejects.toThrow();
      expect(await repos.members.get(m.id)).toBeNull();
      expect(await store.cursor()).toBe('0');
    });

    it('[C-S6] a page that does not start at the stored cursor is ignored', async () => {
      const { store, repos } = await make();
      const m = member({ name: 'Ma', phone: '13900000003' });
      expect(await store.applyPull([{ seq: 9, entity: 'member', id: m.id, data: m }], '9', '8')).toBe(false);
      expect(await repos.members.get(m.id)).toBeNull();
    });

    it('[C-S3] profile fields merge by HLC; a pending local edit stays unless a later stamp arrives', async () => {
      const { store, repos } = await make();
      const m = member({ name: 'Zhou', phone: '13900000004', notes: 'old', clock: { name: stamp(T0), notes: stamp(T0) } });
      await store.applyPull([{ seq: 1, entity: 'member', id: m.id, data: m }], '1', '0');
      await repos.writer.upsertMember({ member: { ...m, notes: 'mine', clock: { ...m.clock, notes: stamp(T0 + 2000, 'tab') } }, fields: ['notes'], opId: 'op-1', at: T0 + 2000, deviceId: 'tab' });
      const older = { ...m, name: 'Zhou Jie', notes: 'theirs', clock: { name: stamp(T0 + 1000), notes: stamp(T0 + 1000) } };
      await store.applyPull([{ seq: 2, entity: 'member', id: m.id, data: older }], '2', '1');
      expect((await repos.members.get(m.id))?.member).toMatchObject({ name: 'Zhou Jie', notes: 'mine' });
      const later = { ...older, notes: 'latest', clock: { ...older.clock, notes: stamp(T0 + 3000) } };
      await store.applyPull([{ seq: 3, entity: 'member', id: m.id, data: later }], '3', '2');
      expect((await repos.members.get(m.id))?.member.notes).toBe('latest');
    });

    it('[C-S5] a merge points the loser at the survivor and moves its history and points', async () => {
      const { store, repos } = await make();
      const a = member({ name: 'Sun', phone: '13900000005' });
      const b = member({ name: 'Sun', phone: '13900000005', enrolledAt: T0 + 1 });
      await store.applyPull([
        { seq: 1, entity: 'member', id: a.id, data: a }, { seq: 2, entity: 'member', id: b.id, data: b },
        { seq: 3, entity: 'ledger', id: 'x1', data: entry(a.id, 20, { id: 'x1' }) }, { seq: 4, entity: 'ledger', id: 'x2', data: entry(b.id, 30, { id: 'x2' }) },
      ], '4', '0');
      await store.applyPull([
        { seq: 5, entity: 'member', id: b.id, data: { ...b, mergedInto: a.id } },
        { seq: 6, entity: 'ledger', id: 'x2', data: entry(a.id, 30, { id: 'x2' }) },
        { seq: 7, entity: 'merge', id: b.id, data: { loserId: b.id, survivorId: a.id } },
      ], '7', '4');
      expect((await repos.members.get(b.id))?.member.id).toBe(a.id);
      expect((await repos.members.get(a.id))?.stats.points).toBe(50);
      expect((await repos.members.verifyStats(a.id)).ok).toBe(true);
    });

    it('[S12][C-S4] a bootstrapped balance stays the sum of the entries the device holds', async () => {
      const { store, repos } = await make();
      const m = member({ name: 'He', phone: '13900000006' });
      await store.bootstrapPage([{ member: m, stats: stats(m.id, { points: points(120), visits: 3 }) }], { membersLoaded: 1, complete: true, cursor: m.id }, T0);
      await store.applyPull([{ seq: 1, entity: 'ledger', id: 'y1', data: entry(m.id, 5, { id: 'y1' }) }], '1', '0');
      expect((await repos.members.get(m.id))?.stats).toMatchObject({ points: 125, visits: 3 });
      expect((await repos.members.verifyStats(m.id)).ok).toBe(true);
    });

    it('[C-S13] facts pulled from the pairing cursor that the bootstrapped totals already count are not counted twice', async () => {
      const { store, repos } = await make();
      const m = member({ name: 'Lu', phone: '13900000008' });
      await store.bootstrapPage([{ member: m, stats: stats(m.id, { points: points(100), visits: 2, lifetimeSpend: cents(5000) }) }], { membersLoaded: 1, complete: true, cursor: m.id }, T0, '10');
      await store.initCursor('5');
      const before = sale(m.id, 1000);
      const after = sale(m.id, 2000);
      await store.applyPull([
        { seq: 7, entity: 'sale', id: before.id, data: before }, { seq: 8, entity: 'ledger', id: 'z1', data: entry(m.id, 10, { id: 'z1', sourceId: before.id }) },
        { seq: 12, entity: 'sale', id: after.id, data: after }, { seq: 13, entity: 'ledger', id: 'z2', data: entry(m.id, 20, { id: 'z2', sourceId: after.id }) },
      ], '13', '5');
      expect((await repos.members.get(m.id))?.stats).toMatchObject({ points: 120, visits: 3, lifetimeSpend: 7000 });
      expect((await repos.members.verifyStats(m.id)).ok).toBe(true);
    });

    it('[C-S5][C-S13][C-S18] a merge the loser\'s downloaded page did not see: its re-pointed facts count once, for the survivor', async () => {
      const { store, repos } = await make();
      const a = member({ name: 'Ai', phone: '13900000011' });
      const b = member({ name: 'Ai', phone: '13900000012' });
      const past = { bought: { '2026-10-30': 1 }, visits: { '2026-10-30': 1 } };
      await store.bootstrapPage([
        { member: a, stats: stats(a.id, { points: points(40) }) }, { member: b, stats: stats(b.id, { points: points(30) }), past },
      ], { membersLoaded: 2, complete: true, cursor: b.id }, T0, '10');
      await store.initCursor('5');
      // Seq 11, after both pages were read: B merges into A, and the server re-sends B's entry re-pointed to A.
      await store.applyPull([
        { seq: 11, entity: 'merge', id: b.id, data: { loserId: b.id, survivorId: a.id } },
        { seq: 12, entity: 'ledger', id: 'from-b', data: entry(a.id, 30, { id: 'from-b' }) },
      ], '12', '5');
      expect((await repos.members.get(a.id))?.stats.points).toBe(70);
      expect((await repos.members.verifyStats(a.id)).ok).toBe(true);
      // B's opening balance stood for that entry: it counts no more (the shop's points are 70, not 100).
      expect((await repos.members.ledger(b.id)).reduce((x, e) => x + e.points, 0)).toBe(0);
    });

    it('[C-S5][C-S13] a merge the loser\'s page already saw leaves its opening balance as downloaded', async () => {
      const { store, repos } = await make();
      const a = member({ name: 'Bai', phone: '13900000013' });
      const b = member({ name: 'Bai', phone: '13900000014' });
      await store.bootstrapPage([
        { member: a, stats: stats(a.id, { points: points(70) }) }, { member: b, stats: stats(b.id, { points: points(0) }) },
      ], { membersLoaded: 2, complete: true, cursor: b.id }, T0, '10');
      await store.initCursor('5');
      // Seq 8: merged before the pages were read; A's downloaded 70 already holds B's re-pointed entry (seq 9).
      await store.applyPull([
        { seq: 8, entity: 'merge', id: b.id, data: { loserId: b.id, survivorId: a.id } },
        { seq: 9, entity: 'ledger', id: 'from-b2', data: entry(a.id, 30, { id: 'from-b2' }) },
      ], '9', '5');
      expect((await repos.members.get(a.id))?.stats.points).toBe(70);
      expect((await repos.members.verifyStats(a.id)).ok).toBe(true);
    });

    it('[C-S18] the organisation\'s past is stored once, with its cursor, and a wipe erases it', async () => {
      const { store } = await make();
      expect(await store.pastSince()).toBeNull();
      const m = member({ name: 'Wu', phone: '13900000009' });
      await store.bootstrapPage([{ member: m, stats: stats(m.id), past: { bought: { '2026-10-30': 1 }, visits: { '2026-10-30': 1 } } }], { membersLoaded: 1, complete: true, cursor: m.id }, T0, '4');
      await store.savePast({ since: '3', sales: [{ day: '2026-10-30', memberSales: 1, memberNet: 900, walkInSales: 0, walkInNet: 0 }], points: [] });
      expect(await store.pastSince()).toBe('3');
      await store.wipe();
      expect(await store.pastSince()).toBeNull();
    });

    it('[S14] wipe erases every local record', async () => {
      const { store, repos } = await make();
      const m = member({ name: 'Qian', phone: '13900000007' });
      await store.applyPull([{ seq: 1, entity: 'member', id: m.id, data: m }], '1', '0');
      await store.wipe();
      expect(await repos.members.get(m.id)).toBeNull();
      expect(await store.cursor()).toBe('0');
    });
  });
}
