import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, holidaysDue } from '../../../src/domain/care/calendar';
import { careTaskId, careTasksDue, careTasksFor, type CareContext } from '../../../src/domain/care/schedule';
import { DEFAULT_CARE_SETTINGS, parseCareSettings, type CareSettings } from '../../../src/domain/care/settings';
import type { Coupon } from '../../../src/domain/records';
import type { Cents, Points } from '../../../src/domain/money';
import { at, facts, member, stats, TZ } from './fixtures';

function ctx(today: string, settings: CareSettings = DEFAULT_CARE_SETTINGS): CareContext {
  return { today, timeZone: TZ, settings, holidays: holidaysDue(DEFAULT_CALENDAR, today, settings.holiday.leadDays) };
}
const kinds = (today: string, f = facts(), s?: CareSettings) => careTasksFor(f, ctx(today, s)).map((t) => t.task.kind);

describe('care settings', () => {
  it('[C1] start from the defaults in DOMAIN.md', () => {
    expect(DEFAULT_CARE_SETTINGS.followUp).toEqual({ fromDays: 7, toDays: 30 });
    expect(DEFAULT_CARE_SETTINGS.repeatInvite.withinDays).toBe(30);
    expect(DEFAULT_CARE_SETTINGS.yearlyBudget).toBe(30_000);
  });
  it.each([
    [{ followUp: { fromDays: 40 } }, /followUp/],
    [{ winBack: { afterDays: 0 } }, /winBack\.afterDays/],
    [{ yearlyBudget: 12.5 }, /yearlyBudget/],
    [{ holiday: { audience: 'everyone' } }, /holiday\.audience/],
  ])('[C1] refuses %j with a clear message', (input, msg) => {
    expect(() => parseCareSettings(input)).toThrow(msg);
  });
});

describe("today's care tasks", () => {
  // First purchase at 01:30 on 2 March in Shanghai, which is still 1 March in UTC.
  const bought = facts({ stats: stats({ visits: 1, firstPurchaseAt: at('2026-03-02', 1.5), lastPurchaseAt: at('2026-03-02', 1.5) }) });

  it.each([
    ['2026-03-08', false], ['2026-03-09', true], ['2026-04-01', true], ['2026-04-02', false],
  ])('[C4] on %s the first-purchase follow-up is due: %s (7–30 days after, store time)', (today, due) => {
    expect(kinds(today, bought).includes('first-purchase-followup')).toBe(due);
  });

  it('[C3] the task id is kind:member:period, the same on every device', () => {
    const [t] = careTasksFor(bought, ctx('2026-03-10'));
    expect(t?.task).toMatchObject({
      id: 'first-purchase-followup:m1:2026-03-02', dueFrom: '2026-03-09', dueTo: '2026-04-01', status: 'open', outcome: null,
    });
    expect(t?.reason).toEqual({ code: 'first-purchase-followup', params: { firstPurchase: '2026-03-02' } });
    expect(careTasksFor(bought, ctx('2026-03-10'))).toEqual(careTasksFor(bought, ctx('2026-03-10')));
  });

  it('[C3] a do-not-disturb member gets no tasks at all, nor does a merged one', () => {
    const busy = { ...bought, member: member({ birthday: '1990-03-12', profile: { occupation: '护士' } }) };
    expect(kinds('2026-03-10', busy).length).toBeGreaterThan(1);
    expect(kinds('2026-03-10', { ...busy, member: { ...busy.member, doNotDisturb: true } })).toEqual([]);
    expect(kinds('2026-03-10', { ...busy, member: { ...busy.member, mergedInto: 'm9' } })).toEqual([]);
  });

  it('[C3] a task already done for its period is not generated again', () => {
    const done = { ...bought, closedTaskIds: new Set([careTaskId('first-purchase-followup', 'm1', '2026-03-02')]) };
    expect(kinds('2026-03-10', done)).toEqual([]);
  });

  it('[C5] a customer who bought again within a month gets a new-arrival invitation', () => {
    const again = facts({ stats: stats({ visits: 2, firstPurchaseAt: at('2026-03-02'), lastPurchaseAt: at('2026-03-25') }) });
    expect(kinds('2026-03-26', again)).toEqual(['first-purchase-followup', 'repeat-invite']);
    expect(careTasksFor(again, ctx('2026-03-26'))[1]?.task.id).toBe('repeat-invite:m1:2026-03-02');
    const late = facts({ stats: stats({ visits: 2, firstPurchaseAt: at('2026-03-02'), lastPurchaseAt: at('2026-04-05') }) });
    expect(kinds('2026-04-06', late)).not.toContain('repeat-invite');
  });

  it.each([
    ['1990-05-20', '2026-05-13', true], ['1990-05-20', '2026-05-12', false], ['1990-05-20', '2026-05-23', true],
    ['--05-20', '2026-05-24', false], ['1992-02-29', '2026-02-28', true], ['--01-02', '2025-12-28', true],
  ])('[C6] birthday %s: due on %s: %s (7 days before to 3 after)', (birthday, today, due) => {
    expect(kinds(today, facts({ member: member({ birthday }) })).includes('birthday')).toBe(due);
  });

  it('[C6] a birthday in early January seen in late December belongs to next year', () => {
    const [t] = careTasksFor(facts({ member: member({ birthday: '--01-02' }) }), ctx('2025-12-28'));
    expect(t?.task.id).toBe('birthday:m1:2026');
    expect(t?.reason.params).toMatchObject({ birthday: '2026-01-02' });
  });

  it('[C6] the birthday reason names the unused birthday coupon to offer', () => {
    const coupon: Coupon = {
      id: 'cp1', memberId: 'm1', kind: 'birthday', percentOff: 30, amountOff: null, minSpend: 0 as Cents,
      validFrom: '2026-05-01', validTo: '2026-05-31', issuedAt: at('2026-05-01'), usedSaleId: null, usedAt: null,
    };
    const f = facts({ member: member({ birthday: '1990-05-20' }), coupons: [coupon] });
    expect(careTasksFor(f, ctx('2026-05-18'))[0]?.reason.params).toEqual({ birthday: '2026-05-20', couponId: 'cp1' });
  });

  it('[C6] a membership anniversary is due from its first year on', () => {
    const f = facts({ member: member({ enrolledOn: '2025-06-10' }) });
    expect(kinds('2025-06-10', f)).toEqual([]);
    const [t] = careTasksFor(f, ctx('2026-06-05'));
    expect(t?.task.id).toBe('anniversary:m1:2026');
    expect(t?.reason.params).toEqual({ anniversary: '2026-06-10', years: 1 });
  });

  it('[C7] points expiring within 30 days make one task for the earliest expiry', () => {
    const f = facts({ expiring: [
      { points: 120 as Points, expiresOn: '2026-12-31' }, { points: 80 as Points, expiresOn: '2026-12-20' },
      { points: 999 as Points, expiresOn: '2027-03-31' },
    ] });
    const [t] = careTasksFor(f, ctx('2026-12-01'));
    expect(t?.task).toMatchObject({ id: 'points-expiring:m1:2026-12-20', dueTo: '2026-12-20' });
    expect(t?.reason.params).toEqual({ points: 200, expiresOn: '2026-12-20' });
    expect(kinds('2026-11-15', f)).toEqual([]);
  });

  it('[C8] a VIP not seen for 60 days gets a win-back task; a member without a tier does not', () => {
    const vip = facts({ stats: stats({ visits: 9, tierId: 'gold', firstPurchaseAt: at('2025-01-05'), lastPurchaseAt: at('2026-01-10') }) });
    expect(kinds('2026-03-10', vip)).toEqual([]);
    expect(kinds('2026-03-11', vip)).toEqual(['win-back']);
    expect(careTasksFor(vip, ctx('2026-03-20'))[0]?.reason.params).toEqual({ lastPurchase: '2026-01-10', days: 69 });
    const plain = { ...vip, stats: { ...vip.stats!, tierId: null } };
    expect(kinds('2026-03-11', plain)).toEqual([]);
    const onlyGold = parseCareSettings({ vipTierIds: ['diamond'] });
    expect(kinds('2026-03-11', vip, onlyGold)).toEqual([]);
  });

  it('[C9] each complaint is followed up from the next day, for seven days more', () => {
    const f = facts({ complaints: [{ id: 'c7', on: '2026-04-01' }] });
    expect(kinds('2026-04-01', f)).toEqual([]);
    expect(careTasksFor(f, ctx('2026-04-02'))[0]?.task.id).toBe('complaint:m1:c7');
    expect(kinds('2026-04-09', f)).toEqual(['complaint']);
    expect(kinds('2026-04-10', f)).toEqual([]);
  });

  it("[C14] nurses' day concerns nurses; Mid-Autumn goes to VIPs unless the store greets everyone", () => {
    const nurse = facts({ member: member({ profile: { occupation: '护士' } }) });
    expect(careTasksFor(nurse, ctx('2026-05-10'))[0]?.task.id).toBe('holiday:m1:nurses-day-2026');
    expect(kinds('2026-05-10', facts())).toEqual([]);
    expect(kinds('2025-10-04', facts())).toEqual([]);
    expect(kinds('2025-10-04', facts(), parseCareSettings({ holiday: { audience: 'all' } }))).toEqual(['holiday']);
    const vip = facts({ stats: stats({ tierId: 'gold' }) });
    expect(careTasksFor(vip, ctx('2025-10-04'))[0]?.reason.params).toEqual({ holiday: 'mid-autumn', date: '2025-10-06' });
  });

  it('[C3] the list puts the soonest deadline first', () => {
    const a = facts({ member: member({ id: 'a', birthday: '--05-20' }) });
    const b = facts({ member: member({ id: 'b' }), complaints: [{ id: 'c1', on: '2026-05-14' }] });
    expect(careTasksDue([a, b], ctx('2026-05-18')).map((t) => t.task.id)).toEqual(['complaint:b:c1', 'birthday:a:2026']);
  });
});
