/**
 * Traditional (lunar) dates through the platform's Chinese calendar (`Intl`, ICU): no tables to
 * keep up to date. A leap month (闰六月, "6bis") is never taken for the regular month of the same
 * number, so Mid-Autumn is always the 15th of the regular eighth month.
 */
import type { LocalDate } from '../records';
import { dayNumber, fromDayNumber } from './dates';

export interface LunarDate {
  /** The Gregorian year in which this lunar year begins (ICU's relatedYear). */
  year: number;
  month: number; // 1..12
  leap: boolean;
  day: number; // 1..30
}

const ZH_MONTHS: Record<string, number> = {
  正: 1, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 冬: 11, 十二: 12, 腊: 12,
};

let formatter: Intl.DateTimeFormat | null = null;

/** Reads ICU's month part in either form it is known to take: '6', '6bis', '六月', '闰六月'. */
export function parseLunarMonth(text: string): { month: number; leap: boolean } | null {
  const latin = /^(\d{1,2})(bis)?$/.exec(text);
  if (latin) return { month: Number(latin[1]), leap: latin[2] !== undefined };
  const zh = /^(闰)?(.+?)月$/.exec(text);
  const name = zh?.[2];
  if (!zh || name === undefined) return null;
  const month = ZH_MONTHS[name];
  return month === undefined ? null : { month, leap: zh[1] !== undefined };
}

/**
 * Months whose first day ICU gets wrong by one day because the new moon falls within minutes of
 * midnight China time (unicode-org/icu#4070, tc39/test262#4769). Each entry is the true first day
 * per the Hong Kong Observatory tables. Applied only where the platform disagrees, so a platform
 * with a fixed ICU gives the same answer. Extend this list when another such month is found.
 */
const MONTH_STARTS: readonly (Omit<LunarDate, 'day'> & { start: LocalDate })[] = [
  { start: '2027-02-06', year: 2027, month: 1, leap: false }, // ICU: 02-07
  { start: '2030-02-03', year: 2030, month: 1, leap: false }, // ICU: 02-02
];

const sameMonth = (a: Omit<LunarDate, 'day'>, b: Omit<LunarDate, 'day'>): boolean =>
  a.year === b.year && a.month === b.month && a.leap === b.leap;

/** [C11] The lunar date of a Gregorian day, leap months marked. */
export function lunarDateOf(date: LocalDate): LunarDate {
  const raw = platformLunar(date);
  const n = dayNumber(date);
  for (const c of MONTH_STARTS) {
    const s = dayNumber(c.start);
    if (n === s) return { year: c.year, month: c.month, leap: c.leap, day: 1 };
    if (n > s && n < s + 30 && sameMonth(raw, c)) return { ...raw, day: n - s + 1 };
    if (n === s - 1 && sameMonth(raw, c)) {
      // The platform starts the month a day early: this day is the last of the month before.
      const before = platformLunar(fromDayNumber(n - 1));
      return { ...before, day: before.day + 1 };
    }
  }
  return raw;
}

function platformLunar(date: LocalDate): LunarDate {
  formatter ??= new Intl.DateTimeFormat('zh-u-ca-chinese', {
    timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric',
  });
  // Noon UTC of the Gregorian day: the conversion is day to day, the hour only keeps us inside it.
  const parts = formatter.formatToParts(dayNumber(date) * 86_400_000 + 43_200_000);
  const get = (t: string): string | undefined => parts.find((p) => p.type === t)?.value;
  const month = parseLunarMonth(get('month') ?? '');
  const year = Number(get('relatedYear') ?? get('year'));
  const day = Number(get('day'));
  if (!month || !Number.isInteger(year) || !Number.isInteger(day)) {
    throw new Error(`This platform's Chinese calendar gave an unexpected date for ${date}`);
  }
  return { year, month: month.month, leap: month.leap, day };
}

const cache = new Map<string, LocalDate | null>();

/**
 * The Gregorian date of lunar month/day (regular month, not leap) in the lunar year beginning in
 * Gregorian `year`, or null when that day does not exist that year (a 30th in a 29-day month).
 */
export function gregorianOfLunar(year: number, month: number, day: number): LocalDate | null {
  const key = `${year}:${month}:${day}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const found = search(year, month, day);
  cache.set(key, found);
  return found;
}

function search(year: number, month: number, day: number): LocalDate | null {
  const newYear = springFestival(year);
  // A lunar month is 29 or 30 days; a leap month before `month` adds up to 30 more.
  const guess = dayNumber(newYear) + Math.floor((month - 1) * 29.53) + day - 1;
  for (let n = guess - 3; n <= guess + 34; n++) {
    const l = lunarDateOf(fromDayNumber(n));
    if (l.year === year && l.month === month && !l.leap && l.day === day) return fromDayNumber(n);
  }
  return null;
}

/** 正月初一 of the lunar year beginning in Gregorian `year` (always between Jan 21 and Feb 20). */
export function springFestival(year: number): LocalDate {
  const key = `${year}:1:1`;
  const hit = cache.get(key);
  if (hit) return hit;
  const start = dayNumber(`${String(year).padStart(4, '0')}-01-20`);
  for (let n = start; n <= start + 32; n++) {
    const l = lunarDateOf(fromDayNumber(n));
    if (l.month === 1 && !l.leap && l.day === 1) {
      cache.set(key, fromDayNumber(n));
      return fromDayNumber(n);
    }
  }
  throw new Error(`No Spring Festival found in ${year}`);
}
