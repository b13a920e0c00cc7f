/**
 * Member insights (rules I3–I5 in docs/care-spec.md): new members and new VIPs by period, the
 * tier and A–E grade distribution, the top 20% and the Pareto series, the lifetime value ranking.
 * Accumulators: `add` a page of MemberSummary rows at a time, then read `result()`.
 */
import { cents, type Cents } from '../money';
import type { Id, LocalDate } from '../records';
import { mulDivFloor } from '../alloc';
import type { Grade } from '../segments';
import type { TableData } from './csv';
import { pct, periodKey, type MemberSummary, type Period } from './summaries';

/** [I3] New members and new VIPs per period in [from, to]. */
export class MembersByPeriod {
  private readonly buckets = new Map<string, { members: number; vips: number }>();
  constructor(private readonly period: Period, private readonly from: LocalDate, private readonly to: LocalDate) {}

  add(page: readonly MemberSummary[]): void {
    for (const m of page) {
      if (m.enrolledOn >= this.from && m.enrolledOn <= this.to) this.bucket(m.enrolledOn).members++;
      if (m.vipSince !== null && m.vipSince >= this.from && m.vipSince <= this.to) this.bucket(m.vipSince).vips++;
    }
  }

  /** [I11] Kept counts for one day: new members (from the kept totals) and new VIPs. */
  addCounts(date: LocalDate, members: number, vips: number): void {
    if (date < this.from || date > this.to || (members === 0 && vips === 0)) return;
    const b = this.bucket(date);
    b.members += members;
    b.vips += vips;
  }

  private bucket(date: LocalDate): { members: number; vips: number } {
    const key = periodKey(date, this.period);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { members: 0, vips: 0 }));
    return b;
  }

  result(): { rows: { period: string; newMembers: number; newVips: number }[]; table: TableData } {
    const rows = [...this.buckets].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([period, b]) => ({ period, newMembers: b.members, newVips: b.vips }));
    return { rows, table: { columns: ['period', 'newMembers', 'newVips'], rows: rows.map((r) => [r.period, r.newMembers, r.newVips]) } };
  }
}

/** [I4] How many members hold each tier (null: none) and each grade (null: no purchase this month). */
export class Distribution {
  private readonly tiers = new Map<string | null, number>();
  private readonly grades = new Map<Grade | null, number>();
  private total = 0;

  add(page: readonly MemberSummary[]): void {
    for (const m of page) {
      this.total++;
      this.tiers.set(m.tierId, (this.tiers.get(m.tierId) ?? 0) + 1);
      this.grades.set(m.grade, (this.grades.get(m.grade) ?? 0) + 1);
    }
  }

  /** [I11] Kept counts: `total` more members, so many per tier and per grade (zeros add nothing). */
  addCounts(total: number, tiers: Iterable<[string | null, number]>, grades: Iterable<[Grade | null, number]>): void {
    this.total += total;
    for (const [k, n] of tiers) if (n !== 0) this.tiers.set(k, (this.tiers.get(k) ?? 0) + n);
    for (const [k, n] of grades) if (n !== 0) this.grades.set(k, (this.grades.get(k) ?? 0) + n);
  }

  /** `tierOrder`: the programme's tiers, lowest first, so the table reads in tier order. */
  result(tierOrder: readonly string[]): { total: number; tiers: TableData; grades: TableData } {
    const tierKeys: (string | null)[] = [null, ...tierOrder, ...[...this.tiers.keys()].filter((k): k is string => k !== null && !tierOrder.includes(k)).sort()];
    const gradeKeys: (Grade | null)[] = ['A', 'B', 'C', 'D', 'E', null];
    return {
      total: this.total,
      tiers: { columns: ['tier', 'members', 'percent'], rows: tierKeys.map((k) => [k ?? '', this.tiers.get(k) ?? 0, pct(this.tiers.get(k) ?? 0, this.total)]) },
      grades: { columns: ['grade', 'members', 'percent'], rows: gradeKeys.map((k) => [k ?? '', this.grades.get(k) ?? 0, pct(this.grades.get(k) ?? 0, this.total)]) },
    };
  }
}

export interface SpendResult {
  /** The top `percent` of spending members and their share of all member spending. */
  top: { count: number; spend: Cents; sharePct: number };
  /** Pareto series: for each tenth of members (by spend, highest first), the cumulative share of spending. */
  pareto: { membersPct: number; spendPct: number }[];
  /** The highest lifetime spends, highest first. */
  ranking: { rank: number; memberId: Id; lifetimeSpend: Cents; visits: number }[];
  table: TableData;
}

/** [I5] Top 20% and their share (segments.topSpenders), the Pareto series, the lifetime value ranking. */
export class SpendRanking {
  private readonly rows: SpendRow[] = [];
  constructor(private readonly percent = 20, private readonly rankingSize = 50) {}

  add(page: readonly MemberSummary[]): void {
    for (const m of page) if (m.lifetimeSpend > 0) this.rows.push({ memberId: m.id, spend: m.lifetimeSpend, visits: m.visits });
  }

  result(): SpendResult {
    const sorted = [...this.rows].sort(bySpend);
    const sums = [0];
    for (const r of sorted) sums.push((sums[sums.length - 1] ?? 0) + r.spend);
    return spendResult(sorted.length, (k) => sums[k] ?? 0, sorted.slice(0, this.rankingSize), this.percent);
  }
}

export interface SpendRow { memberId: Id; spend: Cents; visits: number }

/** Highest spend first, ties by member id. */
export const bySpend = (a: SpendRow, b: SpendRow): number => b.spend - a.spend || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);

/**
 * [I5] The spend figures from `n` spending members: `topSum(k)` is what the k highest spend together
 * (k = 0…n), `top` the highest rows in ranking order. Top `percent` as segments.topSpenders counts it.
 */
export function spendResult(n: number, topSum: (k: number) => number, top: readonly SpendRow[], percent: number): SpendResult {
  const total = topSum(n);
  const topCount = Math.ceil((n * percent) / 100);
  const topSpend = topSum(topCount);
  const pareto = [{ membersPct: 0, spendPct: 0 }];
  for (let decile = 1; decile <= 10; decile++) pareto.push({ membersPct: decile * 10, spendPct: pct(topSum(Math.ceil((n * decile) / 10)), total) });
  const ranking = top.map((r, k) => ({ rank: k + 1, memberId: r.memberId, lifetimeSpend: cents(r.spend), visits: r.visits }));
  return {
    top: { count: topCount, spend: cents(topSpend), sharePct: total === 0 ? 0 : mulDivFloor(topSpend, 100, total) },
    pareto,
    ranking,
    table: { columns: ['rank', 'memberId', 'lifetimeSpendCents', 'visits'], rows: ranking.map((r) => [r.rank, r.memberId, r.lifetimeSpend, r.visits]) },
  };
}
