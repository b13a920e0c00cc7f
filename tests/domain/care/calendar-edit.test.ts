import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, holidaysBetween } from '../../../src/domain/care/calendar';
import { calendarForYear, holidayRuleFrom, withoutHoliday, type HolidayDraft } from '../../../src/domain/care/calendar-edit';

const draft = (over: Partial<HolidayDraft> = {}): HolidayDraft => ({
  name: 'Store anniversary', kind: 'gregorian', month: '4', day: '18', audience: 'all', field: '', values: '', ...over,
});
const builtIn = (id: string) => ({ 'mid-autumn': 'Mid-Autumn Festival', 'nurses-day': "Nurses' Day" } as Record<string, string>)[id] ?? id;

describe('editing the care calendar', () => {
  it('[C10a] a store day on a Gregorian date is added and then greeted like the built-in ones', () => {
    const r = holidayRuleFrom(draft(), DEFAULT_CALENDAR, 'store-1', builtIn);
    expect(r).toEqual({ ok: true, rule: { id: 'store-1', name: 'Store anniversary', kind: 'gregorian', monthDay: '04-18', audience: { kind: 'all' } } });
    if (!r.ok) return;
    const cal = { holidays: [...DEFAULT_CALENDAR.holidays, r.rule] };
    expect(holidaysBetween(cal, '2027-04-18', '2027-04-18').map((h) => h.period)).toEqual(['store-1-2027']);
  });

  it('[C10a] a lunar day for a profession, with values in Chinese commas', () => {
    const r = holidayRuleFrom(draft({ name: '药师节', kind: 'lunar', month: '4', day: '28', audience: 'profile', field: 'occupation', values: '药师，pharmacist' }), DEFAULT_CALENDAR, 'store-2', builtIn);
    expect(r).toMatchObject({ ok: true, rule: { kind: 'lunar', lunarMonth: 4, lunarDay: 28, audience: { kind: 'profile', field: 'occupation', values: ['药师', 'pharmacist'] } } });
  });

  it('[C10a] every problem is named at its field: empty name, a taken name, no such date, no profile field', () => {
    expect(holidayRuleFrom(draft({ name: ' ', month: '2', day: '30' }), DEFAULT_CALENDAR, 'x', builtIn))
      .toEqual({ ok: false, problems: [{ field: 'name', code: 'holiday.name.empty' }, { field: 'date', code: 'holiday.date.invalid' }] });
    expect(holidayRuleFrom(draft({ name: 'mid-autumn festival', kind: 'lunar', month: '13', day: '1', audience: 'profile' }), DEFAULT_CALENDAR, 'x', builtIn))
      .toEqual({ ok: false, problems: [
        { field: 'name', code: 'holiday.name.taken' }, { field: 'date', code: 'holiday.date.invalid' }, { field: 'field', code: 'holiday.field.empty' },
      ] });
    expect(holidayRuleFrom(draft({ kind: 'lunar', day: '31' }), DEFAULT_CALENDAR, 'x', builtIn).ok).toBe(false);
    expect(holidayRuleFrom(draft({ month: '02', day: '29' }), DEFAULT_CALENDAR, 'x', builtIn).ok).toBe(true);
  });

  it('[C10b] a holiday is removed by id, built-in ones too', () => {
    const cal = withoutHoliday(DEFAULT_CALENDAR, 'qixi');
    expect(cal.holidays.map((h) => h.id)).not.toContain('qixi');
    expect(cal.holidays).toHaveLength(DEFAULT_CALENDAR.holidays.length - 1);
    expect(holidaysBetween(cal, '2026-08-19', '2026-08-19')).toEqual([]); // Qixi 2026
  });

  it('[C10c][C11] the year view shows lunar holidays on their Gregorian dates, in date order', () => {
    const year = calendarForYear(DEFAULT_CALENDAR, 2026);
    const dateOf = (id: string) => year.find((x) => x.rule.id === id)?.date;
    expect(dateOf('spring-festival')).toBe('2026-02-17');
    expect(dateOf('dragon-boat')).toBe('2026-06-19');
    expect(dateOf('mid-autumn')).toBe('2026-09-25');
    const dates = year.map((x) => x.date ?? '');
    expect(dates).toEqual([...dates].sort());
  });
});
