/** Payment checks for a sale (docs/loyalty-spec.md Q rules): what is handed over must settle the amount due exactly. */
import type { Cents } from './money';
import { cents } from './money';
import type { Payment } from './records';

export interface PaymentError { field: string; code: string; message: string }
export type PaymentResult = { ok: true; change: Cents } | { ok: false; errors: PaymentError[] };

const METHODS = new Set(['cash', 'card', 'wechat', 'alipay', 'other']);

/**
 * [Q8] Payments must sum to the total; a cash payment may carry `tendered` ≥ its amount and the
 * difference is the change. At most one cash payment; every amount a whole, non-negative number of cents.
 */
export function validatePayments(total: Cents, payments: readonly Payment[]): PaymentResult {
  const errors: PaymentError[] = [];
  let paid = 0;
  let change = 0;
  let cashCount = 0;
  payments.forEach((p, i) => {
    const f = `payments[${i}]`;
    if (!METHODS.has(p.method)) errors.push({ field: `${f}.method`, code: 'payment.method', message: 'Unknown payment method' });
    if (!Number.isSafeInteger(p.amount) || p.amount < 0) {
      errors.push({ field: `${f}.amount`, code: 'payment.amount', message: 'An amount must be zero or more, in whole cents' });
      return;
    }
    paid += p.amount;
    if (p.method === 'cash') cashCount += 1;
    if (p.tendered !== undefined) {
      if (p.method !== 'cash') {
        errors.push({ field: `${f}.tendered`, code: 'payment.tenderedNotCash', message: 'Only cash is tendered' });
      } else if (!Number.isSafeInteger(p.tendered) || p.tendered < p.amount) {
        errors.push({ field: `${f}.tendered`, code: 'payment.tenderedShort', message: 'Cash handed over is less than the cash amount' });
      } else {
        change += p.tendered - p.amount;
      }
    }
  });
  if (cashCount > 1) errors.push({ field: 'payments', code: 'payment.cashTwice', message: 'Put all cash in one payment' });
  if (errors.length === 0 && paid !== total) {
    errors.push({ field: 'payments', code: paid < total ? 'payment.short' : 'payment.over', message: `Payments add up to ${paid}, the total is ${total}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, change: cents(change) };
}

/** [Q8] One cash payment for the whole total, with change from what was handed over. */
export function cashPayment(total: Cents, tendered: Cents): Payment {
  return { method: 'cash', amount: total, tendered };
}
