/**
 * The in-memory twin of care-queries.ts and care-due.ts, for tests and demos: the same answers by
 * reading the MemoryStore's maps, with `memberMatchesQuery` (the domain's statement of what each index
 * range holds) instead of index reads. tests/db/care-queries.test.ts and care-due.test.ts check both
 * give the same care list.
 *
 * Guarantees: nothing here writes; results are copies (MemoryTable clones rows).
 */
import { openComplaints } from '../domain/care/complaints';
import { careQueryPlan, memberMatchesQuery, type CareQuery } from '../domain/care/query-plan';
import { careTasksDue, type CareContext, type MemberCareFacts } from '../domain/care/schedule';
import type { CareSettings } from '../domain/care/settings';
import type { CareTask, Id } from '../domain/records';
import { itemsFrom, type CareDue, type CareDueOptions, type CareItem } from './care-due';
import { expiringOf } from './care-queries';
import { fromMemberRow } from './database';
import type { MemoryStore } from './memory-store';

function factsOf(store: MemoryStore, id: Id, timeZone: string): MemberCareFacts | null {
  const row = store.members.get(id);
  if (!row) return null;
  const ledger = store.ledger.where((e) => e.memberId === id).sort((a, b) => a.at - b.at);
  return {
    member: fromMemberRow(row),
    stats: store.memberStats.get(id) ?? null,
    coupons: store.coupons.where((c) => c.memberId === id),
    expiring: expiringOf(ledger, timeZone),
    complaints: openComplaints(store.tasks.where((t) => t.memberId === id)),
    closedTaskIds: new Set(store.tasks.where((t) => t.memberId === id && t.status !== 'open').map((t) => t.id)),
  };
}

/** [C15] Every member one of the plan's reads would find. */
export function memoryCareCandidates(store: MemoryStore, plan: readonly CareQuery[], settings: CareSettings, timeZone: string): Id[] {
  const out: Id[] = [];
  for (const row of store.members.all()) {
    const f = factsOf(store, row.id, timeZone);
    if (f && plan.some((q) => memberMatchesQuery(q, f, settings))) out.push(row.id);
  }
  return out;
}

/** The facts `careTasksFor` needs, for these members (missing ids skipped). */
export function memoryCareFacts(store: MemoryStore, ids: readonly Id[], timeZone: string): MemberCareFacts[] {
  return ids.flatMap((id) => {
    const f = factsOf(store, id, timeZone);
    return f ? [f] : [];
  });
}

/** [C15][C15b] The twin of `careDueTasks`: every task due today in the screen's order (nothing left to scan). */
export function memoryCareDueTasks(store: MemoryStore, ctx: CareContext, { dueBy }: CareDueOptions = {}): CareDue {
  const ids = memoryCareCandidates(store, careQueryPlan(ctx, dueBy), ctx.settings, ctx.timeZone);
  const due = careTasksDue(memoryCareFacts(store, ids, ctx.timeZone), ctx).filter((d) => dueBy === undefined || d.task.dueTo <= dueBy);
  return { tasks: due.map((d) => d.task), needScan: [] };
}

/** [C15b] The twin of `careItemsFor`: the cards for a page of the list's tasks. */
export function memoryCareItems(store: MemoryStore, tasks: readonly CareTask[], ctx: CareContext): CareItem[] {
  return itemsFrom(tasks, memoryCareFacts(store, [...new Set(tasks.map((t) => t.memberId))], ctx.timeZone), ctx);
}
