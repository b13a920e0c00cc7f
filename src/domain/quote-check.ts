/** [Q1] The impossible inputs a quote refuses, each with the field it names; nothing is priced when any is found. */
import type { QuoteError, QuoteInput } from './quote-types';
import { isTimeZone } from './time';

export function checkQuoteInput(input: QuoteInput): QuoteError[] {
  const errors: QuoteError[] = [];
  const maxQty = input.programme.earn.maxLineQty;
  if (input.lines.length === 0) errors.push({ field: 'lines', code: 'cart.empty', message: 'The cart is empty' });
  input.lines.forEach((l, i) => {
    const f = `lines[${i}]`;
    if (!Number.isSafeInteger(l.qty) || l.qty <= 0) {
      errors.push({ field: `${f}.qty`, code: 'line.qty', message: 'The quantity must be a whole number above zero' });
    } else if (l.qty > maxQty) {
      errors.push({ field: `${f}.qty`, code: 'line.qtyTooLarge', message: `The quantity is above ${maxQty}` });
    }
    if (!Number.isSafeInteger(l.unitPrice) || l.unitPrice < 0) {
      errors.push({ field: `${f}.unitPrice`, code: 'line.price', message: 'The price must be zero or more, in whole cents' });
    }
    const gross = l.unitPrice * l.qty;
    if (Number.isSafeInteger(l.unitPrice) && Number.isSafeInteger(l.qty) && gross > 1e13) {
      errors.push({ field: `${f}.unitPrice`, code: 'line.tooLarge', message: 'The line amount is beyond what a till can take' });
    }
    if (!Number.isSafeInteger(l.lineDiscount) || l.lineDiscount < 0) {
      errors.push({ field: `${f}.lineDiscount`, code: 'line.discount', message: 'A line discount must be zero or more, in whole cents' });
    } else if (Number.isSafeInteger(gross) && l.lineDiscount > gross) {
      errors.push({ field: `${f}.lineDiscount`, code: 'line.discountAbovePrice', message: 'A line discount cannot be more than the line' });
    }
  });
  const m = input.member;
  if (m) {
    for (const k of ['balance', 'rollingSpend', 'largestOrder'] as const) {
      const v = m[k];
      if (!Number.isSafeInteger(v) || (k !== 'balance' && v < 0)) {
        errors.push({ field: `member.${k}`, code: 'member.stats', message: `The member's ${k} must be a whole number${k === 'balance' ? '' : ' of zero or more'}` });
      }
    }
  }
  const known = new Set(input.coupons.map((c) => c.id));
  input.selectedCouponIds.forEach((id, i) => {
    if (!known.has(id)) errors.push({ field: `selectedCouponIds[${i}]`, code: 'coupon.unknown', message: 'No such coupon' });
  });
  if (new Set(input.selectedCouponIds).size !== input.selectedCouponIds.length) {
    errors.push({ field: 'selectedCouponIds', code: 'coupon.twice', message: 'A coupon is ticked twice' });
  }
  if (!isTimeZone(input.timeZone)) errors.push({ field: 'timeZone', code: 'timeZone', message: `Unknown time zone ${input.timeZone}` });
  if (!Number.isSafeInteger(input.now)) errors.push({ field: 'now', code: 'now', message: 'now must be epoch milliseconds' });
  return errors;
}
