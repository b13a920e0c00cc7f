/**
 * TillWriter in memory, with the Dexie writer's rules (write-rules.ts) and its all-or-nothing
 * transactions (memory-store.ts `tx`): the facts, the totals and the outbox rows, or nothing.
 */
import type { AuditEntry, CareTask, Coupon, Id, Instant, LedgerEntry, MemberStats } from '../domain/records';
import { fromMemberRow, toMemberRow } from './database';
import { CouponUsedError, DuplicatePhoneError, InvalidInputError, NotFoundError } from './errors';
import type { MemoryStore } from './memory-store';
import type { EnrollInput, IssueCouponsInput, MemberEditInput, ReturnInput, SaleInput, TillWriter } from './repositories';
import {
  addPoints, auditMutations, checkAudit, checkCouponsIssued, checkCouponsUsed, checkEnrollment, checkLedger, checkReturn, checkSale, editedMember, enrollMutations, pointsByMember, statsAfterReturn, statsAfterSale, zeroStats,
} from './write-rules';
import { checkReceiptCounter, expectNextReceipt } from './receipt-counter';
import { memoryImportMembers, memoryRecordOutcome } from './memory-care-writer';
import { memoryAppendOutbox } from './memory-tx';
import type { OutcomeResult } from '../domain/care/outcome';
import type { ImportInput, ImportResult, OutcomeWrite } from './care-writes';

export class MemoryTillWriter implements TillWriter {
  constructor(private readonly s: MemoryStore) {}

  async enroll(input: EnrollInput): Promise<void> {
    const { member, ledger, coupons } = input;
    checkEnrollment(input);
    const s = this.s;
    await s.tx(() => {
      if (s.members.get(member.id)) throw new InvalidInputError(`Member ${member.id} already exists`);
      this.refuseTakenPhone(member.phone, member.id);
      const zero = zeroStats(member.id);
      const opening: MemberStats = { ...input.stats, memberId: member.id, points: zero.points, pendingPoints: zero.pendingPoints };
      s.members.add(toMemberRow(member));
      s.memberStats.put(addPoints(opening, ledger.reduce((a, e) => a + e.points, 0)));
      ledger.forEach((e) => s.ledger.add(e));
      coupons.forEach((c) => s.coupons.add(c));
      memoryAppendOutbox(s, enrollMutations(input), member.enrolledAt);
    });
  }

  async commitSale({ sale, ledger, couponsIssued, couponsUsed, tier, receiptCounter, audit = [] }: SaleInput): Promise<void> {
    checkSale(sale);
    checkAudit(audit);
    checkCouponsUsed(sale, couponsUsed);
    checkCouponsIssued(couponsIssued, sale.memberId);
    checkLedger(ledger);
    checkReceiptCounter(receiptCounter);
    const s = this.s;
    await s.tx(() => {
      if (s.sales.get(sale.id)) throw new InvalidInputError(`Sale ${sale.id} is already recorded`);
      if (receiptCounter !== undefined) {
        const held = s.settings.get('receiptCounter')?.value;
        expectNextReceipt(typeof held === 'number' ? held : 0, receiptCounter);
      }
      if (sale.memberId && !s.members.get(sale.memberId)) throw new NotFoundError('Member', sale.memberId);
      const marked = sale.couponIds.map((id) => {
        const c = s.coupons.get(id);
        if (!c || c.memberId !== sale.memberId) throw new CouponUsedError(id, null);
        if (c.usedSaleId) throw new CouponUsedError(id, c.usedSaleId);
        return { ...c, usedSaleId: sale.id, usedAt: sale.at };
      });
      const stats = this.statsAfterLedger(ledger);
      if (sale.memberId) {
        const cur = stats.get(sale.memberId) ?? s.memberStats.get(sale.memberId) ?? zeroStats(sale.memberId);
        stats.set(sale.memberId, statsAfterSale(cur, sale, tier));
      }
      // D15: a benefit already held (issued here or pulled) is kept as it is.
      const issued = couponsIssued.filter((c) => !s.coupons.get(c.id));
      s.sales.add(sale);
      ledger.forEach((e) => s.ledger.add(e));
      marked.forEach((c) => s.coupons.put(c));
      issued.forEach((c) => s.coupons.add(c));
      stats.forEach((st) => s.memberStats.put(st));
      audit.forEach((e) => s.audit.add(e));
      memoryAppendOutbox(s, [{ kind: 'sale.record', id: sale.id, at: sale.at, sale, ledger, coupons: [...marked, ...issued] }, ...auditMutations(audit)], sale.at);
      if (receiptCounter !== undefined) s.settings.put({ key: 'receiptCounter', value: receiptCounter });
    });
  }

  async issueCoupons({ coupons, opId, at }: IssueCouponsInput): Promise<Coupon[]> {
    checkCouponsIssued(coupons);
    if (!opId) throw new InvalidInputError('Issuing coupons needs an id');
    if (coupons.length === 0) return [];
    const s = this.s;
    return s.tx(() => {
      for (const c of coupons) if (!s.members.get(c.memberId)) throw new NotFoundError('Member', c.memberId);
      const fresh = coupons.filter((c) => !s.coupons.get(c.id));
      if (fresh.length === 0) return [];
      fresh.forEach((c) => s.coupons.add(c));
      memoryAppendOutbox(s, [{ kind: 'coupon.issue', id: opId, at, coupons: fresh }], at);
      return fresh;
    });
  }

  async commitReturn({ ret, ledger, spendReversed, tier, audit = [] }: ReturnInput): Promise<void> {
    checkLedger(ledger);
    checkAudit(audit);
    const s = this.s;
    await s.tx(() => {
      const sale = s.sales.get(ret.saleId);
      if (!sale) throw new NotFoundError('Sale', ret.saleId);
      if (s.returns.get(ret.id)) throw new InvalidInputError(`Return ${ret.id} is already recorded`);
      checkReturn(ret, sale, s.returns.where((r) => r.saleId === sale.id));
      const stats = this.statsAfterLedger(ledger, true);
      if (ret.memberId) {
        const cur = stats.get(ret.memberId) ?? s.memberStats.get(ret.memberId) ?? zeroStats(ret.memberId);
        stats.set(ret.memberId, statsAfterReturn(cur, ret, spendReversed, tier));
      }
      s.returns.add(ret);
      ledger.forEach((e) => s.ledger.add(e));
      stats.forEach((st) => s.memberStats.put(st));
      audit.forEach((e) => s.audit.add(e));
      memoryAppendOutbox(s, [{ kind: 'return.record', id: ret.id, at: ret.at, ret, ledger }, ...auditMutations(audit)], ret.at);
    });
  }

  async appendLedger({ entries, opId, audit = [] }: { entries: LedgerEntry[]; opId: Id; audit?: AuditEntry[] }): Promise<void> {
    checkLedger(entries);
    checkAudit(audit);
    const first = entries[0];
    if (!first) throw new InvalidInputError('Nothing to append');
    const s = this.s;
    await s.tx(() => {
      const stats = this.statsAfterLedger(entries);
      entries.forEach((e) => s.ledger.add(e));
      stats.forEach((st) => s.memberStats.put(st));
      audit.forEach((e) => s.audit.add(e));
      memoryAppendOutbox(s, [{ kind: 'ledger.append', id: opId, at: first.at, entries }, ...auditMutations(audit)], first.at);
    });
  }

  async saveTask({ task, opId, at }: { task: CareTask; opId: Id; at: Instant }): Promise<void> {
    if (!task.id || !task.memberId) throw new InvalidInputError('A task needs an id and a member');
    const s = this.s;
    await s.tx(() => {
      if (!s.members.get(task.memberId)) throw new NotFoundError('Member', task.memberId);
      s.tasks.put(task);
      memoryAppendOutbox(s, [{ kind: 'task.update', id: opId, at, task }], at);
    });
  }

  async upsertMember(input: MemberEditInput): Promise<void> {
    editedMember(undefined, input);
    const { fields, opId, at } = input;
    const s = this.s;
    await s.tx(() => {
      const row = s.members.get(input.member.id);
      const member = editedMember(row ? fromMemberRow(row) : undefined, input);
      this.refuseTakenPhone(member.phone, member.id);
      if (!s.memberStats.get(member.id)) s.memberStats.put(zeroStats(member.id));
      s.members.put(toMemberRow(member));
      memoryAppendOutbox(s, [{ kind: 'member.upsert', id: opId, at, member, fields }], at);
    });
  }

  /** One transaction (care-writes.ts decides): the task, do-not-disturb, budget, audit and outbox. */
  recordOutcome(input: OutcomeWrite): Promise<OutcomeResult> {
    return memoryRecordOutcome(this.s, input);
  }

  /** One transaction per batch; phones already held by a live member are skipped (M6). */
  importMembers(input: ImportInput): Promise<ImportResult> {
    return memoryImportMembers(this.s, input);
  }

  private refuseTakenPhone(phone: string, self: Id): void {
    const other = this.s.members.where((m) => m.phone === phone && m.id !== self && !m.mergedInto)[0];
    if (other) throw new DuplicatePhoneError(phone, other.id);
  }

  private statsAfterLedger(entries: LedgerEntry[], mayGoNegative = false): Map<Id, MemberStats> {
    const out = new Map<Id, MemberStats>();
    for (const [id, delta] of pointsByMember(entries)) {
      if (!this.s.members.get(id)) throw new NotFoundError('Member', id);
      out.set(id, addPoints(this.s.memberStats.get(id) ?? zeroStats(id), delta, mayGoNegative));
    }
    return out;
  }
}
