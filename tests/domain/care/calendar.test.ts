import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_CALENDAR, concerns, holidayDate, holidaysBetween, holidaysDue, type HolidayRule,
} from '../../../src/domain/care/calendar';
import { gregorianOfLunar, lunarDateOf, parseLunarMonth, springFestival } from '../../../src/domain/care/lunar';
import { addDays } from '../../../src/domain/care/dates';
import { member } from './fixtures';

const rule = (id: string): HolidayRule => {
  const r = DEFAULT_CALENDAR.holidays.find((h) => h.id === id);
  if (!r) throw new Error(`no default holiday ${id}`);
  return r;
};

// Known dates: the Hong Kong Observatory's Gregorian–lunar tables (hko.gov.hk/en/gts/time/conversion.htm)
// and the State Council's holiday notices. 2026-02-17 and 2027-02-06 are also quoted from the HKO
// tables in tc39/test262#4769; 2027 and 2030 are the years ICU's own answer is a day off.
const KNOWN: [number, string, string, string][] = [
  // year, Spring Festival, Dragon Boat, Mid-Autumn
  [2024, '2024-02-10', '2024-06-10', '2024-09-17'],
  [2025, '2025-01-29', '2025-05-31', '2025-10-06'],
  [2026, '2026-02-17', '2026-06-19', '2026-09-25'],
  [2027, '2027-02-06', '2027-06-09', '2027-09-15'],
  [2028, '2028-01-26', '2028-05-28', '2028-10-03'],
  [2029, '2029-02-13', '2029-06-16', '2029-09-22'],
  [2030, '2030-02-03', '2030-06-05', '2030-09-12'],
];

describe('lunar holidays', () => {
  it.each(KNOWN)('[C11] %i: Spring Festival %s, Dragon Boat %s, Mid-Autumn %s', (year, sf, db, ma) => {
    expect(springFestival(year)).toBe(sf);
    expect(holidayDate(rule('spring-festival'), year)).toBe(sf);
    expect(holidayDate(rule('dragon-boat'), year)).toBe(db);
    expect(holidayDate(rule('mid-autumn'), year)).toBe(ma);
  });

  it('[C11] Lantern Festival is the 15th day after a corrected Spring Festival', () => {
    expect(holidayDate(rule('lantern'), 2027)).toBe('2027-02-20');
    expect(holidayDate(rule('lantern'), 2030)).toBe('2030-02-17');
  });

  it('[C11] a leap month is never taken for the regular month (2025 has a leap sixth month)', () => {
    expect(lunarDateOf('2025-07-25')).toEqual({ year: 2025, month: 6, leap: true, day: 1 });
    // Qixi (7/7) falls after the leap month, not 30 days early inside it.
    expect(holidayDate(rule('qixi'), 2025)).toBe('2025-08-29');
    expect(lunarDateOf('2023-03-22')).toMatchObject({ month: 2, leap: true, day: 1 });
    expect(gregorianOfLunar(2023, 2, 1)).toBe('2023-02-20');
  });

  it.each([
    ['6', { month: 6, leap: false }], ['6bis', { month: 6, leap: true }], ['正月', { month: 1, leap: false }],
    ['闰六月', { month: 6, leap: true }], ['十一月', { month: 11, leap: false }], ['冬月', { month: 11, leap: false }],
    ['腊月', { month: 12, leap: false }], ['十二月', { month: 12, leap: false }],
  ])('[C11] reads the platform month %j', (text, want) => {
    expect(parseLunarMonth(text)).toEqual(want);
  });

  it('[C11] lunar days run 1, 2, 3… without gaps through 2024–2031, months of 29 or 30 days', () => {
    let prev = lunarDateOf('2023-12-31');
    for (let d = '2024-01-01'; d <= '2031-12-31'; d = addDays(d, 1)) {
      const cur = lunarDateOf(d);
      if (cur.day === 1) expect([29, 30]).toContain(prev.day);
      else expect(cur).toEqual({ ...prev, day: prev.day + 1 });
      prev = cur;
    }
  });

  it('[C11] every lunar month/day of a year maps back to itself', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2024, max: 2035 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 29 }),
      (year, month, day) => {
        const date = gregorianOfLunar(year, month, day);
        expect(date).not.toBeNull();
        expect(lunarDateOf(date ?? '')).toEqual({ year, month, leap: false, day });
      },
    ), { numRuns: 200 });
  });
});

describe('the store calendar', () => {
  it('[C10] Gregorian profession days fall on their fixed dates', () => {
    expect(holidayDate(rule('nurses-day'), 2026)).toBe('2026-05-12');
    expect(holidayDate(rule('teachers-day'), 2026)).toBe('2026-09-10');
    expect(holidayDate(rule('journalists-day'), 2026)).toBe('2026-11-08');
    expect(holidayDate(rule('womens-day'), 2026)).toBe('2026-03-08');
    expect(holidayDate(rule('childrens-day'), 2026)).toBe('2026-06-01');
  });

  it('[C12] lists holidays across New Year in date order, one period per holiday and year', () => {
    const got = holidaysBetween(DEFAULT_CALENDAR, '2026-11-01', '2027-03-10');
    expect(got.map((h) => [h.rule.id, h.date, h.period])).toEqual([
      ['journalists-day', '2026-11-08', 'journalists-day-2026'],
      ['spring-festival', '2027-02-06', 'spring-festival-2027'],
      ['lantern', '2027-02-20', 'lantern-2027'],
      ['womens-day', '2027-03-08', 'womens-day-2027'],
    ]);
    expect(holidaysBetween(DEFAULT_CALENDAR, '2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('[C12] a store\'s own late-lunar holiday (腊八, 12/8) is found in the January it falls in', () => {
    const laba: HolidayRule = { id: 'laba', name: '腊八节', kind: 'lunar', lunarMonth: 12, lunarDay: 8, audience: { kind: 'all' } };
    const got = holidaysBetween({ holidays: [laba] }, '2026-01-01', '2026-12-31');
    // 2026-01-26 closes lunar year 2025 (乙巳); lunar 2026's 腊八 is 2027-01-15, outside the range.
    expect(got.map((h) => [h.date, h.period])).toEqual([['2026-01-26', 'laba-2025']]);
  });

  it('[C14] a holiday is due from leadDays before it until its day', () => {
    expect(holidaysDue(DEFAULT_CALENDAR, '2025-10-03', 3).map((h) => h.rule.id)).toEqual(['mid-autumn']);
    expect(holidaysDue(DEFAULT_CALENDAR, '2025-10-02', 3).map((h) => h.rule.id)).toEqual([]);
    expect(holidaysDue(DEFAULT_CALENDAR, '2025-10-06', 0).map((h) => h.rule.id)).toEqual(['mid-autumn']);
  });

  it('[C13] a profession day concerns members of that occupation, in Chinese or English', () => {
    expect(concerns(rule('nurses-day'), member({ profile: { occupation: '护士' } }))).toBe(true);
    expect(concerns(rule('nurses-day'), member({ profile: { occupation: ' Nurse ' } }))).toBe(true);
    expect(concerns(rule('nurses-day'), member({ profile: { occupation: '老师' } }))).toBe(false);
    expect(concerns(rule('teachers-day'), member({ profile: { occupation: '老师' } }))).toBe(true);
    expect(concerns(rule('journalists-day'), member({ profile: {} }))).toBe(false);
  });

  it('[C13] a traditional holiday concerns everyone; a field without values concerns anyone who filled it', () => {
    expect(concerns(rule('mid-autumn'), member())).toBe(true);
    expect(concerns(rule('childrens-day'), member({ profile: { childBirthDate: '2022-04-01' } }))).toBe(true);
    expect(concerns(rule('childrens-day'), member({ profile: { childBirthDate: '  ' } }))).toBe(false);
  });
});
