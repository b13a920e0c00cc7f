/**
 * Sales insights (rules I6–I8 in docs/care-spec.md): members' share of sales and the average
 * ticket member vs walk-in; the repeat-purchase rate within 30 days; cohort retention by
 * enrollment month. Accumulators over pages of SaleSummary (and MemberSummary for cohorts).
 */
import { cents, type Cents } from '../money';
import type { Id, LocalDate } from '../records';
import { addDays } from '../care/dates';
import type { TableData } from './csv';
import { netOf, pct, type MemberSummary, type SaleSummary } from './summaries';

/**
 * [I6] Sales in [from, to] split into members and walk-ins, net of returns: each sale counts what was
 * paid minus what its returns refunded; a sale refunded in full is not a ticket.
 */
export class SalesMix {
  private member = { n: 0, total: 0 };
  private walkIn = { n: 0, total: 0 };
  constructor(private readonly from: LocalDate, private readonly to: LocalDate) {}

  add(page: readonly SaleSummary[]): void {
    for (const s of page) {
      if (s.businessDate < this.from || s.businessDate > this.to) continue;
      const net = netOf(s);
      if (net === null) continue;
      const side = s.memberId === null ? this.walkIn : this.member;
      side.n++;
      side.total += net;
    }
  }

  /** [I11] A day's kept totals (counts and net cents of member and walk-in sales), instead of its sales. */
  addTotals(day: LocalDate, t: { memberSales: number; memberNet: number; walkInSales: number; walkInNet: number }): void {
    if (day < this.from || day > this.to) return;
    this.member.n += t.memberSales;
    this.member.total += t.memberNet;
    this.walkIn.n += t.walkInSales;
    this.walkIn.total += t.walkInNet;
  }

  result(): { memberSharePct: number; memberSales: Cents; walkInSales: Cents; memberTicket: Cents; walkInTicket: Cents; table: TableData } {
    // Average ticket rounded down to the cent: an integer, like every amount.
    const ticket = (x: { n: number; total: number }): Cents => cents(x.n === 0 ? 0 : Math.floor(x.total / x.n));
    const r = {
      memberSharePct: pct(this.member.total, this.member.total + this.walkIn.total),
      memberSales: cents(this.member.total), walkInSales: cents(this.walkIn.total),
      memberTicket: ticket(this.member), walkInTicket: ticket(this.walkIn),
    };
    return { ...r, table: { columns: ['customer', 'sales', 'totalCents', 'averageTicketCents'], rows: [
      ['member', this.member.n, r.memberSales, r.memberTicket], ['walk-in', this.walkIn.n, r.walkInSales, r.walkInTicket],
    ] } };
  }
}

/**
 * [I7] Of the members whose first purchase falls in [from, to], how many bought again (on a later
 * day) within `days` of it. Feed every sale of those members up to `to + days`, in any order:
 * each member keeps only their two earliest purchase days.
 */
export class RepeatRate {
  private readonly firstTwo = new Map<Id, [LocalDate, LocalDate | null]>();
  private kept = { firstTimers: 0, repeated: 0 };
  constructor(private readonly from: LocalDate, private readonly to: LocalDate, private readonly days = 30) {}

  add(page: readonly SaleSummary[]): void {
    for (const s of page) {
      if (s.memberId === null || netOf(s) === null) continue; // a sale refunded in full is no purchase
      const d = s.businessDate;
      const cur = this.firstTwo.get(s.memberId);
      if (!cur) this.firstTwo.set(s.memberId, [d, null]);
      else if (d < cur[0]) this.firstTwo.set(s.memberId, [d, cur[0]]);
      else if (d > cur[0] && (cur[1] === null || d < cur[1])) cur[1] = d;
    }
  }

  /**
   * [I11] Kept counts for one first-purchase day: members whose first purchase was that day, and
   * those of them who bought again within `days` (the kept totals use REPEAT_DAYS).
   */
  addCounts(first: LocalDate, firstTimers: number, repeated: number): void {
    if (first < this.from || first > this.to) return;
    this.kept.firstTimers += firstTimers;
    this.kept.repeated += repeated;
  }

  result(): { firstTimers: number; repeated: number; ratePct: number; table: TableData } {
    let firstTimers = this.kept.firstTimers, repeated = this.kept.repeated;
    for (const [first, second] of this.firstTwo.values()) {
      if (first < this.from || first > this.to) continue;
      firstTimers++;
      if (second !== null && second <= addDays(first, this.days)) repeated++;
    }
    const ratePct = pct(repeated, firstTimers);
    return { firstTimers, repeated, ratePct, table: { columns: ['firstTimers', 'repeatedWithinDays', 'days', 'percent'], rows: [[firstTimers, repeated, this.days, ratePct]] } };
  }
}

/** The repeat window of the dashboard and of the kept totals (I7), in days. */
export const REPEAT_DAYS = 30;

/** A month as one integer (year × 12 + month − 1), for cohorts. */
export const monthIndex = (date: LocalDate): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * [I8] Cohort retention: members grouped by enrollment month; for month k after it (k = 0 the
 * month itself), the share of the cohort who bought in that month. Add members first, then sales.
 */
export class CohortRetention {
  private readonly cohortOf = new Map<Id, number>();
  private readonly size = new Map<number, number>();
  private readonly active = new Map<number, Map<number, Set<Id>>>();
  private readonly keptActive = new Map<number, number[]>();
  constructor(private readonly months = 12) {}

  addMembers(page: readonly Pick<MemberSummary, 'id' | 'enrolledOn'>[]): void {
    for (const m of page) {
      const c = monthIndex(m.enrolledOn);
      this.cohortOf.set(m.id, c);
      this.size.set(c, (this.size.get(c) ?? 0) + 1);
    }
  }

  addSales(page: readonly SaleSummary[]): void {
    for (const s of page) {
      if (s.memberId === null || netOf(s) === null) continue;
      const c = this.cohortOf.get(s.memberId);
      if (c === undefined) continue;
      const k = monthIndex(s.businessDate) - c;
      if (k < 0 || k >= this.months) continue;
      let byK = this.active.get(c);
      if (!byK) this.active.set(c, (byK = new Map()));
      let set = byK.get(k);
      if (!set) byK.set(k, (set = new Set()));
      set.add(s.memberId);
    }
  }

  /** [I11] A kept cohort: its size and, for each month k, how many of it bought in that month. */
  addCohort(month: number, size: number, active: readonly number[]): void {
    if (size === 0) return;
    this.size.set(month, (this.size.get(month) ?? 0) + size);
    const counts = this.keptActive.get(month) ?? new Array<number>(this.months).fill(0);
    for (let k = 0; k < this.months; k++) counts[k] = (counts[k] ?? 0) + (active[k] ?? 0);
    this.keptActive.set(month, counts);
  }

  /** `asOf`: months not yet reached are left empty (null), not shown as zero retention. */
  result(asOf: LocalDate): { cohorts: { cohort: string; members: number; retainedPct: (number | null)[] }[]; table: TableData } {
    const now = monthIndex(asOf);
    const cohorts = [...this.size.keys()].sort((a, b) => a - b).map((c) => {
      const members = this.size.get(c) ?? 0;
      const retainedPct = Array.from({ length: this.months }, (_, k) =>
        c + k > now ? null : pct((this.active.get(c)?.get(k)?.size ?? 0) + (this.keptActive.get(c)?.[k] ?? 0), members));
      return { cohort: `${Math.floor(c / 12)}-${String((c % 12) + 1).padStart(2, '0')}`, members, retainedPct };
    });
    return {
      cohorts,
      table: { columns: ['cohort', 'members', ...Array.from({ length: this.months }, (_, k) => `month${k}`)],
        rows: cohorts.map((c) => [c.cohort, c.members, ...c.retainedPct]) },
    };
  }
}
