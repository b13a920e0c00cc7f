import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { tierAfterAction } from '../../src/domain/tier-change';
import { DAY, NOW, TZ, yuan } from './fixtures';

const P = DEFAULT_PROGRAMME;
const stats = (rolling: number, largest: number) => ({ rollingSpend: yuan(rolling), largestOrder: yuan(largest) });

describe('the tier after a sale or a return at the till', () => {
  it('[T3][T7] an order that reaches a tier gives it at once, since now', () => {
    expect(tierAfterAction({ tierId: null, tierSince: null }, stats(1200, 600), NOW, TZ, P)).toEqual({ tierId: 'senior', tierSince: NOW });
  });
  it('[T3] an unchanged tier writes nothing; a tier held this month is kept when spending drops (a return)', () => {
    expect(tierAfterAction({ tierId: 'silver', tierSince: NOW - DAY }, stats(1500, 200), NOW, TZ, P)).toBeNull();
    expect(tierAfterAction({ tierId: 'gold', tierSince: NOW - DAY }, stats(100, 100), NOW, TZ, P)).toBeNull();
  });
  it('[T4][T6][T7] once the month has changed since the tier was set, the tier becomes what the window qualifies for, even lower', () => {
    const lastMonth = NOW - 40 * DAY;
    expect(tierAfterAction({ tierId: 'gold', tierSince: lastMonth }, stats(1200, 200), NOW, TZ, P)).toEqual({ tierId: 'silver', tierSince: NOW });
    expect(tierAfterAction({ tierId: 'senior', tierSince: lastMonth }, stats(0, 0), NOW, TZ, P)).toEqual({ tierId: null, tierSince: null });
    expect(tierAfterAction({ tierId: 'silver', tierSince: lastMonth }, stats(1500, 200), NOW, TZ, P)).toBeNull();
  });
  it('[T6] a quarterly programme does not re-evaluate within the quarter', () => {
    const Q = { ...P, tierRules: { ...P.tierRules, reevaluate: 'quarterly' as const } };
    // NOW is 10 March; 20 February is the same quarter.
    expect(tierAfterAction({ tierId: 'gold', tierSince: NOW - 18 * DAY }, stats(100, 100), NOW, TZ, Q)).toBeNull();
  });
});
