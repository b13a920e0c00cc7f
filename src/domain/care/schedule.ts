/**
 * Today's care tasks for one member (rules C2–C9 in docs/care-spec.md). The device asks the
 * indexes for candidates (care/query-plan.ts) and runs `careTasksFor` on each; it never reads a
 * whole table. Task ids are `${kind}:${memberId}:${period}`, so two devices that generate the same
 * task offline merge into one record.
 */
import type { Cents, Points } from '../money';
import type { CareTask, Coupon, Id, LocalDate, Member, MemberStats, TaskKind } from '../records';
import { concerns, type HolidayOccurrence } from './calendar';
import { dayNumber, fromDayNumber, onYear } from './dates';
import { localDayNumber } from './zone-offsets';
import { birthdayMonthDay } from './member-keys';
import type { CareSettings } from './settings';

export interface CareReason {
  /** i18n key: `care.reason.<code>`. */
  code: TaskKind;
  params: Record<string, string | number>;
}

export interface DueTask {
  task: CareTask;
  reason: CareReason;
}

export interface ExpiringPoints {
  points: Points;
  expiresOn: LocalDate;
}

export interface Complaint {
  id: Id;
  on: LocalDate;
  /** What the customer complained about, as staff recorded it (complaints.ts). */
  reason?: string;
}

export interface MemberCareFacts {
  member: Member;
  stats: MemberStats | null;
  /** The member's coupons (only unused ones matter: a birthday offer to mention). */
  coupons: readonly Coupon[];
  /** Positive ledger entries not yet spent, by expiry date (from the ledger's expiresOn index). */
  expiring: readonly ExpiringPoints[];
  /** Complaints still to be followed up. */
  complaints: readonly Complaint[];
  /** Ids of this member's tasks already done or dropped: they are not generated again. */
  closedTaskIds: ReadonlySet<Id>;
}

export interface CareContext {
  today: LocalDate;
  timeZone: string;
  settings: CareSettings;
  /** The holidays whose greeting window contains today: `holidaysDue(calendar, today, settings.holiday.leadDays)`. */
  holidays: readonly HolidayOccurrence[];
}

export function careTaskId(kind: TaskKind, memberId: Id, period: string): Id {
  return `${kind}:${memberId}:${period}`;
}

/** 'MM-DD' of a birthday (kept in member-keys.ts, a leaf module the till's start-up imports). */
export { birthdayMonthDay };

/** [C2] A VIP is a member holding one of the VIP tiers (any tier when `vipTierIds` is null). */
export function isVip(stats: MemberStats | null, settings: CareSettings): boolean {
  const tier = stats?.tierId ?? null;
  if (tier === null) return false;
  return settings.vipTierIds === null || settings.vipTierIds.includes(tier);
}

/** [C3] The care tasks due today for one member: none at all for a do-not-disturb or merged member. */
export function careTasksFor(facts: MemberCareFacts, ctx: CareContext): DueTask[] {
  const { member, stats } = facts;
  if (member.doNotDisturb || member.mergedInto !== null) return [];
  const s = ctx.settings;
  // Day numbers, not strings, on this path: it runs once per candidate when the care list opens.
  const today = dayNumber(ctx.today);
  const out: DueTask[] = [];
  const add = (kind: TaskKind, period: string, from: number, to: number, params: () => CareReason['params']): void => {
    if (today < from || today > to) return;
    const id = careTaskId(kind, member.id, period);
    if (facts.closedTaskIds.has(id)) return;
    out.push({ task: openTask(id, member.id, kind, fromDayNumber(from), fromDayNumber(to)), reason: { code: kind, params: params() } });
  };

  const firstN = stats?.firstPurchaseAt != null ? localDayNumber(stats.firstPurchaseAt, ctx.timeZone) : null;
  const lastN = stats?.lastPurchaseAt != null ? localDayNumber(stats.lastPurchaseAt, ctx.timeZone) : null;
  const first = firstN === null ? null : fromDayNumber(firstN);
  const last = lastN === null ? null : fromDayNumber(lastN);

  // [C4] One follow-up after the first purchase.
  if (first !== null && firstN !== null) {
    add('first-purchase-followup', first, firstN + s.followUp.fromDays, firstN + s.followUp.toDays, () => ({ firstPurchase: first }));
  }
  // [C5] Bought again within a month of the first purchase: a new-arrival invitation, once.
  if (first !== null && last !== null && firstN !== null && lastN !== null && stats !== null && stats.visits >= 2 && lastN - firstN <= s.repeatInvite.withinDays) {
    add('repeat-invite', first, lastN, lastN + s.repeatInvite.windowDays,
      () => ({ firstPurchase: first, lastPurchase: last, visits: stats.visits }));
  }
  // [C6] Birthday and membership anniversary, once a year each.
  const md = birthdayMonthDay(member.birthday);
  if (md !== null) {
    for (const date of yearlyNear(md, ctx.today)) {
      const n = dayNumber(date);
      add('birthday', date.slice(0, 4), n - s.birthday.leadDays, n + s.birthday.graceDays, () => {
        const offer = birthdayOffer(facts.coupons, date);
        return { birthday: date, ...(offer ? { couponId: offer.id } : {}) };
      });
    }
  }
  for (const date of yearlyNear(member.enrolledOn.slice(5), ctx.today)) {
    const years = Number(date.slice(0, 4)) - Number(member.enrolledOn.slice(0, 4));
    if (years < 1 || years > s.anniversary.maxYears) continue;
    const n = dayNumber(date);
    add('anniversary', date.slice(0, 4), n - s.anniversary.leadDays, n + s.anniversary.graceDays, () => ({ anniversary: date, years }));
  }
  // [C7] Points about to expire: one task per earliest expiry date.
  if (facts.expiring.length > 0) {
    const horizon = fromDayNumber(today + s.pointsExpiring.withinDays);
    const soon = facts.expiring.filter((e) => e.points > 0 && e.expiresOn >= ctx.today && e.expiresOn <= horizon);
    const total = soon.reduce((n, e) => n + e.points, 0);
    const earliest = soon.map((e) => e.expiresOn).sort()[0];
    if (earliest !== undefined && total >= s.pointsExpiring.minPoints) {
      const n = dayNumber(earliest);
      add('points-expiring', earliest, n - s.pointsExpiring.withinDays, n, () => ({ points: total, expiresOn: earliest }));
    }
  }
  // [C8] A VIP not seen for a while: win-back, once per absence.
  if (last !== null && lastN !== null && isVip(stats, s)) {
    const from = lastN + s.winBack.afterDays;
    add('win-back', last, from, from + s.winBack.windowDays, () => ({ lastPurchase: last, days: today - lastN }));
  }
  // [C9] Every complaint is followed up.
  for (const c of facts.complaints) {
    const from = dayNumber(c.on) + s.complaint.afterDays;
    add('complaint', c.id, from, from + s.complaint.windowDays, () => ({ complaintOn: c.on, reason: c.reason ?? '' }));
  }
  // [C14] Holidays and profession days that concern the member.
  for (const h of ctx.holidays) {
    if (h.rule.audience.kind === 'all' && s.holiday.audience === 'vip' && !isVip(stats, s)) continue;
    if (!concerns(h.rule, member)) continue;
    const n = dayNumber(h.date);
    add('holiday', h.period, n - s.holiday.leadDays, n,
      () => ({ holiday: h.rule.id, date: h.date, ...(h.rule.name ? { name: h.rule.name } : {}) }));
  }
  return out;
}

/** [C3] The care list: every candidate's tasks, soonest deadline first. */
export function careTasksDue(candidates: Iterable<MemberCareFacts>, ctx: CareContext): DueTask[] {
  const all: DueTask[] = [];
  for (const f of candidates) all.push(...careTasksFor(f, ctx));
  return all.sort((a, b) => (a.task.dueTo < b.task.dueTo ? -1 : a.task.dueTo > b.task.dueTo ? 1 : a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0));
}

/** The occurrences of a yearly 'MM-DD' last year, this year and next year (windows may cross New Year). */
function yearlyNear(monthDay: string, today: LocalDate): LocalDate[] {
  const y = Number(today.slice(0, 4));
  try {
    return [onYear(monthDay, y - 1), onYear(monthDay, y), onYear(monthDay, y + 1)];
  } catch {
    return [];
  }
}

function birthdayOffer(coupons: readonly Coupon[], birthday: LocalDate): Coupon | undefined {
  return coupons.find((c) => c.kind === 'birthday' && c.usedSaleId === null && c.validFrom <= birthday && c.validTo >= birthday);
}

function openTask(id: Id, memberId: Id, kind: TaskKind, dueFrom: LocalDate, dueTo: LocalDate): CareTask {
  return {
    id, memberId, kind, dueFrom, dueTo, status: 'open', outcome: null, note: '', giftCost: 0 as Cents, doneAt: null, doneBy: null,
  };
}
