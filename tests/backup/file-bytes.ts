// Helpers that take a backup file apart the way a damaged copy or a newer app would leave it.
import { concat, sha256, u32, utf8 } from '../../src/backup/bytes';
import { MAGIC } from '../../src/backup/format';

export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Where the header frame ends: magic, kind, length, then its payload. */
function headerEnd(bytes: Uint8Array): number {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length + 1, false);
  return MAGIC.length + 5 + length;
}

/** Offsets of the first chunk frame's body (after its hash and index), to damage a row rather than framing. */
export function firstChunkBody(bytes: Uint8Array, encrypted: boolean): { from: number; to: number } {
  let at = headerEnd(bytes);
  if (encrypted) at += 5 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(at + 1, false);
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(at + 1, false);
  return { from: at + 5 + 32 + 4, to: at + 5 + length };
}

/** Rewrites the header JSON (with a correct checksum), as a newer app or a hand edit would. */
export async function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => Record<string, unknown>): Promise<Uint8Array> {
  const end = headerEnd(bytes);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 5 + 32, end))) as Record<string, unknown>;
  const next = utf8.encode(JSON.stringify(edit(json)));
  const payload = concat([await sha256(next), next]);
  return concat([MAGIC, Uint8Array.of(1), u32(payload.length), payload, bytes.subarray(end)]);
}
