/**
 * Editing a store's care calendar (rules C10a–C10c in docs/care-spec.md): a holiday or profession
 * day added from the settings form is checked field by field, removed by id, and each rule is shown
 * with the date it falls on this year (lunar rules through the platform's Chinese calendar, C11).
 */
import { holidayDate, type Audience, type HolidayRule, type StoreCalendar } from './calendar';
import { onYear } from './dates';

export const HOLIDAY_NAME_MAX = 40;

/** What the form holds: text as typed. */
export interface HolidayDraft {
  name: string;
  kind: 'gregorian' | 'lunar';
  month: string;
  day: string;
  audience: 'all' | 'profile';
  /** The profile field (occupation, gender, childBirthDate…) when the audience is 'profile'. */
  field: string;
  /** Comma-separated values of that field; empty: anyone with the field filled in. */
  values: string;
}

export type HolidayProblem =
  | { field: 'name'; code: 'holiday.name.empty' | 'holiday.name.long' | 'holiday.name.taken'; max?: number }
  | { field: 'date'; code: 'holiday.date.invalid' }
  | { field: 'field'; code: 'holiday.field.empty' };

export type HolidayDraftResult = { ok: true; rule: HolidayRule } | { ok: false; problems: HolidayProblem[] };

const wholeIn = (text: string, min: number, max: number): number | null => {
  const t = text.normalize('NFKC').trim();
  if (!/^\d{1,2}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

const fold = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

/**
 * [C10a] A store's own holiday from the form: a name (unique in the calendar), a valid Gregorian
 * month-day (29 Feb allowed: greeted on 28 Feb in common years) or lunar month 1–12 and day 1–30,
 * and who it concerns. `id` is made by the caller (a fresh device id, lower-case, no colon).
 */
export function holidayRuleFrom(draft: HolidayDraft, calendar: StoreCalendar, id: string, builtInName: (id: string) => string): HolidayDraftResult {
  const problems: HolidayProblem[] = [];
  const name = draft.name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '') problems.push({ field: 'name', code: 'holiday.name.empty' });
  else if ([...name].length > HOLIDAY_NAME_MAX) problems.push({ field: 'name', code: 'holiday.name.long', max: HOLIDAY_NAME_MAX });
  else if (calendar.holidays.some((h) => fold(h.name ?? builtInName(h.id)) === fold(name))) problems.push({ field: 'name', code: 'holiday.name.taken' });

  const month = wholeIn(draft.month, 1, 12);
  const day = wholeIn(draft.day, 1, draft.kind === 'lunar' ? 30 : 31);
  let monthDay: string | null = null;
  if (month !== null && day !== null && draft.kind === 'gregorian') {
    monthDay = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    try {
      onYear(monthDay, 2024); // a leap year: 02-29 is a real day
    } catch {
      monthDay = null;
    }
  }
  if (month === null || day === null || (draft.kind === 'gregorian' && monthDay === null)) problems.push({ field: 'date', code: 'holiday.date.invalid' });

  let audience: Audience = { kind: 'all' };
  if (draft.audience === 'profile') {
    const field = draft.field.normalize('NFKC').trim();
    if (field === '') problems.push({ field: 'field', code: 'holiday.field.empty' });
    const values = draft.values.split(/[,，、]/).map((v) => v.normalize('NFKC').trim()).filter((v) => v !== '');
    audience = values.length > 0 ? { kind: 'profile', field, values } : { kind: 'profile', field };
  }
  if (problems.length > 0 || month === null || day === null) return { ok: false, problems };
  const rule: HolidayRule = draft.kind === 'lunar'
    ? { id, name, kind: 'lunar', lunarMonth: month, lunarDay: day, audience }
    : { id, name, kind: 'gregorian', monthDay: monthDay ?? '', audience };
  return { ok: true, rule };
}

/** [C10b] The calendar without the rule of that id (built-in ones too: a store may not keep Qixi). */
export function withoutHoliday(calendar: StoreCalendar, id: string): StoreCalendar {
  return { holidays: calendar.holidays.filter((h) => h.id !== id) };
}

/** [C10c] Each rule with the date it falls on in `year` (null when a lunar day does not occur that year), in date order. */
export function calendarForYear(calendar: StoreCalendar, year: number): { rule: HolidayRule; date: string | null }[] {
  return calendar.holidays
    .map((rule) => ({ rule, date: holidayDate(rule, year) }))
    .sort((a, b) => (a.date ?? '9999') < (b.date ?? '9999') ? -1 : (a.date ?? '9999') > (b.date ?? '9999') ? 1 : a.rule.id.localeCompare(b.rule.id));
}
