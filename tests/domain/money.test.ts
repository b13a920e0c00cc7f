import { describe, expect, it } from 'vitest';
import { cents, parseAmount, points } from '../../src/domain/money';

describe('money at the edges', () => {
  it.each([
    ['12', 1200], ['12.5', 1250], ['12.05', 1205], ['¥1,280.00', 128000], ['0.99', 99], ['-3.10', -310],
  ])('reads %s as %i cents', (text, want) => {
    expect(parseAmount(text)).toBe(want);
  });
  it.each(['', 'abc', '1.234', '1.2.3', '12元'])('refuses %j', (text) => {
    expect(parseAmount(text)).toBeNull();
  });
  it('refuses fractions of a cent or a point', () => {
    expect(() => cents(1.5)).toThrow(/whole number/);
    expect(() => points(0.1)).toThrow(/whole number/);
  });
});
