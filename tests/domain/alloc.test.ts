import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cumulativeShare, largestRemainder, mulDivFloor } from '../../src/domain/alloc';

describe('exact splitting', () => {
  it('[Q2] ¥1 over three equal lines is 34 + 33 + 33 fen, the extra fen to the first line', () => {
    expect(largestRemainder(100, [1000, 1000, 1000])).toEqual([34, 33, 33]);
    expect(largestRemainder(5, [0, 0])).toEqual([0, 0]);
  });
  it('[Q2] the parts always add up to the whole and none exceeds its weight', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, f) => {
      const total = weights.reduce((s, w) => s + w, 0);
      const amount = Math.floor(total * f);
      const parts = largestRemainder(amount, weights);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(total === 0 ? 0 : amount);
      parts.forEach((p, i) => expect(p).toBeLessThanOrEqual(weights[i] ?? 0));
    }));
  });
  it('[X6] shares taken in any steps add up to the whole', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }), (whole, steps) => {
      const of = steps.reduce((s, x) => s + x, 0);
      let done = 0, got = 0;
      for (const st of steps) { got += cumulativeShare(whole, done, st, of); done += st; }
      expect(got).toBe(whole);
    }));
  });
  it('[Q2] floor of a product past 2^53 stays exact', () => {
    expect(mulDivFloor(9_007_199_254_740, 1_000, 1_000)).toBe(9_007_199_254_740);
    expect(mulDivFloor(-7, 1, 2)).toBe(-4);
  });
});
