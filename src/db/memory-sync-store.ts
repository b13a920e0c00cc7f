/**
 * SyncStore over the in-memory twin (memory-store.ts), for fast tests. Same rules as
 * dexie-sync-store.ts (C-S1…C-S6): `applyPull` runs inside one MemoryStore transaction, so a throw
 * anywhere undoes the whole page and the cursor is not moved.
 */
import { points } from '../domain/money';
import { shopSettingRows } from '../domain/care/shop-config';
import type { Id, Staff, Store } from '../domain/records';
import { MemoryMemberSpend, tierWindow } from './member-spend';
import { tierRules, withPastTiers, withPulledTier } from './pulled-tier';
import type { BootstrapMember, Change, OrgHistory } from '../sync/protocol';
import { isOrgPast, membersPastRow, ORG_PAST_KEY, orgPastRow, withoutPast } from './insight-past';
import { fromMemberRow, toMemberRow, type SettingRow, type SettingsMap } from './database';
import type { MemoryStore } from './memory-store';
import type { BootstrapProgress } from './repositories';
import {
  countedInOpening, mergeComesBack, mergeMember, newRejections, openingEntry, openingId, pendingFields, pendingPoints, pendingTasks, statsAfterPull, Touched,
  type RejectedMutation, type SyncStore,
} from './sync-store';
import { keptRejections, type LocalRejection } from './sync-rejections';
import { checkMember, zeroStats } from './write-rules';

export class MemorySyncStore implements SyncStore {
  constructor(private readonly s: MemoryStore, private readonly deviceId: Id = 'bootstrap') {}

  async cursor(): Promise<string> {
    const v = this.s.settings.get('syncCursor')?.value;
    return typeof v === 'string' ? v : '0';
  }

  async initCursor(cursor: string): Promise<void> {
    await this.s.tx(() => {
      if (!this.s.settings.get('syncCursor')) this.s.settings.put({ key: 'syncCursor', value: cursor });
    });
  }

  async wipe(): Promise<void> {
    const s = this.s;
    await s.tx(() => {
      // MemoryTable has no clear(): delete row by row through each table's key.
      for (const r of s.members.all()) s.members.delete(r.id);
      for (const r of s.memberStats.all()) s.memberStats.delete(r.memberId);
      for (const r of s.sales.all()) s.sales.delete(r.id);
      for (const r of s.returns.all()) s.returns.delete(r.id);
      for (const r of s.ledger.all()) s.ledger.delete(r.id);
      for (const r of s.coupons.all()) s.coupons.delete(r.id);
      for (const r of s.tasks.all()) s.tasks.delete(r.id);
      for (const r of s.products.all()) s.products.delete(r.id);
      for (const r of s.staff.all()) s.staff.delete(r.id);
      for (const r of s.programmes.all()) s.programmes.delete(r.version);
      for (const r of s.settings.all()) s.settings.delete(r.key);
      for (const r of s.outbox.all()) s.outbox.delete(r.seq);
      for (const r of s.audit.all()) s.audit.delete(r.id);
      for (const r of s.meta.all()) s.meta.delete(r.key);
      for (const r of s.insightPast.all()) s.insightPast.delete(r.key);
    });
  }

  async bootstrapPage(page: BootstrapMember[], progress: BootstrapProgress, at: number, asOf: string | null = null): Promise<void> {
    for (const { member } of page) checkMember(member);
    const s = this.s;
    // C-S20: the tier the member's past reaches (pulled-tier.ts).
    const rules = tierRules(s.programmes.all().at(-1), s.settings.get('store')?.value as Store | undefined);
    page = withPastTiers(page, at, rules);
    await s.tx(() => {
      for (const p of page) {
        s.members.put(toMemberRow(p.member));
        s.memberStats.put(p.stats);
        if (p.stats.points !== 0 || asOf !== null) s.ledger.put(openingEntry(p.member.id, p.stats.points, at, this.deviceId, asOf));
      }
      const past = membersPastRow(progress.cursor ?? '', page);
      if (past) s.insightPast.put(past);
      s.meta.put({ key: 'bootstrap', value: progress });
    });
  }

  async savePast(history: OrgHistory): Promise<void> {
    await this.s.tx(() => { this.s.insightPast.put(orgPastRow(history)); });
  }

  async pastSince(): Promise<string | null> {
    const row = this.s.insightPast.get(ORG_PAST_KEY);
    return row && isOrgPast(row) ? row.since : null;
  }

  async applyPull(changes: Change[], newCursor: string, fromCursor: string): Promise<boolean> {
    const s = this.s;
    const from = await this.cursor();
    return s.tx(() => {
      if (from !== fromCursor) return false; // C-S6
      const outbox = s.outbox.all();
      const fields = pendingFields(outbox);
      const tasks = pendingTasks(outbox);
      const touched = new Touched();
      for (const c of changes) this.applyOne(c, fields, tasks, touched);
      const pending = pendingPoints(outbox);
      for (const [id, delta] of touched.deltas) {
        const sum = s.ledger.where((e) => e.memberId === id).reduce((a, e) => a + e.points, 0);
        s.memberStats.put(statsAfterPull(s.memberStats.get(id) ?? zeroStats(id), sum, pending.get(id) ?? 0, delta));
      }
      this.holdTiers(touched);
      s.settings.put({ key: 'syncCursor', value: newCursor });
      return true;
    });
  }

  async recordRejections(items: RejectedMutation[], deviceId: Id): Promise<LocalRejection[]> {
    const s = this.s;
    const held = await this.rejections();
    return s.tx(() => {
      const touched = new Touched();
      const { fresh, entries } = newRejections(held, items, deviceId, touched);
      if (fresh.length === 0) return [];
      for (const e of entries) s.ledger.put(e);
      const done = new Set(items.map((i) => i.seq));
      const pending = pendingPoints(s.outbox.all().filter((r) => !done.has(r.seq)));
      for (const [id, delta] of touched.deltas) {
        const sum = s.ledger.where((e) => e.memberId === id).reduce((a, e) => a + e.points, 0);
        s.memberStats.put(statsAfterPull(s.memberStats.get(id) ?? zeroStats(id), sum, pending.get(id) ?? 0, delta));
      }
      s.settings.put({ key: 'syncRejections', value: keptRejections(held, fresh) });
      return fresh;
    });
  }

  async rejections(): Promise<LocalRejection[]> {
    const v = this.s.settings.get('syncRejections')?.value;
    return Array.isArray(v) ? v : [];
  }

  private applyOne(c: Change, fields: Map<Id, Set<string>>, tasks: Set<Id>, touched: Touched): void {
    const s = this.s;
    switch (c.entity) {
      case 'member': {
        const local = s.members.get(c.id);
        s.members.put(toMemberRow(mergeMember(local ? fromMemberRow(local) : undefined, c.data, fields.get(c.id))));
        touched.touch(c.id);
        return;
      }
      case 'sale': {
        const local = s.sales.get(c.id);
        if (!local) { s.sales.put(c.data); if (this.fresh(c.data.memberId, c.seq)) touched.sale(c.data.memberId, c.data.total, c.data.at, 1); }
        else if (local.memberId !== c.data.memberId) {
          if (this.fresh(local.memberId, c.seq)) touched.sale(local.memberId, local.total, local.at, -1);
          if (this.fresh(c.data.memberId, c.seq)) touched.sale(c.data.memberId, local.total, local.at, 1);
          s.sales.put({ ...local, memberId: c.data.memberId });
        }
        return;
      }
      case 'return': {
        const local = s.returns.get(c.id);
        if (!local) { s.returns.put(c.data); if (this.fresh(c.data.memberId, c.seq)) touched.refund(c.data.memberId, c.data.refund, 1); }
        else if (local.memberId !== c.data.memberId) {
          if (this.fresh(local.memberId, c.seq)) touched.refund(local.memberId, local.refund, -1);
          if (this.fresh(c.data.memberId, c.seq)) touched.refund(c.data.memberId, local.refund, 1);
          s.returns.put({ ...local, memberId: c.data.memberId });
        }
        return;
      }
      case 'ledger': {
        const local = s.ledger.get(c.id);
        if (!local) {
          s.ledger.put(c.data);
          this.uncount(c.data.memberId, c.seq, c.data.points);
        } else if (local.memberId !== c.data.memberId) {
          touched.touch(local.memberId);
          s.ledger.put({ ...local, memberId: c.data.memberId });
          this.uncount(local.memberId, c.seq, -c.data.points);
          this.uncount(c.data.memberId, c.seq, c.data.points);
        }
        touched.touch(c.data.memberId);
        return;
      }
      case 'coupon': {
        const local = s.coupons.get(c.id);
        if (!local) s.coupons.put(c.data);
        else s.coupons.put({ ...local, memberId: c.data.memberId, ...(c.data.usedSaleId && !local.usedSaleId ? { usedSaleId: c.data.usedSaleId, usedAt: c.data.usedAt } : {}) });
        return;
      }
      case 'task':
        if (!tasks.has(c.id)) s.tasks.put(c.data);
        return;
      case 'audit':
        if (!s.audit.get(c.id)) s.audit.put(c.data);
        return;
      case 'merge':
        this.applyMerge(c.data.loserId, c.data.survivorId, touched, c.seq);
        return;
      case 'setting': {
        const held = s.settings.get('shopConfig')?.value as SettingsMap['shopConfig'] | undefined;
        for (const row of shopSettingRows(held, c.data)) s.settings.put(row as SettingRow);
        return;
      }
      case 'programme':
        if (!s.programmes.get(c.data.version)) s.programmes.put({ version: c.data.version, savedAt: c.data.createdAt, savedBy: c.data.createdBy, config: c.data.config });
        return;
      case 'staff': {
        const local = s.staff.get(c.id);
        const staff: Staff = { ...c.data, failedAttempts: local?.failedAttempts ?? 0, lockedUntil: local?.lockedUntil ?? null };
        s.staff.put(staff);
        return;
      }
    }
  }

  /** C-S13: false when the member's bootstrapped totals already count the change at `seq`. */
  private fresh(memberId: Id | null, seq: number): boolean {
    return !memberId || !countedInOpening(this.s.ledger.get(openingId(memberId)), seq);
  }

  private uncount(memberId: Id, seq: number, pts: number): void {
    const opening = this.s.ledger.get(openingId(memberId));
    if (opening && countedInOpening(opening, seq)) this.s.ledger.put({ ...opening, points: points(opening.points - pts) });
  }

  /** C-S5, as in dexie-sync-store.ts: the loser's local facts move, its 'opening' entry stays (cleared with its past when the merge came after its page). */
  private applyMerge(loserId: Id, survivorId: Id, touched: Touched, seq: number): void {
    const s = this.s;
    const loser = s.members.get(loserId);
    if (loser && loser.mergedInto !== survivorId) s.members.put({ ...loser, mergedInto: survivorId });
    const opening = s.ledger.get(openingId(loserId));
    if (mergeComesBack(opening, seq)) {
      if (opening && opening.points !== 0) s.ledger.put({ ...opening, points: points(0) });
      for (const row of s.insightPast.all()) {
        const kept = withoutPast(row, loserId);
        if (kept) s.insightPast.put(kept);
      }
    }
    for (const x of s.sales.where((r) => r.memberId === loserId)) {
      touched.sale(loserId, x.total, x.at, -1);
      touched.sale(survivorId, x.total, x.at, 1);
      s.sales.put({ ...x, memberId: survivorId });
    }
    for (const x of s.returns.where((r) => r.memberId === loserId)) {
      touched.refund(loserId, x.refund, -1);
      touched.refund(survivorId, x.refund, 1);
      s.returns.put({ ...x, memberId: survivorId });
    }
    for (const e of s.ledger.where((r) => r.memberId === loserId && r.kind !== 'opening')) s.ledger.put({ ...e, memberId: survivorId });
    for (const x of s.coupons.where((r) => r.memberId === loserId)) s.coupons.put({ ...x, memberId: survivorId });
    for (const x of s.tasks.where((r) => r.memberId === loserId)) s.tasks.put({ ...x, memberId: survivorId });
    touched.touch(loserId);
    touched.touch(survivorId);
  }

  /** C-S20: the tier held after the sales a page brought (as the Dexie store: pulled-tier.ts). */
  private holdTiers(touched: Touched): void {
    const s = this.s;
    const rules = tierRules(s.programmes.all().at(-1), s.settings.get('store')?.value as Store | undefined);
    for (const [id, d] of touched.deltas) {
      const stats = s.memberStats.get(id);
      if (d.lastAt === null || !stats) continue;
      const window = tierWindow(d.lastAt, rules.timeZone, rules.programme.tierRules.windowMonths);
      s.memberStats.put(withPulledTier(stats, MemoryMemberSpend.spendNow(s, id, window), d.lastAt, rules));
    }
  }
}
