/**
 * Rebuilding the dashboard's kept totals (rule I11) from a full scan, once, when they are stale: a new
 * or upgraded database, a restore, a time-zone change, a bulk load that bypassed Dexie. Every record
 * adds its contribution through the same functions the middleware uses (insight-totals.ts).
 *
 * The scan runs in many short reads, so the till keeps writing meanwhile. The rebuild marks the totals
 * stale first, which makes every write count itself (InsightState.writes) instead of keeping them;
 * the rows are saved only if no write came during the scan. Otherwise they are still the right
 * answer for this showing, and the next opening rebuilds again.
 */
import type { Id, LedgerEntry, LocalDate, Member, MemberStats, Sale, SaleReturn } from '../domain/records';
import type { RegularsDb } from './database';
import { BALANCES_KEY, MEMBER_KEPT_TABLES, MemberDeltas, type BalancesRow, type SpendBucketRow, type TierRow } from './insight-member-totals';
import { VisitDeltas, type VisitRow } from './insight-visits';
import { visitPast } from './insight-past';
import {
  applyCohorts, applyDays, changedDays, Deltas, isReferralEntry, KEPT_TABLES, pastReferralRow, referralRow, STALE,
  type BuyerRow, type CohortRow, type DayTotals, type InsightState, type ReferralRow,
} from './insight-totals';

export interface KeptRows {
  days: DayTotals[];
  cohorts: CohortRow[];
  referrals: ReferralRow[];
  /** Live members per tier and tier date, and per spend bucket (insight-member-totals.ts). */
  tiers: TierRow[];
  spend: SpendBucketRow[];
  /** [I9a] The points owed to live members and the overdrawn ones (kept in insightState). */
  balances: BalancesRow;
  /** Whether insightVisits is kept (fresh) too; false after a rebuild not saved: the grades then read the sales. */
  visitsKept: boolean;
}

type Keyed = { id: string };

/** Reads a table keyed by `id` in pages of `size` rows (IndexedDB getAll), one short read each. */
async function eachPage<T extends Keyed>(
  table: { where(i: string): { above(k: string): { limit(n: number): { toArray(): Promise<T[]> } } }; orderBy(i: string): { limit(n: number): { toArray(): Promise<T[]> } } },
  size: number, visit: (rows: T[]) => void,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: T[] = await (after === null ? table.orderBy(':id') : table.where(':id').above(after)).limit(size).toArray();
    const last = rows[rows.length - 1];
    if (last === undefined) return;
    visit(rows);
    if (rows.length < size) return;
    after = last.id;
  }
}

/** [I3][I4][I5] The kept member figures of the `live` members, from memberStats read in pages by key. */
async function scanMemberFigures(db: RegularsDb, live: ReadonlySet<Id>, zone: string, size: number, progress: (n: number) => void): Promise<{ tiers: TierRow[]; spend: SpendBucketRow[]; balances: BalancesRow }> {
  const d = new MemberDeltas();
  const alive = { mergedInto: null };
  let after: Id | null = null;
  for (;;) {
    const rows: MemberStats[] = await (after === null ? db.memberStats.orderBy(':id') : db.memberStats.where(':id').above(after)).limit(size).toArray();
    for (const s of rows) if (live.has(s.memberId)) d.add(alive, s, zone, 1);
    progress(rows.length);
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < size) break;
    after = last.memberId;
  }
  return { ...d.applied([], []), balances: d.appliedBalances(undefined) };
}

const PAST_SALES_FIELDS = ['memberSales', 'memberNet', 'walkInSales', 'walkInNet'] as const;
const PAST_POINTS_FIELDS = ['issued', 'redeemed', 'expired', 'other'] as const;

/** [I11] The kept rows as a full scan of sales, returns, members and ledger computes them. */
export async function scanKept(db: RegularsDb, zone: string, size: number, progress: (n: number) => void): Promise<KeptRows & { buyers: BuyerRow[]; visits: VisitRow[] }> {
  const refunded = new Map<Id, number>();
  await eachPage<SaleReturn>(db.returns, size, (rows) => {
    for (const r of rows) refunded.set(r.saleId, (refunded.get(r.saleId) ?? 0) + r.refund);
    progress(rows.length);
  });
  const d = new Deltas();
  const visits = new VisitDeltas();
  await eachPage<Sale>(db.sales, size, (rows) => {
    for (const s of rows) { d.sale(s, refunded.get(s.id) ?? 0, 1); visits.sale(s, 1); }
    progress(rows.length);
  });
  const pastReferrals: ReferralRow[] = [];
  // [I13] The organisation's past, as the server sent it at pairing: days' sales and points, members' purchase days and visits.
  visitPast(await db.insightPast.toArray(), zone, {
    salesDay: (p) => { for (const f of PAST_SALES_FIELDS) d.day(p.day, f, p[f]); },
    pointsDay: (day, p) => { for (const f of PAST_POINTS_FIELDS) d.day(day, f, p[f]); },
    member: (memberId, past) => {
      for (const [day, n] of Object.entries(past.bought)) d.buyer(memberId, day, n);
      for (const [day, n] of Object.entries(past.visits)) visits.add(day, memberId, n);
      if (past.referral) pastReferrals.push(pastReferralRow(memberId, past.referral));
    },
  });
  const days = new Map<Id, Record<LocalDate, number>>();
  for (const [memberId, change] of d.buyers) days.set(memberId, changedDays(undefined, change));
  const seen = new Set<Id>();
  const live = new Set<Id>();
  await eachPage<Member & Keyed>(db.members, size, (rows) => {
    for (const m of rows) {
      seen.add(m.id);
      if (m.mergedInto === null) live.add(m.id);
      d.member(m, days.get(m.id), 1);
    }
    progress(rows.length);
  });
  for (const [memberId, bought] of days) if (!seen.has(memberId)) d.member(undefined, bought, 1);
  const referrals: ReferralRow[] = pastReferrals;
  await eachPage<LedgerEntry>(db.ledger, size, (rows) => {
    for (const e of rows) {
      d.entry(e, zone, 1);
      if (isReferralEntry(e)) referrals.push(referralRow(e));
    }
    progress(rows.length);
  });
  const figures = await scanMemberFigures(db, live, zone, size, progress);
  const dayKeys = [...d.days.keys()].sort();
  const months = [...d.cohorts.keys()].sort((a, b) => a - b);
  return {
    days: applyDays([], dayKeys, d),
    cohorts: applyCohorts([], months, d),
    referrals,
    ...figures,
    visitsKept: false,
    visits: visits.changed(),
    buyers: [...days].filter(([, b]) => Object.keys(b).length > 0).map(([memberId, b]) => ({ memberId, days: b })),
  };
}

/** [I11] Marks the totals stale, scans, and saves the rows if no write came meanwhile. */
export async function rebuildKept(db: RegularsDb, zone: string, size: number, progress: (n: number) => void): Promise<KeptRows> {
  const start = await db.transaction('rw', db.insightState, async () => {
    const s = await db.insightState.get('state');
    const stale: InsightState = { ...STALE, writes: s?.writes ?? 0 };
    await db.insightState.put(stale);
    return stale.writes;
  });
  const rows = await scanKept(db, zone, size, progress);
  const kept = [...KEPT_TABLES, ...MEMBER_KEPT_TABLES].filter((t) => t !== 'insightState').map((t) => db.table(t));
  const saved = await db.transaction('rw', [...kept, db.insightState], async () => {
    const s = await db.insightState.get('state');
    if (!s?.stale || s.writes !== start) return false;
    await Promise.all(kept.map((t) => t.clear()));
    await Promise.all([
      db.insightDays.bulkPut(rows.days), db.insightBuyers.bulkPut(rows.buyers),
      db.insightCohorts.bulkPut(rows.cohorts), db.insightReferrals.bulkPut(rows.referrals),
      db.insightTiers.bulkPut(rows.tiers), db.insightSpend.bulkPut(rows.spend), db.insightVisits.bulkPut(rows.visits),
    ]);
    await db.table<BalancesRow, string>('insightState').put(rows.balances);
    await db.insightState.put({ key: 'state', stale: false, zone, writes: s.writes });
    return true;
  });
  return { ...rows, visitsKept: saved };
}

/** The kept rows as stored, in one read; null when they are stale or kept in another zone. */
export async function readKept(db: RegularsDb, zone: string): Promise<KeptRows | null> {
  return db.transaction('r', [db.insightDays, db.insightCohorts, db.insightReferrals, db.insightTiers, db.insightSpend, db.insightState], async () => {
    const s = await db.insightState.get('state');
    if (!s || s.stale || s.zone !== zone) return null;
    const [days, cohorts, referrals, tiers, spend, balances] = await Promise.all([
      db.insightDays.toArray(), db.insightCohorts.toArray(), db.insightReferrals.toArray(), db.insightTiers.toArray(), db.insightSpend.toArray(),
      db.table<BalancesRow, string>('insightState').get(BALANCES_KEY)]);
    // [I9a] Totals kept before the balances were: rebuilt once.
    if (!balances) return null;
    return { days, cohorts, referrals, tiers, spend, balances, visitsKept: true };
  });
}
