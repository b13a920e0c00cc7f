/**
 * Customer grades and segments (docs/loyalty-spec.md G rules), from the snack-franchise and
 * clothing-store seeds. Inputs are per-member totals the database keeps; nothing here scans sales.
 */
import type { Cents } from './money';
import { cents } from './money';
import { mulDivFloor } from './alloc';
import type { Programme } from './programme';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

/** Minimum purchases in the last 30 days for A, B, C, D, E (DOMAIN.md: 15 / 10 / 5 / 3 / 1). */
export const DEFAULT_GRADE_THRESHOLDS: Readonly<Record<Grade, number>> = { A: 15, B: 10, C: 5, D: 3, E: 1 };

/** [G1] The grade thresholds a programme sets (the defaults when it sets none). */
export function gradeThresholds(p: Pick<Programme, 'grades'>): Readonly<Record<Grade, number>> {
  return p.grades ?? DEFAULT_GRADE_THRESHOLDS;
}

/** [G1] The grade for a number of purchases in the last 30 days; null for none. */
export function gradeFor(purchases30d: number, thresholds: Readonly<Record<Grade, number>> = DEFAULT_GRADE_THRESHOLDS): Grade | null {
  for (const g of ['A', 'B', 'C', 'D', 'E'] as const) if (purchases30d >= thresholds[g]) return g;
  return null;
}

export interface SpendRow { memberId: string; spend: Cents }

/**
 * [G2] The top `percent` of members by spending (rounded up, at least one when any spent) and
 * their share of all spending, in whole percent rounded down. Ties break by member id.
 */
export function topSpenders(rows: readonly SpendRow[], percent = 20): { memberIds: string[]; spend: Cents; sharePct: number } {
  const sorted = [...rows].filter((r) => r.spend > 0)
    .sort((a, b) => b.spend - a.spend || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const n = Math.ceil((sorted.length * percent) / 100);
  const top = sorted.slice(0, n);
  const all = sorted.reduce((s, r) => s + r.spend, 0);
  const spend = top.reduce((s, r) => s + r.spend, 0);
  return { memberIds: top.map((r) => r.memberId), spend: cents(spend), sharePct: all === 0 ? 0 : mulDivFloor(spend, 100, all) };
}

export interface Activity {
  memberId: string;
  /** Days since the last purchase (null: never bought). */
  recencyDays: number | null;
  /** Purchases in the last 180 days. */
  frequency: number;
  /** Spend in the last 180 days. */
  monetary: Cents;
  /** Days since enrolment. */
  tenureDays: number;
}

export type Loyalty = 'loyal' | 'marginal' | 'potential';

export interface LoyaltyRules { loyalMinPurchases: number; loyalMaxRecencyDays: number; potentialMaxTenureDays: number }
export const DEFAULT_LOYALTY_RULES: LoyaltyRules = { loyalMinPurchases: 6, loyalMaxRecencyDays: 60, potentialMaxTenureDays: 90 };

/**
 * [G3] loyal: buys often (≥ 6 times in 180 days) and recently (within 60 days); potential: new
 * (enrolled within 90 days) or has bought at most once — worth courting; marginal: the rest,
 * buying now and then and at risk of drifting to a competitor.
 */
export function loyaltyOf(a: Activity, rules: LoyaltyRules = DEFAULT_LOYALTY_RULES): Loyalty {
  if (a.frequency >= rules.loyalMinPurchases && a.recencyDays !== null && a.recencyDays <= rules.loyalMaxRecencyDays) return 'loyal';
  if (a.tenureDays <= rules.potentialMaxTenureDays || a.frequency <= 1) return 'potential';
  return 'marginal';
}

export interface Rfm { memberId: string; r: number; f: number; m: number }

/**
 * [G4] RFM scores 1–5 by quintile of rank among the members given: 5 = most recent, most
 * frequent, most spent. Equal values get the same score (the score of their first rank).
 */
export function rfmScores(rows: readonly Activity[]): Rfm[] {
  const n = rows.length;
  const scoreBy = (value: (a: Activity) => number) => {
    const sorted = [...rows].sort((x, y) => value(x) - value(y)); // ascending: worst first
    const score = new Map<string, number>();
    let prev: { v: number; s: number } | null = null;
    sorted.forEach((row, i) => {
      const v = value(row);
      const s = prev && prev.v === v ? prev.s : Math.floor((i * 5) / n) + 1;
      score.set(row.memberId, s);
      prev = { v, s };
    });
    return score;
  };
  const r = scoreBy((a) => -(a.recencyDays ?? Number.MAX_SAFE_INTEGER));
  const f = scoreBy((a) => a.frequency);
  const m = scoreBy((a) => a.monetary);
  return rows.map((a) => ({ memberId: a.memberId, r: r.get(a.memberId) ?? 1, f: f.get(a.memberId) ?? 1, m: m.get(a.memberId) ?? 1 }));
}

/** [G5] The owner's lifetime-value assumptions (absent: a 30% margin, 2.5 years). */
export const DEFAULT_VALUE_SETTINGS = { marginPct: 30, expectedYearsTenths: 25 } as const;
export function valueSettings(p: Pick<Programme, 'value'>): { marginPct: number; expectedYearsTenths: number } {
  return p.value ?? DEFAULT_VALUE_SETTINGS;
}

/**
 * [G5] A member's yearly profit contribution and lifetime value: what they spent in the tier window,
 * scaled to a year, × the margin; × the expected years.
 */
export function memberLifetimeValue(windowSpend: Cents, windowMonths: number, p: Pick<Programme, 'value'>): { yearlySpend: Cents; yearlyProfit: Cents; value: Cents } {
  const v = valueSettings(p);
  const yearlySpend = cents(mulDivFloor(windowSpend, 12, Math.max(1, windowMonths)));
  const yearlyProfit = cents(mulDivFloor(yearlySpend, v.marginPct, 100));
  return { yearlySpend, yearlyProfit, value: lifetimeValue(yearlyProfit, v.expectedYearsTenths) };
}

/** [G5] Lifetime value = yearly profit contribution × expected years as a customer (years in tenths: 25 = 2.5 years). */
export function lifetimeValue(yearlyProfit: Cents, expectedYearsTenths: number): Cents {
  return cents(mulDivFloor(yearlyProfit, expectedYearsTenths, 10));
}
