/**
 * Dates in the store's time zone. An Instant (epoch ms) becomes a LocalDate ('YYYY-MM-DD') only
 * here, through Intl and the store's IANA zone; all later arithmetic is on calendar dates, so a
 * birthday month or a 7-day return window never depends on the device's own zone.
 * Nothing here reads the clock: "now" is always a parameter.
 */
import type { Instant, LocalDate } from './records';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone this runtime knows ('Asia/Shanghai'). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date through Intl (a few microseconds a call). */
export function intlLocalDate(instant: Instant, timeZone: string): LocalDate {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/**
 * The date is remembered per zone and quarter hour (a server re-pricing a batch of sales asks for the
 * same few days again and again), but only for a quarter hour whose first and last millisecond fall
 * on the same date: since 1980 offsets are whole quarter hours, yet some zones changed their clocks
 * at 00:01 (St John's until 2010), so a date can change inside a quarter hour; such a quarter is
 * asked of Intl every time.
 */
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const SINCE_1980 = Date.UTC(1980, 0, 1);
const remembered = new Map<string, LocalDate>();

/** The calendar date of an instant in a time zone. Throws RangeError for an unknown zone. */
export function localDate(instant: Instant, timeZone: string): LocalDate {
  if (instant < SINCE_1980 || !Number.isFinite(instant)) return intlLocalDate(instant, timeZone);
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${timeZone} ${quarter}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const date = intlLocalDate(instant, timeZone);
  const first = intlLocalDate(quarter * QUARTER_HOUR_MS, timeZone);
  if (first === date && intlLocalDate((quarter + 1) * QUARTER_HOUR_MS - 1, timeZone) === date) {
    if (remembered.size >= 20_000) remembered.clear();
    remembered.set(key, date);
  }
  return date;
}

export interface Ymd { y: number; m: number; d: number }

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parseDate(date: LocalDate): Ymd {
  const m = DATE_RE.exec(date);
  if (!m || !isLocalDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export function formatDate({ y, m, d }: Ymd): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function toDayNumber(date: LocalDate): number {
  const { y, m, d } = parseDate(date);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function fromDayNumber(n: number): LocalDate {
  const t = new Date(n * 86_400_000);
  return formatDate({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds calendar months; a day past the end of the target month becomes its last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = parseDate(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return formatDate({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 'YYYY-MM'. */
export function monthOf(date: LocalDate): string {
  return date.slice(0, 7);
}

export function startOfMonth(date: LocalDate): LocalDate {
  return `${monthOf(date)}-01`;
}

export function endOfMonth(date: LocalDate): LocalDate {
  const { y, m } = parseDate(date);
  return formatDate({ y, m, d: daysInMonth(y, m) });
}

export function endOfYear(date: LocalDate): LocalDate {
  return `${date.slice(0, 4)}-12-31`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return ((toDayNumber(date) % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday
}

/** Whole years from `from` to `on` (an anniversary counts on its day; Feb 29 counts on Feb 28). */
export function wholeYearsBetween(from: LocalDate, on: LocalDate): number {
  const a = parseDate(from), b = parseDate(on);
  let years = b.y - a.y;
  const anniversary = addMonths(from, years * 12);
  if (daysBetween(anniversary, on) < 0) years -= 1;
  return years;
}
