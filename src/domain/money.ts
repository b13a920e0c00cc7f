/**
 * Money and points are integers: money in minor units (fen / cents), points in whole points.
 * Branded so that a Cents can never be passed where Points are meant. Conversions to and from
 * decimal amounts happen only at the edges (input fields, CSV import, display).
 */
export type Cents = number & { readonly __brand: 'Cents' };
export type Points = number & { readonly __brand: 'Points' };

export class AmountError extends RangeError {
  constructor(what: string, value: unknown) {
    super(`${what} must be a whole number, got ${String(value)}`);
    this.name = 'AmountError';
  }
}

export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new AmountError('An amount in cents', n);
  return n as Cents;
}

export function points(n: number): Points {
  if (!Number.isSafeInteger(n)) throw new AmountError('A number of points', n);
  return n as Points;
}

export const ZERO_CENTS = 0 as Cents;
export const ZERO_POINTS = 0 as Points;

export function addCents(...xs: Cents[]): Cents {
  let s = 0;
  for (const x of xs) s += x;
  return cents(s);
}

export function sumPoints(xs: Iterable<Points>): Points {
  let s = 0;
  for (const x of xs) s += x;
  return points(s);
}

/**
 * Parses a decimal amount typed or imported by a person ("12.5", "¥1,280.00") into cents.
 * Returns null for anything that is not a plain amount with at most two decimals.
 */
export function parseAmount(text: string): Cents | null {
  const t = text.replace(/[¥￥$,\s]/g, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const v = whole * 100 + frac;
  if (!Number.isSafeInteger(v)) return null;
  return cents(m[1] === '-' ? -v : v);
}
