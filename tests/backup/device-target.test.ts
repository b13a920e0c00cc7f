// [BK1] A new tablet restored from a lost tablet's backup becomes that tablet: the data goes into the
// database the app will open for the backed-up device id; a tablet with data is restored in place.
import { describe, expect, it } from 'vitest';
import { deviceTarget } from '../../src/backup/device-target';
import { exportBackup } from '../../src/backup/export';
import { restoreBackup } from '../../src/backup/restore';
import { openDatabase } from '../../src/db/open';
import { T0 } from '../db/fixtures';
import { dump, fillShop, freshTill } from './shop';
import type { ShopSpec } from './shop';

const spec: ShopSpec = { storeId: 'shop-1', members: [{ name: '张三', bonus: 10, notes: '' }], sales: [{ member: 0, price: 900, qty: 1, earn: 9, returnQty: 0 }], coupons: [], tasks: [], products: 1, ackedShare: 0 };

describe('device target', () => {
  it('[BK1] onto a new tablet: restored into the lost device\'s database, which the app opens after adopting its id', async () => {
    const lost = await freshTill('lost-tablet');
    await fillShop(lost.repos, spec);
    const before = await dump(lost.db);
    const file = await exportBackup(lost.db, { now: T0, staffId: null, newId: () => 'a-1' });
    await lost.db.delete();

    const fresh = await freshTill('new-tablet');
    let adopt: { orgId: string; deviceId: string } | null = null;
    await restoreBackup(fresh.db, file.blob, { target: async (h) => { const t = await deviceTarget(fresh.db, h); adopt = t.adopt; return t.db; } });
    expect(adopt).toEqual({ orgId: 'local', deviceId: 'lost-tablet' });
    const reopened = await openDatabase('local', 'lost-tablet', T0 + 1);
    expect(await dump(reopened.db)).toEqual(before);
    expect((await dump(fresh.db)).members).toEqual([]);
  });

  it('[BK1] onto a tablet with data: restored in place, after confirmation', async () => {
    const till = await freshTill();
    await fillShop(till.repos, spec);
    const file = await exportBackup(till.db, { now: T0, staffId: null, newId: () => 'a-2' });
    const other = await freshTill();
    await fillShop(other.repos, spec);
    const chosen = await deviceTarget(other.db, file.header);
    expect(chosen).toEqual({ db: other.db, adopt: null });
  });
});
