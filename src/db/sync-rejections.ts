/**
 * C-S15: what a tablet does with a mutation the server rejected for good (S8). The fact stays (a sale
 * happened: the goods left the store, the money was taken), but the server will never count it, so
 * the tablet stops counting it too, and a manager sees why:
 *  - its points are cancelled by one local `correction` entry per member (`rejected:<mutation id>:<member>`,
 *    never pushed), so the balance stays the sum of the entries and equals the server's;
 *  - a rejected sale's spend and visit, and a rejected return's refund, come off the kept totals;
 *  - the rejection is kept on the tablet (`syncRejections`, the newest 200) with what was undone,
 *    for the manager's sync issues screen, also offline;
 *  - the outbox row is acknowledged like any other: the queue never blocks.
 */
import { points } from '../domain/money';
import type { Id, LedgerEntry } from '../domain/records';
import type { Mutation, Rejection } from '../sync/protocol';

declare module './database' {
  interface SettingsMap {
    /** Mutations the server rejected, newest last (C-S15). */
    syncRejections: LocalRejection[];
  }
}

export const KEPT_REJECTIONS = 200;

export interface LocalRejection extends Rejection {
  /** The sale, return or member the mutation was about. */
  subjectId: Id | null;
  /** Points taken off (or given back) locally, per member, to match the server. */
  pointsUndone: { memberId: Id; points: number }[];
}

export interface RejectionEffects {
  record: LocalRejection;
  entries: LedgerEntry[];
  /** Sales whose spend and visit no longer count, returns whose refund no longer counts. */
  sales: { memberId: Id; total: number; at: number }[];
  refunds: { memberId: Id; refund: number }[];
}

function subjectOf(m: Mutation): Id | null {
  switch (m.kind) {
    case 'member.upsert': return m.member.id;
    case 'sale.record': return m.sale.id;
    case 'return.record': return m.ret.id;
    case 'task.update': return m.task.id;
    case 'audit.append': return m.entry.id;
    default: return m.id;
  }
}

function ledgerOf(m: Mutation): LedgerEntry[] {
  switch (m.kind) {
    case 'sale.record': case 'return.record': return m.ledger;
    case 'ledger.append': return m.entries;
    default: return [];
  }
}

export function rejectionEffects(r: Rejection, m: Mutation, deviceId: Id): RejectionEffects {
  const byMember = new Map<Id, number>();
  for (const e of ledgerOf(m)) byMember.set(e.memberId, (byMember.get(e.memberId) ?? 0) + e.points);
  const undone = [...byMember].filter(([, p]) => p !== 0).map(([memberId, p]) => ({ memberId, points: -p }));
  const entries: LedgerEntry[] = undone.map((u) => ({
    id: `rejected:${m.id}:${u.memberId}`, memberId: u.memberId, kind: 'correction', points: points(u.points), at: r.at,
    sourceId: subjectOf(m), reason: 'sync-rejected', note: r.code, staffId: null, deviceId, expiresOn: null,
  }));
  const sales = m.kind === 'sale.record' && m.sale.memberId ? [{ memberId: m.sale.memberId, total: m.sale.total, at: m.sale.at }] : [];
  const refunds = m.kind === 'return.record' && m.ret.memberId ? [{ memberId: m.ret.memberId, refund: m.ret.refund }] : [];
  return { record: { ...r, subjectId: subjectOf(m), pointsUndone: undone }, entries, sales, refunds };
}

/** The kept list after adding `fresh` (ignoring mutations already recorded), newest last. */
export function keptRejections(held: readonly LocalRejection[], fresh: readonly LocalRejection[]): LocalRejection[] {
  return [...held, ...fresh].slice(-KEPT_REJECTIONS);
}
