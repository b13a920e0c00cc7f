/**
 * Reads and checks a backup file piece by piece (format.ts). Nothing here writes anywhere.
 *
 * Guarantees: `openBackup` refuses a file that is not a backup, is cut short, has a damaged header,
 * is from a newer format or schema, or whose passphrase is missing or wrong. `readChunks` yields each
 * chunk only after its checksum (and seal) is verified, and throws at the end unless the trailer
 * proves every chunk was present, in order, with the row counts the header promised. A consumer must
 * therefore treat rows as provisional until the generator has finished without throwing.
 */
import { CURRENT_SCHEMA_VERSION } from '../db/database';
import { concat, decodeUtf8, equalBytes, fromBase64, readU32, sha256, toHex } from './bytes';
import { MAX_KDF_ITERATIONS, deriveKey, unseal } from './crypto';
import { BackupError } from './errors';
import {
  BACKUP_TABLES, FORMAT_VERSION, FRAME_CHUNK, FRAME_HEADER, FRAME_KEY_CHECK, FRAME_TRAILER, KEY_CHECK_TEXT, MAGIC,
  MAX_FRAME_BYTES, chunkAad, headerSchema, isBackupTable, keyCheckAad, trailerAad, trailerSchema, zeroCounts,
} from './format';
import type { BackupHeader, BackupTable } from './format';

export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => {
      const part = blob.slice(offset, offset + length);
      if (typeof part.arrayBuffer === 'function') return new Uint8Array(await part.arrayBuffer());
      return new Uint8Array(await new Promise<ArrayBuffer>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as ArrayBuffer);
        reader.onerror = () => reject(reader.error ?? new Error('read failed'));
        reader.readAsArrayBuffer(part);
      }));
    },
  };
}

export interface OpenedBackup {
  source: ByteSource;
  header: BackupHeader;
  headerHash: Uint8Array;
  key: CryptoKey | null;
  /** Where the first chunk frame starts. */
  chunksAt: number;
}

export interface Chunk {
  table: BackupTable;
  rows: Record<string, unknown>[];
}

interface Frame {
  kind: number;
  payload: Uint8Array;
  next: number;
}

async function readFrame(source: ByteSource, at: number): Promise<Frame> {
  if (at + 5 > source.size) throw new BackupError('truncated');
  const head = await source.read(at, 5);
  const kind = head[0] ?? 0;
  const length = readU32(head, 1);
  if (length > MAX_FRAME_BYTES) throw new BackupError('corrupt', 'frame too large');
  if (at + 5 + length > source.size) throw new BackupError('truncated');
  return { kind, payload: await source.read(at + 5, length), next: at + 5 + length };
}

/** Splits `sha256 ‖ body` and checks the hash. */
async function checked(payload: Uint8Array, extra = 0): Promise<{ hash: Uint8Array; rest: Uint8Array }> {
  if (payload.length < 32 + extra) throw new BackupError('corrupt', 'short frame');
  const hash = payload.subarray(0, 32);
  const rest = payload.subarray(32);
  if (!equalBytes(hash, await sha256(rest.subarray(extra)))) throw new BackupError('corrupt', 'checksum');
  return { hash, rest };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decodeUtf8(bytes));
  } catch {
    throw new BackupError('corrupt', 'unreadable JSON');
  }
}

export async function openBackup(source: ByteSource, passphrase?: string): Promise<OpenedBackup> {
  const magic = await source.read(0, Math.min(MAGIC.length, source.size));
  if (!equalBytes(magic, MAGIC.subarray(0, magic.length))) throw new BackupError('not_backup');
  if (magic.length < MAGIC.length) throw new BackupError('truncated');
  const first = await readFrame(source, MAGIC.length);
  if (first.kind !== FRAME_HEADER) throw new BackupError('corrupt', 'no header');
  const { hash: headerHash, rest: json } = await checked(first.payload);
  const raw = parseJson(json);
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) throw new BackupError('newer_format');
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError('corrupt', 'header');
  const header = parsed.data;
  if (header.schemaVersion > CURRENT_SCHEMA_VERSION) throw new BackupError('newer_schema');
  if (!header.encrypted || !header.kdf) {
    if (header.encrypted || header.kdf) throw new BackupError('corrupt', 'encryption fields');
    return { source, header, headerHash, key: null, chunksAt: first.next };
  }
  if (!passphrase) throw new BackupError('passphrase_needed');
  if (header.kdf.iterations > MAX_KDF_ITERATIONS) throw new BackupError('corrupt', 'kdf');
  const key = await deriveKey(passphrase, fromBase64(header.kdf.salt), header.kdf.iterations);
  const check = await readFrame(source, first.next);
  if (check.kind !== FRAME_KEY_CHECK) throw new BackupError('corrupt', 'no key check');
  const opened = await unseal(key, check.payload, keyCheckAad(headerHash));
  if (!opened || !equalBytes(opened, KEY_CHECK_TEXT)) throw new BackupError('wrong_passphrase');
  return { source, header, headerHash, key, chunksAt: check.next };
}

function asChunk(value: unknown): Chunk {
  const v = value as { t?: unknown; rows?: unknown } | null;
  if (!v || typeof v.t !== 'string' || !isBackupTable(v.t) || !Array.isArray(v.rows)) throw new BackupError('corrupt', 'chunk shape');
  for (const row of v.rows) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new BackupError('corrupt', 'row shape');
  }
  return { table: v.t, rows: v.rows as Record<string, unknown>[] };
}

export async function* readChunks(b: OpenedBackup): AsyncGenerator<Chunk> {
  const hashes: Uint8Array[] = [b.headerHash];
  const counts = zeroCounts();
  let at = b.chunksAt;
  for (let index = 0; ; index++) {
    if (at >= b.source.size) throw new BackupError('truncated');
    const f = await readFrame(b.source, at);
    at = f.next;
    if (f.kind === FRAME_TRAILER) {
      const { rest } = await checked(f.payload);
      const plain = b.key ? await unseal(b.key, rest, trailerAad(b.headerHash)) : rest;
      if (!plain) throw new BackupError('corrupt', 'trailer seal');
      const trailer = trailerSchema.safeParse(parseJson(plain));
      if (!trailer.success || trailer.data.chunks !== index) throw new BackupError('corrupt', 'trailer');
      if (trailer.data.chain !== toHex(await sha256(concat(hashes)))) throw new BackupError('corrupt', 'chain');
      for (const t of BACKUP_TABLES) {
        if (trailer.data.counts[t] !== counts[t] || b.header.counts[t] !== counts[t]) throw new BackupError('corrupt', `count of ${t}`);
      }
      if (at !== b.source.size) throw new BackupError('corrupt', 'bytes after the end');
      return;
    }
    if (f.kind !== FRAME_CHUNK) throw new BackupError('corrupt', 'frame kind');
    const { hash, rest } = await checked(f.payload, 4);
    if (readU32(rest, 0) !== index) throw new BackupError('corrupt', 'chunk order');
    const body = rest.subarray(4);
    const plain = b.key ? await unseal(b.key, body, chunkAad(b.headerHash, index)) : body;
    if (!plain) throw new BackupError('corrupt', 'chunk seal');
    const chunk = asChunk(parseJson(plain));
    hashes.push(hash);
    counts[chunk.table] += chunk.rows.length;
    yield chunk;
  }
}

/** Reads the whole file once and checks everything, holding one chunk at a time. */
export async function verifyBackup(source: ByteSource, passphrase?: string, onProgress?: (done: number, total: number) => void): Promise<OpenedBackup> {
  const opened = await openBackup(source, passphrase);
  const total = BACKUP_TABLES.reduce((n, t) => n + opened.header.counts[t], 0);
  let done = 0;
  for await (const chunk of readChunks(opened)) {
    done += chunk.rows.length;
    onProgress?.(done, total);
  }
  return opened;
}
