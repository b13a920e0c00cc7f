import { describe, expect, it } from 'vitest';
import { cents } from '../../src/domain/money';
import type { Activity } from '../../src/domain/segments';
import { gradeFor, lifetimeValue, loyaltyOf, rfmScores, topSpenders } from '../../src/domain/segments';
import { yuan } from './fixtures';

describe('customer grades (snack-franchise table)', () => {
  it.each([
    [20, 'A'], [15, 'A'], [14, 'B'], [10, 'B'], [9, 'C'], [5, 'C'], [4, 'D'], [3, 'D'], [2, 'E'], [1, 'E'], [0, null],
  ])('[G1] %i purchases in the last 30 days is grade %s', (n, grade) => {
    expect(gradeFor(n)).toBe(grade);
  });
  it('[G1] a store can move the thresholds', () => {
    expect(gradeFor(8, { A: 8, B: 6, C: 4, D: 2, E: 1 })).toBe('A');
  });
});

describe('the top 20%', () => {
  it('[G2] of ten members, the two biggest spenders and their share of all spending', () => {
    const rows = [5000, 3000, 400, 300, 300, 300, 200, 200, 200, 100].map((y, i) => ({ memberId: `m${i}`, spend: yuan(y) }));
    expect(topSpenders(rows)).toEqual({ memberIds: ['m0', 'm1'], spend: yuan(8000), sharePct: 80 });
  });
  it('[G2] nobody spent: nobody is top', () => {
    expect(topSpenders([{ memberId: 'a', spend: cents(0) }])).toEqual({ memberIds: [], spend: 0, sharePct: 0 });
  });
});

describe('loyal, marginal, potential', () => {
  const a = (p: Partial<Activity>): Activity => ({ memberId: 'x', recencyDays: 10, frequency: 8, monetary: yuan(900), tenureDays: 400, ...p });
  it.each([
    ['buys often and recently', a({}), 'loyal'],
    ['new this month', a({ frequency: 1, tenureDays: 20 }), 'potential'],
    ['bought once long ago', a({ frequency: 1, recencyDays: 300 }), 'potential'],
    ['buys now and then', a({ frequency: 3, recencyDays: 40 }), 'marginal'],
    ['used to buy often, not lately', a({ recencyDays: 120 }), 'marginal'],
  ])('[G3] a member who %s is %s', (_w, act, want) => {
    expect(loyaltyOf(act)).toBe(want);
  });
});

describe('RFM and lifetime value', () => {
  it('[G4] five members get scores 1 to 5 on each of recency, frequency and money', () => {
    const rows: Activity[] = [1, 2, 3, 4, 5].map((k) => ({
      memberId: `m${k}`, recencyDays: 100 - k * 10, frequency: k, monetary: yuan(k * 100), tenureDays: 500,
    }));
    expect(rfmScores(rows).map((s) => [s.r, s.f, s.m])).toEqual([[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4], [5, 5, 5]]);
  });
  it('[G4] members with equal values share a score; never bought is the lowest recency', () => {
    const rows: Activity[] = [
      { memberId: 'a', recencyDays: null, frequency: 0, monetary: cents(0), tenureDays: 1 },
      { memberId: 'b', recencyDays: 5, frequency: 2, monetary: yuan(10), tenureDays: 1 },
      { memberId: 'c', recencyDays: 5, frequency: 2, monetary: yuan(10), tenureDays: 1 },
    ];
    const s = rfmScores(rows);
    expect(s[0]).toEqual({ memberId: 'a', r: 1, f: 1, m: 1 });
    expect(s[1]?.r).toBe(s[2]?.r);
  });
  it('[G5] ¥600 profit a year for an expected 2.5 years is worth ¥1,500', () => {
    expect(lifetimeValue(yuan(600), 25)).toBe(yuan(1500));
  });
});
