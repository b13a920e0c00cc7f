/**
 * Exact integer splitting. Every order-level amount (a discount, a redemption, earned points) is
 * shared among lines by the largest-remainder method, so the parts always add up to the whole
 * and no part exceeds its line's weight when the whole does not exceed the total weight.
 */

/** floor(a * b / c) without losing precision on large products. c must be positive. */
export function mulDivFloor(a: number, b: number, c: number): number {
  if (c <= 0) throw new RangeError('divisor must be positive');
  return Number((BigInt(a) * BigInt(b)) / BigInt(c) - ((BigInt(a) * BigInt(b)) % BigInt(c) < 0n ? 1n : 0n));
}

/**
 * Splits `amount` (a non-negative integer) in proportion to `weights` (non-negative integers).
 * Ties in remainder go to the earlier index, so the split is deterministic.
 * With all weights zero, everything goes to nothing (returns zeros) unless amount is 0.
 */
export function largestRemainder(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const parts = weights.map((w) => mulDivFloor(amount, w, total));
  let left = amount - parts.reduce((s, p) => s + p, 0);
  const order = weights
    .map((w, i) => ({ i, rem: (BigInt(amount) * BigInt(w)) % BigInt(total) }))
    .sort((x, y) => (x.rem === y.rem ? x.i - y.i : x.rem > y.rem ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/**
 * The share of `whole` that belongs to `done` out of `of` units, taken cumulatively: asking for
 * units 1..k then k+1..n gives exactly `whole` in total (a full return restores everything).
 */
export function cumulativeShare(whole: number, doneBefore: number, doneNow: number, of: number): number {
  if (of <= 0) return 0;
  return mulDivFloor(whole, doneBefore + doneNow, of) - mulDivFloor(whole, doneBefore, of);
}
