/**
 * What the sync engine asks of the on-device store, and the pure merge rules both implementations
 * (dexie-sync-store.ts, memory-sync-store.ts) share. Client rules (docs/sync-protocol.md, "The client"):
 *  C-S1 A pulled page and the new cursor are written in ONE transaction: after a crash either both
 *       are there or neither is, and the page is pulled again.
 *  C-S2 Facts (sales, returns, ledger, coupons, audit) merge by union: inserted when absent by id.
 *       Only the server's re-pointing after a member merge changes a fact's member.
 *  C-S3 Member profiles merge field by field, last writer wins on the HLC in `member.clock`, and a
 *       field whose local edit still waits in the outbox is never overwritten by a pull.
 *  C-S4 Kept totals (memberStats) are recomputed from the facts for every member a page touches:
 *       points are the sum of the ledger, and may be below zero (an overdraft is booked, not refused).
 *  C-S5 A merge (loser → survivor) sets `mergedInto` and moves the loser's facts to the survivor.
 *  C-S6 A page that does not start at the stored cursor (a stale or repeated answer) is ignored.
 */
import type { Id, LedgerEntry, Member } from '../domain/records';
import type { Change, Mutation, OutboxRow } from '../sync/protocol';

declare module './database' {
  interface SettingsMap {
    /** The server feed position of the last page applied (C-S1). */
    syncCursor: string;
  }
}

export interface SyncStore {
  /** The stored cursor, '0' when none. */
  cursor(): Promise<string>;
  /** Sets the cursor when none is stored yet (the pairing cursor, after the member bootstrap). */
  initCursor(cursor: string): Promise<void>;
  /** Applies one pulled page and stores `newCursor`, in one transaction; false if `fromCursor` is not the stored one. */
  applyPull(changes: Change[], newCursor: string, fromCursor: string): Promise<boolean>;
  /** Erases every local record (a revoked device). */
  wipe(): Promise<void>;
}

/** Profile fields with a pending local edit, per member id (C-S3). */
export function pendingFields(rows: OutboxRow[]): Map<Id, Set<string>> {
  const out = new Map<Id, Set<string>>();
  for (const r of rows) {
    if (r.mutation.kind !== 'member.upsert') continue;
    const set = out.get(r.mutation.member.id) ?? new Set<string>();
    for (const f of r.mutation.fields) set.add(f);
    out.set(r.mutation.member.id, set);
  }
  return out;
}

/** Task ids with a pending local edit: a pull does not overwrite them either. */
export function pendingTasks(rows: OutboxRow[]): Set<Id> {
  return new Set(rows.flatMap((r) => (r.mutation.kind === 'task.update' ? [r.mutation.task.id] : [])));
}

function ledgerOf(m: Mutation): LedgerEntry[] {
  switch (m.kind) {
    case 'sale.record': case 'return.record': return m.ledger;
    case 'ledger.append': return m.entries;
    default: return [];
  }
}

/** Points of ledger entries not yet acknowledged by the server, per member. */
export function pendingPoints(rows: OutboxRow[]): Map<Id, number> {
  const out = new Map<Id, number>();
  for (const r of rows) for (const e of ledgerOf(r.mutation)) out.set(e.memberId, (out.get(e.memberId) ?? 0) + e.points);
  return out;
}

/** Fields never taken from a pulled profile by last-writer-wins (the server owns `mergedInto`). */
const FIXED = new Set(['id', 'clock', 'mergedInto', 'enrolledAt', 'enrolledOn', 'enrolledStoreId', 'enrolledBy']);

/** C-S3: the local member after a pulled version of it. */
export function mergeMember(local: Member | undefined, incoming: Member, pending: Set<string> | undefined): Member {
  if (!local) return { ...incoming, clock: { ...incoming.clock } };
  const out: Member = { ...local, clock: { ...local.clock }, mergedInto: incoming.mergedInto ?? local.mergedInto };
  const rec = out as unknown as Record<string, unknown>;
  const src = incoming as unknown as Record<string, unknown>;
  for (const [f, stamp] of Object.entries(incoming.clock)) {
    if (FIXED.has(f) || pending?.has(f)) continue;
    const held = out.clock[f];
    if (held !== undefined && held >= stamp) continue;
    rec[f] = src[f];
    out.clock[f] = stamp;
  }
  // Unclocked fields the server filled in on a merge (a birthday the other enrolment had).
  for (const f of ['birthday', 'wechat', 'referredBy', 'consentAt'] as const) {
    if (out[f] === null && incoming[f] !== null && !pending?.has(f)) rec[f] = incoming[f];
  }
  return out;
}
