import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayNumber, fromDayNumber, localDateOf, onYear, startOfLocalDay, startOfWeek } from '../../../src/domain/care/dates';
import { addDays, daysBetween, localDate } from '../../../src/domain/time';
import { localDayNumber } from '../../../src/domain/care/zone-offsets';

describe('care dates', () => {
  it('[C3] day numbers agree with the shared calendar arithmetic in time.ts', () => {
    fc.assert(fc.property(fc.integer({ min: -40000, max: 80000 }), (n) => {
      const d = fromDayNumber(n);
      expect(dayNumber(d)).toBe(n);
      expect(daysBetween('1970-01-01', d)).toBe(n);
      expect(addDays('1970-01-01', n)).toBe(d);
    }));
  });
  it.each(['2025-02-29', '2026-13-01', '2026-04-31', '2026-4-01', 'abcd-ef-gh', ''])('[C3] refuses %j', (d) => {
    expect(() => dayNumber(d)).toThrow(/Not a calendar date/);
  });
  it('[C6] a Feb 29 date falls on Feb 28 in common years', () => {
    expect(onYear('02-29', 2026)).toBe('2026-02-28');
    expect(onYear('02-29', 2028)).toBe('2028-02-29');
  });
  it('[C16] weeks start on Monday', () => {
    expect(startOfWeek('2026-05-24')).toBe('2026-05-18');
    expect(startOfWeek('2026-05-18')).toBe('2026-05-18');
  });
  it.each([
    ['2026-03-02', 'Asia/Shanghai', Date.UTC(2026, 2, 1, 16)],
    ['2026-03-08', 'America/New_York', Date.UTC(2026, 2, 8, 5)], // the DST change is at 02:00 that day
    ['2026-03-09', 'America/New_York', Date.UTC(2026, 2, 9, 4)],
    ['2026-04-05', 'Australia/Lord_Howe', Date.UTC(2026, 3, 4, 13)], // +11 until 02:00 that morning
  ])('[C15] %s starts at the right instant in %s', (date, zone, want) => {
    expect(startOfLocalDay(date, zone)).toBe(want);
    expect(localDateOf(want, zone)).toBe(date);
    expect(localDateOf(want - 1, zone)).toBe(addDays(date, -1));
  });
});

describe('fast local days', () => {
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Africa/Casablanca'];
  it('[C3] the local day of an instant is the one Intl gives, across DST changes', () => {
    fc.assert(fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2031, 0, 1) }), (zone, at) => {
      expect(fromDayNumber(localDayNumber(at, zone))).toBe(localDate(at, zone));
    }), { numRuns: 2000 });
  });
  it('[C3] instants on either side of a DST change land on the right day', () => {
    const change = Date.UTC(2026, 2, 8, 7); // 03:00 EDT = 02:00 EST, New York
    for (const at of [change - 1, change, change + 1, Date.UTC(2026, 2, 9, 3, 59, 59, 999), Date.UTC(2026, 2, 9, 4)]) {
      expect(fromDayNumber(localDayNumber(at, 'America/New_York'))).toBe(localDate(at, 'America/New_York'));
    }
  });
});
