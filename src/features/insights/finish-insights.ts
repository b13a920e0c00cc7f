/**
 * What the dashboard's two ways of computing (kept totals, kept-insights.ts; the full scan, scan-insights.ts)
 * share: the purchases of the last 30 days that grade members, and turning the filled accumulators into the
 * result, with the names of the members the tables mention.
 */
import type { CareTask, Id } from '../../domain/records';
import { topReferrers, type ReferralBook } from '../../domain/care/referrals';
import type { Distribution, MembersByPeriod, SpendResult } from '../../domain/insights/members';
import { followUpCompletion, type PointsFlow } from '../../domain/insights/points';
import type { CohortRetention, RepeatRate, SalesMix } from '../../domain/insights/sales';
import { maskPhone } from '../../domain/search-keys';
import { addDays } from '../../domain/time';
import type { RegularsDb } from '../../db/database';
import { isOrgPast } from '../../db/insight-past';
import type { InsightsParams, InsightsResult } from './insights-types';

/** Purchases per member in the 30 days up to `today` (grades count them): an index range over sales, not a scan. */
export async function visitsIn30Days(db: RegularsDb, today: string): Promise<{ visits: Map<Id, number>; sales: number }> {
  const from = addDays(today, -29);
  const recent = await db.sales.where('businessDate').between(from, today, true, true).toArray();
  const visits = new Map<Id, number>();
  for (const s of recent) if (s.memberId !== null) visits.set(s.memberId, (visits.get(s.memberId) ?? 0) + 1);
  // [I13] Visits from before this tablet's pairing, within the 30 days.
  let past = 0;
  const pastRows = await db.insightPast.toArray();
  for (const r of pastRows) {
    if (isOrgPast(r)) continue;
    for (const [memberId, p] of Object.entries(r.members)) {
      for (const [day, n] of Object.entries(p.visits)) {
        if (day < from || day > today) continue;
        visits.set(memberId, (visits.get(memberId) ?? 0) + n);
        past += n;
      }
    }
  }
  return { visits, sales: recent.length + past };
}

export interface Accumulators {
  byPeriod: MembersByPeriod; dist: Distribution; spend: { result(): SpendResult }; mix: SalesMix; repeat: RepeatRate;
  cohorts: CohortRetention; flow: PointsFlow; referrals: ReferralBook;
}

export async function finishInsights(
  db: RegularsDb, p: InsightsParams, a: Accumulators, tasks: Iterable<Pick<CareTask, 'kind' | 'status' | 'dueTo'>>, rowsRead: number,
): Promise<InsightsResult> {
  const spend = a.spend.result();
  const all = a.referrals.summaries();
  const points = a.flow.result(p.programme);
  const wanted = new Set<Id>([...spend.ranking.map((r) => r.memberId), ...all.flatMap((s) => [s.referrerId, ...s.referred]),
    ...points.overdrawn.map((o) => o.memberId)]);
  const names: Record<Id, string> = {};
  const phones: Record<Id, string> = {};
  for (const m of await db.members.bulkGet([...wanted])) if (m) { names[m.id] = m.name; phones[m.id] = maskPhone(m.phone); }
  return {
    membersByPeriod: a.byPeriod.result(),
    distribution: a.dist.result(p.programme.tiers.map((t) => t.id)),
    spend,
    mix: a.mix.result(),
    repeat: a.repeat.result(),
    cohorts: a.cohorts.result(p.today),
    points,
    followUp: followUpCompletion(tasks, p.today),
    referrals: { top: topReferrers(all, 10), all },
    names,
    phones,
    rowsRead,
  };
}
