// The Dexie database itself: strict durability and how the app opens it.
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { databaseName, openDatabase } from '../../src/db/open';
import { member, sale, stats, T0 } from './fixtures';

afterEach(() => { vi.restoreAllMocks(); });

describe('the on-device database', () => {
  it('[D1] a checkout is committed with strict durability (on disk before the till moves on)', async () => {
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const db = new RegularsDb('durability');
    const r = createDexieRepositories(db);
    const m = member({ name: 'D', phone: '13812340001' });
    await r.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: 'op' });
    await r.writer.commitSale({ sale: sale(m.id, 100), ledger: [], couponsIssued: [] });
    const writes = spy.mock.calls.filter(([, mode]) => mode === 'readwrite');
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const call of writes) expect(call[2]).toMatchObject({ durability: 'strict' });
    await db.delete();
  });

  it('[D3] a lookup inside a live query (how the screens read) redraws when a member is enrolled', async () => {
    const db = new RegularsDb('live');
    const r = createDexieRepositories(db);
    const seen: number[] = [];
    const sub = liveQuery(() => r.members.search({ kind: 'phonePrefix', value: '13812' })).subscribe({ next: (hits) => { seen.push(hits.length); } });
    await vi.waitFor(() => expect(seen).toEqual([0]));
    const m = member({ name: 'Live', phone: '13812340003' });
    await r.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: 'op' });
    await vi.waitFor(() => expect(seen.at(-1)).toBe(1));
    sub.unsubscribe();
    await db.delete();
  });

  it('opens one database per organisation and device, and remembers which device it belongs to', async () => {
    expect(databaseName('org-1', 'dev-A')).toBe('regulars-org-1-dev-A');
    expect(() => databaseName('org/1', 'dev')).toThrow(RangeError);
    const a = await openDatabase('org-1', 'dev-A', T0);
    const b = await openDatabase('org-2', 'dev-A', T0);
    const m = member({ name: 'Only in org 1', phone: '13812340002' });
    await a.repos.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: 'op' });
    expect(await b.repos.members.byPhone(m.phone)).toBeNull();
    expect((await a.db.meta.get('device'))?.value).toEqual({ deviceId: 'dev-A', orgId: 'org-1', createdAt: T0 });
    a.db.close();
    const again = await openDatabase('org-1', 'dev-A', T0 + 1000);
    expect((await again.db.meta.get('device'))?.value).toMatchObject({ createdAt: T0 });
    expect((await again.repos.members.byPhone(m.phone))?.member.id).toBe(m.id);
    await again.db.delete();
    await b.db.delete();
  });
});
