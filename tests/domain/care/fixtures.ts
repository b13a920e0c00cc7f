// Builders for care tests: a member and their kept stats, with dates given as the store sees them.
import type { Member, MemberStats } from '../../../src/domain/records';
import type { Cents, Points } from '../../../src/domain/money';
import { startOfLocalDay } from '../../../src/domain/care/dates';
import type { MemberCareFacts } from '../../../src/domain/care/schedule';

export const TZ = 'Asia/Shanghai';

/** An instant at `hour`:00 store time on a local date. */
export function at(date: string, hour = 12, timeZone = TZ): number {
  return startOfLocalDay(date, timeZone) + hour * 3_600_000;
}

export function member(over: Partial<Member> = {}): Member {
  return {
    id: 'm1', cardNo: 'C0001', phone: '13812345678', name: '张三', nameKey: '张三', initials: 'zs',
    birthday: null, wechat: null, enrolledAt: at('2025-06-10'), enrolledOn: '2025-06-10', enrolledStoreId: 's1',
    enrolledBy: null, referredBy: null, consentAt: null, doNotDisturb: false, notes: '', profile: {},
    mergedInto: null, clock: {}, ...over,
  };
}

export function stats(over: Partial<MemberStats> = {}): MemberStats {
  return {
    memberId: 'm1', points: 0 as Points, pendingPoints: 0 as Points, lifetimeSpend: 0 as Cents, visits: 0,
    firstPurchaseAt: null, lastPurchaseAt: null, tierId: null, tierSince: null, ...over,
  };
}

export function facts(over: Partial<MemberCareFacts> = {}): MemberCareFacts {
  return { member: member(), stats: null, coupons: [], expiring: [], complaints: [], closedTaskIds: new Set(), ...over };
}
