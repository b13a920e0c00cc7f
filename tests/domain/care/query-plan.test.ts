import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CALENDAR, holidaysDue } from '../../../src/domain/care/calendar';
import { addDays } from '../../../src/domain/care/dates';
import { birthdayListRanges, careQueryPlan, memberMatchesQuery, monthDayRanges, profileQueryKeys, profileTags, type CareQuery } from '../../../src/domain/care/query-plan';
import { careTasksFor, type CareContext } from '../../../src/domain/care/schedule';
import { parseCareSettings, DEFAULT_CARE_SETTINGS } from '../../../src/domain/care/settings';
import type { TaskKind } from '../../../src/domain/records';
import type { Points } from '../../../src/domain/money';
import { at, facts, member, stats, TZ } from './fixtures';

function ctx(today: string, settings = DEFAULT_CARE_SETTINGS): CareContext {
  return { today, timeZone: TZ, settings, holidays: holidaysDue(DEFAULT_CALENDAR, today, settings.holiday.leadDays) };
}

/** The index each kind of task is found through. */
const SOURCES: Record<TaskKind, CareQuery['source'][]> = {
  'first-purchase-followup': ['stats.firstPurchaseAt'], 'repeat-invite': ['stats.lastPurchaseAt'],
  birthday: ['member.birthdayMonthDay'], anniversary: ['member.enrolledOn'], 'points-expiring': ['ledger.expiresOn'],
  'win-back': ['stats.lastPurchaseAt'], complaint: ['complaints.open'], holiday: ['member.profile', 'stats.tierId', 'member.all'],
};

describe('the care query plan', () => {
  it('[C15] birthday ranges split at New Year', () => {
    expect(monthDayRanges('2025-12-31', '2026-01-10')).toEqual([{ from: '12-31', to: '12-31' }, { from: '01-01', to: '01-10' }]);
  });

  it('[C15] in a common year a range ending on Feb 28 also reads Feb 29 birthdays', () => {
    expect(monthDayRanges('2026-02-21', '2026-02-28')).toEqual([{ from: '02-21', to: '02-29' }]);
    expect(monthDayRanges('2028-02-21', '2028-02-28')).toEqual([{ from: '02-21', to: '02-28' }]);
  });

  it.each([
    ['2026-05-20', 'week', [{ from: '05-18', to: '05-24' }]],
    ['2025-12-31', 'week', [{ from: '12-29', to: '12-31' }, { from: '01-01', to: '01-04' }]],
    ['2026-02-10', 'month', [{ from: '02-01', to: '02-29' }]],
    ['2028-02-10', 'month', [{ from: '02-01', to: '02-29' }]],
    ['2026-04-30', 'month', [{ from: '04-01', to: '04-30' }]],
  ] as const)('[C16] birthdays on %s this %s are read from %j', (today, scope, want) => {
    expect(birthdayListRanges(today, scope)).toEqual(want);
  });

  it('[C15] follow-ups are read from first purchases 7–30 days ago, as store-time instants', () => {
    const plan = careQueryPlan(ctx('2026-04-01'));
    const q = plan.find((p) => p.source === 'stats.firstPurchaseAt');
    expect(q).toMatchObject({ range: { fromDate: '2026-03-02', toDate: '2026-03-25', from: Date.UTC(2026, 2, 1, 16), toExclusive: Date.UTC(2026, 2, 25, 16) } });
    expect(plan.filter((p) => p.source === 'member.enrolledOn')).toHaveLength(DEFAULT_CARE_SETTINGS.anniversary.maxYears);
  });

  it('[C15] profile tags: one per filled field, folded as the holiday audience compares them', () => {
    expect(profileTags(member({ profile: { occupation: ' Ｎurse ', childBirthDate: '', gender: '女' } }))).toEqual(['occupation=nurse', 'gender=女']);
    expect(profileQueryKeys({ field: 'occupation', values: ['Nurse', '护士'] })).toEqual({ tags: ['occupation=nurse', 'occupation=护士'] });
    expect(profileQueryKeys({ field: 'childBirthDate' })).toEqual({ prefix: 'childBirthDate=' });
  });

  it('[C15] holiday reads: profession days by occupation, traditional holidays by tier or everyone', () => {
    const nurses = careQueryPlan(ctx('2026-05-10'));
    expect(nurses).toContainEqual({ source: 'member.profile', field: 'occupation', values: ['nurse', '护士'] });
    expect(careQueryPlan(ctx('2025-10-04'))).toContainEqual({ source: 'stats.tierId', tierIds: null });
    expect(careQueryPlan(ctx('2025-10-04', parseCareSettings({ holiday: { audience: 'all' } })))).toContainEqual({ source: 'member.all' });
  });

  const day = fc.integer({ min: 0, max: 4 * 365 }).map((n) => addDays('2024-01-01', n));
  const md = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const arbFacts = fc.record({
    today: day, enrolledOn: fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2018-01-01', n)),
    birthday: fc.option(fc.oneof(md.map((x) => `--${x}`), md.map((x) => `1990-${x}`), fc.constant('1992-02-29')), { nil: null }),
    first: fc.option(fc.integer({ min: 0, max: 1600 }), { nil: null }), gap: fc.integer({ min: 0, max: 400 }),
    hour: fc.integer({ min: 0, max: 23 }), visits: fc.integer({ min: 1, max: 30 }),
    tier: fc.option(fc.constantFrom('silver', 'gold'), { nil: null }),
    occupation: fc.constantFrom('', '护士', 'teacher', 'chef'),
    expiresIn: fc.option(fc.integer({ min: -5, max: 60 }), { nil: null }),
    complaintAgo: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
  });

  const factsOf = (a: typeof arbFacts extends fc.Arbitrary<infer T> ? T : never) => {
    const first = a.first === null ? null : addDays('2023-01-01', a.first);
    return facts({
      member: member({ enrolledOn: a.enrolledOn, birthday: a.birthday, profile: { occupation: a.occupation } }),
      stats: stats({
        visits: a.visits, tierId: a.tier,
        firstPurchaseAt: first === null ? null : at(first, a.hour),
        lastPurchaseAt: first === null ? null : at(addDays(first, a.visits > 1 ? a.gap : 0), a.hour),
      }),
      expiring: a.expiresIn === null ? [] : [{ points: 50 as Points, expiresOn: addDays(a.today, a.expiresIn) }],
      complaints: a.complaintAgo === null ? [] : [{ id: 'c1', on: addDays(a.today, -a.complaintAgo) }],
    });
  };

  it('[C15] every task due today belongs to a member the plan reads, through its own index', () => {
    fc.assert(fc.property(arbFacts, (a) => {
      const f = factsOf(a);
      const c = ctx(a.today);
      const plan = careQueryPlan(c);
      for (const t of careTasksFor(f, c)) {
        const found = plan.some((q) => SOURCES[t.task.kind].includes(q.source) && memberMatchesQuery(q, f, c.settings));
        expect(found, `${t.task.id} on ${a.today}`).toBe(true);
      }
    }), { numRuns: 400 });
  });

  it('[C15b] the plan by a day finds every task whose window ends by then, through its own index, and reads less', () => {
    fc.assert(fc.property(arbFacts, fc.integer({ min: 0, max: 35 }), (a, ahead) => {
      const f = factsOf(a);
      const c = ctx(a.today);
      const dueBy = addDays(a.today, ahead);
      const plan = careQueryPlan(c, dueBy);
      for (const t of careTasksFor(f, c).filter((d) => d.task.dueTo <= dueBy)) {
        const found = plan.some((q) => SOURCES[t.task.kind].includes(q.source) && memberMatchesQuery(q, f, c.settings));
        expect(found, `${t.task.id} due by ${dueBy} on ${a.today}`).toBe(true);
      }
      // Never more than the whole plan: a member the head's reads find is one the whole plan finds.
      const whole = careQueryPlan(c);
      if (plan.some((q) => memberMatchesQuery(q, f, c.settings))) expect(whole.some((q) => memberMatchesQuery(q, f, c.settings))).toBe(true);
    }), { numRuns: 400 });
  });

  it('[C15b] the plan by today reads only the birthdays and anniversaries whose window ends today', () => {
    const plan = careQueryPlan(ctx('2026-11-23'), '2026-11-23');
    expect(plan.filter((q) => q.source === 'member.birthdayMonthDay')).toEqual([{ source: 'member.birthdayMonthDay', from: '11-20', to: '11-20' }]);
    expect(plan.filter((q) => q.source === 'member.enrolledOn')[0]).toEqual({ source: 'member.enrolledOn', from: '2025-11-16', to: '2025-11-16' });
    // A first purchase 30 days ago is the only follow-up ending today.
    expect(plan.find((q) => q.source === 'stats.firstPurchaseAt')).toMatchObject({ range: { fromDate: '2026-10-24', toDate: '2026-10-24' } });
    expect(plan.find((q) => q.source === 'ledger.expiresOn')).toEqual({ source: 'ledger.expiresOn', from: '2026-11-23', to: '2026-11-23' });
  });
});
