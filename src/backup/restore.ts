/**
 * Puts a backup back onto the till.
 *
 * Guarantees:
 *  - The whole file is read and checked first (checksums, seals, passphrase, format and schema
 *    versions, row counts) before anything is written; any failure throws a BackupError and the
 *    database is untouched.
 *  - A till with data is never overwritten without `replace: true` (`not_empty`), and never by
 *    another shop's backup (`other_shop`), confirmed or not. "Empty" means nothing but the device
 *    row that opening the database writes.
 *  - The write is all-or-nothing: ONE read-write transaction over every table clears them and adds
 *    every row, seqs and keys exactly as saved. Reading and decrypting the file is not IndexedDB work,
 *    so each batch (a few thousand rows) is awaited through `Dexie.waitFor`, which keeps the
 *    transaction alive. We chose this over staging into a second database and swapping because the
 *    app opens its database by a fixed name (src/db/open.ts) and a swap would need a pointer outside
 *    IndexedDB that could itself be lost halfway; with one transaction the browser's own rollback
 *    leaves the old data exactly as it was if anything fails (a checksum, quota, a closed tab).
 *  - Rows from an older schema are upgraded on the way in (upgrade.ts); a newer one is refused.
 */
import { Dexie } from 'dexie';
import { CURRENT_SCHEMA_VERSION } from '../db/database';
import type { RegularsDb } from '../db/database';
import { createDexieRepositories } from '../db/dexie-repositories';
import { isQuotaError } from '../db/errors';
import type { Id, Instant } from '../domain/records';
import { BackupError } from './errors';
import { BACKUP_TABLES } from './format';
import type { BackupHeader } from './format';
import { blobSource, readChunks, verifyBackup } from './read';
import type { ByteSource, Chunk, OpenedBackup } from './read';
import { isEmpty, shopOf, tableOf } from './tables';
import { upgradeRow } from './upgrade';

export interface RestoreProgress {
  phase: 'verify' | 'write';
  done: number;
  total: number;
}

export interface RestoreOptions {
  passphrase?: string;
  /** The manager confirmed that the data on this till is to be replaced. */
  replace?: boolean;
  onProgress?: (p: RestoreProgress) => void;
  /** When given, a 'restore' entry is added to the audit list after the restore. */
  audit?: { staffId: Id | null; newId: () => Id; now: Instant };
  /**
   * Picks the database to restore into once the file is verified (default: `db`). A new tablet uses it
   * to restore into the database of the backed-up device (see device-target.ts).
   */
  target?: (header: BackupHeader) => Promise<RegularsDb>;
}

export interface RestoreResult {
  header: BackupHeader;
  rows: number;
}

const BATCH_ROWS = 2_000;

/** Checks a file without writing: the header, for the screen to show and to decide whether to ask first. */
export async function inspectBackup(file: Blob | ByteSource, passphrase?: string): Promise<BackupHeader> {
  return (await verifyBackup(toSource(file), passphrase)).header;
}

export async function restoreBackup(db: RegularsDb, file: Blob | ByteSource, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const source = toSource(file);
  const opened = await verifyBackup(source, opts.passphrase, (done, total) => opts.onProgress?.({ phase: 'verify', done, total }));
  const into = opts.target ? await opts.target(opened.header) : db;
  await checkTarget(into, opened.header, opts.replace === true);
  const rows = await write(into, opened, opts);
  if (opts.audit) {
    await createDexieRepositories(into).audit.append({
      id: opts.audit.newId(), at: opts.audit.now, staffId: opts.audit.staffId, deviceId: opened.header.deviceId,
      action: 'restore', subjectId: null, detail: `rows=${rows} createdAt=${opened.header.createdAt}`,
    });
  }
  return { header: opened.header, rows };
}

function toSource(file: Blob | ByteSource): ByteSource {
  return file instanceof Blob ? blobSource(file) : file;
}

async function checkTarget(db: RegularsDb, header: BackupHeader, replace: boolean): Promise<void> {
  if (await isEmpty(db)) return;
  const here = await shopOf(db);
  const sameShop = here.storeId !== null || header.storeId !== null
    ? here.storeId === header.storeId
    : here.orgId === header.orgId;
  if (!sameShop) throw new BackupError('other_shop', undefined, { backupCreatedAt: header.createdAt });
  if (!replace) throw new BackupError('not_empty', undefined, { backupCreatedAt: header.createdAt });
}

async function write(db: RegularsDb, opened: OpenedBackup, opts: RestoreOptions): Promise<number> {
  const total = BACKUP_TABLES.reduce((n, t) => n + opened.header.counts[t], 0);
  const from = opened.header.schemaVersion;
  try {
    return await db.transaction('rw', BACKUP_TABLES.map((t) => tableOf(db, t)), async () => {
      // Checked again inside the transaction: a sale may have been made since the first check.
      await checkTarget(db, opened.header, opts.replace === true);
      for (const t of BACKUP_TABLES) await tableOf(db, t).clear();
      const chunks = readChunks(opened);
      let done = 0;
      for (;;) {
        const batch = await Dexie.waitFor(takeBatch(chunks), 120_000);
        for (const chunk of batch.chunks) {
          const rows = chunk.rows.map((r) => upgradeRow(chunk.table, r, from, CURRENT_SCHEMA_VERSION));
          await tableOf(db, chunk.table).bulkAdd(rows);
          done += rows.length;
        }
        opts.onProgress?.({ phase: 'write', done, total });
        if (batch.end) return done;
      }
    });
  } catch (e) {
    if (e instanceof BackupError) throw e;
    const inner = (e as { inner?: unknown } | null)?.inner;
    if (inner instanceof BackupError) throw inner;
    if (isQuotaError(e)) throw new BackupError('storage_full', undefined, { cause: e });
    throw new BackupError('write_failed', e instanceof Error ? e.message : String(e), { cause: e });
  }
}

async function takeBatch(chunks: AsyncGenerator<Chunk>): Promise<{ chunks: Chunk[]; end: boolean }> {
  const out: Chunk[] = [];
  let rows = 0;
  while (rows < BATCH_ROWS) {
    const next = await chunks.next();
    if (next.done) return { chunks: out, end: true };
    out.push(next.value);
    rows += next.value.rows.length;
  }
  return { chunks: out, end: false };
}
