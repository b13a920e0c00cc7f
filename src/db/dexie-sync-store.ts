/**
 * SyncStore on Dexie. Guarantees (rules C-S1…C-S6 in sync-store.ts):
 *  - `applyPull` is one strict-durability transaction over every table it touches and the cursor:
 *    a crash at any point leaves either the whole page and its cursor, or neither.
 *  - The outbox is read inside that transaction, so a pending local edit is seen and kept.
 *  - Points of every member the page touches are recomputed from the ledger (the ledger is the truth);
 *    spend and visits move with the sales and returns the page brings or re-points.
 */
import { Dexie } from 'dexie';
import { points } from '../domain/money';
import { shopSettingRows } from '../domain/care/shop-config';
import type { Id, SaleReturn, Sale, Staff, Store } from '../domain/records';
import type { BootstrapMember, Change, OrgHistory } from '../sync/protocol';
import { fromMemberRow, toMemberRow, type RegularsDb, type SettingRow, type SettingsMap } from './database';
import { putMeta, runWrite } from './dexie-tx';
import { ROWS_PER_PUT, writeSliced } from './sliced-write';
import type { BootstrapProgress } from './repositories';
import {
  countedInOpening, mergeComesBack, mergeMember, newRejections, openingEntry, openingId, pendingFields, pendingPoints, pendingTasks, statsAfterPull, Touched,
  type RejectedMutation, type SyncStore,
} from './sync-store';
import { keptRejections, type LocalRejection } from './sync-rejections';
import { checkMember, zeroStats } from './write-rules';
import { isOrgPast, memberPastFrom, membersPastRow, ORG_PAST_KEY, orgPastRow, pastOf, withoutPast } from './insight-past';
import { spendOf, tierWindow } from './member-spend';
import { tierRules, withPastTiers, withPulledTier } from './pulled-tier';
import { KEPT_TABLES } from './insight-totals';
import { MEMBER_KEPT_TABLES } from './insight-member-totals';

const ALL = ['members', 'memberStats', 'sales', 'returns', 'ledger', 'coupons', 'tasks', 'staff', 'programmes', 'settings', 'outbox', 'audit', 'meta'] as const;
/** A wipe erases the dashboard's totals and the organisation's past too: they name members. */
const WIPED = [...ALL, ...KEPT_TABLES, ...MEMBER_KEPT_TABLES, 'insightPast'] as const;

export interface DexieSyncStoreOptions {
  /** Test hook: runs inside the pull transaction just before the cursor is written (a crash there must lose the page). */
  beforeCursorWrite?: () => void;
  /** Written on bootstrap 'opening' entries. */
  deviceId?: Id;
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
    await runWrite(this.db, [...WIPED], async () => {
      await Promise.all(WIPED.map((t) => this.db.table(t).clear()));
    });
  }

  /**
   * C-S13: the page, its 'opening' entries and its progress in one transaction. The rows are put in
   * slices (writeSliced): each slice's structured clone and index keys are taken on the main thread
   * as it is put, so a whole page at once was one task of hundreds of ms on a tablet.
   */
  async bootstrapPage(page: BootstrapMember[], progress: BootstrapProgress, at: number, asOf: string | null = null): Promise<void> {
    for (const { member } of page) checkMember(member);
    const db = this.db;
    const deviceId = this.opts.deviceId ?? 'bootstrap';
    const past = membersPastRow(progress.cursor ?? '', page);
    // C-S20: the tier the member's past reaches, as the tablets that hold their sales hold it.
    if (page.some((p) => p.past?.spend !== undefined)) {
      const [latest, store] = await Promise.all([db.programmes.orderBy('version').last(), db.settings.get('store')]);
      page = withPastTiers(page, at, tierRules(latest, store?.value as Store | undefined));
    }
    await runWrite(db, ['members', 'memberStats', 'ledger', 'meta', 'insightPast'], async () => {
      // Two steps per block of rows: the members (the costly rows: many indexes), then their totals and opening entries.
      await writeSliced(2 * Math.ceil(page.length / ROWS_PER_PUT), (step) => {
        const from = Math.floor(step / 2) * ROWS_PER_PUT;
        const part = page.slice(from, from + ROWS_PER_PUT);
        if (step % 2 === 0) return [db.members.bulkPut(part.map((p) => toMemberRow(p.member)))];
        const openings = part.filter((p) => p.stats.points !== 0 || asOf !== null)
          .map((p) => openingEntry(p.member.id, p.stats.points, at, deviceId, asOf));
        return [db.memberStats.bulkPut(part.map((p) => p.stats)), db.ledger.bulkPut(openings)];
      });
      if (past) await db.insightPast.put(past);
      await putMeta(db, 'bootstrap', progress);
    });
  }

  async savePast(history: OrgHistory): Promise<void> {
    await runWrite(this.db, ['insightPast'], async () => {
      await this.db.insightPast.put(orgPastRow(history));
    });
  }

  async pastSince(): Promise<string | null> {
    const row = await this.db.insightPast.get(ORG_PAST_KEY);
    return row && isOrgPast(row) ? row.since : null;
  }

  async applyPull(changes: Change[], newCursor: string, fromCursor: string): Promise<boolean> {
    const db = this.db;
    return runWrite(db, [...ALL, 'insightPast'], async () => {
      if ((await this.cursor()) !== fromCursor) return false; // C-S6
      const outbox = await db.outbox.toArray();
      const fields = pendingFields(outbox);
      const tasks = pendingTasks(outbox);
      const touched = new Touched();
      for (const c of changes) await this.applyOne(c, fields, tasks, touched);
      await this.recompute(touched, pendingPoints(outbox));
      await this.holdTiers(touched);
      this.opts.beforeCursorWrite?.();
      await db.settings.put({ key: 'syncCursor', value: newCursor });
      return true;
    });
  }

  async recordRejections(items: RejectedMutation[], deviceId: Id): Promise<LocalRejection[]> {
    const db = this.db;
    if (items.length === 0) return [];
    return runWrite(db, ['memberStats', 'ledger', 'settings', 'outbox'], async () => {
      const held = await this.rejections();
      const touched = new Touched();
      const { fresh, entries } = newRejections(held, items, deviceId, touched);
      if (fresh.length === 0) return [];
      await db.ledger.bulkPut(entries);
      const done = new Set(items.map((i) => i.seq));
      await this.recompute(touched, pendingPoints((await db.outbox.toArray()).filter((r) => !done.has(r.seq))));
      await db.settings.put({ key: 'syncRejections', value: keptRejections(held, fresh) });
      return fresh;
    });
  }

  async rejections(): Promise<LocalRejection[]> {
    const row = await this.db.settings.get('syncRejections');
    return Array.isArray(row?.value) ? row.value : [];
  }

  private async applyOne(c: Change, fields: Map<Id, Set<string>>, tasks: Set<Id>, touched: Touched): Promise<void> {
    const db = this.db;
    switch (c.entity) {
      case 'member': {
        const local = await db.members.get(c.id);
        await db.members.put(toMemberRow(mergeMember(local ? fromMemberRow(local) : undefined, c.data, fields.get(c.id))));
        touched.touch(c.id);
        return;
      }
      case 'sale': case 'return': {
        const table = (c.entity === 'sale' ? db.sales : db.returns) as Dexie.Table<Sale | SaleReturn, Id>;
        const local = await table.get(c.id);
        const count = async (f: Sale | SaleReturn, memberId: Id | null, sign: 1 | -1) => {
          if (memberId && countedInOpening(await db.ledger.get(openingId(memberId)), c.seq)) return; // C-S13
          if ('total' in f) touched.sale(memberId, f.total, f.at, sign);
          else touched.refund(memberId, f.refund, sign);
        };
        if (!local) {
          await table.add(c.data);
          await count(c.data, c.data.memberId, 1);
        } else if (local.memberId !== c.data.memberId) {
          // Only the server's re-pointing after a merge (C-S5) changes a fact's member.
          await count(local, local.memberId, -1);
          await count(local, c.data.memberId, 1);
          await table.update(c.id, { memberId: c.data.memberId });
        }
        return;
      }
      case 'ledger': case 'coupon': {
        const table = (c.entity === 'ledger' ? db.ledger : db.coupons) as Dexie.Table<{ memberId: Id; usedSaleId?: Id | null }, Id>;
        const local = await table.get(c.id);
        if (!local) {
          await table.add(c.data);
          if (c.entity === 'ledger') await this.uncount(c.data.memberId, c.seq, c.data.points);
        } else if (local.memberId !== c.data.memberId) {
          touched.touch(local.memberId);
          await table.update(c.id, { memberId: c.data.memberId });
          if (c.entity === 'ledger') {
            await this.uncount(local.memberId, c.seq, -c.data.points);
            await this.uncount(c.data.memberId, c.seq, c.data.points);
          }
        }
        if (c.entity === 'coupon' && local && c.data.usedSaleId && !local.usedSaleId) {
          await db.coupons.update(c.id, { usedSaleId: c.data.usedSaleId, usedAt: c.data.usedAt });
        }
        touched.touch(c.data.memberId);
        return;
      }
      case 'task':
        if (!tasks.has(c.id)) await db.tasks.put(c.data);
        return;
      case 'audit':
        if (!(await db.audit.get(c.id))) await db.audit.add(c.data);
        return;
      case 'merge':
        await this.applyMerge(c.data.loserId, c.data.survivorId, touched, c.seq);
        return;
      case 'setting': {
        const held = (await db.settings.get('shopConfig'))?.value as SettingsMap['shopConfig'] | undefined;
        for (const row of shopSettingRows(held, c.data)) await db.settings.put(row as SettingRow);
        return;
      }
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

  /** C-S13: points a change at `seq` adds to a member that its bootstrapped opening balance already counts. */
  private async uncount(memberId: Id, seq: number, pts: number): Promise<void> {
    const opening = await this.db.ledger.get(openingId(memberId));
    if (opening && countedInOpening(opening, seq)) await this.db.ledger.put({ ...opening, points: points(opening.points - pts) });
  }

  /**
   * C-S5: the loser points at the survivor, and its local facts the server has not re-pointed (those
   * still waiting in the outbox) move to it. A bootstrap 'opening' entry stays with the loser. When the
   * merge came after the loser's page was read (C-S13, C-S18), the facts its opening balance and its past
   * purchases stand for come back re-pointed from the server: both are then cleared, so nothing counts twice.
   */
  private async applyMerge(loserId: Id, survivorId: Id, touched: Touched, seq: number): Promise<void> {
    const db = this.db;
    const loser = await db.members.get(loserId);
    if (loser && loser.mergedInto !== survivorId) await db.members.put({ ...loser, mergedInto: survivorId });
    const opening = await db.ledger.get(openingId(loserId));
    if (mergeComesBack(opening, seq)) {
      if (opening && opening.points !== 0) await db.ledger.put({ ...opening, points: points(0) });
      const row = await db.insightPast.where(':id').aboveOrEqual(`members:${loserId}`).first();
      const kept = row && withoutPast(row, loserId);
      if (kept) await db.insightPast.put(kept);
    }
    const range = [[loserId, Dexie.minKey], [loserId, Dexie.maxKey]] as const;
    const sales = await db.sales.where('[memberId+at]').between(range[0], range[1]).toArray();
    const rets = await db.returns.where('[memberId+at]').between(range[0], range[1]).toArray();
    for (const s of sales) { touched.sale(loserId, s.total, s.at, -1); touched.sale(survivorId, s.total, s.at, 1); }
    for (const r of rets) { touched.refund(loserId, r.refund, -1); touched.refund(survivorId, r.refund, 1); }
    await db.sales.bulkPut(sales.map((s) => ({ ...s, memberId: survivorId })));
    await db.returns.bulkPut(rets.map((r) => ({ ...r, memberId: survivorId })));
    await db.ledger.where('[memberId+at]').between(range[0], range[1]).and((e) => e.kind !== 'opening').modify({ memberId: survivorId });
    await db.coupons.where('memberId').equals(loserId).modify({ memberId: survivorId });
    await db.tasks.where('memberId').equals(loserId).modify({ memberId: survivorId });
    touched.touch(loserId);
    touched.touch(survivorId);
  }

  /** C-S20: the tier held after the sales a page brought, decided as the tablet that made them did (T7). */
  private async holdTiers(touched: Touched): Promise<void> {
    const db = this.db;
    const sold = [...touched.deltas].filter(([, d]) => d.lastAt !== null);
    if (sold.length === 0) return;
    const [latest, store] = await Promise.all([db.programmes.orderBy('version').last(), db.settings.get('store')]);
    const rules = tierRules(latest, store?.value as Store | undefined);
    for (const [id, d] of sold) {
      const at = d.lastAt ?? 0;
      const window = tierWindow(at, rules.timeZone, rules.programme.tierRules.windowMonths);
      const range = [[id, window.fromAt], [id, Dexie.maxKey]] as const;
      const [sales, returns, past, stats] = await Promise.all([
        db.sales.where('[memberId+at]').between(range[0], range[1], true, true).toArray(),
        db.returns.where('[memberId+at]').between(range[0], range[1], true, true).toArray(),
        db.insightPast.where(':id').aboveOrEqual(memberPastFrom(id)).first(),
        db.memberStats.get(id),
      ]);
      if (stats) await db.memberStats.put(withPulledTier(stats, spendOf(sales, returns, window, pastOf(past, id)), at, rules));
    }
  }

  /** C-S4: points from the ledger (they may be below zero: an overdraft from two offline tablets is booked). */
  private async recompute(touched: Touched, pending: Map<Id, number>): Promise<void> {
    const db = this.db;
    for (const [id, delta] of touched.deltas) {
      const [ledger, held] = await Promise.all([
        db.ledger.where('[memberId+at]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray(),
        db.memberStats.get(id),
      ]);
      const sum = ledger.reduce((a, e) => a + e.points, 0);
      await db.memberStats.put(statsAfterPull(held ?? zeroStats(id), sum, pending.get(id) ?? 0, delta));
    }
  }
}
