/**
 * What the sync engine asks of the on-device store, and the pure merge rules both implementations
 * (dexie-sync-store.ts, memory-sync-store.ts) share. Client rules (docs/sync-protocol.md, "The client"):
 *  C-S1 A pulled page and the new cursor are written in ONE transaction: after a crash either both
 *       are there or neither is, and the page is pulled again.
 *  C-S2 Facts (sales, returns, ledger, coupons, audit) merge by union: inserted when absent by id.
 *       Only the server's re-pointing after a member merge changes a fact's member.
 *  C-S3 Member profiles merge field by field, last writer wins on the HLC in `member.clock`. The local
 *       view is server state plus pending edits: a field whose edit still waits in the outbox is not
 *       overwritten by a pull, unless the pulled value carries a later stamp (the server keeps that
 *       one over the pending edit too, so showing the pending value would show what will never be).
 *  C-S4 Kept totals (memberStats) are recomputed from the facts for every member a page touches:
 *       points are the sum of the ledger, and may be below zero (an overdraft is booked, not refused).
 *  C-S5 A merge (loser → survivor) sets `mergedInto` and moves the loser's local facts to the survivor.
 *       The loser's kept totals are not added to the survivor: the server re-sends every fact it
 *       re-pointed, and those changes move (or, on a bootstrapped tablet, bring) each one.
 *  C-S6 A page that does not start at the stored cursor (a stale or repeated answer) is ignored.
 *  C-S13 A fact pulled at or before the feed position a bootstrapped balance was read at is stored
 *       but not counted again: its points come off the 'opening' entry, its spend is not added.
 *       A merge pulled after it clears the loser's opening entry and past purchases (C-S18): the facts
 *       they stand for come back re-pointed to the survivor.
 */
import { cents, points } from '../domain/money';
import { FIXED_MEMBER_FIELDS, type Id, type LedgerEntry, type Member, type MemberStats } from '../domain/records';
import type { BootstrapMember, Change, Mutation, OrgHistory, OutboxRow, Rejection } from '../sync/protocol';
import { rejectionEffects, type LocalRejection } from './sync-rejections';
import type { BootstrapProgress } from './repositories';

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
  /**
   * One page of the member bootstrap (S12) in one transaction: members, their totals, an 'opening'
   * ledger entry for each non-zero balance (the facts before pairing are not downloaded), the members'
   * past purchases when the server sent them (C-S18), and the progress.
   */
  bootstrapPage(page: BootstrapMember[], progress: BootstrapProgress, at: number, asOf?: string | null): Promise<void>;
  /**
   * C-S18: the organisation's sales and points flow from before the pairing cursor, stored once after
   * the last page (a page stores its members' past purchases with it).
   */
  savePast(history: OrgHistory): Promise<void>;
  /** The `since` of the stored history; null when none is stored yet. */
  pastSince(): Promise<string | null>;
  /** Erases every local record (a revoked device). */
  wipe(): Promise<void>;
  /**
   * C-S15, in one transaction: for each mutation the server rejected (and not recorded before), its
   * points cancelled by local correction entries, a rejected sale's spend and a return's refund taken
   * off the kept totals, and the rejection kept for a manager. Returns what was newly recorded.
   */
  recordRejections(items: RejectedMutation[], deviceId: Id): Promise<LocalRejection[]>;
  /** The rejections kept on this tablet (C-S15), newest last. */
  rejections(): Promise<LocalRejection[]>;
}

export interface RejectedMutation {
  rejection: Rejection;
  mutation: Mutation;
  seq: number;
}

/** C-S15: the effects of the rejections not recorded yet, gathered onto `touched`. */
export function newRejections(held: readonly LocalRejection[], items: readonly RejectedMutation[], deviceId: Id, touched: Touched): { fresh: LocalRejection[]; entries: LedgerEntry[] } {
  const known = new Set(held.map((r) => r.mutationId));
  const fresh: LocalRejection[] = [];
  const entries: LedgerEntry[] = [];
  for (const it of items) {
    if (known.has(it.mutation.id)) continue;
    known.add(it.mutation.id);
    const eff = rejectionEffects(it.rejection, it.mutation, deviceId);
    fresh.push(eff.record);
    entries.push(...eff.entries);
    for (const e of eff.entries) touched.touch(e.memberId);
    for (const x of eff.sales) touched.sale(x.memberId, x.total, x.at, -1);
    for (const x of eff.refunds) touched.refund(x.memberId, x.refund, -1);
  }
  return { fresh, entries };
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


/** C-S3: the local member after a pulled version of it. */
export function mergeMember(local: Member | undefined, incoming: Member, pending: Set<string> | undefined): Member {
  if (!local) return { ...incoming, clock: { ...incoming.clock } };
  const out: Member = { ...local, clock: { ...local.clock }, mergedInto: incoming.mergedInto ?? local.mergedInto };
  const rec = out as unknown as Record<string, unknown>;
  const src = incoming as unknown as Record<string, unknown>;
  for (const [f, stamp] of Object.entries(incoming.clock)) {
    if (FIXED_MEMBER_FIELDS.has(f)) continue; // the server owns `mergedInto` (taken below)
    const held = out.clock[f];
    // A pending edit is the local view (C-S3); only a later stamp, which the server will keep over it too, replaces it.
    if (held === undefined ? pending?.has(f) : held >= stamp) continue;
    rec[f] = src[f];
    out.clock[f] = stamp;
  }
  // Unclocked fields a server filled in on a merge (a birthday the other enrolment had; S11 now stamps them).
  for (const f of ['birthday', 'wechat', 'referredBy', 'consentAt'] as const) {
    if (incoming.clock[f] === undefined && out[f] === null && incoming[f] !== null && !pending?.has(f)) rec[f] = incoming[f];
  }
  return out;
}

/** Spend and visits a page moves onto (or off) a member; points are recomputed from the ledger instead. */
export interface SpendDelta {
  spend: number;
  visits: number;
  firstAt: number | null;
  lastAt: number | null;
}

/** Collects, per member, what the facts of one page add or take away (C-S4). */
export class Touched {
  readonly deltas = new Map<Id, SpendDelta>();

  touch(memberId: Id | null): SpendDelta | null {
    if (!memberId) return null;
    let d = this.deltas.get(memberId);
    if (!d) {
      d = { spend: 0, visits: 0, firstAt: null, lastAt: null };
      this.deltas.set(memberId, d);
    }
    return d;
  }

  sale(memberId: Id | null, total: number, at: number, sign: 1 | -1): void {
    const d = this.touch(memberId);
    if (!d) return;
    d.spend += sign * total;
    d.visits += sign;
    if (sign > 0) {
      d.firstAt = d.firstAt === null ? at : Math.min(d.firstAt, at);
      d.lastAt = d.lastAt === null ? at : Math.max(d.lastAt, at);
    }
  }

  refund(memberId: Id | null, refund: number, sign: 1 | -1): void {
    const d = this.touch(memberId);
    if (d) d.spend -= sign * refund;
  }
}

/** The kept totals after a page: points from the ledger, the rest moved by the page's deltas. */
export function statsAfterPull(base: MemberStats, ledgerPoints: number, pending: number, d: SpendDelta): MemberStats {
  return {
    ...base,
    points: points(ledgerPoints),
    pendingPoints: points(pending),
    lifetimeSpend: cents(base.lifetimeSpend + d.spend),
    visits: Math.max(0, base.visits + d.visits),
    firstPurchaseAt: d.firstAt === null ? base.firstPurchaseAt : base.firstPurchaseAt === null ? d.firstAt : Math.min(base.firstPurchaseAt, d.firstAt),
    lastPurchaseAt: d.lastAt === null ? base.lastPurchaseAt : base.lastPurchaseAt === null ? d.lastAt : Math.max(base.lastPurchaseAt, d.lastAt),
  };
}

/**
 * A bootstrapped member's balance as one local 'opening' entry: the device has no history from before
 * pairing, and the balance must stay the sum of the entries it has (C-S4). Never pushed (not in the
 * outbox). `sourceId` records the feed position the totals were read at (`feed:<seq>`), when the server
 * sent one: a pulled fact at or before it is already in the opening balance (C-S13).
 */
export function openingEntry(memberId: Id, pts: number, at: number, deviceId: Id, asOf: string | null): LedgerEntry {
  return {
    id: openingId(memberId), memberId, kind: 'opening', points: points(pts), at, sourceId: asOf === null ? null : `feed:${asOf}`,
    reason: 'bootstrap', note: '', staffId: null, deviceId, expiresOn: null,
  };
}

export function openingId(memberId: Id): Id {
  return `opening:${memberId}`;
}

/** True when a pulled change at `seq` is already counted in this opening entry. */
export function countedInOpening(opening: LedgerEntry | undefined, seq: number): boolean {
  const m = opening?.sourceId ? /^feed:(\d+)$/.exec(opening.sourceId) : null;
  return m?.[1] !== undefined && seq <= Number(m[1]);
}

/**
 * C-S13, C-S18: a merge pulled at `seq` that the loser's downloaded page did not yet see (or whose page
 * had no feed position): the server re-sends every fact it re-pointed, so the loser's opening balance and
 * past purchases, which stand for those facts, must not count any more.
 */
export function mergeComesBack(opening: LedgerEntry | undefined, seq: number): boolean {
  // Only a downloaded balance stands for facts the server re-sends. An imported opening balance (care-spec M8)
  // is a fact of its own: the server re-points it to the survivor like any other, and it keeps its points.
  return opening !== undefined && opening.reason === 'bootstrap' && !countedInOpening(opening, seq);
}
