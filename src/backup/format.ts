/**
 * The backup file (`.regb`), version 1. Binary, read and written in pieces so a large shop never has
 * to fit in memory at once:
 *
 *   MAGIC "RGLRBAK\n" (8 bytes), then frames: kind (u8) ‖ length (u32, big-endian) ‖ payload
 *   1 header     sha256(json) ‖ json             the BackupHeader below, always readable
 *   2 key check  sealed("regulars-key-check")     only when encrypted; tells a wrong passphrase apart
 *   3 chunk      sha256(body) ‖ index (u32) ‖ body   body = {"t":table,"rows":[…]} as JSON, sealed when encrypted
 *   4 trailer    sha256(body) ‖ body             body = {"chunks","counts","chain"}, sealed when encrypted
 *
 * Guarantees: every frame carries the SHA-256 of its bytes (a damaged byte is caught); chunks are
 * numbered; the trailer holds `chain` = SHA-256(header hash ‖ every chunk hash in order), which covers
 * the whole file, and the rows per table, which must match the header. A file that stops before its
 * trailer is `truncated`. When encrypted, each chunk and the trailer are AES-GCM sealed with the header
 * hash (and the chunk's index) as additional data, so the plain header is authenticated too.
 */
// zod/mini, like the rest of the till: full zod would add ~35 KB to the restore chunk (and to the precache).
import * as z from 'zod/mini';
import { BACKUP_TABLES, LATER_TABLES, type BackupTable } from './table-list';

// The table list has no zod behind it, so the till's start-up (eviction check) can use it cheaply.
export { BACKUP_TABLES, isBackupTable, zeroCounts } from './table-list';
export type { BackupTable, TableCounts } from './table-list';
import { concat, u32, utf8 } from './bytes';

export const MAGIC = utf8.encode('RGLRBAK\n');
export const FORMAT_VERSION = 1;
export const FILE_EXTENSION = '.regb';
export const FRAME_HEADER = 1;
export const FRAME_KEY_CHECK = 2;
export const FRAME_CHUNK = 3;
export const FRAME_TRAILER = 4;
/** No honest frame is this large (a chunk holds a few hundred rows); a bigger length is damage. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
export const KEY_CHECK_TEXT = utf8.encode('regulars-key-check');

/** Every table of the device, in the order they are written and restored. */

const count = z.number().check(z.int(), z.nonnegative());
const countsSchema = z.strictObject(Object.fromEntries(BACKUP_TABLES.map((t) => [t, LATER_TABLES.includes(t) ? z._default(count, 0) : count])) as Record<BackupTable, typeof count>);

export const kdfSchema = z.object({
  name: z.literal('PBKDF2'),
  hash: z.literal('SHA-256'),
  iterations: z.number().check(z.int(), z.positive()),
  /** base64, 16 bytes. */
  salt: z.string().check(z.minLength(1)),
});
export type KdfParams = z.infer<typeof kdfSchema>;

export const headerSchema = z.strictObject({
  app: z.literal('regulars'),
  formatVersion: z.number().check(z.int(), z.positive()),
  /** The database schema version (src/db/database.ts) the rows were read from. */
  schemaVersion: z.number().check(z.int(), z.positive()),
  orgId: z.string(),
  deviceId: z.string(),
  /** The shop (settings 'store'); null for a till not yet set up. */
  storeId: z.nullable(z.string()),
  createdAt: z.number().check(z.int()),
  /** Staff id of who made it (never a name). */
  createdBy: z.nullable(z.string()),
  counts: countsSchema,
  encrypted: z.boolean(),
  kdf: z.nullable(kdfSchema),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const trailerSchema = z.strictObject({ chunks: count, counts: countsSchema, chain: z.string() });
export type Trailer = z.infer<typeof trailerSchema>;

export function frame(kind: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(kind), u32(payload.length), payload]);
}

/** Additional data of a sealed chunk: the header's hash and the chunk's place. */
export function chunkAad(headerHash: Uint8Array, index: number): Uint8Array {
  return concat([headerHash, Uint8Array.of(FRAME_CHUNK), u32(index)]);
}

export function trailerAad(headerHash: Uint8Array): Uint8Array {
  return concat([headerHash, Uint8Array.of(FRAME_TRAILER)]);
}

export function keyCheckAad(headerHash: Uint8Array): Uint8Array {
  return concat([headerHash, Uint8Array.of(FRAME_KEY_CHECK)]);
}


/** `regulars-backup-<store>-<YYYY-MM-DD>.regb`, with the store id cut to what a file name may hold. */
export function backupFileName(storeId: string | null, date: string): string {
  const store = (storeId ?? 'till').replace(/[^\w-]/g, '').slice(0, 40) || 'till';
  return `regulars-backup-${store}-${date}${FILE_EXTENSION}`;
}
