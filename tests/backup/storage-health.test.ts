// Storage health with the browser's storage API injected: persistence, space, eviction and the backup reminder (issue #7, SH1–SH4).
import { describe, expect, it } from 'vitest';
import {
  backupReminder, checkDevice, deviceState, evictionAdvice, localStorageMarker, readStorageHealth, requestPersistence,
} from '../../src/backup/storage-health';
import type { MarkerStore, SetupMarker, StorageApi } from '../../src/backup/storage-health';
import { T0 } from '../db/fixtures';
import { fillShop, freshTill } from './shop';

const MB = 1024 * 1024;
const DAY = 86_400_000;

function api(o: { persisted?: boolean; grant?: boolean; usage?: number; quota?: number; broken?: boolean }): StorageApi & { asked: number } {
  const a = {
    asked: 0,
    persisted: async () => { if (o.broken) throw new Error('SecurityError'); return o.persisted ?? false; },
    persist: async () => { a.asked += 1; return o.grant ?? false; },
    estimate: async () => ({ usage: o.usage ?? 0, quota: o.quota ?? 0 }),
  };
  return a;
}

function memoryMarker(initial: SetupMarker | null = null): MarkerStore & { value: SetupMarker | null } {
  const s = { value: initial, get: async () => s.value, set: async (m: SetupMarker) => { s.value = m; } };
  return s;
}

const shop = { storeId: 'shop-1', members: [{ name: 'A', bonus: 1, notes: '' }], sales: [], coupons: [], tasks: [], products: 0, ackedShare: 0 };

describe('storage health', () => {
  it('[SH1] asks for persistence once and reports granted or denied', async () => {
    const granted = api({ persisted: false, grant: true });
    expect(await requestPersistence(granted)).toBe(true);
    expect(granted.asked).toBe(1);
    expect(await requestPersistence(api({ persisted: false, grant: false }))).toBe(false);
    const already = api({ persisted: true });
    expect(await requestPersistence(already)).toBe(true);
    expect(already.asked).toBe(0);
  });

  it('[SH1] a browser without the API, or one that throws, reports unknown — never "fine"', async () => {
    expect(await readStorageHealth({})).toEqual({ persisted: null, used: null, quota: null, left: null, ratio: null, level: 'unknown' });
    expect((await readStorageHealth(api({ broken: true, usage: 1, quota: 0 }))).level).toBe('unknown');
    expect(await requestPersistence({})).toBeNull();
  });

  it('[SH2] shows used and left, and warns past 80% and 95% of the quota', async () => {
    expect(await readStorageHealth(api({ persisted: true, usage: 10 * MB, quota: 100 * MB })))
      .toEqual({ persisted: true, used: 10 * MB, quota: 100 * MB, left: 90 * MB, ratio: 0.1, level: 'ok' });
    expect((await readStorageHealth(api({ usage: 81 * MB, quota: 100 * MB }))).level).toBe('warn');
    expect((await readStorageHealth(api({ usage: 96 * MB, quota: 100 * MB }))).level).toBe('critical');
  });
});

describe('eviction', () => {
  it('[SH3] a tablet never set up is fresh; once it holds data both markers are written and it is ok', async () => {
    const { db, repos } = await freshTill();
    const a = memoryMarker();
    const b = memoryMarker();
    expect(await checkDevice(db, [a, b])).toBe('fresh');
    expect(a.value).toBeNull();
    await fillShop(repos, shop);
    expect(await checkDevice(db, [a, b])).toBe('ok');
    expect(a.value).toEqual(b.value);
    expect(a.value?.deviceId).toBeTruthy();
  });

  it('[SH3] a set-up tablet whose database came back empty is evicted, and says restore (no server) or re-download (paired)', async () => {
    const { db, repos, deviceId } = await freshTill();
    await fillShop(repos, shop);
    const a = memoryMarker();
    const b = memoryMarker();
    await checkDevice(db, [a, b]);
    await db.delete(); // the browser cleared the till database
    const reopened = await freshTill(deviceId);
    const state = await checkDevice(reopened.db, [a, b]);
    expect(state).toBe('evicted');
    expect(evictionAdvice(state, false)).toBe('restore');
    expect(evictionAdvice(state, true)).toBe('redownload');
    expect(await checkDevice(reopened.db, [a, b])).toBe('evicted'); // stays so until restored
  });

  it('[SH3] one marker lost (localStorage cleared) still detects eviction; a lost marker is rewritten when the data is intact', async () => {
    const marker: SetupMarker = { deviceId: 'd-1', dbCreatedAt: T0 };
    expect(deviceState({ markers: [null, marker], dbDevice: { deviceId: 'd-1', createdAt: T0 + 99 }, dbEmpty: false })).toBe('evicted');
    expect(deviceState({ markers: [marker, null], dbDevice: { deviceId: 'd-1', createdAt: T0 }, dbEmpty: false })).toBe('ok');
    const { db, repos } = await freshTill();
    await fillShop(repos, shop);
    const kept = memoryMarker();
    await checkDevice(db, [kept]);
    const lost = memoryMarker();
    expect(await checkDevice(db, [lost, kept])).toBe('ok');
    expect(lost.value).toEqual(kept.value);
  });
});

describe('backup reminder', () => {
  it('[SH4] with no server, reminds after 7 days by default, or when there never was a backup, and gives the date', () => {
    expect(backupReminder({ lastBackupAt: T0, now: T0 + 7 * DAY, paired: false })).toEqual({ remind: false, lastBackupAt: T0, ageDays: 7 });
    expect(backupReminder({ lastBackupAt: T0, now: T0 + 7 * DAY + 1, paired: false }).remind).toBe(true);
    expect(backupReminder({ lastBackupAt: null, now: T0, paired: false })).toEqual({ remind: true, lastBackupAt: null, ageDays: null });
    expect(backupReminder({ lastBackupAt: T0, now: T0 + 3 * DAY, maxAgeDays: 2, paired: false }).remind).toBe(true);
  });

  it('[SH4] a paired till is not reminded: the server keeps its data', () => {
    expect(backupReminder({ lastBackupAt: null, now: T0, paired: true }).remind).toBe(false);
  });
});

describe('setup markers', () => {
  it('[SH3] the localStorage marker survives a reload and ignores what is not a marker', async () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => { data.set(k, v); } };
    const first = localStorageMarker(storage);
    expect(await first.get()).toBeNull();
    await first.set({ deviceId: 'd-9', dbCreatedAt: T0 });
    expect(await localStorageMarker(storage).get()).toEqual({ deviceId: 'd-9', dbCreatedAt: T0 });
    data.set('regulars.setup-marker', '{"deviceId":3}');
    expect(await localStorageMarker(storage).get()).toBeNull();
    expect(await localStorageMarker(undefined).get()).toBeNull();
  });
});
