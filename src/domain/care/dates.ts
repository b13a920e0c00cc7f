/**
 * Local-date helpers for the care engine, on top of `src/domain/time.ts` (the shared calendar
 * arithmetic). What time.ts does not export yet (day numbers, week starts, yearly dates with the
 * Feb-29 rule, the first instant of a local day) lives here; each could move there unchanged.
 * Pure: time zones and "today" are parameters; `Date.UTC` is a calendar calculator, not a clock.
 */
import type { Instant, LocalDate } from '../records';
import { addDays, daysBetween, endOfMonth, isLocalDate, localDate, startOfMonth } from '../time';

export { addDays, daysBetween, endOfMonth, isLocalDate, startOfMonth };
export const localDateOf = localDate;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class LocalDateError extends RangeError {
  constructor(value: unknown) {
    super(`Not a calendar date (YYYY-MM-DD): ${String(value)}`);
    this.name = 'LocalDateError';
  }
}

/** Days since 1970-01-01 for a valid 'YYYY-MM-DD'; throws on anything else (2025-02-30 included). */
export function dayNumber(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new LocalDateError(date);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new LocalDateError(date);
  }
  return Math.round(ms / DAY_MS);
}

export function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of the ISO week containing `date`. */
export function startOfWeek(date: LocalDate): LocalDate {
  const n = dayNumber(date);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
  return fromDayNumber(n - weekday);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * The date a yearly 'MM-DD' falls on in year `y`. 02-29 falls on 02-28 in common years, so a
 * member born on a leap day is still greeted every year.
 */
export function onYear(monthDay: string, y: number): LocalDate {
  const md = monthDay === '02-29' && !isLeapYear(y) ? '02-28' : monthDay;
  const date = `${String(y).padStart(4, '0')}-${md}`;
  dayNumber(date); // validates
  return date;
}

/**
 * The first instant of a local date in a time zone (for turning a date range into an index range
 * over Instants). Found by correcting a UTC guess with the zone's offset; two rounds settle DST.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Instant {
  const target = dayNumber(date) * DAY_MS;
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const local = dayNumber(localDateOf(guess, timeZone)) * DAY_MS + msIntoLocalDay(guess, timeZone);
    guess += target - local;
  }
  // On a day whose midnight does not exist (DST gap), step forward to the first instant of that day.
  while (localDateOf(guess, timeZone) < date) guess += 60_000;
  while (localDateOf(guess - 1, timeZone) === date) guess -= 60_000;
  return guess;
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

function msIntoLocalDay(at: Instant, timeZone: string): number {
  let f = clockFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const n = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
  return ((n('hour') * 60 + n('minute')) * 60 + n('second')) * 1000 + (((at % 1000) + 1000) % 1000);
}
