/**
 * The member part of the dashboard from kept figures (rule I11, src/db/insight-member-totals.ts),
 * without reading every member: the tier distribution and new VIPs from the kept tier rows, the grades
 * from the last 30 days' buyers, the member count from the kept cohorts' sizes, and the spend ranking from the
 * kept spend buckets plus the memberStats rows of only the buckets a top-k sum ends in and of the top
 * of the ranking (by the `lifetimeSpend` index). Gives exactly what the full scan gives; when the rows
 * read disagree with the kept buckets (a write came in between), the spend falls back to a full read.
 */
import type { Id, MemberStats } from '../../domain/records';
import { bySpend, type Distribution, type MembersByPeriod, SpendRanking, spendResult, type SpendResult, type SpendRow } from '../../domain/insights/members';
import { memberSummaryOf } from '../../domain/insights/summaries';
import { gradeFor, type Grade } from '../../domain/segments';
import type { MemberRow, RegularsDb } from '../../db/database';
import { spendBucket, type SpendBucketRow, type TierRow } from '../../db/insight-member-totals';

export interface MemberInputs {
  /** The members merged into another (by the mergedInto index). */
  merged: readonly MemberRow[];
  /** The kept cohorts' sizes added up: the live members. */
  cohortSizes: number;
  visits30: ReadonlyMap<Id, number>;
  /** [G1] The programme's grade thresholds. */
  grades: Readonly<Record<Grade, number>>;
  tiers: readonly TierRow[];
  spend: readonly SpendBucketRow[];
}

/** [I3][I4] Tiers, grades and new VIPs into the accumulators; the number of live members read by count(). */
export async function addMemberCounts(
  db: RegularsDb, vipTierIds: readonly string[] | null, input: Omit<MemberInputs, 'spend'>, dist: Distribution, byPeriod: MembersByPeriod,
): Promise<void> {
  const mergedIds = new Set(input.merged.map((m) => m.id));
  const visitors = [...input.visits30.keys()].filter((id) => !mergedIds.has(id));
  const rows = await db.members.bulkGet(visitors);
  // Every live member is in exactly one kept cohort (their enrolment month): the count without a read.
  const total = input.cohortSizes;
  const tiers = new Map<string | null, number>();
  for (const r of input.tiers) {
    tiers.set(r.tierId, (tiers.get(r.tierId) ?? 0) + r.count);
    if (r.day !== '' && (vipTierIds === null || vipTierIds.includes(r.tierId))) byPeriod.addCounts(r.day, 0, r.count);
  }
  tiers.set(null, total - [...tiers.values()].reduce((a, n) => a + n, 0));
  const grades = new Map<Grade | null, number>();
  let graded = 0;
  rows.forEach((m, i) => {
    if (!m || m.mergedInto !== null) return;
    const g = gradeFor(input.visits30.get(visitors[i] as Id) ?? 0, input.grades);
    grades.set(g, (grades.get(g) ?? 0) + 1);
    graded++;
  });
  const none = gradeFor(0, input.grades);
  grades.set(none, (grades.get(none) ?? 0) + total - graded);
  dist.addCounts(total, tiers, grades);
}

type SpendInputs = Pick<MemberInputs, 'merged' | 'spend'>;

const RANKING = 50;
const TOP_PERCENT = 20;

interface Bucket extends SpendBucketRow { before: number; sumBefore: number }

/** The live rows among memberStats rows read by spend: not merged, and (only if some are missing) whose member exists. */
async function liveRows(db: RegularsDb, rows: MemberStats[], mergedIds: ReadonlySet<Id>, expected: number): Promise<MemberStats[]> {
  const candidates = rows.filter((s) => !mergedIds.has(s.memberId));
  if (candidates.length === expected) return candidates;
  const members = await db.members.bulkGet(candidates.map((s) => s.memberId));
  return candidates.filter((_, i) => members[i] !== undefined && members[i]?.mergedInto === null);
}

/** [I5] The spend figures, exactly as SpendRanking over every live member; null when the rows read disagree with the buckets. */
async function spendFromBuckets(db: RegularsDb, input: SpendInputs, timings?: Record<string, number>): Promise<SpendResult | null> {
  const t0 = performance.now();
  const mergedIds = new Set(input.merged.map((m) => m.id));
  const buckets: Bucket[] = [];
  let n = 0, total = 0;
  for (const b of [...input.spend].filter((x) => x.count > 0).sort((a, b) => b.bucket - a.bucket)) {
    buckets.push({ ...b, before: n, sumBefore: total });
    n += b.count;
    total += b.sum;
  }
  const bucketOf = (k: number): Bucket | undefined => buckets.find((b) => k > b.before && k <= b.before + b.count);
  const ks = [Math.ceil((n * TOP_PERCENT) / 100), ...Array.from({ length: 10 }, (_, d) => Math.ceil((n * (d + 1)) / 10))];
  const cut = bucketOf(Math.min(RANKING, n));
  // The buckets a top-k sum ends in, below those the ranking reads anyway.
  const boundaries = [...new Set(ks.filter((k) => k > 0 && k < n).map(bucketOf))]
    .filter((b): b is Bucket => b !== undefined && (cut === undefined || b.bucket < cut.bucket));
  const range = (low: number, high: number) => db.memberStats.where('lifetimeSpend').between(low, high, true, false).toArray();
  // Each range its own short read on memberStats alone, all asked at once (no lock on the members).
  const read = await Promise.all([
    cut ? db.memberStats.where('lifetimeSpend').aboveOrEqual(cut.bucket).toArray() : Promise.resolve([]),
    ...boundaries.map((b) => range(b.bucket, b.bucket + spendBucket(b.bucket).width)),
  ]);
  if (timings) Object.assign(timings, { 'spend.read': Math.round(performance.now() - t0), 'spend.rows': read.reduce((a, r) => a + r.length, 0) });
  // The top of the ranking: every live row in the buckets down to the one the 50th falls in.
  const [topRows = [], ...boundaryRows] = read;
  const top = await liveRows(db, topRows, mergedIds, cut ? cut.before + cut.count : 0);
  if (top.length !== (cut ? cut.before + cut.count : 0)) return null;
  const values = new Map<number, number[]>(); // per bucket: its live spends, highest first
  const byBucket = new Map<number, MemberStats[]>();
  for (const s of top) {
    const low = spendBucket(s.lifetimeSpend).low;
    byBucket.set(low, [...(byBucket.get(low) ?? []), s]);
  }
  for (const [i, b] of boundaries.entries()) byBucket.set(b.bucket, await liveRows(db, boundaryRows[i] ?? [], mergedIds, b.count));
  for (const [low, rows] of byBucket) values.set(low, rows.map((s) => s.lifetimeSpend as number).sort((a, b) => b - a));
  const covered = buckets.filter((b) => cut !== undefined && b.bucket >= cut.bucket);
  for (const b of [...boundaries, ...covered]) if ((values.get(b.bucket)?.length ?? 0) !== b.count) return null;
  const topSum = (k: number): number => {
    if (k <= 0) return 0;
    if (k >= n) return total;
    const b = bucketOf(k) as Bucket;
    const inside = values.get(b.bucket) ?? [];
    let sum = b.sumBefore;
    for (let i = 0; i < k - b.before; i++) sum += inside[i] ?? 0;
    return sum;
  };
  const ranking: SpendRow[] = top.map((s) => ({ memberId: s.memberId, spend: s.lifetimeSpend, visits: s.visits })).sort(bySpend).slice(0, RANKING);
  return spendResult(n, topSum, ranking, TOP_PERCENT);
}

/** The same figures from every live member's stats, read in full (the rare fallback). */
async function spendFromAll(db: RegularsDb, mergedIds: ReadonlySet<Id>): Promise<SpendResult> {
  return db.transaction('r', [db.members, db.memberStats], async () => {
    const [keys, stats] = await Promise.all([db.members.toCollection().primaryKeys(), db.memberStats.toArray()]);
    const live = new Set(keys.filter((k) => !mergedIds.has(k)));
    const spend = new SpendRanking(TOP_PERCENT, RANKING);
    spend.add(stats.filter((s) => live.has(s.memberId)).map((s) => memberSummaryOf({ id: s.memberId, enrolledOn: '' }, s, null, null, 'UTC')));
    return spend.result();
  });
}

/** [I5] The spend ranking, top 20% and Pareto series from the kept spend buckets. */
export async function keptSpend(db: RegularsDb, input: SpendInputs, timings?: Record<string, number>): Promise<{ result(): SpendResult }> {
  const r = await spendFromBuckets(db, input, timings) ?? await spendFromAll(db, new Set(input.merged.map((m) => m.id)));
  return { result: () => r };
}
