// A bad file is refused with a clear reason and the till is left exactly as it was (issue #7, rules BK4–BK6).
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/backup/export';
import { restoreBackup } from '../../src/backup/restore';
import type { RestoreOptions } from '../../src/backup/restore';
import type { DBCore, Middleware } from 'dexie';
import { RegularsDb } from '../../src/db/database';
import type { Repositories } from '../../src/db/repositories';
import { sale, T0 } from '../db/fixtures';
import { bytesOf, firstChunkBody, withHeader } from './file-bytes';
import { dump, fillShop, freshTill } from './shop';
import type { ShopSpec } from './shop';

const spec = (storeId: string): ShopSpec => ({
  storeId,
  members: [{ name: '张三', bonus: 100, notes: '' }, { name: 'Zoe', bonus: 0, notes: 'likes tea' }],
  sales: [{ member: 0, price: 12_800, qty: 2, earn: 128, returnQty: 1 }, { member: 1, price: 500, qty: 1, earn: 5, returnQty: 0 }],
  coupons: [0], tasks: [1], products: 2, ackedShare: 0.3,
});

let till: { db: RegularsDb; repos: Repositories };
let plain: Uint8Array;
let sealed: Uint8Array;
let otherShop: Uint8Array;
const PASS = 'correct horse';

beforeAll(async () => {
  till = await freshTill();
  await fillShop(till.repos, spec('shop-a'));
  const newId = () => uuidv7();
  plain = await bytesOf((await exportBackup(till.db, { now: T0, staffId: 's', newId })).blob);
  sealed = await bytesOf((await exportBackup(till.db, { now: T0, staffId: 's', newId, passphrase: PASS, kdfIterations: 2_000 })).blob);
  const other = await freshTill();
  await fillShop(other.repos, spec('shop-b'));
  otherShop = await bytesOf((await exportBackup(other.db, { now: T0, staffId: 's', newId })).blob);
  // The till moves on after its backups, so a wrongly accepted restore would show in the dump.
  await till.repos.writer.commitSale({ sale: sale(null, 300, 1, { id: uuidv7() }), ledger: [], couponsIssued: [] });
}, 60_000);

/** Restores `bytes` onto `db` and returns the refusal code; fails the test if the till changed. */
async function refusal(db: RegularsDb, bytes: Uint8Array, opts: RestoreOptions): Promise<string> {
  const before = await dump(db);
  const code = await restoreBackup(db, new Blob([new Uint8Array(bytes)]), opts).then(() => 'accepted', (e: unknown) => (e as { code?: string }).code ?? String(e));
  expect(await dump(db)).toEqual(before);
  return code;
}

describe('bad backup files', () => {
  it('[BK4] a file cut short anywhere is refused as truncated, even with replace confirmed', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: plain.length - 1 }), async (cut) => {
      expect(await refusal(till.db, plain.subarray(0, cut), { replace: true })).toBe('truncated');
    }), { numRuns: 40 });
  }, 60_000);

  it('[BK4] one altered byte anywhere is refused and nothing is written; inside the data it is reported as corrupt', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: plain.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
      const bad = new Uint8Array(plain);
      bad[at] = (bad[at] ?? 0) ^ xor;
      expect(['corrupt', 'truncated', 'not_backup']).toContain(await refusal(till.db, bad, { replace: true }));
    }), { numRuns: 40 });
    for (const encrypted of [false, true]) {
      const source = encrypted ? sealed : plain;
      const { from, to } = firstChunkBody(source, encrypted);
      const bad = new Uint8Array(source);
      const at = Math.floor((from + to) / 2);
      bad[at] = (bad[at] ?? 0) ^ 0x20;
      expect(await refusal(till.db, bad, { replace: true, passphrase: PASS })).toBe('corrupt');
    }
  }, 60_000);

  it('[BK5] a wrong or missing passphrase is refused by name', async () => {
    expect(await refusal(till.db, sealed, { replace: true, passphrase: 'wrong horse' })).toBe('wrong_passphrase');
    expect(await refusal(till.db, sealed, { replace: true })).toBe('passphrase_needed');
  });

  it('[BK5] a file from a newer format or a newer database schema is refused', async () => {
    const newerFormat = await withHeader(plain, (h) => ({ ...h, formatVersion: 2, somethingNew: true }));
    expect(await refusal(till.db, newerFormat, { replace: true })).toBe('newer_format');
    const newerSchema = await withHeader(plain, (h) => ({ ...h, schemaVersion: 99 }));
    expect(await refusal(till.db, newerSchema, { replace: true })).toBe('newer_schema');
  });

  it('[BK4] a header edited by hand (with its checksum fixed) no longer matches the data', async () => {
    const fewer = await withHeader(plain, (h) => ({ ...h, counts: { ...(h.counts as object), members: 1 } }));
    expect(await refusal(till.db, fewer, { replace: true })).toBe('corrupt');
    const unsealed = await withHeader(sealed, (h) => ({ ...h, createdBy: 'someone-else' }));
    expect(await refusal(till.db, unsealed, { replace: true, passphrase: PASS })).toBe('wrong_passphrase');
  });

  it('[BK6] another shop\'s backup onto a till with data is refused, confirmed or not', async () => {
    expect(await refusal(till.db, otherShop, {})).toBe('other_shop');
    expect(await refusal(till.db, otherShop, { replace: true })).toBe('other_shop');
  });

  it('[BK6] the same shop\'s backup onto a till with data needs the confirmation, then replaces it exactly', async () => {
    expect(await refusal(till.db, plain, {})).toBe('not_empty');
    const empty = await freshTill();
    await restoreBackup(empty.db, new Blob([new Uint8Array(plain)]));
    const expected = await dump(empty.db);
    await restoreBackup(till.db, new Blob([new Uint8Array(plain)]), { replace: true });
    expect(await dump(till.db)).toEqual(expected);
  });

  it('[BK6] a restore that runs out of space part-way reports storage_full and leaves the old data whole', async () => {
    // A second connection to the same database whose ledger writes fail the way a full disk makes them fail.
    const quota: Middleware<DBCore> = {
      stack: 'dbcore', name: 'quota',
      create: (down) => ({ ...down, table: (name) => {
        const table = down.table(name);
        return name !== 'ledger' ? table : { ...table, mutate: (req) => (req.type === 'add' ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : table.mutate(req)) };
      } }),
    };
    const full = new RegularsDb(till.db.name).use(quota) as RegularsDb;
    const before = await dump(till.db);
    const code = await restoreBackup(full, new Blob([new Uint8Array(plain)]), { replace: true }).then(() => 'accepted', (e: unknown) => (e as { code?: string }).code);
    expect(code).toBe('storage_full');
    expect(await dump(till.db)).toEqual(before);
    full.close();
  });
});
