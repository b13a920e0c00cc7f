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

export class LocalDateError extends RangeError {
  constructor(value: unknown) {
    super(`Not a calendar date (YYYY-MM-DD): ${String(value)}`);
    this.name = 'LocalDateError';
  }
}

/**
 * Days since 1970-01-01 for a valid 'YYYY-MM-DD'; throws on anything else (2025-02-30 included).
 * Plain integer arithmetic (Hinnant's days-from-civil): the care list calls this per candidate.
 */
export function dayNumber(date: LocalDate): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) throw new LocalDateError(date);
  const y = digits(date, 0, 4), m = digits(date, 5, 2), d = digits(date, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) throw new LocalDateError(date);
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The decimal number in text[at, at+len), or -1 if any character there is not a digit. */
function digits(text: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function fromDayNumber(n: number): LocalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function monthLength(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
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
