/**
 * The wire protocol between a till and the sync server, shared by both sides.
 * docs/sync-protocol.md states the rules (S1...) this file's types carry.
 *
 * SKETCH: the sync work (issue #4) owns this file and refines it. The outbox on the device stores
 * `Mutation` values exactly as they will be pushed.
 */
import type { Coupon, Id, Instant, LedgerEntry, Member, SaleReturn, Sale, CareTask, AuditEntry } from '../domain/records';

export const PROTOCOL_VERSION = 1;

export type Mutation =
  | { kind: 'member.upsert'; id: Id; at: Instant; member: Member; fields: (keyof Member)[] }
  | { kind: 'sale.record'; id: Id; at: Instant; sale: Sale; ledger: LedgerEntry[]; coupons: Coupon[] }
  | { kind: 'return.record'; id: Id; at: Instant; ret: SaleReturn; ledger: LedgerEntry[] }
  | { kind: 'ledger.append'; id: Id; at: Instant; entries: LedgerEntry[] }
  | { kind: 'coupon.issue'; id: Id; at: Instant; coupons: Coupon[] }
  | { kind: 'task.update'; id: Id; at: Instant; task: CareTask }
  | { kind: 'audit.append'; id: Id; at: Instant; entry: AuditEntry };

export type MutationKind = Mutation['kind'];

/** A row of the device's outbox: a gapless per-device sequence number and the mutation. */
export interface OutboxRow {
  seq: number;
  mutation: Mutation;
  createdAt: Instant;
}
