/**
 * A store's care calendar (节点表): holidays and profession days, on Gregorian or lunar dates,
 * each with the members it concerns. Rules C10–C14 in docs/care-spec.md.
 */
import type { LocalDate, Member } from '../records';
import { addDays, dayNumber, onYear } from './dates';
import { gregorianOfLunar } from './lunar';

/** Who a holiday concerns: everyone, or members whose profile field has one of the values. */
export type Audience =
  | { kind: 'all' }
  /** `values` omitted: anyone with a non-empty value in that field (e.g. a baby's birth date). */
  | { kind: 'profile'; field: string; values?: string[] };

interface HolidayBase {
  /** Stable key: part of task ids and the i18n key `holiday.<id>`. Lower-case, no colon. */
  id: string;
  /** A store's own holiday may carry its own name; built-in ones are translated by id. */
  name?: string;
  audience: Audience;
}

export type HolidayRule =
  | (HolidayBase & { kind: 'gregorian'; monthDay: string }) // 'MM-DD'
  | (HolidayBase & { kind: 'lunar'; lunarMonth: number; lunarDay: number });

export interface StoreCalendar {
  holidays: HolidayRule[];
}

export interface HolidayOccurrence {
  rule: HolidayRule;
  date: LocalDate;
  /** `${id}-${year}`: the task period, so a holiday is greeted once a year per member. */
  period: string;
}

const occupation = (...values: string[]): Audience => ({ kind: 'profile', field: 'occupation', values });

/** [C10] The default calendar; every store can edit it. */
export const DEFAULT_CALENDAR: StoreCalendar = {
  holidays: [
    { id: 'spring-festival', kind: 'lunar', lunarMonth: 1, lunarDay: 1, audience: { kind: 'all' } },
    { id: 'lantern', kind: 'lunar', lunarMonth: 1, lunarDay: 15, audience: { kind: 'all' } },
    { id: 'dragon-boat', kind: 'lunar', lunarMonth: 5, lunarDay: 5, audience: { kind: 'all' } },
    { id: 'qixi', kind: 'lunar', lunarMonth: 7, lunarDay: 7, audience: { kind: 'all' } },
    { id: 'mid-autumn', kind: 'lunar', lunarMonth: 8, lunarDay: 15, audience: { kind: 'all' } },
    { id: 'double-ninth', kind: 'lunar', lunarMonth: 9, lunarDay: 9, audience: { kind: 'all' } },
    { id: 'womens-day', kind: 'gregorian', monthDay: '03-08', audience: { kind: 'profile', field: 'gender', values: ['female', 'f', '女'] } },
    { id: 'nurses-day', kind: 'gregorian', monthDay: '05-12', audience: occupation('nurse', '护士') },
    { id: 'childrens-day', kind: 'gregorian', monthDay: '06-01', audience: { kind: 'profile', field: 'childBirthDate' } },
    { id: 'teachers-day', kind: 'gregorian', monthDay: '09-10', audience: occupation('teacher', '教师', '老师') },
    { id: 'journalists-day', kind: 'gregorian', monthDay: '11-08', audience: occupation('journalist', 'reporter', '记者') },
  ],
};

/** [C11] The date a rule falls on in a Gregorian year (lunar rules: the lunar year starting that year). */
export function holidayDate(rule: HolidayRule, year: number): LocalDate | null {
  if (rule.kind === 'gregorian') return onYear(rule.monthDay, year);
  return gregorianOfLunar(year, rule.lunarMonth, rule.lunarDay);
}

/** [C12] Every holiday falling in [from, to] (inclusive), in date order. */
export function holidaysBetween(calendar: StoreCalendar, from: LocalDate, to: LocalDate): HolidayOccurrence[] {
  const a = dayNumber(from), b = dayNumber(to);
  if (b < a) return [];
  const out: HolidayOccurrence[] = [];
  const y0 = Number(from.slice(0, 4)), y1 = Number(to.slice(0, 4));
  // From the year before: a late lunar date (腊八, 12/8) of lunar year y falls in January of y + 1.
  for (let y = y0 - 1; y <= y1; y++) {
    for (const rule of calendar.holidays) {
      const date = holidayDate(rule, y);
      if (date === null) continue;
      const n = dayNumber(date);
      if (n >= a && n <= b) out.push({ rule, date, period: `${rule.id}-${y}` });
    }
  }
  return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.rule.id.localeCompare(y.rule.id)));
}

const fold = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

/** [C13] Whether a holiday concerns a member (profile values compared case- and width-insensitively). */
export function concerns(rule: HolidayRule, member: Member): boolean {
  const aud = rule.audience;
  if (aud.kind === 'all') return true;
  const value = fold(member.profile[aud.field] ?? '');
  if (value === '') return false;
  return aud.values === undefined || aud.values.some((v) => fold(v) === value);
}

/** [C14] The holidays whose greeting window [date − leadDays, date] contains `today`. */
export function holidaysDue(calendar: StoreCalendar, today: LocalDate, leadDays: number): HolidayOccurrence[] {
  return holidaysBetween(calendar, today, addDays(today, leadDays));
}
