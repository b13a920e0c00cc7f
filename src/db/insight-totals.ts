/**
 * The dashboard's kept totals (rule I11 in docs/care-spec.md): what each sale, member and ledger
 * entry adds to them, as signed contributions. A write removes the old record's contribution and adds
 * the new one's (insight-middleware.ts, in the write's own transaction); a rebuild adds every
 * record's (insight-rebuild.ts). Both go through these functions, so they cannot disagree.
 *
 * Kept rows:
 *  - `insightDays`, one per business day (the store's local date): new members (I3), member and
 *    walk-in sales and net cents (I6), first-timers and repeats by first-purchase day (I7), points
 *    issued / redeemed / expired / taken back and their net (I9, by the entry's local date).
 *  - `insightBuyers`, one per member who bought: counting sales per business day (a sale refunded in
 *    full does not count), from which the first two purchase days (I7) and active months (I8) follow.
 *  - `insightCohorts`, one per enrolment month: live members enrolled then, and how many of them
 *    bought in month k = 0…11 after it (I8).
 *  - `insightReferrals`: copies of the referral rewards and their take-backs (C41), and one row per
 *    referrer for the rewards from before pairing (C-S20, `pastReferralRow`).
 *  - `insightState`: whether the totals are stale (then a full scan rebuilds them) and in which zone.
 */
import type { Id, LedgerEntry, LocalDate, Member, Sale } from '../domain/records';
import { points } from '../domain/money';
import { addDays, fromDayNumber } from '../domain/care/dates';
import { localDayNumber } from '../domain/care/zone-offsets';
import { flowParts } from '../domain/insights/flow';
import { monthIndex, REPEAT_DAYS } from '../domain/insights/sales';
import { netOf } from '../domain/insights/summaries';

export const COHORT_MONTHS = 12;

export interface DayTotals {
  day: LocalDate;
  newMembers: number;
  memberSales: number;
  memberNet: number;
  walkInSales: number;
  walkInNet: number;
  firstTimers: number;
  repeated: number;
  issued: number;
  redeemed: number;
  expired: number;
  other: number;
  /** The sum of the day's points (for the outstanding balance). */
  net: number;
}
type DayField = Exclude<keyof DayTotals, 'day'>;
const DAY_FIELDS: DayField[] = ['newMembers', 'memberSales', 'memberNet', 'walkInSales', 'walkInNet', 'firstTimers', 'repeated',
  'issued', 'redeemed', 'expired', 'other', 'net'];

export interface BuyerRow {
  memberId: Id;
  /** Counting sales per business day (no zero entries). */
  days: Record<LocalDate, number>;
}

export interface CohortRow {
  month: number;
  size: number;
  active: number[];
}

export type ReferralRow = Pick<LedgerEntry, 'id' | 'memberId' | 'kind' | 'points' | 'sourceId' | 'reason'> & {
  /** C-S20: a referrer's rewards from before this tablet was paired, as one row: the sales they stand for. */
  pastSales?: number;
};

export interface InsightState {
  key: 'state';
  stale: boolean;
  /** The zone the points' local dates were taken in. */
  zone: string | null;
  /** Writes seen while stale: a rebuild keeps its result only if none came during its scan. */
  writes: number;
}

export const KEPT_TABLES = ['insightDays', 'insightBuyers', 'insightCohorts', 'insightReferrals', 'insightState'] as const;
export const STALE: InsightState = { key: 'state', stale: true, zone: null, writes: 0 };

export function emptyDay(day: LocalDate): DayTotals {
  const d = { day } as DayTotals;
  for (const f of DAY_FIELDS) d[f] = 0;
  return d;
}

/** [C41] Whether a ledger entry belongs to the referral book. */
export function isReferralEntry(e: Pick<LedgerEntry, 'kind' | 'reason'>): boolean {
  return e.kind === 'referral' || (e.kind === 'reversal' && e.reason === 'referral');
}

/** C-S20: a referrer's past referral rewards (sent at bootstrap) as one row of the referral book, never a ledger entry. */
export function pastReferralRow(memberId: Id, referral: { points: number; sales: number }): ReferralRow {
  return { id: `past:${memberId}`, memberId, kind: 'referral', points: points(referral.points), sourceId: null, reason: 'past', pastSales: referral.sales };
}

export function referralRow(e: LedgerEntry): ReferralRow {
  return { id: e.id, memberId: e.memberId, kind: e.kind, points: e.points, sourceId: e.sourceId, reason: e.reason };
}

/** Signed changes to the kept rows, gathered over one write (or one rebuild), then applied at once. */
export class Deltas {
  readonly days = new Map<LocalDate, Partial<Record<DayField, number>>>();
  readonly cohorts = new Map<number, { size: number; active: number[] }>();
  /** Per member, per business day: the change in counting sales. */
  readonly buyers = new Map<Id, Map<LocalDate, number>>();

  day(day: LocalDate, field: DayField, by: number): void {
    if (by === 0) return;
    const d = this.days.get(day) ?? {};
    d[field] = (d[field] ?? 0) + by;
    this.days.set(day, d);
  }

  cohort(month: number, by: number, k: number | null): void {
    let c = this.cohorts.get(month);
    if (!c) this.cohorts.set(month, (c = { size: 0, active: new Array<number>(COHORT_MONTHS).fill(0) }));
    if (k === null) c.size += by;
    else c.active[k] = (c.active[k] ?? 0) + by;
  }

  buyer(memberId: Id, day: LocalDate, by: number): void {
    const m = this.buyers.get(memberId) ?? new Map<LocalDate, number>();
    m.set(day, (m.get(day) ?? 0) + by);
    this.buyers.set(memberId, m);
  }

  /** The days whose figures change (a change that nets to zero is left out: the row stays as it is). */
  changedDayKeys(): LocalDate[] {
    return [...this.days].filter(([, f]) => Object.values(f).some((v) => v !== 0)).map(([day]) => day);
  }

  /** The enrolment months whose cohort changes. */
  changedMonths(): number[] {
    return [...this.cohorts].filter(([, c]) => c.size !== 0 || c.active.some((v) => v !== 0)).map(([month]) => month);
  }

  /** [I6] A sale with what its returns refunded: a day's figures and its member's purchase days. */
  sale(s: Pick<Sale, 'memberId' | 'businessDate' | 'total'>, refunded: number, sign: 1 | -1): void {
    const net = netOf({ total: s.total, refunded: refunded as Sale['total'] });
    if (net === null) return; // refunded in full: no ticket, no purchase
    if (s.memberId === null) {
      this.day(s.businessDate, 'walkInSales', sign);
      this.day(s.businessDate, 'walkInNet', sign * net);
    } else {
      this.day(s.businessDate, 'memberSales', sign);
      this.day(s.businessDate, 'memberNet', sign * net);
      this.buyer(s.memberId, s.businessDate, sign);
    }
  }

  /**
   * [I3][I7][I8] A member (undefined: no row) with their purchase days: new member on enrolledOn and
   * cohort size and activity (live members only); first-timer and repeat by the first purchase day.
   */
  member(m: Pick<Member, 'enrolledOn' | 'mergedInto'> | undefined, days: Record<LocalDate, number> | undefined, sign: 1 | -1): void {
    const bought = Object.keys(days ?? {}).sort();
    if (m !== undefined && m.mergedInto === null) {
      this.day(m.enrolledOn, 'newMembers', sign);
      const c = monthIndex(m.enrolledOn);
      this.cohort(c, sign, null);
      for (const month of new Set(bought.map(monthIndex))) {
        const k = month - c;
        if (k >= 0 && k < COHORT_MONTHS) this.cohort(c, sign, k);
      }
    }
    const [first, second] = bought;
    if (first === undefined) return;
    this.day(first, 'firstTimers', sign);
    if (second !== undefined && second <= addDays(first, REPEAT_DAYS)) this.day(first, 'repeated', sign);
  }

  /** [I9] A ledger entry, on its local date in the store's zone. */
  entry(e: Pick<LedgerEntry, 'kind' | 'points' | 'reason' | 'at'>, zone: string, sign: 1 | -1): void {
    const on = fromDayNumber(localDayNumber(e.at, zone));
    const parts = flowParts(e);
    this.day(on, 'issued', sign * parts.issued);
    this.day(on, 'redeemed', sign * parts.redeemed);
    this.day(on, 'expired', sign * parts.expired);
    this.day(on, 'other', sign * parts.other);
    this.day(on, 'net', sign * e.points);
  }
}

/** A buyer's purchase days after a change (counts at zero are dropped). */
export function changedDays(days: Record<LocalDate, number> | undefined, change: Map<LocalDate, number>): Record<LocalDate, number> {
  const out: Record<LocalDate, number> = { ...days };
  for (const [day, by] of change) {
    const n = (out[day] ?? 0) + by;
    if (n > 0) out[day] = n;
    else delete out[day];
  }
  return out;
}

/** Day rows after the deltas (rows at zero everywhere are kept: they are few, one per day). */
export function applyDays(rows: (DayTotals | undefined)[], keys: LocalDate[], deltas: Deltas): DayTotals[] {
  return keys.map((day, i) => {
    const row = { ...(rows[i] ?? emptyDay(day)) };
    const d = deltas.days.get(day) ?? {};
    for (const f of DAY_FIELDS) row[f] += d[f] ?? 0;
    return row;
  });
}

export function applyCohorts(rows: (CohortRow | undefined)[], keys: number[], deltas: Deltas): CohortRow[] {
  return keys.map((month, i) => {
    const row = rows[i] ?? { month, size: 0, active: new Array<number>(COHORT_MONTHS).fill(0) };
    const d = deltas.cohorts.get(month);
    return { month, size: row.size + (d?.size ?? 0), active: row.active.map((n, k) => n + (d?.active[k] ?? 0)) };
  });
}
