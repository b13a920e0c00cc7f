// Stored value (储值, 充值送): the engine tables from issue #18 and its properties (docs/prepaid-spec.md, V rules).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cents, type Cents } from '../../../src/domain/money';
import { DEFAULT_PREPAID, type StoredValueSettings } from '../../../src/domain/prepaid/settings';
import {
  bookDraw, drawFor, makeSvEntry, offlineAllowance, overdraftEntries, refundTopUps, returnDraw, svBalanceOf, topUp,
  type SvEntry, type SvParts,
} from '../../../src/domain/prepaid/stored-value';

const y = (n: number) => cents(Math.round(n * 100));
const SV: StoredValueSettings = {
  ...DEFAULT_PREPAID.storedValue,
  minTopUp: y(50),
  plans: [{ id: 'p200', name: '充200送50', pay: y(200), bonus: y(50) }, { id: 'p500', name: '充500送150', pay: y(500), bonus: y(150) }],
};
let n = 0;
const ctx = (deviceId = 'tab-a') => ({ ids: () => `e${++n}`, at: 1, deviceId, staffId: 'u1' });
function card(...amounts: number[]): SvEntry[] {
  return amounts.map((a) => {
    const t = topUp(SV, y(a));
    if (!t.ok) throw new Error(t.code);
    return makeSvEntry('m1', 'topUp', t, ctx(), { planId: t.planId });
  });
}
function drawEntry(entries: SvEntry[], amount: Cents, rule: 'proportional' | 'principalFirst' = 'proportional'): SvEntry {
  const d = drawFor(svBalanceOf(entries), amount, rule);
  if (!d.ok) throw new Error(d.code);
  return makeSvEntry('m1', 'draw', { principal: cents(-d.draw.principal), bonus: cents(-d.draw.bonus) }, ctx());
}
const parts = (e: SvEntry): SvParts => ({ principal: cents(-e.principal), bonus: cents(-e.bonus) });

describe('top-ups', () => {
  it.each([
    [100, 0, null], [200, 50, 'p200'], [300, 50, 'p200'], [499.99, 50, 'p200'], [500, 150, 'p500'], [1000, 150, 'p500'],
  ])('[V1] a top-up of ¥%s gets the highest plan it reaches, not the plans added up: bonus ¥%s', (pay, bonus, plan) => {
    expect(topUp(SV, y(pay))).toEqual({ ok: true, principal: y(pay), bonus: y(bonus), planId: plan });
  });

  it('[V1] a top-up below the minimum, or of nothing, is refused with the minimum to show', () => {
    expect(topUp(SV, y(49.99))).toEqual({ ok: false, code: 'belowMin', min: y(50) });
    expect(topUp(SV, y(0))).toEqual({ ok: false, code: 'notPositive' });
    expect(topUp(SV, cents(-100))).toEqual({ ok: false, code: 'notPositive' });
  });

  it('[V3] ¥200 on the card shows ¥250: principal ¥200 and bonus ¥50 kept apart, the balance the sum of its entries', () => {
    expect(svBalanceOf(card(200))).toEqual({ principal: y(200), bonus: y(50), total: y(250) });
    expect(svBalanceOf(card(200, 500))).toEqual({ principal: y(700), bonus: y(200), total: y(900) });
  });
});

describe('paying from the card', () => {
  it('[V4] ¥88 from a ¥250 card, proportionally: ¥17.60 of bonus (floored), ¥70.40 of principal', () => {
    const d = drawFor(svBalanceOf(card(200)), y(88), 'proportional');
    expect(d).toEqual({ ok: true, draw: { principal: y(70.4), bonus: y(17.6) } });
  });

  it('[V4] principal first: ¥88 all from principal; ¥230 takes all ¥200 of principal and ¥30 of bonus', () => {
    expect(drawFor(svBalanceOf(card(200)), y(88), 'principalFirst')).toEqual({ ok: true, draw: { principal: y(88), bonus: y(0) } });
    expect(drawFor(svBalanceOf(card(200)), y(230), 'principalFirst')).toEqual({ ok: true, draw: { principal: y(200), bonus: y(30) } });
  });

  it('[V4] more than the card holds is refused, saying what is available; the rest is paid by other means', () => {
    expect(drawFor(svBalanceOf(card(200)), y(250.01), 'proportional')).toEqual({ ok: false, code: 'insufficient', available: y(250) });
    expect(drawFor(svBalanceOf(card(200)), y(0), 'proportional')).toMatchObject({ ok: false, code: 'notPositive' });
  });

  it('[V4] property: a draw splits to the fen, never takes more of a part than it holds, under either rule', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 20_000_000 }),
      fc.constantFrom('proportional' as const, 'principalFirst' as const),
      (p, b, amount, rule) => {
        const d = drawFor({ principal: cents(p), bonus: cents(b) }, cents(amount), rule);
        if (amount > p + b) { expect(d.ok).toBe(false); return; }
        if (!d.ok) throw new Error(d.code);
        expect(d.draw.principal + d.draw.bonus).toBe(amount);
        expect(d.draw.principal).toBeGreaterThanOrEqual(0);
        expect(d.draw.bonus).toBeGreaterThanOrEqual(0);
        expect(d.draw.principal).toBeLessThanOrEqual(p);
        expect(d.draw.bonus).toBeLessThanOrEqual(b);
      }));
  });
});

describe('returns and refunds', () => {
  it('[V5] returning the ¥88 sale gives the card back ¥70.40 principal and ¥17.60 bonus: ¥250 again exactly', () => {
    const entries = card(200);
    const draw = drawEntry(entries, y(88));
    const back = returnDraw(parts(draw), y(0), y(88));
    expect(back).toEqual({ principal: y(70.4), bonus: y(17.6) });
    const after = [...entries, draw, makeSvEntry('m1', 'returnCredit', back, ctx(), { drawId: draw.id })];
    expect(svBalanceOf(after)).toEqual(svBalanceOf(entries));
  });

  it('[V5] returning ¥30 of it, then the other ¥58, gives back ¥6 + ¥11.60 of bonus: exactly the ¥17.60 drawn', () => {
    const draw = parts(drawEntry(card(200), y(88)));
    const first = returnDraw(draw, y(0), y(30));
    const second = returnDraw(draw, y(30), y(58));
    expect(first).toEqual({ principal: y(24), bonus: y(6) });
    expect(second).toEqual({ principal: y(46.4), bonus: y(11.6) });
    expect(returnDraw(draw, y(88), y(1))).toEqual({ principal: y(0), bonus: y(0) });
  });

  it('[V5] property: a draw returned in any number of parts gives back exactly its principal and its bonus', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 500_000 }), { maxLength: 8 }),
      (p, b, chunks) => {
        const draw = { principal: cents(p), bonus: cents(b) };
        const total = p + b;
        let before = 0;
        let sumP = 0;
        let sumB = 0;
        for (const c of [...chunks, total]) {
          const r = returnDraw(draw, cents(before), cents(c));
          expect(r.principal).toBeGreaterThanOrEqual(0);
          expect(r.bonus).toBeGreaterThanOrEqual(0);
          sumP += r.principal;
          sumB += r.bonus;
          before = Math.min(total, before + c);
        }
        expect({ sumP, sumB }).toEqual({ sumP: p, sumB: b });
      }));
  });

  it('[V6] refunding the card after the ¥88 sale pays back ¥129.60 of principal and forfeits ¥32.40 of bonus; the card is then empty', () => {
    const entries = [...card(200)];
    entries.push(drawEntry(entries, y(88)));
    const r = refundTopUps(entries);
    expect(r).toEqual({ ok: true, moneyBack: y(129.6), bonusForfeited: y(32.4), entry: { principal: y(-129.6), bonus: y(-32.4) } });
    if (!r.ok) return;
    expect(svBalanceOf([...entries, makeSvEntry('m1', 'refund', r.entry, ctx())]).total).toBe(0);
    expect(refundTopUps([...entries, makeSvEntry('m1', 'refund', r.entry, ctx())])).toEqual({ ok: false, code: 'nothingToRefund' });
  });

  it('[V6] property: a refund never returns bonus: the money back is the unspent principal, never more than was paid in', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 5_000, max: 200_000 }).map((x) => x / 100), { minLength: 1, maxLength: 4 }),
      fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 6 }),
      fc.constantFrom('proportional' as const, 'principalFirst' as const),
      (topUps, spends, rule) => {
        const entries = card(...topUps);
        const paidIn = entries.reduce((s, e) => s + e.principal, 0);
        for (const s of spends) {
          if (drawFor(svBalanceOf(entries), cents(s), rule).ok) entries.push(drawEntry(entries, cents(s), rule));
        }
        const bal = svBalanceOf(entries);
        const r = refundTopUps(entries);
        if (bal.total === 0) { expect(r.ok).toBe(false); return; }
        if (!r.ok) throw new Error(r.code);
        expect(r.moneyBack).toBe(bal.principal);
        expect(r.moneyBack).toBeLessThanOrEqual(paidIn);
        expect(r.bonusForfeited).toBe(bal.bonus);
      }));
  });
});

describe('two tablets offline', () => {
  it('[V7] two tablets both spend ¥200 of a ¥250 card offline: both stand, the second is booked as a ¥150 overdraft, listed', () => {
    const entries = card(200);
    const known = svBalanceOf(entries);
    const a = drawFor(known, y(200), 'proportional');
    const b = drawFor(known, y(200), 'proportional');
    if (!a.ok || !b.ok) throw new Error('draw refused');
    expect(bookDraw(svBalanceOf(entries), a.draw, y(500))).toEqual({ ok: true, overdraft: null });
    const afterA = [...entries, makeSvEntry('m1', 'draw', { principal: cents(-a.draw.principal), bonus: cents(-a.draw.bonus) }, ctx())];
    const booked = bookDraw(svBalanceOf(afterA), b.draw, y(500));
    expect(booked).toEqual({ ok: true, overdraft: { principal: y(120), bonus: y(30) } });
    const merged = [...afterA, makeSvEntry('m1', 'draw', { principal: cents(-b.draw.principal), bonus: cents(-b.draw.bonus) }, ctx('tab-b'), { overdraft: true })];
    expect(svBalanceOf(merged)).toEqual({ principal: y(-120), bonus: y(-30), total: y(-150) });
    expect(overdraftEntries(merged).map((e) => e.deviceId)).toEqual(['tab-b']);
    expect(refundTopUps(merged)).toEqual({ ok: false, code: 'overdrawn' });
  });

  it('[V7] a tablet offline spends at most the cap per member; a draw whose overdraft is beyond the cap is refused', () => {
    expect(offlineAllowance(y(100), y(0), { principal: y(200), bonus: y(50) })).toBe(y(100));
    expect(offlineAllowance(y(100), y(80), { principal: y(200), bonus: y(50) })).toBe(y(20));
    expect(offlineAllowance(y(100), y(0), { principal: y(30), bonus: y(0) })).toBe(y(30));
    expect(bookDraw({ principal: y(0), bonus: y(0) }, { principal: y(100.01), bonus: y(0) }, y(100))).toEqual({ ok: false, code: 'overCap', cap: y(100) });
    expect(bookDraw({ principal: y(10), bonus: y(0) }, { principal: y(-1), bonus: y(0) }, y(100))).toMatchObject({ ok: false, code: 'split' });
  });

  it('[V7] property: merged, principal and bonus are below zero by exactly the flagged overdrafts, in all within the cap', () => {
    fc.assert(fc.property(
      fc.integer({ min: 100, max: 100_000 }), fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 6 }), fc.integer({ min: 0, max: 50_000 }),
      (top, spendsA, spendsB, cap) => {
        const start = [makeSvEntry('m1', 'topUp', { principal: cents(top), bonus: cents(Math.floor(top / 4)) }, ctx())];
        const offline = (spends: number[], device: string) => {
          const local = [...start];
          let drawn = 0;
          const out: SvParts[] = [];
          for (const s of spends) {
            if (s > offlineAllowance(cents(cap), cents(drawn), svBalanceOf(local))) continue;
            const d = drawFor(svBalanceOf(local), cents(s), 'proportional');
            if (!d.ok) continue;
            drawn += s;
            out.push(d.draw);
            local.push(makeSvEntry('m1', 'draw', { principal: cents(-d.draw.principal), bonus: cents(-d.draw.bonus) }, { ...ctx(), deviceId: device }));
          }
          return out;
        };
        const merged = [...start];
        const short = { principal: 0, bonus: 0 };
        for (const d of [...offline(spendsA, 'a'), ...offline(spendsB, 'b')]) {
          const booked = bookDraw(svBalanceOf(merged), d, cents(cap));
          if (!booked.ok) throw new Error(booked.code);
          short.principal += booked.overdraft?.principal ?? 0;
          short.bonus += booked.overdraft?.bonus ?? 0;
          merged.push(makeSvEntry('m1', 'draw', { principal: cents(-d.principal), bonus: cents(-d.bonus) }, ctx(), { overdraft: booked.overdraft !== null }));
        }
        const bal = svBalanceOf(merged);
        expect({ principal: Math.max(0, -bal.principal), bonus: Math.max(0, -bal.bonus) }).toEqual(short);
        if (short.principal + short.bonus === 0) expect(overdraftEntries(merged)).toEqual([]);
        expect(bal.total).toBeGreaterThanOrEqual(-cap);
      }));
  });
});
