/**
 * SyncStore on Dexie. Guarantees (rules C-S1…C-S6 in sync-store.ts):
 *  - `applyPull` is one strict-durability transaction over every table it touches and the cursor:
 *    a crash at any point leaves either the whole page and its cursor, or neither.
 *  - The outbox is read inside that transaction, so a pending local edit is seen and kept.
 *  - Totals of every member the page touches are recomputed from the facts (the ledger is the truth).
 */
import { Dexie } from 'dexie';
import { cents, points } from '../domain/money';
import type { Id, MemberStats, Staff } from '../domain/records';
import type { Change } from '../sync/protocol';
import { fromMemberRow, toMemberRow, type RegularsDb } from './database';
import { runWrite } from './dexie-tx';
import { mergeMember, pendingFields, pendingPoints, pendingTasks, type SyncStore } from './sync-store';
import { zeroStats } from './write-rules';

const ALL = ['members', 'memberStats', 'sales', 'returns', 'ledger', 'coupons', 'tasks', 'staff', 'programmes', 'settings', 'outbox', 'audit', 'meta'] as const;

export interface DexieSyncStoreOptions {
  /** Test hook: runs inside the pull transaction just before the cursor is written (a crash there must lose the page). */
  beforeCursorWrite?: () => void;
}

export class DexieSyncStore implements SyncStore {
  constructor(private readonly db: RegularsDb, private readonly opts: DexieSyncStoreOptions = {}) {}

  async cursor(): Promise<string> {
    const row = await this.db.settings.get('syncCursor');
    return typeof row?.value === 'string' ? row.value : '0';
  }

  async initCursor(cursor: string): Promise<void> {
    await runWrite(this.db, ['settings'], async () => {
      if (!(await this.db.settings.get('syncCursor'))) await this.db.settings.put({ key: 'syncCursor', value: cursor });
    });
  }

  async wipe(): Promise<void> {
    await runWrite(this.db, [...ALL], async () => {
      await Promise.all(ALL.map((t) => this.db.table(t).clear()));
    });
  }

  async applyPull(changes: Change[], newCursor: string, fromCursor: string): Promise<boolean> {
    const db = this.db;
    return runWrite(db, [...ALL], async () => {
      if ((await this.cursor()) !== fromCursor) return false; // C-S6
      const outbox = await db.outbox.toArray();
      const fields = pendingFields(outbox);
      const tasks = pendingTasks(outbox);
      const touched = new Set<Id>();
      for (const c of changes) await this.applyOne(c, fields, tasks, touched);
      await this.recompute(touched, pendingPoints(outbox));
      this.opts.beforeCursorWrite?.();
      await db.settings.put({ key: 'syncCursor', value: newCursor });
      return true;
    });
  }

  private async applyOne(c: Change, fields: Map<Id, Set<string>>, tasks: Set<Id>, touched: Set<Id>): Promise<void> {
    const db = this.db;
    switch (c.entity) {
      case 'member': {
        const local = await db.members.get(c.id);
        await db.members.put(toMemberRow(mergeMember(local ? fromMemberRow(local) : undefined, c.data, fields.get(c.id))));
        touched.add(c.id);
        return;
      }
      case 'sale': case 'return': case 'ledger': case 'coupon': {
        const table = { sale: db.sales, return: db.returns, ledger: db.ledger, coupon: db.coupons }[c.entity] as Dexie.Table<{ memberId: Id | null }, Id>;
        const local = await table.get(c.id);
        if (!local) await table.add(c.data);
        else if (local.memberId !== c.data.memberId) {
          // Only the server's re-pointing after a merge (C-S5) changes a fact's member.
          if (local.memberId) touched.add(local.memberId);
          await table.update(c.id, { memberId: c.data.memberId });
        }
        if (c.entity === 'coupon' && local && c.data.usedSaleId && !(local as { usedSaleId?: Id | null }).usedSaleId) {
          await db.coupons.update(c.id, { usedSaleId: c.data.usedSaleId, usedAt: c.data.usedAt });
        }
        if (c.data.memberId) touched.add(c.data.memberId);
        return;
      }
      case 'task':
        if (!tasks.has(c.id)) await db.tasks.put(c.data);
        return;
      case 'audit':
        if (!(await db.audit.get(c.id))) await db.audit.add(c.data);
        return;
      case 'merge':
        await this.applyMerge(c.data.loserId, c.data.survivorId, touched);
        return;
      case 'programme':
        if (!(await db.programmes.get(c.data.version))) {
          await db.programmes.add({ version: c.data.version, savedAt: c.data.createdAt, savedBy: c.data.createdBy, config: c.data.config });
        }
        return;
      case 'staff': {
        const local = await db.staff.get(c.id);
        const staff: Staff = { ...c.data, failedAttempts: local?.failedAttempts ?? 0, lockedUntil: local?.lockedUntil ?? null };
        await db.staff.put(staff);
        return;
      }
    }
  }

  /** C-S5: the loser points at the survivor, and everything of the loser moves to it. */
  private async applyMerge(loserId: Id, survivorId: Id, touched: Set<Id>): Promise<void> {
    const db = this.db;
    const loser = await db.members.get(loserId);
    if (loser && loser.mergedInto !== survivorId) await db.members.put({ ...loser, mergedInto: survivorId });
    await db.members.where('id').anyOf(await this.mergedInto(loserId)).modify({ mergedInto: survivorId });
    const byMember = [[loserId, Dexie.minKey], [loserId, Dexie.maxKey]] as const;
    await db.sales.where('[memberId+at]').between(byMember[0], byMember[1]).modify({ memberId: survivorId });
    await db.returns.where('[memberId+at]').between(byMember[0], byMember[1]).modify({ memberId: survivorId });
    await db.ledger.where('[memberId+at]').between(byMember[0], byMember[1]).modify({ memberId: survivorId });
    await db.coupons.where('memberId').equals(loserId).modify({ memberId: survivorId });
    await db.tasks.where('memberId').equals(loserId).modify({ memberId: survivorId });
    touched.add(loserId);
    touched.add(survivorId);
  }

  /** Members merged earlier into `id` (a chain of merges ends at the last survivor). */
  private async mergedInto(id: Id): Promise<Id[]> {
    // No index on mergedInto: merges are rare and the chain is found from the merge changes already applied.
    const rows = await this.db.members.where('phone').anyOf(((await this.db.members.get(id))?.phone ?? '')).toArray();
    return rows.filter((r) => r.mergedInto === id).map((r) => r.id);
  }

  /** C-S4: totals from the facts; points may go below zero here (an overdraft from two offline tablets). */
  private async recompute(ids: Set<Id>, pending: Map<Id, number>): Promise<void> {
    const db = this.db;
    for (const id of ids) {
      const range = [[id, Dexie.minKey], [id, Dexie.maxKey]] as const;
      const [ledger, sales, rets, held] = await Promise.all([
        db.ledger.where('[memberId+at]').between(range[0], range[1]).toArray(),
        db.sales.where('[memberId+at]').between(range[0], range[1]).toArray(),
        db.returns.where('[memberId+at]').between(range[0], range[1]).toArray(),
        db.memberStats.get(id),
      ]);
      const base: MemberStats = held ?? zeroStats(id);
      const ats = sales.map((s) => s.at);
      await db.memberStats.put({
        ...base,
        points: points(ledger.reduce((a, e) => a + e.points, 0)),
        pendingPoints: points(pending.get(id) ?? 0),
        lifetimeSpend: cents(sales.reduce((a, s) => a + s.total, 0) - rets.reduce((a, r) => a + r.refund, 0)),
        visits: sales.length,
        firstPurchaseAt: ats.length ? Math.min(...ats) : null,
        lastPurchaseAt: ats.length ? Math.max(...ats) : null,
      });
    }
  }
}
