// Prepaid at the checkout, through the real quote engine (docs/prepaid-spec.md V9, V10, PK6).
import { describe, expect, it } from 'vitest';
import { cents, points } from '../../../src/domain/money';
import { quoteCheckout } from '../../../src/domain/quote';
import { DEFAULT_PREPAID, type PackageType, type StoredValueSettings } from '../../../src/domain/prepaid/settings';
import { payFromCard, visitLine } from '../../../src/domain/prepaid/checkout';
import { sellPackage } from '../../../src/domain/prepaid/packages';
import { input, line, member, yuan } from '../fixtures';

const CARD = { principal: yuan(200), bonus: yuan(50) };
const SV: StoredValueSettings = { ...DEFAULT_PREPAID.storedValue };
function quote88() {
  const q = quoteCheckout(input([line(88)], { member: member() }));
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  return q.quote;
}

describe('paying from the card at checkout', () => {
  it('[V9] a ¥88 sale, ¥50 from a ¥250 card and ¥38 in cash: the card pays ¥40 principal and ¥10 bonus', () => {
    const q = quote88();
    expect(q.total).toBe(yuan(88));
    const r = payFromCard(q, yuan(50), CARD, SV, false);
    expect(r).toEqual({ ok: true, pay: { draw: { principal: yuan(40), bonus: yuan(10) }, otherDue: yuan(38), pointsEarned: q.pointsEarned } });
  });

  it('[V9] more than the sale, more than the card, nothing, or no PIN where the shop asks for one: refused, nothing drawn', () => {
    const q = quote88();
    expect(payFromCard(q, yuan(88.01), CARD, SV, false)).toEqual({ ok: false, code: 'overTotal' });
    expect(payFromCard(q, yuan(60), { principal: yuan(40), bonus: yuan(10) }, SV, false)).toEqual({ ok: false, code: 'insufficient', available: yuan(50) });
    expect(payFromCard(q, cents(0), CARD, SV, false)).toEqual({ ok: false, code: 'notPositive' });
    expect(payFromCard(q, yuan(50), CARD, { ...SV, pinRequired: true }, false)).toEqual({ ok: false, code: 'pinRequired' });
    expect(payFromCard(q, yuan(50), CARD, { ...SV, pinRequired: true }, true).ok).toBe(true);
  });

  it('[V10] points on the card\'s part by the setting: on, the ¥88 sale earns its 88 points; off, only the ¥38 paid in cash earns (38)', () => {
    const q = quote88();
    expect(q.pointsEarned).toBe(points(88));
    const on = payFromCard(q, yuan(50), CARD, { ...SV, earnOnStoredValue: true }, false);
    const off = payFromCard(q, yuan(50), CARD, { ...SV, earnOnStoredValue: false }, false);
    expect(on.ok && on.pay.pointsEarned).toBe(88);
    expect(off.ok && off.pay.pointsEarned).toBe(38);
    const all = payFromCard(q, yuan(88), CARD, { ...SV, earnOnStoredValue: false }, false);
    expect(all.ok && all.pay).toMatchObject({ otherDue: 0, pointsEarned: 0 });
  });
});

describe('a package visit at checkout', () => {
  const FOOT10: PackageType = {
    id: 'foot10', name: '足疗10次卡', kind: 'visits', serviceIds: ['foot60'], visits: 10, price: yuan(980),
    expiry: { mode: 'days', days: 365 }, perDayLimit: 1,
  };
  const pkg = sellPackage(FOOT10, '2026-03-01', { id: 'pk1', memberId: 'm1', saleId: 's0' });
  const service = { id: 'foot60', name: '60分钟足疗', category: 'service' };

  it('[PK6] a visit is a line of the service at ¥0 due, no points, with the package and the staff member; beside a ¥30 tea the sale is ¥30', () => {
    const v = visitLine(pkg, [], service, 'tech-7', '2026-03-10');
    if (!v.ok) throw new Error(v.code);
    expect(v.visit).toMatchObject({ packageId: 'pk1', serviceId: 'foot60', staffId: 'tech-7', remainingAfter: 9 });
    const q = quoteCheckout(input([v.visit.line, line(30)], { member: member() }));
    if (!q.ok) throw new Error(JSON.stringify(q.errors));
    expect(q.quote.total).toBe(yuan(30));
    expect(q.quote.lines[0]).toMatchObject({ name: '60分钟足疗', net: 0, pointsEarned: 0 });
    expect(q.quote.pointsEarned).toBe(points(30));
  });

  it('[PK6] a visit the package does not allow is refused with its code, before it reaches the cart', () => {
    expect(visitLine(pkg, [], { ...service, id: 'back45' }, 'tech-7', '2026-03-10')).toEqual({ ok: false, code: 'notCovered' });
    expect(visitLine(pkg, [], service, 'tech-7', '2027-03-01')).toEqual({ ok: false, code: 'expired' });
  });
});
