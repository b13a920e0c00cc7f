/**
 * Reading the device's tables for a backup. Pages go by primary key, each in its own short read
 * transaction, so no table is ever held in memory whole and the till is never blocked for long.
 * Because pages are separate transactions, `fingerprint` is taken before and after: any write in
 * between (every till write moves a count or the outbox counter; a pull moves its cursor in meta or settings) is caught
 * and the backup is refused as `changed_during_backup` instead of saving a torn copy.
 */
import type { IndexableType, Table } from 'dexie';
import type { RegularsDb } from '../db/database';
import { BACKUP_TABLES, zeroCounts } from './table-list';
import type { BackupTable, TableCounts } from './table-list';

export const PAGE_ROWS = 500;

export function tableOf(db: RegularsDb, name: BackupTable): Table<Record<string, unknown>, IndexableType> {
  return db.table(name);
}

export function primaryKeyOf(db: RegularsDb, name: BackupTable): string {
  const keyPath = tableOf(db, name).schema.primKey.keyPath;
  if (typeof keyPath !== 'string') throw new Error(`Table ${name} has no single key path`);
  return keyPath;
}

export async function countTables(db: RegularsDb): Promise<TableCounts> {
  return db.transaction('r', BACKUP_TABLES.map((t) => tableOf(db, t)), async () => {
    const counts = zeroCounts();
    for (const t of BACKUP_TABLES) counts[t] = await tableOf(db, t).count();
    return counts;
  });
}

/** Counts plus the outbox counter and pull cursor, read in one transaction. */
export async function fingerprint(db: RegularsDb): Promise<string> {
  return db.transaction('r', BACKUP_TABLES.map((t) => tableOf(db, t)), async () => {
    const counts = zeroCounts();
    for (const t of BACKUP_TABLES) counts[t] = await tableOf(db, t).count();
    // meta and settings are a handful of rows; together they hold the outbox counter and the sync cursors.
    const [meta, settings] = await Promise.all([db.meta.toArray(), db.settings.toArray()]);
    return JSON.stringify({ counts, meta, settings });
  });
}

export async function* pages(db: RegularsDb, name: BackupTable, size = PAGE_ROWS): AsyncGenerator<Record<string, unknown>[]> {
  const table = tableOf(db, name);
  const key = primaryKeyOf(db, name);
  let last: IndexableType | undefined;
  for (;;) {
    const page = last === undefined
      ? await table.orderBy(':id').limit(size).toArray()
      : await table.where(':id').above(last).limit(size).toArray();
    if (page.length === 0) return;
    yield page;
    if (page.length < size) return;
    last = page[page.length - 1]?.[key] as IndexableType;
  }
}

/**
 * A till is empty when it holds nothing but the device row that opening the database writes.
 * Anything else (a store, staff, a sale, an outbox row) is data a restore would replace.
 */
export async function isEmpty(db: RegularsDb): Promise<boolean> {
  // One key per table at most, not a count: this runs at every start, and counting 100,000 rows is slow.
  const firsts = await Promise.all(BACKUP_TABLES.filter((t) => t !== 'meta').map((t) => tableOf(db, t).limit(1).primaryKeys()));
  if (firsts.some((keys) => keys.length > 0)) return false;
  const metaKeys = await db.meta.toCollection().primaryKeys();
  return metaKeys.every((k) => k === 'device');
}

export async function shopOf(db: RegularsDb): Promise<{ orgId: string | null; deviceId: string | null; storeId: string | null }> {
  const [device, store] = await Promise.all([db.meta.get('device'), db.settings.get('store')]);
  const dev = device?.value as { orgId?: string; deviceId?: string } | undefined;
  const st = store?.value as { id?: string } | undefined;
  return { orgId: dev?.orgId ?? null, deviceId: dev?.deviceId ?? null, storeId: st?.id ?? null };
}
