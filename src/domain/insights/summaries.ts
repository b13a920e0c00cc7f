/**
 * The compact rows the owner's insights read (rule I2 in docs/care-spec.md): one per member from
 * the kept stats, one per sale (date, member, total), one per ledger entry (date, kind, points).
 * The worker streams them in pages into the accumulators in this folder; no insight needs a
 * whole table at once on the till's thread, and each keeps only what its answer needs.
 */
import type { Cents, Points } from '../money';
import type { Id, LedgerKind, LocalDate, Member, MemberStats } from '../records';
import type { Grade } from '../segments';
import { fromDayNumber, startOfWeek } from '../care/dates';
import { localDayNumber } from '../care/zone-offsets';

export interface MemberSummary {
  id: Id;
  enrolledOn: LocalDate;
  tierId: string | null;
  /** The local date the member first reached a VIP tier (MemberStats.tierSince in the store's zone). */
  vipSince: LocalDate | null;
  grade: Grade | null;
  lifetimeSpend: Cents;
  visits: number;
}

export interface SaleSummary {
  memberId: Id | null;
  businessDate: LocalDate;
  /** What was paid at the till. */
  total: Cents;
  /** What the sale's returns refunded so far (0 when none): every sales figure counts `total − refunded`. */
  refunded?: Cents;
}

/** [I2] A sale's figure net of its returns; a sale refunded in full is no purchase at all (null). */
export function netOf(s: Pick<SaleSummary, 'total' | 'refunded'>): number | null {
  const net = s.total - (s.refunded ?? 0);
  return net > 0 || (s.total === 0 && (s.refunded ?? 0) === 0) ? net : null;
}

export interface LedgerSummary {
  kind: LedgerKind;
  points: Points;
  on: LocalDate;
  /** The entry's reason: a return's reversals ('return.earn', 'return.redeem', 'return.referral') net the figures. */
  reason?: string;
}

export type Period = 'day' | 'week' | 'month';

/** [I2] The bucket a date falls in: the date, the Monday of its week, or 'YYYY-MM'. */
export function periodKey(date: LocalDate, period: Period): string {
  if (period === 'day') return date;
  if (period === 'week') return startOfWeek(date);
  return date.slice(0, 7);
}

/** A share in percent with one decimal (not money: display only); 0 when there is nothing to share. */
export function pct(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10;
}

/**
 * [I2] A member's summary from the records the device keeps. `vipTierIds` as in care settings
 * (null: any tier); `grade` from segments.gradeFor over the member's purchases in the last 30 days.
 */
export function memberSummaryOf(
  m: Pick<Member, 'id' | 'enrolledOn'>, s: MemberStats | null, grade: Grade | null, vipTierIds: readonly string[] | null, timeZone: string,
): MemberSummary {
  const tierId = s?.tierId ?? null;
  const vip = tierId !== null && (vipTierIds === null || vipTierIds.includes(tierId));
  return {
    id: m.id, enrolledOn: m.enrolledOn, tierId, grade,
    vipSince: vip && s?.tierSince != null ? fromDayNumber(localDayNumber(s.tierSince, timeZone)) : null,
    lifetimeSpend: s?.lifetimeSpend ?? (0 as Cents), visits: s?.visits ?? 0,
  };
}
