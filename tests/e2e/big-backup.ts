/**
 * A large shop's backup file, made in Node by the till's own backup code (src/backup/export.ts) over a
 * Dexie database on fake-indexeddb: `members` members from the benchmark's generator (bench/data.ts),
 * each with sales and their ledger, kept totals equal to the ledger, a store, an owner with a PIN and a
 * few unsynced changes. What the file must bring back is returned beside it.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBackup } from '../../src/backup/export';
import { BACKUP_TABLES } from '../../src/backup/format';
import { hashPin } from '../../src/app/pin';
import { openDatabase } from '../../src/db/open';
import { toMemberRow, type MemberRow } from '../../src/db/database';
import type { LedgerEntry, MemberStats, Sale, Store } from '../../src/domain/records';
import type { Cents, Points } from '../../src/domain/money';
import { DEVICE_ID, START_AT, STORE_ID, makeMember, makeSale } from '../../bench/data';

export interface BigBackup {
  /** The file, written to a temporary folder (the browser is given its path). */
  path: string;
  counts: Record<string, number>;
  /** Some members' phones and the points their card must show. */
  samples: { phone: string; name: string; points: number }[];
  deviceId: string;
}

const SEED = 7;
const PAGE = 2_000;

export async function bigBackup(members: number, salesPerMember: number, ownerPin: string): Promise<BigBackup> {
  const { db, repos } = await openDatabase('local', DEVICE_ID, START_AT);
  try {
    const store: Store = { id: STORE_ID, name: 'Big Tea', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
    await repos.settings.set('store', store);
    await repos.staff.put({ id: 'staff-1', name: 'Ann', role: 'owner', ...(await hashPin(ownerPin)), active: true, failedAttempts: 0, lockedUntil: null });
    const samples: BigBackup['samples'] = [];
    const pick = new Set([0, Math.floor(members / 2), members - 1]);
    for (let from = 0; from < members; from += PAGE) {
      const ms: MemberRow[] = [];
      const stats: MemberStats[] = [];
      const sales: Sale[] = [];
      const ledger: LedgerEntry[] = [];
      for (let i = from; i < Math.min(members, from + PAGE); i++) {
        const m = makeMember(SEED, i);
        ms.push(toMemberRow(m));
        let pts = 0;
        let spend = 0;
        for (let k = 0; k < salesPerMember; k++) {
          const s = makeSale(SEED, i, k);
          sales.push(s.sale);
          ledger.push(...s.ledger);
          pts += s.ledger.reduce((n, e) => n + e.points, 0);
          spend += s.sale.total;
        }
        stats.push({ memberId: m.id, points: pts as Points, pendingPoints: 0 as Points, lifetimeSpend: spend as Cents, visits: salesPerMember,
          firstPurchaseAt: START_AT, lastPurchaseAt: START_AT, tierId: null, tierSince: null });
        if (pick.has(i)) samples.push({ phone: m.phone, name: m.name, points: pts });
      }
      await db.transaction('rw', [db.members, db.memberStats, db.sales, db.ledger], async () => {
        await db.members.bulkAdd(ms);
        await db.memberStats.bulkAdd(stats);
        await db.sales.bulkAdd(sales);
        await db.ledger.bulkAdd(ledger);
      });
    }
    // Changes not yet synced travel with the backup (BK1): an audit entry through the repository adds one.
    await repos.audit.append({ id: 'audit-1', at: START_AT, staffId: 'staff-1', deviceId: DEVICE_ID, action: 'export', subjectId: null, detail: '{}' });
    const file = await exportBackup(db, { now: START_AT + 1, staffId: 'staff-1', newId: () => 'audit-backup' });
    const counts: Record<string, number> = {};
    for (const t of BACKUP_TABLES) counts[t] = file.header.counts[t];
    const path = join(mkdtempSync(join(tmpdir(), 'regulars-big-backup-')), 'regulars-backup.regb');
    writeFileSync(path, Buffer.from(await file.blob.arrayBuffer()));
    return { path, counts, samples, deviceId: DEVICE_ID };
  } finally {
    db.close();
    await db.delete();
  }
}
