/**
 * Answers the care query plan (rule C15, docs/care-spec.md) from the Dexie indexes, and loads the
 * facts `careTasksFor` needs for the candidates only.
 *
 * Guarantees:
 *  - `indexedCandidates` reads index ranges only (bounded by the day's window); it never reads a
 *    whole table. A query whose index does not exist in the open schema is returned in `needScan`
 *    instead of being answered by a scan: the caller runs `scanCandidates` in a worker.
 *  - When the schema has the C15 indexes (members.birthdayMd, members.profileTags, members.enrolledOn,
 *    memberStats.firstPurchaseAt / lastPurchaseAt / tierId, ledger.expiresOn) they are used; until
 *    then first/last purchase ranges are answered from `sales.businessDate`, which holds every
 *    purchase day, so the answer still contains everyone (it over-approximates, as the plan may).
 *  - `scanCandidates` reads members, memberStats and the ledger in pages of `pageSize` by primary
 *    key, each page its own short read, so it can run beside the till without holding a transaction.
 *  - Nothing here writes.
 */
import { Dexie, type Table } from 'dexie';
import { remainingLots } from '../domain/ledger';
import type { CareTask, Coupon, Id, LedgerEntry, MemberStats } from '../domain/records';
import { openComplaints } from '../domain/care/complaints';
import { memberMatchesQuery, profileQueryKeys, type CareQuery } from '../domain/care/query-plan';
import type { ExpiringPoints, MemberCareFacts } from '../domain/care/schedule';
import type { CareSettings } from '../domain/care/settings';
import { fromMemberRow, type MemberRow, type RegularsDb } from './database';

export interface CareCandidates {
  /** Members found from indexes, each once. */
  ids: Id[];
  /** Queries the open schema has no index for: answer them with `scanCandidates`, in a worker. */
  needScan: CareQuery[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Dexie's Table is generic over any row; only the schema is read here
function hasIndex(table: Table<any, any>, name: string): boolean {
  return table.schema.idxByName[name] !== undefined;
}

/** The member ids an indexed read gives for one query, or null when no index can answer it. */
async function answer(db: RegularsDb, q: CareQuery): Promise<Id[] | null> {
  switch (q.source) {
    case 'stats.firstPurchaseAt':
    case 'stats.lastPurchaseAt': {
      const field = q.source === 'stats.firstPurchaseAt' ? 'firstPurchaseAt' : 'lastPurchaseAt';
      if (hasIndex(db.memberStats, field)) {
        return (await db.memberStats.where(field).between(q.range.from, q.range.toExclusive, true, false).primaryKeys());
      }
      // A first or last purchase in [fromDate, toDate] is a sale on one of those business days.
      const sales = await db.sales.where('businessDate').between(q.range.fromDate, q.range.toDate, true, true).toArray();
      return sales.flatMap((s) => (s.memberId === null ? [] : [s.memberId]));
    }
    case 'member.birthdayMonthDay':
      if (!hasIndex(db.members, 'birthdayMd')) return null;
      return db.members.where('birthdayMd').between(q.from, q.to, true, true).primaryKeys();
    case 'member.enrolledOn':
      if (!hasIndex(db.members, 'enrolledOn')) return null;
      return db.members.where('enrolledOn').between(q.from, q.to, true, true).primaryKeys();
    case 'ledger.expiresOn': {
      if (!hasIndex(db.ledger, 'expiresOn')) return null;
      const entries = await db.ledger.where('expiresOn').between(q.from, q.to, true, true).toArray();
      return entries.filter((e) => e.points > 0).map((e) => e.memberId);
    }
    case 'member.profile': {
      if (!hasIndex(db.members, 'profileTags')) return null;
      const keys = profileQueryKeys(q);
      if ('prefix' in keys) return db.members.where('profileTags').startsWith(keys.prefix).primaryKeys();
      return db.members.where('profileTags').anyOf(keys.tags).primaryKeys();
    }
    case 'stats.tierId':
      if (!hasIndex(db.memberStats, 'tierId')) return null;
      if (q.tierIds === null) return db.memberStats.where('tierId').above('').primaryKeys();
      return db.memberStats.where('tierId').anyOf(q.tierIds).primaryKeys();
    case 'member.all':
      return null;
    case 'complaints.open': {
      // A complaint is stored as its open follow-up task (care/complaints.ts): the open range of the
      // [status+dueFrom] index, which holds only tasks still to be done.
      const open = await db.tasks.where('[status+dueFrom]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray();
      return open.filter((t) => t.kind === 'complaint').map((t) => t.memberId);
    }
  }
}

/** [C15] The members the indexes give for the plan; the rest of the plan is left for a paged scan. */
export async function indexedCandidates(db: RegularsDb, plan: readonly CareQuery[]): Promise<CareCandidates> {
  const ids = new Set<Id>();
  const needScan: CareQuery[] = [];
  for (const q of plan) {
    const r = await answer(db, q);
    if (r === null) needScan.push(q);
    else for (const id of r) ids.add(id);
  }
  return { ids: [...ids], needScan };
}

/**
 * [C15] Answers index-less queries by reading members (with their stats) and the ledger in pages.
 * Meant for a Web Worker; `onPage` reports progress (rows read so far).
 */
export async function scanCandidates(
  db: RegularsDb, queries: readonly CareQuery[], settings: CareSettings, pageSize = 500, onPage?: (read: number) => void,
): Promise<Id[]> {
  const found = new Set<Id>();
  const memberQueries = queries.filter((q) => q.source !== 'ledger.expiresOn');
  const ledgerQueries = queries.filter((q): q is Extract<CareQuery, { source: 'ledger.expiresOn' }> => q.source === 'ledger.expiresOn');
  let read = 0;
  if (memberQueries.length > 0) {
    let after: Id | null = null;
    for (;;) {
      const page: MemberRow[] = await (after === null ? db.members.orderBy(':id') : db.members.where(':id').above(after)).limit(pageSize).toArray();
      const last = page[page.length - 1];
      if (last === undefined) break;
      after = last.id;
      const stats = await db.memberStats.bulkGet(page.map((m) => m.id));
      page.forEach((row, i) => {
        const facts = { member: fromMemberRow(row), stats: stats[i] ?? null, expiring: [], complaints: [] };
        if (memberQueries.some((q) => memberMatchesQuery(q, facts, settings))) found.add(row.id);
      });
      read += page.length;
      onPage?.(read);
    }
  }
  if (ledgerQueries.length > 0) {
    let after: Id | null = null;
    for (;;) {
      const page: LedgerEntry[] = await (after === null ? db.ledger.orderBy(':id') : db.ledger.where(':id').above(after)).limit(pageSize).toArray();
      const last = page[page.length - 1];
      if (last === undefined) break;
      after = last.id;
      for (const e of page) {
        if (e.points > 0 && e.expiresOn !== null && ledgerQueries.some((q) => e.expiresOn !== null && e.expiresOn >= q.from && e.expiresOn <= q.to)) {
          found.add(e.memberId);
        }
      }
      read += page.length;
      onPage?.(read);
    }
  }
  return [...found];
}

/** The member's positive lots not yet spent, by expiry date: what rule C7 counts. */
export function expiringOf(entries: readonly LedgerEntry[], timeZone: string): ExpiringPoints[] {
  return remainingLots(entries, timeZone).lots
    .filter((l) => l.left > 0 && l.entry.expiresOn !== null)
    .map((l) => ({ points: l.left as ExpiringPoints['points'], expiresOn: l.entry.expiresOn ?? '' }));
}

/**
 * Everything `careTasksFor` needs for these members, read by key and by the per-member indexes
 * (coupons.memberId, ledger [memberId+at], tasks.memberId). Missing or merged-away ids are skipped.
 */
export async function loadCareFacts(db: RegularsDb, ids: readonly Id[], timeZone: string): Promise<MemberCareFacts[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  // One read transaction, every request issued at once: the reads pipeline instead of queuing one by one.
  return db.transaction('r', [db.members, db.memberStats, db.coupons, db.tasks, db.ledger], async () => {
    const [rows, stats, coupons, tasks, ledgers] = await Promise.all([
      db.members.bulkGet(list),
      db.memberStats.bulkGet(list),
      db.coupons.where('memberId').anyOf(list).toArray(),
      db.tasks.where('memberId').anyOf(list).toArray(),
      Promise.all(list.map((id) => db.ledger.where('[memberId+at]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray())),
    ]);
    const couponsOf = groupBy<Coupon>(coupons);
    const tasksOf = groupBy<CareTask>(tasks);
    const out: MemberCareFacts[] = [];
    list.forEach((id, i) => {
      const row = rows[i];
      if (!row) return;
      out.push({
        member: fromMemberRow(row),
        stats: (stats[i] as MemberStats | undefined) ?? null,
        coupons: couponsOf.get(id) ?? [],
        expiring: expiringOf(ledgers[i] ?? [], timeZone),
        complaints: openComplaints(tasksOf.get(id) ?? []),
        closedTaskIds: new Set((tasksOf.get(id) ?? []).filter((t) => t.status !== 'open').map((t) => t.id)),
      });
    });
    return out;
  });
}

function groupBy<T extends { memberId: Id }>(list: readonly T[]): Map<Id, T[]> {
  const m = new Map<Id, T[]>();
  for (const x of list) {
    const g = m.get(x.memberId) ?? [];
    g.push(x);
    m.set(x.memberId, g);
  }
  return m;
}
