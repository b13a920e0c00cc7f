/**
 * The dashboard by a full scan (rules I2–I10, C40–C42): every member (with its stats), return, sale,
 * ledger entry and task, read in pages of `pageSize` rows by primary key and fed to the domain
 * accumulators. This is the reference the kept totals (I11, kept-insights.ts) must equal; tests
 * compare the two. Each page is its own short read, so the till keeps writing.
 */
import { cents } from '../../domain/money';
import type { CareTask, Id, LedgerEntry, Sale, SaleReturn, TaskKind } from '../../domain/records';
import { ReferralBook } from '../../domain/care/referrals';
import { Distribution, MembersByPeriod, SpendRanking } from '../../domain/insights/members';
import { PointsFlow } from '../../domain/insights/points';
import { CohortRetention, RepeatRate, SalesMix } from '../../domain/insights/sales';
import { memberSummaryOf, type MemberSummary } from '../../domain/insights/summaries';
import { gradeFor, gradeThresholds } from '../../domain/segments';
import { localDate } from '../../domain/time';
import type { MemberRow, RegularsDb } from '../../db/database';
import { visitPast } from '../../db/insight-past';
import { pastReferralRow } from '../../db/insight-totals';
import type { InsightsParams, InsightsResult } from './compute-insights';
import { finishInsights, visitsIn30Days } from './finish-insights';

/** Reads rows in key order, one page at a time: `readPage(after)` gives the rows after that key. */
async function eachPage<T>(
  readPage: (after: string | null, limit: number) => Promise<T[]>, keyOf: (row: T) => string, pageSize: number,
  visit: (page: T[]) => Promise<void> | void,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page: T[] = await readPage(after, pageSize);
    const last = page[page.length - 1];
    if (last === undefined) return;
    after = keyOf(last);
    await visit(page);
    if (page.length < pageSize) return;
  }
}

/** A page reader for a table keyed by a string `id`-like primary key. */
function pagesOf<T>(table: { orderBy(i: string): { limit(n: number): { toArray(): Promise<T[]> } }; where(i: string): { above(k: string): { limit(n: number): { toArray(): Promise<T[]> } } } }) {
  return (after: string | null, limit: number): Promise<T[]> =>
    (after === null ? table.orderBy(':id') : table.where(':id').above(after)).limit(limit).toArray();
}

export async function scanInsights(db: RegularsDb, p: InsightsParams, onProgress?: (read: number) => void): Promise<InsightsResult> {
  const size = p.pageSize ?? 500;
  let read = 0;
  const progress = (n: number) => { read += n; onProgress?.(read); };

  const visits30 = (await visitsIn30Days(db, p.today)).visits;

  const byPeriod = new MembersByPeriod(p.period, p.from, p.to);
  const dist = new Distribution();
  const spend = new SpendRanking(20, 50);
  const cohorts = new CohortRetention(12);
  const referrals = new ReferralBook();
  // [I9a] The live members' balances: positive ones owed, negative ones overdrawn.
  const balances = { owed: 0, overdrawn: {} as Record<Id, number> };
  await eachPage(pagesOf<MemberRow>(db.members), (m) => m.id, size, async (rows) => {
    const stats = await db.memberStats.bulkGet(rows.map((m) => m.id));
    const page: MemberSummary[] = [];
    rows.forEach((m, i) => {
      referrals.addMember(m);
      if (m.mergedInto !== null) return;
      const balance = stats[i]?.points ?? 0;
      if (balance > 0) balances.owed += balance;
      else if (balance < 0) balances.overdrawn[m.id] = balance;
      page.push(memberSummaryOf(m, stats[i] ?? null, gradeFor(visits30.get(m.id) ?? 0, gradeThresholds(p.programme)), p.vipTierIds, p.timeZone));
    });
    byPeriod.add(page);
    dist.add(page);
    spend.add(page);
    cohorts.addMembers(page);
    progress(rows.length);
  });

  // Sales are netted for their returns (I6): what each sale's returns refunded, read first (returns are few).
  const refunded = new Map<Id, number>();
  await eachPage(pagesOf<SaleReturn>(db.returns), (x) => x.id, size, (rows) => {
    for (const r of rows) refunded.set(r.saleId, (refunded.get(r.saleId) ?? 0) + r.refund);
    progress(rows.length);
  });

  const mix = new SalesMix(p.from, p.to);
  const repeat = new RepeatRate(p.from, p.to, 30);
  await eachPage(pagesOf<Sale>(db.sales), (x) => x.id, size, (rows) => {
    const page = rows.map((s) => ({ memberId: s.memberId, businessDate: s.businessDate, total: s.total, refunded: cents(refunded.get(s.id) ?? 0) }));
    mix.add(page);
    repeat.add(page);
    cohorts.addSales(page);
    progress(rows.length);
  });

  const flow = new PointsFlow(p.from, p.to);
  flow.setBalances(balances);
  // [I13] The organisation's past from before this tablet's pairing, as the server sent it.
  visitPast(await db.insightPast.toArray(), p.timeZone, {
    salesDay: (d) => mix.addTotals(d.day, d),
    pointsDay: (day, parts) => flow.addDay(day, { ...parts, net: 0 }),
    member: (memberId, past) => {
      // One purchase per past day is all the repeat rate and the cohorts read of a member's sales.
      const page = Object.keys(past.bought).map((businessDate) => ({ memberId, businessDate, total: cents(1), refunded: cents(0) }));
      repeat.add(page);
      cohorts.addSales(page);
      // C-S20: the referrer's rewards from before pairing, one row as the kept totals keep them.
      if (past.referral) referrals.addEntry(pastReferralRow(memberId, past.referral));
    },
  });
  await eachPage(pagesOf<LedgerEntry>(db.ledger), (x) => x.id, size, (rows) => {
    flow.add(rows.map((e) => ({ kind: e.kind, points: e.points, on: localDate(e.at, p.timeZone), reason: e.reason })));
    for (const e of rows) referrals.addEntry(e);
    progress(rows.length);
  });

  const tasks: { kind: TaskKind; status: 'open' | 'done' | 'dropped'; dueTo: string }[] = [];
  await eachPage(pagesOf<CareTask>(db.tasks), (x) => x.id, size, (rows) => {
    for (const t of rows) tasks.push({ kind: t.kind, status: t.status, dueTo: t.dueTo });
    progress(rows.length);
  });

  return finishInsights(db, p, { byPeriod, dist, spend, mix, repeat, cohorts, flow, referrals }, tasks, read);
}
