/**
 * Saves the whole device to a backup file (format.ts).
 *
 * Guarantees:
 *  - Every table is read in pages (tables.ts), never whole; the file is built from parts that are
 *    folded into Blobs every few MB, so the browser may keep them out of the JS heap.
 *  - The copy is consistent: if anything was written to the till while it was read, nothing is
 *    returned and `changed_during_backup` is thrown (the manager taps again).
 *  - When the file is complete, an audit entry 'backup' (who, counts, encrypted or not — never personal
 *    data) and the setting `lastBackupAt` are written. A failure before that writes nothing.
 */
import type { RegularsDb } from '../db/database';
import { createDexieRepositories } from '../db/dexie-repositories';
import type { Id, Instant } from '../domain/records';
import { concat, sha256, toBase64, toHex, u32, utf8 } from './bytes';
import { DEFAULT_KDF_ITERATIONS, deriveKey, randomBytes, seal } from './crypto';
import { BackupError } from './errors';
import {
  BACKUP_TABLES, FORMAT_VERSION, FRAME_CHUNK, FRAME_HEADER, FRAME_KEY_CHECK, FRAME_TRAILER, KEY_CHECK_TEXT, MAGIC,
  chunkAad, frame, keyCheckAad, trailerAad, zeroCounts,
} from './format';
import type { BackupHeader, Trailer } from './format';
import { countTables, fingerprint, pages, shopOf } from './tables';
import './settings-keys';

export interface BackupProgress {
  done: number;
  total: number;
}

export interface ExportOptions {
  now: Instant;
  /** Who made it (staff id), for the header and the audit list. */
  staffId: Id | null;
  /** Id for the audit entry. */
  newId: () => Id;
  /** Empty or absent: the file is not encrypted. */
  passphrase?: string;
  kdfIterations?: number;
  onProgress?: (p: BackupProgress) => void;
}

export interface BackupFile {
  blob: Blob;
  header: BackupHeader;
  rows: number;
}

const FOLD_BYTES = 4 * 1024 * 1024;

export async function exportBackup(db: RegularsDb, opts: ExportOptions): Promise<BackupFile> {
  const before = await fingerprint(db);
  const counts = await countTables(db);
  const shop = await shopOf(db);
  const total = BACKUP_TABLES.reduce((n, t) => n + counts[t], 0);
  const encrypted = (opts.passphrase ?? '') !== '';
  const salt = randomBytes(16);
  const iterations = opts.kdfIterations ?? DEFAULT_KDF_ITERATIONS;
  const header: BackupHeader = {
    app: 'regulars', formatVersion: FORMAT_VERSION, schemaVersion: db.verno,
    orgId: shop.orgId ?? '', deviceId: shop.deviceId ?? '', storeId: shop.storeId, createdAt: opts.now,
    createdBy: opts.staffId, counts, encrypted,
    kdf: encrypted ? { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) } : null,
  };
  const key = encrypted ? await deriveKey(opts.passphrase ?? '', salt, iterations) : null;

  const blobs: Blob[] = [];
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let pending = 0;
  const emit = (bytes: Uint8Array) => {
    parts.push(concat([bytes]));
    pending += bytes.length;
    if (pending >= FOLD_BYTES) {
      blobs.push(new Blob(parts));
      parts = [];
      pending = 0;
    }
  };

  const headerJson = utf8.encode(JSON.stringify(header));
  const headerHash = await sha256(headerJson);
  emit(MAGIC);
  emit(frame(FRAME_HEADER, concat([headerHash, headerJson])));
  if (key) emit(frame(FRAME_KEY_CHECK, await seal(key, KEY_CHECK_TEXT, keyCheckAad(headerHash))));

  const chunkHashes: Uint8Array[] = [headerHash];
  const written = zeroCounts();
  let index = 0;
  let done = 0;
  opts.onProgress?.({ done, total });
  for (const table of BACKUP_TABLES) {
    for await (const rows of pages(db, table)) {
      const plain = utf8.encode(JSON.stringify({ t: table, rows }));
      const body = key ? await seal(key, plain, chunkAad(headerHash, index)) : plain;
      const hash = await sha256(body);
      chunkHashes.push(hash);
      emit(frame(FRAME_CHUNK, concat([hash, u32(index), body])));
      index += 1;
      written[table] += rows.length;
      done += rows.length;
      opts.onProgress?.({ done, total: Math.max(total, done) });
    }
  }

  const trailer: Trailer = { chunks: index, counts: written, chain: toHex(await sha256(concat(chunkHashes))) };
  const trailerPlain = utf8.encode(JSON.stringify(trailer));
  const trailerBody = key ? await seal(key, trailerPlain, trailerAad(headerHash)) : trailerPlain;
  emit(frame(FRAME_TRAILER, concat([await sha256(trailerBody), trailerBody])));

  if ((await fingerprint(db)) !== before) throw new BackupError('changed_during_backup');
  blobs.push(new Blob(parts));
  const blob = new Blob(blobs, { type: 'application/octet-stream' });

  const repos = createDexieRepositories(db);
  await repos.audit.append({
    id: opts.newId(), at: opts.now, staffId: opts.staffId, deviceId: header.deviceId, action: 'backup', subjectId: null,
    detail: `rows=${done} tables=${BACKUP_TABLES.length} encrypted=${encrypted ? 'yes' : 'no'}`,
  });
  await repos.settings.set('lastBackupAt', opts.now);
  return { blob, header, rows: done };
}
