/**
 * The dashboard from kept totals (rule I11): the day, cohort and referral rows kept in every write's
 * transaction (src/db/insight-totals.ts) stand for the sales, returns and ledger; what stays a read is
 * compact — member keys, the members merged or referred (by index), memberStats in large pages
 * (tiers, new VIPs, spend), the last 30 days of sales by date (grades) and the care tasks.
 * Gives exactly what the full scan (scan-insights.ts) gives.
 */
import type { Id, MemberStats } from '../../domain/records';
import { ReferralBook } from '../../domain/care/referrals';
import { Distribution, MembersByPeriod, SpendRanking } from '../../domain/insights/members';
import { PointsFlow } from '../../domain/insights/points';
import { CohortRetention, REPEAT_DAYS, RepeatRate, SalesMix } from '../../domain/insights/sales';
import { memberSummaryOf, type MemberSummary } from '../../domain/insights/summaries';
import { gradeFor } from '../../domain/segments';
import type { MemberRow, RegularsDb } from '../../db/database';
import type { KeptRows } from '../../db/insight-rebuild';
import type { InsightsParams, InsightsResult } from './compute-insights';
import { finishInsights, visitsIn30Days } from './finish-insights';

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * memberStats in ranges of about `size` rows, cut at every `size`-th member key (`keys` sorted, as
 * IndexedDB gives them), all asked at once: IndexedDB reads the next range while this thread takes the
 * last one in, instead of one page after the other. The first and last ranges are open, so a stats row
 * of any key is read exactly once.
 */
function readStats(db: RegularsDb, keys: readonly Id[], size: number): Promise<MemberStats[][]> {
  const cuts: Id[] = [];
  for (let i = size; i < keys.length; i += size) cuts.push(keys[i] as Id);
  const where = () => db.memberStats.where(':id');
  const first = cuts[0];
  if (first === undefined) return Promise.all([db.memberStats.toArray()]);
  return Promise.all([
    where().below(first).toArray(),
    ...cuts.map((from, k) => {
      const to = cuts[k + 1];
      return (to === undefined ? where().aboveOrEqual(from) : where().between(from, to, true, false)).toArray();
    }),
  ]);
}

export async function insightsFromKept(
  db: RegularsDb, p: InsightsParams, kept: KeptRows, progress: (n: number) => void, timings?: Record<string, number>,
): Promise<InsightsResult> {
  let t = performance.now();
  const mark = (phase: string) => { const now = performance.now(); if (timings) timings[phase] = Math.round(now - t); t = now; };
  // Every read at once (each its own short transaction); the stats ranges once the keys are in.
  const timed = <T>(phase: string, work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    return work.then((v) => { if (timings) timings[`read.${phase}`] = Math.round(performance.now() - t0); return v; });
  };
  const keyed = timed('keys', db.members.toCollection().primaryKeys());
  const [keys, merged, referred, recent, taskRows, statsPages] = await Promise.all([
    keyed,
    timed('merged', db.members.orderBy('mergedInto').toArray()),
    timed('referred', db.members.orderBy('referredBy').toArray()),
    timed('recent', visitsIn30Days(db, p.today)),
    timed('tasks', db.tasks.toArray()),
    timed('stats', keyed.then((k) => readStats(db, k, p.pageSize ?? 10_000))),
  ]);
  mark('reads');
  progress(keys.length + merged.length + referred.length + recent.sales + taskRows.length);
  const live = new Set<Id>(keys);
  for (const m of merged) live.delete(m.id);
  const visits30 = recent.visits;

  const byPeriod = new MembersByPeriod(p.period, p.from, p.to);
  const dist = new Distribution();
  const spend = new SpendRanking(20, 50);
  const withStats = new Set<Id>();
  const summary = (id: Id, s: MemberStats | null): MemberSummary =>
    memberSummaryOf({ id, enrolledOn: '' }, s, gradeFor(visits30.get(id) ?? 0), p.vipTierIds, p.timeZone);
  const feed = (page: MemberSummary[]) => {
    dist.add(page);
    spend.add(page);
    for (const m of page) if (m.vipSince !== null) byPeriod.addCounts(m.vipSince, 0, 1);
  };
  for (const rows of statsPages) {
    const page: MemberSummary[] = [];
    for (const s of rows) {
      if (!live.has(s.memberId)) continue;
      withStats.add(s.memberId);
      page.push(summary(s.memberId, s));
    }
    feed(page);
    progress(rows.length);
  }
  feed([...live].filter((id) => !withStats.has(id)).map((id) => summary(id, null)));
  mark('members');

  const mix = new SalesMix(p.from, p.to);
  const repeat = new RepeatRate(p.from, p.to, REPEAT_DAYS);
  const flow = new PointsFlow(p.from, p.to);
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
  const rowsRead = keys.length + kept.days.length + kept.cohorts.length + kept.referrals.length;
  const result = await finishInsights(db, p, { byPeriod, dist, spend, mix, repeat, cohorts, flow, referrals }, taskRows, rowsRead);
  mark('results');
  if (timings) Object.assign(timings, { nKeys: keys.length, nMerged: merged.length, nReferred: referred.length, nRecent: recent.sales, nTasks: taskRows.length, nNames: Object.keys(result.names).length });
  return result;
}
