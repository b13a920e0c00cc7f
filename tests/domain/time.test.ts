import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, daysBetween, endOfMonth, intlLocalDate, localDate, monthOf, weekday, wholeYearsBetween } from '../../src/domain/time';

describe('dates in the store time zone', () => {
  it('[L6] 23:30 UTC on 9 March is already 10 March in Shanghai, still 9 March in London', () => {
    const t = Date.UTC(2026, 2, 9, 23, 30);
    expect(localDate(t, 'Asia/Shanghai')).toBe('2026-03-10');
    expect(localDate(t, 'Europe/London')).toBe('2026-03-09');
  });
  it('[L6] an unknown zone is an error, not a guess', () => {
    expect(() => localDate(0, 'Nowhere/City')).toThrow(RangeError);
    expect(() => localDate(Date.UTC(2026, 0, 1), 'Nowhere/City')).toThrow(RangeError);
  });
  it('[L6] the remembered date of a quarter hour is the date of every instant in it, in every zone this runtime knows', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const quarter = 15 * 60 * 1000;
    fc.assert(fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: 0, max: quarter - 1 }),
      (zone, t, within) => {
        const start = t - (t % quarter);
        localDate(start, zone); // remembered from the quarter's first instant
        expect(localDate(start + within, zone)).toBe(intlLocalDate(start + within, zone));
        expect(localDate(start + quarter - 1, zone)).toBe(intlLocalDate(start + quarter - 1, zone));
      }), { numRuns: 3000 });
  });
  it('[L6] a clock change at 00:01 inside a quarter hour: St John\'s fell back from 00:01 to 23:01 on 7 November 2010', () => {
    const before = Date.UTC(2010, 10, 7, 2, 30), after = Date.UTC(2010, 10, 7, 2, 31);
    expect([localDate(before, 'America/St_Johns'), localDate(after, 'America/St_Johns')]).toEqual(['2010-11-07', '2010-11-06']);
    expect([localDate(after, 'America/St_Johns'), localDate(before, 'America/St_Johns')]).toEqual(['2010-11-06', '2010-11-07']);
  });
  it('[L6] around a daylight-saving change and a midnight, in zones offset by quarter and half hours', () => {
    // Kathmandu +05:45, Chatham +12:45/+13:45, Lord Howe moves by half an hour, St John's −03:30/−02:30.
    for (const zone of ['Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Europe/London']) {
      for (let t = Date.UTC(2026, 2, 27); t < Date.UTC(2026, 3, 7); t += 7 * 60 * 1000) expect(localDate(t, zone)).toBe(intlLocalDate(t, zone));
    }
  });
  it.each([
    ['2026-01-31', 1, '2026-02-28'], ['2024-01-31', 1, '2024-02-29'], ['2026-11-15', 3, '2027-02-15'], ['2026-03-31', -1, '2026-02-28'],
  ])('[L6] %s plus %i month(s) is %s', (d, n, want) => {
    expect(addMonths(d, n)).toBe(want);
  });
  it('[L6] day arithmetic crosses months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-03-03', '2026-03-10')).toBe(7);
    expect(daysBetween('2026-03-10', '2026-03-03')).toBe(-7);
    expect(monthOf('2026-03-10')).toBe('2026-03');
    expect(endOfMonth('2028-02-03')).toBe('2028-02-29');
    expect(weekday('2026-03-10')).toBe(2); // a Tuesday
  });
  it('[B3] whole years of membership count on the anniversary day', () => {
    expect(wholeYearsBetween('2025-03-10', '2026-03-09')).toBe(0);
    expect(wholeYearsBetween('2025-03-10', '2026-03-10')).toBe(1);
    expect(wholeYearsBetween('2024-02-29', '2025-02-28')).toBe(1);
  });
});
