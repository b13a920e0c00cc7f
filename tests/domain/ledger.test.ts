import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balanceOf, expiresOnFor, expiringPoints, expiryEntries, makeEntry, pointsExpiringSoon, spendableBalance } from '../../src/domain/ledger';
import type { LedgerEntry } from '../../src/domain/records';
import { counterIds, withProgramme } from './fixtures';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';

const ctx = (at: number) => ({ ids: counterIds(`e${at}`), at, deviceId: 'd', staffId: null });
const earn = (at: number, pts: number, expiresOn: string | null): LedgerEntry => makeEntry('m1', 'earn', pts, 'sale', null, expiresOn, ctx(at));
const spend = (at: number, pts: number): LedgerEntry => makeEntry('m1', 'redeem', -pts, 'sale', null, null, ctx(at));

describe('the points ledger', () => {
  it('[L1] the balance is the sum of the entries', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -10_000, max: 10_000 })), (xs) => {
      const entries = xs.map((x, i) => makeEntry('m1', x >= 0 ? 'earn' : 'redeem', x, 'r', null, null, ctx(i)));
      expect(balanceOf(entries)).toBe(xs.reduce((s, x) => s + x, 0));
    }));
  });
  it.each([
    ['months', 24, '2026-03-10', '2028-03-09'],
    ['months', 12, '2026-01-31', '2027-01-30'],
    ['year-end', 0, '2026-03-10', '2026-12-31'],
  ] as const)('[L3] with expiry "%s" (%i), points earned on %s last until %s', (mode, months, on, until) => {
    const p = withProgramme((x) => { x.expiry = { mode, months: months || 1 }; });
    expect(expiresOnFor(on, p)).toBe(until);
  });
  it('[L3] points can be set never to expire', () => {
    expect(expiresOnFor('2026-03-10', withProgramme((x) => { x.expiry.mode = 'never'; }))).toBeNull();
  });
  it('[L2] spending uses the oldest points first, so only the unused rest of an old lot expires', () => {
    const entries = [earn(1, 300, '2026-01-31'), earn(2, 500, '2026-12-31'), spend(3, 200)];
    expect(expiringPoints(entries, '2026-01-31')).toBe(0); // the last day still counts
    expect(expiringPoints(entries, '2026-02-01')).toBe(100);
  });
  it('[L4] expiry is booked once: running it again the same day books nothing', () => {
    const entries = [earn(1, 300, '2026-01-31'), earn(2, 500, '2026-12-31'), spend(3, 200)];
    const booked = expiryEntries('m1', entries, '2026-02-01', ctx(4));
    expect(booked.map((e) => [e.kind, e.points])).toEqual([['expiry', -100]]);
    const after = [...entries, ...booked];
    expect(expiryEntries('m1', after, '2026-02-01', ctx(5))).toEqual([]);
    expect(balanceOf(after)).toBe(500);
  });
  it('[L4] points past their last day cannot be spent even before the expiry run books them', () => {
    const entries = [earn(1, 300, '2026-01-31'), earn(2, 500, '2026-12-31'), spend(3, 200)];
    expect(spendableBalance(entries, '2026-01-31')).toBe(600);
    expect(spendableBalance(entries, '2026-02-01')).toBe(500);
  });
  it('[L2] a redemption after a lot has passed its last day (before the expiry run) is taken from valid points, so the expiry still books the old lot', () => {
    const feb5 = Date.UTC(2026, 1, 5, 4);
    const entries = [earn(1, 300, '2026-01-31'), earn(2, 500, '2026-12-31'), spend(feb5, 500)];
    expect(spendableBalance(entries, '2026-02-05', 'Asia/Shanghai')).toBe(0);
    const booked = expiryEntries('m1', entries, '2026-02-06', { ...ctx(feb5 + 86_400_000), timeZone: 'Asia/Shanghai' });
    expect(booked.map((e) => e.points)).toEqual([-300]);
    expect(balanceOf([...entries, ...booked])).toBe(0);
  });
  it('[L5] "300 points expire on 31 January" for the counter and the care list', () => {
    const entries = [earn(1, 300, '2026-01-31'), earn(2, 500, '2026-12-31')];
    expect(pointsExpiringSoon(entries, '2026-01-10', 30)).toEqual({ points: 300, firstOn: '2026-01-31' });
    expect(pointsExpiringSoon(entries, '2025-12-01', 30)).toEqual({ points: 0, firstOn: null });
  });
  it('[L2] an overdraft (two tablets redeemed offline) is paid off by the next points earned', () => {
    const entries = [spend(1, 100), earn(2, 300, '2026-01-31')];
    expect(balanceOf(entries)).toBe(200);
    expect(expiringPoints(entries, '2026-02-01')).toBe(200);
  });
  it('[L4] once every lot has passed its last day, expiry leaves zero (or the overdraft), never less', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 28 }))), (ops) => {
      const entries = ops.map(([isEarn, pts, d], i) => (isEarn ? earn(i, pts, `2026-02-${String(d).padStart(2, '0')}`) : spend(i, pts)));
      const booked = expiryEntries('m1', entries, '2026-03-01', ctx(999));
      const after = balanceOf([...entries, ...booked]);
      expect(after).toBe(Math.min(0, balanceOf(entries)));
    }));
  });
  it('[L3] the default programme keeps points for 24 months', () => {
    expect(DEFAULT_PROGRAMME.expiry).toEqual({ mode: 'months', months: 24 });
  });
});
