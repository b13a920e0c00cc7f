/**
 * The dashboard from kept totals (rule I11): the day, cohort and referral rows kept in every write's
 * transaction (src/db/insight-totals.ts) stand for the sales, returns and ledger, and the kept member
 * figures (src/db/insight-member-totals.ts, read by kept-members.ts) for the members' tiers and spend;
 * what stays a read is compact — the members merged or referred (by index), the
 * memberStats rows of a few spend buckets, the last 30 days of kept visits (insight-visits.ts; of the sales
 * themselves after a rebuild that could not be saved) for the grades, and the care tasks.
 * Gives exactly what the full scan (scan-insights.ts) gives.
 */
import type { Id } from '../../domain/records';
import { ReferralBook } from '../../domain/care/referrals';
import { Distribution, MembersByPeriod } from '../../domain/insights/members';
import { PointsFlow } from '../../domain/insights/points';
import { CohortRetention, REPEAT_DAYS, RepeatRate, SalesMix } from '../../domain/insights/sales';
import type { MemberRow, RegularsDb } from '../../db/database';
import type { KeptRows } from '../../db/insight-rebuild';
import type { InsightsParams, InsightsResult } from './insights-types';
import { finishInsights, visitsIn30Days } from './finish-insights';
import { addMemberCounts, keptSpend } from './kept-members';
import { keptVisits } from '../../db/insight-visits';
import { addDays } from '../../domain/time';
import { gradeThresholds } from '../../domain/segments';

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export async function insightsFromKept(
  db: RegularsDb, p: InsightsParams, kept: KeptRows, progress: (n: number) => void, timings?: Record<string, number>,
): Promise<InsightsResult> {
  let t = performance.now();
  const mark = (phase: string) => { const now = performance.now(); if (timings) timings[phase] = Math.round(now - t); t = now; };
  // Every read at once (each its own short transaction).
  const timed = <T>(phase: string, work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    return work.then((v) => { if (timings) timings[`read.${phase}`] = Math.round(performance.now() - t0); return v; });
  };
  const mergedRead = timed('merged', db.members.orderBy('mergedInto').toArray());
  // The spend reads start as soon as the merged members are known.
  const spendRead = timed('spend', mergedRead.then((merged) => keptSpend(db, { merged, spend: kept.spend }, timings)));
  const [merged, referred, recent, taskRows] = await Promise.all([
    mergedRead,
    timed('referred', db.members.orderBy('referredBy').toArray()),
    // [I4] The grades' last 30 days: from the kept visits when they are kept, else from the sales.
    timed('recent', kept.visitsKept ? keptVisits(db, addDays(p.today, -29), p.today) : visitsIn30Days(db, p.today)),
    timed('tasks', db.tasks.toArray()),
  ]);
  mark('reads');
  progress(merged.length + referred.length + recent.sales + taskRows.length);

  const byPeriod = new MembersByPeriod(p.period, p.from, p.to);
  const dist = new Distribution();
  const [, spend] = await Promise.all([
    timed('counts', addMemberCounts(db, p.vipTierIds, { merged, cohortSizes: kept.cohorts.reduce((a, c) => a + c.size, 0), visits30: recent.visits, tiers: kept.tiers, grades: gradeThresholds(p.programme) }, dist, byPeriod)),
    spendRead,
  ]);
  mark('members');

  const mix = new SalesMix(p.from, p.to);
  const repeat = new RepeatRate(p.from, p.to, REPEAT_DAYS);
  const flow = new PointsFlow(p.from, p.to);
  flow.setBalances(kept.balances);
  for (const d of kept.days) {
    byPeriod.addCounts(d.day, d.newMembers, 0);
    mix.addTotals(d.day, d);
    repeat.addCounts(d.day, d.firstTimers, d.repeated);
    flow.addDay(d.day, d);
  }
  const cohorts = new CohortRetention(12);
  for (const c of kept.cohorts) cohorts.addCohort(c.month, c.size, c.active);

  // The referral book in the order the full scan feeds it (members, then entries, by id).
  const referrals = new ReferralBook();
  const concerned = new Map<Id, MemberRow>([...merged, ...referred].map((m) => [m.id, m]));
  for (const m of [...concerned.values()].sort(byId)) referrals.addMember(m);
  for (const e of [...kept.referrals].sort(byId)) referrals.addEntry(e);

  mark('kept');
  const rowsRead = kept.tiers.length + kept.spend.length + kept.days.length + kept.cohorts.length + kept.referrals.length;
  const result = await finishInsights(db, p, { byPeriod, dist, spend, mix, repeat, cohorts, flow, referrals }, taskRows, rowsRead);
  mark('results');
  if (timings) Object.assign(timings, { nTiers: kept.tiers.length, nBuckets: kept.spend.length, nMerged: merged.length, nReferred: referred.length, nRecent: recent.sales, nTasks: taskRows.length, nNames: Object.keys(result.names).length });
  return result;
}
