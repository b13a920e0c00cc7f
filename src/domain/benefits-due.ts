/**
 * The benefits a member is due on a day (docs/loyalty-spec.md B1, B3, B4, B9–B12): one pure rule that
 * the counter (a member found or put on a sale), the checkout's own transaction and the care list's
 * daily pass all ask, so each issues the same coupons. A coupon's id says which benefit of which
 * member for which period it is (`birthday:<member>:<year>`, `anniversary:<member>:<n>`,
 * `cashback:<member>:<yyyy-mm>`), so two tablets that issue it offline make one coupon, not two.
 * Pure: today, the instant stamped as `issuedAt` and the month's spend are given by the caller.
 */
import type { Cents } from './money';
import { cents } from './money';
import type { Programme } from './programme';
import type { Coupon, Id, Instant, LocalDate, Sale, SaleReturn } from './records';
import { mulDivFloor } from './alloc';
import { addDays, addMonths, endOfMonth, monthOf, startOfMonth, wholeYearsBetween } from './time';

export interface BenefitMember { id: Id; birthday: string | null; enrolledOn: LocalDate }

export interface BenefitFigures {
  /** [B10] What the member paid in the calendar month before today's, by the sales' business dates (the store's zone), net of returns. */
  lastMonthSpend: Cents;
}

/** The month ('YYYY-MM') before the month of `today`. */
export function previousMonth(today: LocalDate): string {
  return monthOf(addMonths(startOfMonth(today), -1));
}

function birthdayMonthOf(birthday: string | null): string | null {
  const m = birthday === null ? null : /^(?:\d{4}|-)-(\d{2})-\d{2}$/.exec(birthday);
  return m?.[1] ?? null;
}

function make(memberId: Id, id: Id, kind: Coupon['kind'], off: { percentOff: number } | { amountOff: Cents },
  validFrom: LocalDate, validTo: LocalDate, issuedAt: Instant): Coupon {
  return {
    id, memberId, kind, percentOff: 'percentOff' in off ? off.percentOff : null, amountOff: 'amountOff' in off ? off.amountOff : null,
    minSpend: cents(0), validFrom, validTo, issuedAt, usedSaleId: null, usedAt: null,
  };
}

/**
 * [B1][B3][B4][B9] Every benefit coupon the member is due on `today`, held or not, in the order
 * birthday, anniversary, cashback; each is due only while today is inside its validity, so a coupon
 * never appears that checkout would refuse as not yet valid or expired.
 */
export function benefitsDue(member: BenefitMember, figures: BenefitFigures, programme: Programme, today: LocalDate, issuedAt: Instant): Coupon[] {
  const out: Coupon[] = [];
  const { birthday, anniversary, cashback } = programme.benefits;
  if (birthday.enabled && birthdayMonthOf(member.birthday) === today.slice(5, 7)) {
    out.push(make(member.id, `birthday:${member.id}:${today.slice(0, 4)}`, 'birthday', { percentOff: birthday.percentOff },
      startOfMonth(today), endOfMonth(today), issuedAt));
  }
  const years = member.enrolledOn <= today ? wholeYearsBetween(member.enrolledOn, today) : 0;
  if (anniversary.enabled && years >= anniversary.fromYear && years <= anniversary.toYear) {
    const from = addMonths(member.enrolledOn, years * 12);
    const to = addDays(from, anniversary.validDays - 1);
    if (today <= to) out.push(make(member.id, `anniversary:${member.id}:${years}`, 'anniversary', { percentOff: anniversary.percentOff }, from, to, issuedAt));
  }
  const month = previousMonth(today);
  if (cashback.enabled && figures.lastMonthSpend >= cashback.thresholdMonthly && figures.lastMonthSpend > 0) {
    const amount = cents(mulDivFloor(figures.lastMonthSpend, cashback.percent, 100));
    const from = addMonths(`${month}-01`, 1);
    const to = addDays(from, cashback.validDays - 1);
    if (amount > 0 && today <= to) out.push(make(member.id, `cashback:${member.id}:${month}`, 'cashback', { amountOff: amount }, from, to, issuedAt));
  }
  return out;
}

/** [B9] The due coupons the member does not hold yet (used or not: a coupon is issued once). */
export function notHeld(due: readonly Coupon[], held: readonly Pick<Coupon, 'id'>[]): Coupon[] {
  const have = new Set(held.map((c) => c.id));
  return due.filter((c) => !have.has(c.id));
}

/**
 * [B10] A member's spend in `month` ('YYYY-MM'): their sales whose business date (the store's calendar
 * date when the sale was made) falls in the month, each net of the refunds of its returns.
 */
export function spendInMonth(sales: readonly Sale[], returns: readonly SaleReturn[], month: string): Cents {
  const first = `${month}-01`, last = endOfMonth(first);
  const net = new Map<Id, number>();
  for (const s of sales) if (s.businessDate >= first && s.businessDate <= last) net.set(s.id, s.total);
  for (const r of returns) {
    const held = net.get(r.saleId);
    if (held !== undefined) net.set(r.saleId, Math.max(0, held - r.refund));
  }
  let sum = 0;
  for (const v of net.values()) sum += v;
  return cents(sum);
}
