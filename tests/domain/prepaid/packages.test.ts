// Service packages (次卡, 通卡, 月卡): the engine tables from issue #18 and its properties (docs/prepaid-spec.md, PK rules).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cents } from '../../../src/domain/money';
import { DEFAULT_PROGRAMME, validateProgramme } from '../../../src/domain/programme';
import { DEFAULT_PREPAID, type PackageType } from '../../../src/domain/prepaid/settings';
import {
  bookVisit, overdrawnVisits, refundPackage, remainingVisits, sellPackage, useVisit, type MemberPackage, type PackageEvent, type VisitEvent,
} from '../../../src/domain/prepaid/packages';
import { addDays } from '../../../src/domain/time';

const FOOT10: PackageType = {
  id: 'foot10', name: '60分钟足疗10次卡', kind: 'visits', serviceIds: ['foot60'], visits: 10, price: cents(98_000),
  expiry: { mode: 'days', days: 365 }, perDayLimit: 1,
};
const POOL: PackageType = { ...FOOT10, id: 'pool', name: '通卡', kind: 'pool', serviceIds: ['foot60', 'back45'], visits: 3, price: cents(100_000), perDayLimit: null };
const MONTH: PackageType = { ...FOOT10, id: 'month', name: '月卡', kind: 'unlimited', visits: 0, price: cents(30_000), expiry: { mode: 'days', days: 30 }, perDayLimit: 2 };
const sell = (t: PackageType, on = '2026-03-01') => sellPackage(t, on, { id: `pk-${t.id}`, memberId: 'm1', saleId: 's1' });
let n = 0;
const visit = (pkg: MemberPackage, on: string, serviceId = pkg.serviceIds[0]!, overdraft = false): VisitEvent =>
  ({ kind: 'visit', id: `v${++n}`, packageId: pkg.id, serviceId, on, staffId: 'tech-7', saleId: `s${n}`, overdraft });
const days = (from: string, k: number) => Array.from({ length: k }, (_, i) => addDays(from, i));

describe('package types', () => {
  const errorsOf = (types: PackageType[]) => {
    const r = validateProgramme({ ...DEFAULT_PROGRAMME, prepaid: { ...DEFAULT_PREPAID, packages: { types, refundFeePct: 10 } } });
    return r.ok ? [] : r.errors.map((e) => `${e.path} ${e.code}`);
  };
  it('[PK1] a 10-visit card, a pool across two services and a month card are valid package types', () => {
    expect(errorsOf([FOOT10, POOL, MONTH])).toEqual([]);
  });
  it('[PK1] a visits card of two services, a pool of none, an unlimited card with visits, a date that is no date: refused naming the setting', () => {
    expect(errorsOf([{ ...FOOT10, serviceIds: ['foot60', 'back45'] }])).toEqual(['prepaid.packages.types[0].serviceIds packageServices']);
    expect(errorsOf([{ ...POOL, serviceIds: [] }])).toEqual(['prepaid.packages.types[0].serviceIds packageServices']);
    expect(errorsOf([{ ...MONTH, visits: 10 }])).toEqual(['prepaid.packages.types[0].visits packageVisits']);
    expect(errorsOf([{ ...FOOT10, visits: 0 }])).toEqual(['prepaid.packages.types[0].visits packageVisits']);
    expect(errorsOf([{ ...FOOT10, expiry: { mode: 'date', date: '2026-02-30' } }])).toEqual(['prepaid.packages.types[0].expiry.date date']);
    expect(errorsOf([FOOT10, { ...POOL, id: 'foot10' }])).toEqual(['prepaid.packages.types[1].id duplicate']);
  });
});

describe('selling and using', () => {
  it('[PK2] sold on 1 March 2026: "365 days" lasts to 28 February 2027, "30 days" to 30 March, a fixed date is that date', () => {
    expect(sell(FOOT10)).toMatchObject({ visits: 10, soldOn: '2026-03-01', expiresOn: '2027-02-28', price: 98_000 });
    expect(sell(MONTH).expiresOn).toBe('2026-03-30');
    expect(sell({ ...FOOT10, expiry: { mode: 'date', date: '2026-12-31' } }).expiresOn).toBe('2026-12-31');
  });

  it('[PK3] a 10-visit card: each visit takes one, the tenth leaves 0, the eleventh is refused; a returned visit comes back', () => {
    const pkg = sell(FOOT10);
    const events: PackageEvent[] = [];
    for (const day of days('2026-03-02', 10)) {
      const u = useVisit(pkg, events, 'foot60', day);
      expect(u.ok).toBe(true);
      events.push(visit(pkg, day));
    }
    expect(remainingVisits(pkg, events)).toBe(0);
    expect(useVisit(pkg, events, 'foot60', '2026-04-01')).toEqual({ ok: false, code: 'noneLeft' });
    events.push({ kind: 'return', id: 'r1', packageId: pkg.id, visitId: (events[9] as { id: string }).id, on: '2026-04-01' });
    expect(remainingVisits(pkg, events)).toBe(1);
    expect(useVisit(pkg, events, 'foot60', '2026-04-01')).toEqual({ ok: true, remainingAfter: 0 });
  });

  it('[PK3] refused with its reason: a service not covered, after the last day, before the sale, the day\'s limit reached', () => {
    const pkg = sell(FOOT10);
    expect(useVisit(pkg, [], 'back45', '2026-03-02')).toEqual({ ok: false, code: 'notCovered' });
    expect(useVisit(pkg, [], 'foot60', '2027-03-01')).toEqual({ ok: false, code: 'expired' });
    expect(useVisit(pkg, [], 'foot60', '2027-02-28').ok).toBe(true);
    expect(useVisit(pkg, [], 'foot60', '2026-02-28')).toEqual({ ok: false, code: 'notYet' });
    expect(useVisit(pkg, [visit(pkg, '2026-03-02')], 'foot60', '2026-03-02')).toEqual({ ok: false, code: 'dayLimit' });
    expect(useVisit(pkg, [visit(pkg, '2026-03-02')], 'foot60', '2026-03-03').ok).toBe(true);
  });

  it('[PK3] a pool card takes visits of any listed service; a month card has no count but a per-day limit', () => {
    const pool = sell(POOL);
    const ev = [visit(pool, '2026-03-02', 'foot60'), visit(pool, '2026-03-02', 'back45')];
    expect(remainingVisits(pool, ev)).toBe(1);
    const month = sell(MONTH);
    const mv = [visit(month, '2026-03-05'), visit(month, '2026-03-05')];
    expect(remainingVisits(month, mv)).toBeNull();
    expect(useVisit(month, mv, 'foot60', '2026-03-05')).toEqual({ ok: false, code: 'dayLimit' });
    expect(useVisit(month, mv, 'foot60', '2026-03-06')).toEqual({ ok: true, remainingAfter: null });
  });
});

describe('refunds and offline overdrafts', () => {
  it('[PK4] a ¥980 10-visit card with 3 used, 10% fee: ¥686 pro rata, ¥68.60 fee, ¥617.40 back; then it is closed', () => {
    const pkg = sell(FOOT10);
    const events = days('2026-03-02', 3).map((d) => visit(pkg, d));
    const r = refundPackage(pkg, events, '2026-04-01', 10);
    expect(r).toEqual({ ok: true, refund: { unused: 7, total: 10, proRata: 68_600, fee: 6_860, moneyBack: 61_740 } });
    const closed = [...events, { kind: 'refund' as const, id: 'rf', packageId: pkg.id, on: '2026-04-01', moneyBack: cents(61_740), fee: cents(6_860) }];
    expect(remainingVisits(pkg, closed)).toBe(0);
    expect(useVisit(pkg, closed, 'foot60', '2026-04-02')).toEqual({ ok: false, code: 'refunded' });
    expect(refundPackage(pkg, closed, '2026-04-02', 10)).toEqual({ ok: false, code: 'refunded' });
  });

  it('[PK4] rounding goes down to the fen: ¥1000 for 3 visits, 1 used → ¥666.66; a month card refunds its days left', () => {
    const pool = sell(POOL);
    expect(refundPackage(pool, [visit(pool, '2026-03-02')], '2026-03-03', 0)).toMatchObject({ ok: true, refund: { proRata: 66_666, moneyBack: 66_666 } });
    const month = sell(MONTH);
    expect(refundPackage(month, [], '2026-03-21', 0)).toMatchObject({ ok: true, refund: { unused: 10, total: 30, proRata: 10_000 } });
    expect(refundPackage(month, [], '2026-03-31', 0)).toEqual({ ok: false, code: 'expired' });
    const used = sell(FOOT10);
    expect(refundPackage(used, days('2026-03-02', 10).map((d) => visit(used, d)), '2026-04-01', 0)).toEqual({ ok: false, code: 'nothingLeft' });
  });

  it('[PK4] property: a refund is never more than the price for what is unused, never negative', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }),
      (visits, used, price, fee) => {
        const pkg = sell({ ...FOOT10, visits, price: cents(price), perDayLimit: null });
        const events = Array.from({ length: Math.min(used, visits) }, () => visit(pkg, '2026-03-02'));
        const r = refundPackage(pkg, events, '2026-03-03', fee);
        if (!r.ok) { expect(used).toBeGreaterThanOrEqual(visits); return; }
        expect(r.refund.moneyBack).toBeGreaterThanOrEqual(0);
        expect(r.refund.moneyBack * visits).toBeLessThanOrEqual(price * (visits - used));
        expect(r.refund.proRata - r.refund.fee).toBe(r.refund.moneyBack);
      }));
  });

  it('[PK5] two tablets each take the last visit offline: both stand, the second is booked as an overdraft and listed', () => {
    const pkg = sell(FOOT10);
    const nine = days('2026-03-02', 9).map((d) => visit(pkg, d));
    expect(useVisit(pkg, nine, 'foot60', '2026-04-01').ok).toBe(true);
    const a = visit(pkg, '2026-04-01');
    const b = visit(pkg, '2026-04-01');
    expect(bookVisit(pkg, nine, a)).toEqual({ overdraft: false });
    const merged = [...nine, a];
    expect(bookVisit(pkg, merged, b)).toEqual({ overdraft: true });
    const all = [...merged, { ...b, overdraft: true }];
    expect(remainingVisits(pkg, all)).toBe(-1);
    expect(overdrawnVisits(all).map((e) => e.id)).toEqual([b.id]);
  });

  it('[PK5] property: visits left go below zero only through visits flagged as overdraft', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 30 }), (visits, tablets) => {
      const pkg = sell({ ...FOOT10, visits, perDayLimit: null });
      const merged: PackageEvent[] = [];
      const views: PackageEvent[][] = [[], []];
      for (const t of tablets) {
        const view = views[t]!;
        if (!useVisit(pkg, view, 'foot60', '2026-03-05').ok) continue;
        const v = visit(pkg, '2026-03-05');
        view.push(v);
        merged.push({ ...v, overdraft: bookVisit(pkg, merged, v).overdraft });
      }
      const flagged = overdrawnVisits(merged).length;
      expect(remainingVisits(pkg, merged)).toBeGreaterThanOrEqual(-flagged);
      expect(Math.max(0, -(remainingVisits(pkg, merged) ?? 0))).toBe(flagged);
    }));
  });
});
