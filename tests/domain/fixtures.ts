// Shared builders for the domain tests: a cart line, a member at the counter, a quote input, ids.
import { cents, points } from '../../src/domain/money';
import type { Programme } from '../../src/domain/programme';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { CartLine, QuoteInput, QuoteMember } from '../../src/domain/quote-types';
import type { Coupon } from '../../src/domain/records';

export const TZ = 'Asia/Shanghai';
/** 2026-03-10 12:00 in Shanghai (a Tuesday). */
export const NOW = Date.UTC(2026, 2, 10, 4, 0, 0);
export const DAY = 86_400_000;

export function yuan(n: number) {
  return cents(Math.round(n * 100));
}

export function line(price: number, qty = 1, extra: Partial<CartLine> = {}): CartLine {
  return { productId: 'p1', name: 'Item', category: 'general', unitPrice: yuan(price), qty, lineDiscount: cents(0), noEarn: false, ...extra };
}

export function member(extra: Partial<QuoteMember> = {}): QuoteMember {
  return {
    id: 'm1', balance: points(0), rollingSpend: cents(0), largestOrder: cents(0), tierId: null,
    enrolledOn: '2025-06-01', birthday: null, referredBy: null, ...extra,
  };
}

export function input(lines: CartLine[], extra: Partial<QuoteInput> = {}, programme: Programme = DEFAULT_PROGRAMME): QuoteInput {
  return { lines, member: null, coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme, now: NOW, timeZone: TZ, ...extra };
}

export function coupon(extra: Partial<Coupon> = {}): Coupon {
  return {
    id: 'c1', memberId: 'm1', kind: 'birthday', percentOff: 30, amountOff: null, minSpend: cents(0),
    validFrom: '2026-03-01', validTo: '2026-03-31', issuedAt: NOW - DAY, usedSaleId: null, usedAt: null, ...extra,
  };
}

export function counterIds(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

export function withProgramme(patch: (p: Programme) => void): Programme {
  const p = structuredClone(DEFAULT_PROGRAMME);
  patch(p);
  return p;
}
