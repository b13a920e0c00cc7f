// Backup → wipe → restore brings a shop back exactly (issue #7, backup rules BK1–BK3 in docs/operations.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/backup/export';
import { restoreBackup } from '../../src/backup/restore';
import { product, T0 } from '../db/fixtures';
import { balances, dump, fillShop, freshTill, shopSpec } from './shop';

const ids = () => { let n = 0; return () => `audit-${++n}`; };

describe('backup round trip', () => {
  it('[BK1] random shops: backup, wipe, restore — every table and every balance is the same, outbox seqs included', async () => {
    await fc.assert(fc.asyncProperty(shopSpec, fc.boolean(), async (spec, encrypt) => {
      const { db, repos, deviceId } = await freshTill();
      await fillShop(repos, spec, db);
      const before = await dump(db);
      const pointsBefore = await balances(repos, db);
      expect(before.outbox?.length).toBeGreaterThan(0);
      const file = await exportBackup(db, {
        now: T0, staffId: 'staff-1', newId: ids(), ...(encrypt ? { passphrase: 'open sesame 芝麻', kdfIterations: 1_000 } : {}),
      });

      await db.delete();
      const wiped = await freshTill(deviceId);
      const restored = await restoreBackup(wiped.db, file.blob, encrypt ? { passphrase: 'open sesame 芝麻' } : {});

      expect(await dump(wiped.db)).toEqual(before);
      expect(await balances(wiped.repos, wiped.db)).toEqual(pointsBefore);
      expect(Object.values(pointsBefore).every((b) => b.ok)).toBe(true);
      expect(restored.rows).toBe(file.rows);
      if (spec.past) expect(before.insightPast?.length, 'the organisation\'s past is in the backup').toBe(2);
      await wiped.db.delete();
    }), { numRuns: 12 });
  }, 120_000);
});

describe('backup details', () => {
  it('[BK2] a large table goes out in several chunks, with progress up to the total, and comes back whole', async () => {
    const { db, repos } = await freshTill();
    await repos.products.put(Array.from({ length: 1_234 }, (_, i) => product({ id: `p-${String(i).padStart(5, '0')}`, name: `P${i}` })));
    const seen: { done: number; total: number }[] = [];
    const before = await dump(db);
    const file = await exportBackup(db, { now: T0, staffId: 'owner-1', newId: ids(), onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ done: 1_235, total: 1_235 }); // 1,234 products and the device row
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    const phases: string[] = [];
    const target = await freshTill();
    await restoreBackup(target.db, file.blob, { onProgress: (p) => phases.push(`${p.phase}:${p.done}/${p.total}`) });
    expect(phases).toContain('write:1235/1235');
    expect(phases.indexOf('verify:1235/1235')).toBeLessThan(phases.indexOf('write:1235/1235'));
    expect(await dump(target.db)).toEqual(before);
  });

  it('[BK3] a backup is recorded in the audit list with who made it, no personal data, and the date kept', async () => {
    const { db, repos } = await freshTill();
    await fillShop(repos, { storeId: 'shop-1', members: [{ name: '李小红', bonus: 10, notes: '' }], sales: [], coupons: [], tasks: [], products: 0, ackedShare: 0 });
    await exportBackup(db, { now: T0 + 5, staffId: 'manager-7', newId: () => 'audit-backup-1' });
    const [last] = await repos.audit.recent(1);
    expect(last).toMatchObject({ id: 'audit-backup-1', action: 'backup', staffId: 'manager-7', at: T0 + 5 });
    expect(last?.detail).not.toMatch(/李小红|139/);
    expect(await repos.settings.get('lastBackupAt')).toBe(T0 + 5);
  });

  it('[BK2] a sale made while the backup is being read makes it refuse rather than save a torn copy', async () => {
    const { db, repos } = await freshTill();
    await repos.products.put(Array.from({ length: 600 }, (_, i) => product({ id: `p-${i}`, name: `P${i}` })));
    let once = false;
    const attempt = exportBackup(db, {
      now: T0, staffId: null, newId: ids(),
      onProgress: (p) => { if (p.done > 0 && !once) { once = true; void repos.products.put([product({ id: 'late', name: 'Late' })]); } },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'changed_during_backup' });
    expect(await repos.audit.recent(5)).toEqual([]);
  });

  it('[BK1] a new tablet restored from a backup takes the old till\'s identity and its outbox seqs', async () => {
    const old = await freshTill('old-tablet');
    await fillShop(old.repos, { storeId: 'shop-1', members: [{ name: 'A', bonus: 5, notes: '' }], sales: [{ member: 0, price: 100, qty: 1, earn: 1, returnQty: 0 }], coupons: [], tasks: [], products: 0, ackedShare: 0 });
    const nextSeq = await old.repos.outbox.nextSeq();
    const seqs = (await old.repos.outbox.peek(100)).map((r) => r.seq);
    expect(seqs.length).toBeGreaterThan(0);
    const file = await exportBackup(old.db, { now: T0, staffId: null, newId: ids() });
    const fresh = await freshTill('new-tablet');
    await restoreBackup(fresh.db, file.blob);
    expect((await fresh.db.meta.get('device'))?.value).toMatchObject({ deviceId: 'old-tablet' });
    expect(await fresh.repos.outbox.nextSeq()).toBe(nextSeq);
    expect((await fresh.repos.outbox.peek(100)).map((r) => r.seq)).toEqual(seqs);
  });
});
