/**
 * Which index ranges the device must read to find every member who may have a care task today
 * (rule C15 in docs/care-spec.md; the indexes are listed there). The plan over-approximates:
 * `careTasksFor` decides per candidate. `memberMatchesQuery` is the same test in memory, for the
 * in-memory repository twin and for the property test that the plan misses nobody.
 */
import type { Id, Instant, LocalDate } from '../records';
import type { HolidayOccurrence } from './calendar';
import { addDays, dayNumber, endOfMonth, isLeapYear, onYear, startOfLocalDay, startOfMonth, startOfWeek } from './dates';
import { birthdayMonthDay, isVip, type CareContext, type MemberCareFacts } from './schedule';
import { profileTag, profileTags } from './member-keys';
import type { CareSettings } from './settings';

/** A range over Instants: [from, toExclusive), the store-local dates [fromDate, toDate]. */
export interface InstantRange {
  fromDate: LocalDate;
  toDate: LocalDate;
  from: Instant;
  toExclusive: Instant;
}

export type CareQuery =
  /** memberStats where firstPurchaseAt in range: first-purchase follow-ups. */
  | { source: 'stats.firstPurchaseAt'; range: InstantRange }
  /** memberStats where lastPurchaseAt in range: repeat invitations and (VIPs only) win-back. */
  | { source: 'stats.lastPurchaseAt'; range: InstantRange }
  /** members where the 'MM-DD' of their birthday is in [from, to] (a derived index). */
  | { source: 'member.birthdayMonthDay'; from: string; to: string }
  /** members where enrolledOn is in [from, to] (one query per anniversary year). */
  | { source: 'member.enrolledOn'; from: LocalDate; to: LocalDate }
  /** ledger entries with expiresOn in [from, to] and points left: their members. */
  | { source: 'ledger.expiresOn'; from: LocalDate; to: LocalDate }
  /** members whose profile field has one of the values (any non-empty value when omitted). */
  | { source: 'member.profile'; field: string; values?: string[] }
  /** memberStats where tierId is one of these (any tier when null): VIP holiday greetings. */
  | { source: 'stats.tierId'; tierIds: string[] | null }
  /** every member: a holiday for everyone when the store greets all members. */
  | { source: 'member.all' }
  /** open complaints. */
  | { source: 'complaints.open' };

function instantRange(fromDate: LocalDate, toDate: LocalDate, timeZone: string): InstantRange {
  return { fromDate, toDate, from: startOfLocalDay(fromDate, timeZone), toExclusive: startOfLocalDay(addDays(toDate, 1), timeZone) };
}

/** 'MM-DD' ranges covering the yearly dates in [from, to] (split at New Year; Feb 29 kept in common years). */
export function monthDayRanges(from: LocalDate, to: LocalDate): { from: string; to: string }[] {
  if (dayNumber(to) < dayNumber(from)) return [];
  if (dayNumber(to) - dayNumber(from) >= 365) return [{ from: '01-01', to: '12-31' }];
  const widen = (a: LocalDate, b: LocalDate): { from: string; to: string } => {
    // In a common year a Feb 29 birthday is celebrated on Feb 28, so a range ending on 02-28 includes 02-29.
    const end = b.slice(5) === '02-28' && !isLeapYear(Number(b.slice(0, 4))) ? '02-29' : b.slice(5);
    return { from: a.slice(5), to: end };
  };
  if (from.slice(0, 4) === to.slice(0, 4)) return [widen(from, to)];
  return [widen(from, `${from.slice(0, 4)}-12-31`), widen(`${to.slice(0, 4)}-01-01`, to)];
}

/** [C16] The birthday list for this week (Monday to Sunday) or this month, as 'MM-DD' index ranges. */
export function birthdayListRanges(today: LocalDate, scope: 'week' | 'month'): { from: string; to: string }[] {
  if (scope === 'week') return monthDayRanges(startOfWeek(today), addDays(startOfWeek(today), 6));
  return monthDayRanges(startOfMonth(today), endOfMonth(today));
}

/**
 * [C15] The index reads that find every member with a care task due today. [C15b] With `dueBy`, only
 * the parts of the ranges that can hold a task whose window ends (`dueTo`) by that day: the members
 * with the soonest deadlines, which is where the screen's order starts.
 */
export function careQueryPlan(ctx: Pick<CareContext, 'today' | 'timeZone' | 'settings' | 'holidays'>, dueBy?: LocalDate): CareQuery[] {
  const { today, timeZone, settings: s } = ctx;
  // The last day of a range whose task would end `after` days after its index key, by `dueBy`.
  const upTo = (to: LocalDate, after: number): LocalDate => {
    if (dueBy === undefined) return to;
    const last = addDays(dueBy, -after);
    return last < to ? last : to;
  };
  const plan: CareQuery[] = [];
  const stats = (source: 'stats.firstPurchaseAt' | 'stats.lastPurchaseAt', from: LocalDate, to: LocalDate): void => {
    if (from <= to) plan.push({ source, range: instantRange(from, to, timeZone) });
  };
  stats('stats.firstPurchaseAt', addDays(today, -s.followUp.toDays), upTo(addDays(today, -s.followUp.fromDays), s.followUp.toDays));
  stats('stats.lastPurchaseAt', addDays(today, -s.repeatInvite.windowDays), upTo(today, s.repeatInvite.windowDays));
  const lapsed = addDays(today, -s.winBack.afterDays);
  stats('stats.lastPurchaseAt', addDays(lapsed, -s.winBack.windowDays), upTo(lapsed, s.winBack.afterDays + s.winBack.windowDays));
  for (const r of monthDayRanges(addDays(today, -s.birthday.graceDays), upTo(addDays(today, s.birthday.leadDays), s.birthday.graceDays))) {
    plan.push({ source: 'member.birthdayMonthDay', ...r });
  }
  const aFrom = addDays(today, -s.anniversary.graceDays), aTo = upTo(addDays(today, s.anniversary.leadDays), s.anniversary.graceDays);
  for (let k = 1; k <= s.anniversary.maxYears && aFrom <= aTo; k++) {
    const from = onYear(aFrom.slice(5), Number(aFrom.slice(0, 4)) - k);
    let to = onYear(aTo.slice(5), Number(aTo.slice(0, 4)) - k);
    // Enrolled on Feb 29: celebrated on Feb 28 of a common year.
    if (to.slice(5) === '02-28' && isLeapYear(Number(to.slice(0, 4)))) to = `${to.slice(0, 4)}-02-29`;
    plan.push({ source: 'member.enrolledOn', from, to });
  }
  const expiring = upTo(addDays(today, s.pointsExpiring.withinDays), 0);
  if (today <= expiring) plan.push({ source: 'ledger.expiresOn', from: today, to: expiring });
  plan.push({ source: 'complaints.open' });
  plan.push(...holidayQueries(dueBy === undefined ? ctx.holidays : ctx.holidays.filter((h) => h.date <= dueBy), s));
  return plan;
}

function holidayQueries(holidays: readonly HolidayOccurrence[], s: CareSettings): CareQuery[] {
  const out: CareQuery[] = [];
  const seen = new Set<string>();
  for (const h of holidays) {
    const aud = h.rule.audience;
    const q: CareQuery = aud.kind === 'profile'
      ? { source: 'member.profile', field: aud.field, ...(aud.values ? { values: aud.values } : {}) }
      : s.holiday.audience === 'all' ? { source: 'member.all' } : { source: 'stats.tierId', tierIds: s.vipTierIds };
    const key = JSON.stringify(q);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(q);
    }
  }
  return out;
}

/** [C15] The profile tags of the index `profileTags` (kept in member-keys.ts, a leaf module the till's start-up imports). */
export { profileTag, profileTags };

/**
 * [C15] The index keys a 'member.profile' query reads: the exact tags, or (no values: anyone who
 * filled the field) the prefix `${field}=` for a range read.
 */
export function profileQueryKeys(q: { field: string; values?: string[] }): { tags: string[] } | { prefix: string } {
  return q.values === undefined ? { prefix: `${q.field}=` } : { tags: q.values.map((v) => profileTag(q.field, v)) };
}

/** [C15] Whether a member's records fall in a query's range: what the index would answer. */
export function memberMatchesQuery(q: CareQuery, facts: Pick<MemberCareFacts, 'member' | 'stats' | 'expiring' | 'complaints'>, settings: CareSettings): boolean {
  const { member, stats } = facts;
  const inRange = (at: Instant | null | undefined, r: InstantRange): boolean => at != null && at >= r.from && at < r.toExclusive;
  switch (q.source) {
    case 'stats.firstPurchaseAt': return inRange(stats?.firstPurchaseAt, q.range);
    case 'stats.lastPurchaseAt': return inRange(stats?.lastPurchaseAt, q.range);
    case 'member.birthdayMonthDay': {
      const md = birthdayMonthDay(member.birthday);
      return md !== null && md >= q.from && md <= q.to;
    }
    case 'member.enrolledOn': return member.enrolledOn >= q.from && member.enrolledOn <= q.to;
    case 'ledger.expiresOn': return facts.expiring.some((e) => e.points > 0 && e.expiresOn >= q.from && e.expiresOn <= q.to);
    case 'member.profile': {
      const keys = profileQueryKeys(q);
      const tags = profileTags(member);
      return 'prefix' in keys ? tags.some((t) => t.startsWith(keys.prefix)) : keys.tags.some((t) => tags.includes(t));
    }
    case 'stats.tierId': return isVip(stats, { ...settings, vipTierIds: q.tierIds });
    case 'member.all': return true;
    case 'complaints.open': return facts.complaints.length > 0;
  }
}

/** Candidate member ids from the plan's answers, each once (a member may match several reads). */
export function uniqueCandidates(answers: Iterable<Iterable<Id>>): Id[] {
  const seen = new Set<Id>();
  for (const ids of answers) for (const id of ids) seen.add(id);
  return [...seen];
}
