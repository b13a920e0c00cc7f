/**
 * TillWriter on Dexie: every method is one strict-durability read-write transaction that writes the
 * facts, updates the kept totals and appends the outbox rows, or throws a DbError having written nothing.
 * Checks that need no storage run before the transaction opens; the rest run inside it, before any write.
 */
import type { AuditEntry, CareTask, Coupon, Id, Instant, LedgerEntry, MemberStats } from '../domain/records';
import type { Mutation } from '../sync/protocol';
import { fromMemberRow, toMemberRow, type RegularsDb } from './database';
import { appendOutbox, outboxCounter, putMeta, runWrite } from './dexie-tx';
import { CouponUsedError, DuplicatePhoneError, InvalidInputError, NotFoundError } from './errors';
import type { EnrollInput, IssueCouponsInput, MemberEditInput, ReturnInput, SaleInput, TillWriter } from './repositories';
import {
  addPoints, auditMutations, checkAudit, checkCouponsIssued, checkCouponsUsed, checkEnrollment, checkLedger, checkReturn, checkSale, editedMember, enrollMutations, pointsByMember, statsAfterReturn, statsAfterSale, zeroStats,
} from './write-rules';
import { checkReceiptCounter, expectNextReceipt } from './receipt-counter';
import { dexieImportMembers, dexieRecordOutcome } from './dexie-care-writer';
import type { OutcomeResult } from '../domain/care/outcome';
import type { ImportInput, ImportResult, OutcomeWrite } from './care-writes';

export class DexieTillWriter implements TillWriter {
  constructor(private readonly db: RegularsDb) {}

  async enroll(input: EnrollInput): Promise<void> {
    const { member, ledger, coupons } = input;
    checkEnrollment(input);
    const db = this.db;
    await runWrite(db, ['members', 'memberStats', 'ledger', 'coupons', 'outbox', 'meta'], async () => {
      if (await db.members.get(member.id)) throw new InvalidInputError(`Member ${member.id} already exists`);
      await this.refuseTakenPhone(member.phone, member.id);
      // Points start from zero and come only from the ledger, so the cache always equals the entries.
      const zero = zeroStats(member.id);
      const opening: MemberStats = { ...input.stats, memberId: member.id, points: zero.points, pendingPoints: zero.pendingPoints };
      await db.members.add(toMemberRow(member));
      await db.memberStats.put(addPoints(opening, ledger.reduce((a, e) => a + e.points, 0)));
      await db.ledger.bulkAdd(ledger);
      await db.coupons.bulkAdd(coupons);
      await appendOutbox(db, enrollMutations(input), member.enrolledAt);
    });
  }

  async commitSale({ sale, ledger, couponsIssued, couponsUsed, tier, receiptCounter, audit = [] }: SaleInput): Promise<void> {
    checkSale(sale);
    checkAudit(audit);
    checkCouponsUsed(sale, couponsUsed);
    checkCouponsIssued(couponsIssued, sale.memberId);
    checkLedger(ledger);
    checkReceiptCounter(receiptCounter);
    const db = this.db;
    const issuedIds = couponsIssued.map((c) => c.id);
    // The hot path: every read goes out in one round, every write in one round, so the transaction
    // costs about two IndexedDB round trips whatever the number of lines, entries or coupons. The sale
    // and its entries depend on nothing read, so they go out with the reads (after them: the sale's own
    // read sees the store before it); a check that fails then aborts the transaction, which takes them back.
    const ids = [...new Set([...(sale.memberId ? [sale.memberId] : []), ...ledger.map((e) => e.memberId)])];
    const tables: Parameters<typeof runWrite>[1] = ['members', 'memberStats', 'sales', 'ledger', 'coupons', 'outbox', 'meta'];
    if (receiptCounter !== undefined) tables.push('settings');
    if (audit.length > 0) tables.push('audit');
    await runWrite(db, tables, async () => {
      const reads = Promise.all([
        db.sales.get(sale.id), db.members.bulkGet(ids), db.memberStats.bulkGet(ids), db.coupons.bulkGet(sale.couponIds), outboxCounter(db),
        receiptCounter === undefined ? null : db.settings.get('receiptCounter'),
        issuedIds.length > 0 ? db.coupons.bulkGet(issuedIds) : [],
      ]);
      const facts = Promise.all([db.sales.add(sale), ledger.length > 0 ? db.ledger.bulkAdd(ledger) : null]);
      facts.catch(() => undefined); // awaited below, unless a check fails first and the transaction is aborted
      const [existing, members, current, used, counter, receipts, heldIssued] = await reads;
      // D15: a benefit another tablet issued first (pulled) or this one issued at the counter is kept as it is.
      const issued = couponsIssued.filter((_, i) => !heldIssued[i]);
      if (existing) throw new InvalidInputError(`Sale ${sale.id} is already recorded`);
      if (receiptCounter !== undefined) expectNextReceipt(typeof receipts?.value === 'number' ? receipts.value : 0, receiptCounter);
      if (sale.memberId && !members[0]) throw new NotFoundError('Member', sale.memberId);
      const marked = sale.couponIds.map((id, i) => {
        const c = used[i];
        if (!c || c.memberId !== sale.memberId) throw new CouponUsedError(id, null);
        if (c.usedSaleId) throw new CouponUsedError(id, c.usedSaleId);
        return { ...c, usedSaleId: sale.id, usedAt: sale.at };
      });
      const stats = new Map<Id, MemberStats>();
      ids.forEach((id, i) => {
        if (!members[i]) throw new NotFoundError('Member', id);
        stats.set(id, current[i] ?? zeroStats(id));
      });
      for (const [id, delta] of pointsByMember(ledger)) stats.set(id, addPoints(stats.get(id) ?? zeroStats(id), delta));
      if (sale.memberId) stats.set(sale.memberId, statsAfterSale(stats.get(sale.memberId) ?? zeroStats(sale.memberId), sale, tier));
      const m: Mutation = { kind: 'sale.record', id: sale.id, at: sale.at, sale, ledger, coupons: [...marked, ...issued] };
      const rows = [m, ...auditMutations(audit)].map((mutation, i) => ({ seq: counter.nextSeq + i, mutation, createdAt: sale.at }));
      await Promise.all([
        facts,
        marked.length > 0 ? db.coupons.bulkPut(marked) : null,
        issued.length > 0 ? db.coupons.bulkAdd(issued) : null,
        stats.size > 0 ? db.memberStats.bulkPut([...stats.values()]) : null,
        audit.length > 0 ? db.audit.bulkAdd(audit) : null,
        db.outbox.bulkAdd(rows),
        putMeta(db, 'outbox', { ...counter, nextSeq: counter.nextSeq + rows.length }),
        receiptCounter === undefined ? null : db.settings.put({ key: 'receiptCounter', value: receiptCounter }),
      ]);
    });
  }

  async issueCoupons({ coupons, opId, at }: IssueCouponsInput): Promise<Coupon[]> {
    checkCouponsIssued(coupons);
    if (!opId) throw new InvalidInputError('Issuing coupons needs an id');
    if (coupons.length === 0) return [];
    const db = this.db;
    const owners = [...new Set(coupons.map((c) => c.memberId))];
    return runWrite(db, ['members', 'coupons', 'outbox', 'meta'], async () => {
      const [members, held] = await Promise.all([db.members.bulkGet(owners), db.coupons.bulkGet(coupons.map((c) => c.id))]);
      owners.forEach((id, i) => { if (!members[i]) throw new NotFoundError('Member', id); });
      const fresh = coupons.filter((_, i) => !held[i]);
      if (fresh.length === 0) return [];
      await db.coupons.bulkAdd(fresh);
      await appendOutbox(db, [{ kind: 'coupon.issue', id: opId, at, coupons: fresh }], at);
      return fresh;
    });
  }

  async commitReturn({ ret, ledger, spendReversed, tier, audit = [] }: ReturnInput): Promise<void> {
    checkLedger(ledger);
    checkAudit(audit);
    const db = this.db;
    await runWrite(db, ['members', 'memberStats', 'sales', 'returns', 'ledger', 'audit', 'outbox', 'meta'], async () => {
      const sale = await db.sales.get(ret.saleId);
      if (!sale) throw new NotFoundError('Sale', ret.saleId);
      if (await db.returns.get(ret.id)) throw new InvalidInputError(`Return ${ret.id} is already recorded`);
      checkReturn(ret, sale, await db.returns.where('saleId').equals(sale.id).toArray());
      const stats = await this.statsAfterLedger(ledger, true);
      if (ret.memberId) {
        const s = stats.get(ret.memberId) ?? (await db.memberStats.get(ret.memberId)) ?? zeroStats(ret.memberId);
        stats.set(ret.memberId, statsAfterReturn(s, ret, spendReversed, tier));
      }
      await db.returns.add(ret);
      await db.ledger.bulkAdd(ledger);
      await db.memberStats.bulkPut([...stats.values()]);
      await db.audit.bulkAdd(audit);
      await appendOutbox(db, [{ kind: 'return.record', id: ret.id, at: ret.at, ret, ledger }, ...auditMutations(audit)], ret.at);
    });
  }

  async appendLedger({ entries, opId, audit = [] }: { entries: LedgerEntry[]; opId: Id; audit?: AuditEntry[] }): Promise<void> {
    checkLedger(entries);
    checkAudit(audit);
    const first = entries[0];
    if (!first) throw new InvalidInputError('Nothing to append');
    const db = this.db;
    await runWrite(db, ['members', 'memberStats', 'ledger', 'audit', 'outbox', 'meta'], async () => {
      const stats = await this.statsAfterLedger(entries);
      await db.ledger.bulkAdd(entries);
      await db.memberStats.bulkPut([...stats.values()]);
      await db.audit.bulkAdd(audit);
      await appendOutbox(db, [{ kind: 'ledger.append', id: opId, at: first.at, entries }, ...auditMutations(audit)], first.at);
    });
  }

  async saveTask({ task, opId, at }: { task: CareTask; opId: Id; at: Instant }): Promise<void> {
    if (!task.id || !task.memberId) throw new InvalidInputError('A task needs an id and a member');
    const db = this.db;
    await runWrite(db, ['members', 'tasks', 'outbox', 'meta'], async () => {
      if (!(await db.members.get(task.memberId))) throw new NotFoundError('Member', task.memberId);
      await db.tasks.put(task);
      await appendOutbox(db, [{ kind: 'task.update', id: opId, at, task }], at);
    });
  }

  async upsertMember(input: MemberEditInput): Promise<void> {
    editedMember(undefined, input); // the checks that need no storage, before the transaction
    const { fields, opId, at } = input;
    const db = this.db;
    await runWrite(db, ['members', 'memberStats', 'outbox', 'meta'], async () => {
      const row = await db.members.get(input.member.id);
      const member = editedMember(row ? fromMemberRow(row) : undefined, input);
      await this.refuseTakenPhone(member.phone, member.id);
      if (!(await db.memberStats.get(member.id))) await db.memberStats.put(zeroStats(member.id));
      await db.members.put(toMemberRow(member));
      await appendOutbox(db, [{ kind: 'member.upsert', id: opId, at, member, fields }], at);
    });
  }

  /** One transaction (care-writes.ts decides): the task, do-not-disturb, budget, audit and outbox. */
  recordOutcome(input: OutcomeWrite): Promise<OutcomeResult> {
    return dexieRecordOutcome(this.db, input);
  }

  /** One transaction per batch; phones already held by a live member are skipped (M6). */
  importMembers(input: ImportInput): Promise<ImportResult> {
    return dexieImportMembers(this.db, input);
  }

  private async refuseTakenPhone(phone: string, self: Id): Promise<void> {
    const holders = await this.db.members.where('phone').equals(phone).limit(8).toArray();
    const other = holders.find((m) => m.id !== self && !m.mergedInto);
    if (other) throw new DuplicatePhoneError(phone, other.id);
  }

  /** The new totals of every member the entries touch; each member must exist and stay at or above zero. */
  private async statsAfterLedger(entries: LedgerEntry[], mayGoNegative = false): Promise<Map<Id, MemberStats>> {
    const deltas = pointsByMember(entries);
    const ids = [...deltas.keys()];
    const [members, current] = await Promise.all([this.db.members.bulkGet(ids), this.db.memberStats.bulkGet(ids)]);
    const out = new Map<Id, MemberStats>();
    ids.forEach((id, i) => {
      if (!members[i]) throw new NotFoundError('Member', id);
      out.set(id, addPoints(current[i] ?? zeroStats(id), deltas.get(id) ?? 0, mayGoNegative));
    });
    return out;
  }
}
