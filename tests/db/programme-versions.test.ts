// saveVersion (docs/loyalty-spec.md P6, storage rule D1) against Dexie on fake-indexeddb and the
// in-memory twin: a new version, the active setting and the audit entry (with its outbox row when the
// till pushes it) are written together or not at all; an old version is never overwritten.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import { MemoryStore } from '../../src/db/memory-store';
import type { Repositories } from '../../src/db/repositories';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { audit, T0 } from './fixtures';

let n = 0;
const makers: [string, () => Promise<Repositories>][] = [
  ['dexie', async () => (await openDatabase(`prog-${++n}`, `dev${n}`, T0)).repos],
  ['memory', async () => createMemoryRepositories(new MemoryStore())],
];
const v = (version: number, pointsPerUnit: number) => ({
  version, savedAt: T0, savedBy: 'owner-1', config: { ...DEFAULT_PROGRAMME, version, earn: { ...DEFAULT_PROGRAMME.earn, pointsPerUnit } },
});

describe.each(makers)('programme versions on %s', (_name, make) => {
  it('[P6][D1] a version made on the till: the version, the active setting, the audit entry and its outbox row', async () => {
    const r = await make();
    await r.programmes.save(v(1, 1));
    const entry = audit({ action: 'programme', subjectId: '2', staffId: 'owner-1' });
    await r.programmes.saveVersion({ record: v(2, 2), audit: entry, push: true });
    expect(await r.programmes.versions()).toEqual([1, 2]);
    expect(await r.settings.get('activeProgrammeVersion')).toBe(2);
    expect(await r.audit.recent(5)).toEqual([entry]);
    const rows = await r.outbox.peek(10);
    expect(rows.map((x) => [x.mutation.kind, x.mutation.id])).toEqual([['audit.append', entry.id]]);
  });

  it('[P6][D9] a version the till made itself is never saved over an existing one: refused, nothing written', async () => {
    const r = await make();
    await r.programmes.save(v(1, 1));
    await expect(r.programmes.saveVersion({ record: v(1, 5), audit: audit({ action: 'programme' }), push: true }))
      .rejects.toMatchObject({ code: 'invalid-input' });
    expect((await r.programmes.get(1))?.config).toMatchObject({ earn: { pointsPerUnit: 1 } });
    expect(await r.audit.recent(5)).toEqual([]);
    expect(await r.outbox.count()).toBe(0);
  });

  it('[P6] a version the server numbered, already pulled: kept as it is, the entry added once, nothing queued', async () => {
    const r = await make();
    await r.programmes.save(v(3, 2));
    const entry = audit({ id: 'programme-v3', action: 'programme', subjectId: '3' });
    await r.programmes.saveVersion({ record: v(3, 2), audit: entry, push: false });
    await r.programmes.saveVersion({ record: v(3, 2), audit: entry, push: false });
    expect(await r.programmes.versions()).toEqual([3]);
    expect(await r.audit.recent(5)).toEqual([entry]);
    expect(await r.outbox.count()).toBe(0);
  });
});

describe('programme versions, a failed write (in-memory twin)', () => {
  it('[D1] the outbox write fails: neither the version nor the audit entry is stored', async () => {
    const store = new MemoryStore();
    const r = createMemoryRepositories(store);
    store.failNextWrite('outbox', new Error('disk'));
    await expect(r.programmes.saveVersion({ record: v(2, 2), audit: audit({ action: 'programme' }), push: true })).rejects.toBeTruthy();
    expect(await r.programmes.versions()).toEqual([]);
    expect(await r.audit.recent(5)).toEqual([]);
    expect(await r.settings.get('activeProgrammeVersion')).toBeNull();
  });
});
