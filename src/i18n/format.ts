/**
 * Money and dates for people: integer cents become "¥12.50" / "¥12.50" through Intl in the
 * store's currency and the cashier's language; instants become dates in the store's time zone
 * (never the tablet's own zone, which may be wrong on a shared device).
 */
import type { Cents } from '../domain/money';

const moneyCache = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${currency}|${locale}`;
  let f = moneyCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyCache.set(key, f);
  }
  return f;
}

/** Formats integer cents. The division happens only here, at the edge, for display. */
export function formatMoney(amount: Cents | number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return moneyFormat(currency, locale).format(amount / 10 ** digits);
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (2 for CNY and most others); kept per currency (a NumberFormat is costly to make). */
export function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

/** A cents amount as a plain decimal for an input field ("12.50"), no currency sign. */
export function centsToInput(amount: Cents | number): string {
  const neg = amount < 0;
  const a = Math.abs(amount);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export function formatDate(instant: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function formatDateTime(instant: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(instant);
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
