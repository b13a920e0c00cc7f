/**
 * Benefits and coupons (docs/loyalty-spec.md B rules): birthday month, membership anniversaries,
 * monthly cashback, coupon validity and one use. Coupons a rule creates get a deterministic id
 * (`birthday:<member>:<year>`), so two tablets issuing it offline create one coupon.
 */
import type { Cents } from './money';
import { cents } from './money';
import type { Programme } from './programme';
import type { Coupon, Id, Instant, LocalDate } from './records';
import { mulDivFloor } from './alloc';
import { addDays, addMonths, localDate } from './time';
import { benefitsDue, notHeld } from './benefits-due';

export type CouponRefusal =
  | 'coupon.otherMember' | 'coupon.used' | 'coupon.notYet' | 'coupon.expired' | 'coupon.minSpend';

/** [B7] A coupon is usable once, by its member, between its dates (inclusive), on enough spend. */
export function couponRefusal(c: Coupon, memberId: Id | null, today: LocalDate, base: Cents): CouponRefusal | null {
  if (memberId === null || c.memberId !== memberId) return 'coupon.otherMember';
  if (c.usedSaleId !== null) return 'coupon.used';
  if (today < c.validFrom) return 'coupon.notYet';
  if (today > c.validTo) return 'coupon.expired';
  if (base < c.minSpend) return 'coupon.minSpend';
  return null;
}

/** The discount a coupon gives on an amount: a percentage rounded down, or a fixed amount, never more than the amount. */
export function couponAmount(c: Pick<Coupon, 'percentOff' | 'amountOff'>, base: Cents): Cents {
  if (base <= 0) return cents(0);
  if (c.percentOff !== null) return cents(mulDivFloor(base, c.percentOff, 100));
  return cents(Math.min(c.amountOff ?? 0, base));
}

/** The month ('MM') of a birthday given as 'YYYY-MM-DD' or '--MM-DD'. */
export function birthdayMonth(birthday: string | null): string | null {
  if (!birthday) return null;
  const m = /^(?:\d{4}|--)-?(\d{2})-(\d{2})$/.exec(birthday);
  return m?.[1] ?? null;
}

interface CouponOwner { id: Id; birthday: string | null; enrolledOn: LocalDate }

function coupon(memberId: Id, id: Id, kind: Coupon['kind'], percentOff: number | null, amountOff: Cents | null,
  validFrom: LocalDate, validTo: LocalDate, issuedAt: Instant): Coupon {
  return { id, memberId, kind, percentOff, amountOff, minSpend: cents(0), validFrom, validTo, issuedAt, usedSaleId: null, usedAt: null };
}

/**
 * [B1][B3] The birthday and anniversary coupons a member is due at `now` and does not hold yet (at
 * enrolment: a new member has no spend, so no cashback). The rule itself is `benefitsDue`.
 */
export function couponsDue(member: CouponOwner, held: readonly Coupon[], now: Instant, timeZone: string, programme: Programme): Coupon[] {
  return notHeld(benefitsDue(member, { lastMonthSpend: cents(0) }, programme, localDate(now, timeZone), now), held);
}

/** [B4] Cashback for a month's spending: percent of the whole month's spend once it is over the threshold. */
export function monthlyCashback(spendInMonth: Cents, programme: Programme): Cents {
  const c = programme.benefits.cashback;
  if (!c.enabled || spendInMonth < c.thresholdMonthly) return cents(0);
  return cents(mulDivFloor(spendInMonth, c.percent, 100));
}

/** [B4] The cashback coupon for `month` ('YYYY-MM'), valid from the first of the next month; null when none is due. */
export function cashbackCoupon(memberId: Id, month: string, spendInMonth: Cents, now: Instant, programme: Programme): Coupon | null {
  const amount = monthlyCashback(spendInMonth, programme);
  if (amount <= 0) return null;
  const from = addMonths(`${month}-01`, 1);
  const to = addDays(from, programme.benefits.cashback.validDays - 1);
  return coupon(memberId, `cashback:${memberId}:${month}`, 'cashback', null, amount, from, to, now);
}

/**
 * [B5] A coupon given by hand (a complaint put right, a gift): percent or amount off, valid from
 * today for the programme's default validity unless `validDays` is given.
 */
export function manualCoupon(memberId: Id, id: Id, off: { percentOff: number } | { amountOff: Cents }, minSpend: Cents,
  now: Instant, timeZone: string, programme: Programme, validDays = programme.coupons.defaultValidDays): Coupon {
  const today = localDate(now, timeZone);
  const c = coupon(memberId, id, 'manual', 'percentOff' in off ? off.percentOff : null, 'amountOff' in off ? off.amountOff : null,
    today, addDays(today, validDays - 1), now);
  return { ...c, minSpend };
}

/** [B2] A companion shares the member's birthday discount on the day the member used it. */
export function companionDiscountPercent(c: Coupon, today: LocalDate, timeZone: string, programme: Programme): number | null {
  if (!programme.benefits.birthday.companions || c.kind !== 'birthday' || c.usedAt === null) return null;
  return localDate(c.usedAt, timeZone) === today ? c.percentOff : null;
}

