// Backup → wipe → restore brings a shop back exactly (issue #7, backup rules B1–B3 in docs/operations.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/backup/export';
import { restoreBackup } from '../../src/backup/restore';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { product, T0 } from '../db/fixtures';
import { balances, dump, fillShop, freshTill, shopSpec } from './shop';

const ids = () => { let n = 0; return () => `audit-${++n}`; };

describe('backup round trip', () => {
  it('[B1] random shops: backup, wipe, restore — every table and every balance is the same, outbox seqs included', async () => {
    await fc.assert(fc.asyncProperty(shopSpec, fc.boolean(), async (spec, encrypt) => {
      const { db, repos, deviceId } = await freshTill();
      await fillShop(repos, spec);
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
      await wiped.db.delete();
    }), { numRuns: 12 });
  }, 120_000);
});
