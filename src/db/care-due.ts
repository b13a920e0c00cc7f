/**
 * Today's care list from the Dexie indexes in two steps (rules C15 and C15b, docs/care-spec.md):
 * `careDueTasks` gives every task due today, in the screen's order (so the screen knows how many
 * there are), and `careItemsFor` loads the full facts of one page of them only.
 *
 * Guarantees:
 *  - The plan's reads carry their rows (index ranges read with getAll: members by birthdayMd,
 *    enrolledOn and profile tags; memberStats by first/last purchase and tier), so a candidate
 *    costs no read of its own; only members found through another table (stats, expiring points,
 *    complaints, a scan) are read by key. Nothing reads a whole table.
 *  - A member's stats are read only where the plan found them through a stats range: a member
 *    outside every stats range has no task that depends on their stats (C4, C5, C8, VIP holiday
 *    greetings — the plan's completeness, C15), so their tasks are the same with `stats: null`.
 *  - Ledgers (C7) are read only for the members the expiresOn range found; coupons only for a page.
 *  - Closed tasks (C3) are read per member of a due task, through tasks.memberId, and dropped.
 *  - `careDueTasks` gives exactly the tasks `careTasksDue` would give over every member, without
 *    their reasons; `careItemsFor` adds the reasons (the birthday coupon, C6) and the facts.
 *  - Nothing here writes.
 */
import { Dexie } from 'dexie';
import { openComplaints } from '../domain/care/complaints';
import { addDays } from '../domain/care/dates';
import { careQueryPlan, profileQueryKeys, type CareQuery } from '../domain/care/query-plan';
import { careTasksDue, careTasksFor, type CareContext, type DueTask, type MemberCareFacts } from '../domain/care/schedule';
import type { CareTask, Id, LocalDate, MemberStats } from '../domain/records';
import { expiringOf, loadCareFacts } from './care-queries';
import { fromMemberRow, type MemberRow, type RegularsDb } from './database';

/** One card of the care list: the task with its reason, and the member's facts for the message. */
export interface CareItem {
  due: DueTask;
  facts: MemberCareFacts;
}

export interface CareDue {
  /** Every task due today, soonest deadline first (then id), as `careTasksDue` orders them. */
  tasks: CareTask[];
  /** Queries no index answers (a store greeting everyone): run `scanCandidates` and call again with its ids. */
  needScan: CareQuery[];
}

interface Found {
  members: Map<Id, MemberRow>;
  stats: Map<Id, MemberStats>;
  /** Members whose stats must be read by key (found without their stats row, by a scan). */
  statsToRead: Set<Id>;
  /** Members with a positive ledger entry expiring in the window. */
  expiring: Set<Id>;
  complaints: Map<Id, CareTask[]>;
  ids: Set<Id>;
  needScan: CareQuery[];
}

async function read(db: RegularsDb, q: CareQuery, f: Found): Promise<void> {
  const rows = (list: readonly MemberRow[]) => { for (const r of list) { f.members.set(r.id, r); f.ids.add(r.id); } };
  const stats = (list: readonly MemberStats[]) => { for (const s of list) { f.stats.set(s.memberId, s); f.ids.add(s.memberId); } };
  switch (q.source) {
    case 'stats.firstPurchaseAt':
    case 'stats.lastPurchaseAt': {
      const field = q.source === 'stats.firstPurchaseAt' ? 'firstPurchaseAt' : 'lastPurchaseAt';
      return stats(await db.memberStats.where(field).between(q.range.from, q.range.toExclusive, true, false).toArray());
    }
    case 'stats.tierId':
      return stats(await (q.tierIds === null ? db.memberStats.where('tierId').above('') : db.memberStats.where('tierId').anyOf(q.tierIds)).toArray());
    case 'member.birthdayMonthDay':
      return rows(await db.members.where('birthdayMd').between(q.from, q.to, true, true).toArray());
    case 'member.enrolledOn':
      return rows(await db.members.where('enrolledOn').between(q.from, q.to, true, true).toArray());
    case 'member.profile': {
      const keys = profileQueryKeys(q);
      return rows(await ('prefix' in keys ? db.members.where('profileTags').startsWith(keys.prefix) : db.members.where('profileTags').anyOf(keys.tags)).toArray());
    }
    case 'ledger.expiresOn': {
      const entries = await db.ledger.where('expiresOn').between(q.from, q.to, true, true).toArray();
      for (const e of entries) if (e.points > 0) { f.expiring.add(e.memberId); f.ids.add(e.memberId); }
      return;
    }
    case 'complaints.open': {
      const open = await db.tasks.where('[status+dueFrom]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray();
      for (const t of open) {
        if (t.kind !== 'complaint') continue;
        f.complaints.set(t.memberId, [...(f.complaints.get(t.memberId) ?? []), t]);
        f.ids.add(t.memberId);
      }
      return;
    }
    case 'member.all':
      f.needScan.push(q);
  }
}

export interface CareDueOptions {
  /** The ids `scanCandidates` found for `needScan` of an earlier call (their stats are read by key). */
  scanned?: readonly Id[];
  /** Only the tasks whose window ends (`dueTo`) by this day: the head of the list (C15b), every one of them. */
  dueBy?: LocalDate;
}

/** [C15][C15b] Every task due today (by `dueBy` if given) in the screen's order, without reasons. */
export async function careDueTasks(db: RegularsDb, ctx: CareContext, { scanned = [], dueBy }: CareDueOptions = {}): Promise<CareDue> {
  const f: Found = {
    members: new Map(), stats: new Map(), statsToRead: new Set(scanned), expiring: new Set(), complaints: new Map(), ids: new Set(scanned), needScan: [],
  };
  const facts = await db.transaction('r', [db.members, db.memberStats, db.ledger, db.tasks], async () => {
    await Promise.all(careQueryPlan(ctx, dueBy).map((q) => read(db, q, f)));
    const rowsToRead = [...f.ids].filter((id) => !f.members.has(id));
    const statsToRead = [...f.statsToRead].filter((id) => !f.stats.has(id));
    const expiring = [...f.expiring];
    const [rows, stats, ledgers] = await Promise.all([
      db.members.bulkGet(rowsToRead),
      db.memberStats.bulkGet(statsToRead),
      Promise.all(expiring.map((id) => db.ledger.where('[memberId+at]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray())),
    ]);
    rows.forEach((r) => { if (r) f.members.set(r.id, r); });
    stats.forEach((s) => { if (s) f.stats.set(s.memberId, s); });
    const expiringOfMember = new Map(expiring.map((id, i) => [id, expiringOf(ledgers[i] ?? [], ctx.timeZone)]));
    const out: MemberCareFacts[] = [];
    for (const id of f.ids) {
      const row = f.members.get(id);
      if (!row) continue;
      out.push({
        member: fromMemberRow(row), stats: f.stats.get(id) ?? null, coupons: [], expiring: expiringOfMember.get(id) ?? [],
        complaints: openComplaints(f.complaints.get(id) ?? []), closedTaskIds: new Set(),
      });
    }
    return out;
  });
  const due = careTasksDue(facts, ctx).filter((d) => dueBy === undefined || d.task.dueTo <= dueBy);
  const closed = await closedTaskIds(db, [...new Set(due.map((d) => d.task.memberId))]);
  return { tasks: due.flatMap((d) => (closed.has(d.task.id) ? [] : [d.task])), needScan: f.needScan };
}

/** How far ahead `careFirstTasks` looks for the head of the list before reading it all: today, then a week. */
const HEAD_DAYS = [0, 7];

/**
 * [C15b] The first `count` tasks of today's list, read from the soonest deadlines only (today's,
 * then the week's), or null when those do not make `count` (then read the whole list).
 */
export async function careFirstTasks(
  list: (opts: CareDueOptions) => Promise<CareDue>, ctx: CareContext, count: number,
): Promise<CareTask[] | null> {
  for (const days of HEAD_DAYS) {
    const head = await list({ dueBy: addDays(ctx.today, days) });
    if (head.needScan.length === 0 && head.tasks.length >= count) return head.tasks.slice(0, count);
  }
  return null;
}

async function closedTaskIds(db: RegularsDb, memberIds: Id[]): Promise<Set<Id>> {
  if (memberIds.length === 0) return new Set();
  const tasks = await db.tasks.where('memberId').anyOf(memberIds).toArray();
  return new Set(tasks.filter((t) => t.status !== 'open').map((t) => t.id));
}

/**
 * [C15b] The cards for some of the list's tasks (a page), in their order: each member's full facts
 * (coupons, ledger, tasks) and the task's reason. A task no longer due (closed meanwhile) is left out.
 */
export async function careItemsFor(db: RegularsDb, tasks: readonly CareTask[], ctx: CareContext): Promise<CareItem[]> {
  return itemsFrom(tasks, await loadCareFacts(db, [...new Set(tasks.map((t) => t.memberId))], ctx.timeZone), ctx);
}

/** The items for `tasks` from their members' facts (shared with the in-memory twin). */
export function itemsFrom(tasks: readonly CareTask[], facts: readonly MemberCareFacts[], ctx: CareContext): CareItem[] {
  const due = new Map<Id, CareItem>();
  for (const f of facts) for (const d of careTasksFor(f, ctx)) due.set(d.task.id, { due: d, facts: f });
  return tasks.flatMap((t) => {
    const item = due.get(t.id);
    return item ? [item] : [];
  });
}
