// S15: the server re-prices member sales with the domain engine and the programme version the sale
// recorded; a device cannot mint points. Run against PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { quoteCheckout } from '../../src/domain/quote';
import { buildSale } from '../../src/domain/sale-records';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { cents, points } from '../../src/domain/money';
import { buildReturn } from '../../src/domain/returns';
import type { Member, Sale, SaleReturn, LedgerEntry } from '../../src/domain/records';
import type { Mutation, ServerException } from '../../src/sync/protocol';
import { api, backends, enroll, member, orgWithDevice, pullAll, T0, uid, serverOn } from './support';

interface Held { balance?: number; rollingSpend?: number; largestOrder?: number; tierId?: string | null; referredBy?: string | null }

/** A sale of `yuan` to `m` at `at`, priced by the engine exactly as a till would with what it knew (`held`). */
function tillSale(m: Member, storeId: string, deviceId: string, yuan = 120, at = T0, held: Held = {}): { sale: Sale; ledger: LedgerEntry[] } {
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'tea', unitPrice: cents(yuan * 100), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: {
      id: m.id, balance: points(held.balance ?? 0), rollingSpend: cents(held.rollingSpend ?? 0), largestOrder: cents(held.largestOrder ?? 0),
      tierId: held.tierId ?? null, enrolledOn: m.enrolledOn, birthday: null, referredBy: held.referredBy ?? null,
    },
    coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme: DEFAULT_PROGRAMME, now: at, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const b = buildSale(q.quote, {
    ids: () => uid('id'), now: at, timeZone: 'Asia/Shanghai', storeId, deviceId, staffId: 'staff-1', receiptNo: uid('r'),
    payments: [{ method: 'cash', amount: q.quote.total }], programme: DEFAULT_PROGRAMME, coupons: [],
  });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return { sale: b.sale, ledger: b.ledger };
}

/** A return of every item of `sale` at `at`, built by the till's own function. */
function tillReturn(sale: Sale, deviceId: string, at: number): { ret: SaleReturn; ledger: LedgerEntry[] } {
  const r = buildReturn(
    { sale, earlierReturns: [], lines: sale.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty, todayUnitPrice: null })), reason: 'resaleable', approvedBy: null },
    { ids: () => uid('id'), now: at, timeZone: 'Asia/Shanghai', storeId: sale.storeId, deviceId, staffId: 'staff-1', programme: DEFAULT_PROGRAMME },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { ret: r.ret, ledger: r.ledger };
}

const saleMut = (x: { sale: Sale; ledger: LedgerEntry[] }): Mutation => ({ kind: 'sale.record', id: uid('mut'), at: x.sale.at, sale: x.sale, ledger: x.ledger, coupons: [] });
const returnMut = (x: { ret: SaleReturn; ledger: LedgerEntry[] }): Mutation => ({ kind: 'return.record', id: uid('mut'), at: x.ret.at, ret: x.ret, ledger: x.ledger });
const DAY = 86_400_000;

describe.each(backends)('points re-check on $name', (backend) => {
  const server = serverOn(backend);

  it('[S15] a sale priced by the rules passes the re-check with no exception', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId, { phone: '13300000001' });
    const { sale, ledger } = tillSale(m, d.storeId, d.deviceId);
    expect(sale.pointsEarned).toBeGreaterThan(0);
    const mut: Mutation = { kind: 'sale.record', id: uid('mut'), at: T0, sale, ledger, coupons: [] };
    await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: mut }]);
    expect((await api(server.app, d.token).get('/api/exceptions')).json()).toEqual({ exceptions: [] });
  });

  it('[S15] points a device minted beyond the rules are taken back by a correction and flagged', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId, { phone: '13300000002' });
    const { sale, ledger } = tillSale(m, d.storeId, d.deviceId);
    const fair = sale.pointsEarned;
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const inflated: Sale = { ...sale, pointsEarned: points(fair + 1000), lines: [{ ...line, pointsEarned: points(line.pointsEarned + 1000) }] };
    const inflatedLedger = ledger.map((e) => (e.kind === 'earn' ? { ...e, points: points(e.points + 1000) } : e));
    const mut: Mutation = { kind: 'sale.record', id: uid('mut'), at: T0, sale: inflated, ledger: inflatedLedger, coupons: [] };
    await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: mut }]);
    const ex = (await api(server.app, d.token).get('/api/exceptions')).json<{ exceptions: ServerException[] }>().exceptions;
    expect(ex.map((e) => e.kind)).toEqual(['points_mismatch']);
    expect(ex[0]?.detail).toMatchObject({ mismatches: expect.arrayContaining([{ field: 'pointsEarned', recorded: fair + 1000, expected: fair }]) });
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    const corrections = changes.filter((c) => c.entity === 'ledger' && c.data.kind === 'correction');
    expect(corrections.map((c) => c.data.points)).toEqual([-1000]);
    const page = (await api(server.app, d.token).get('/api/members')).json<{ members: { stats: { points: number } }[] }>();
    expect(page.members[0]?.stats.points).toBe(fair);
  });

  async function pushAll(d: { token: string; deviceId: string }, muts: Mutation[]) {
    const r = await api(server.app, d.token).push(d.deviceId, muts.map((mutation, i) => ({ seq: i + 1, mutation })));
    expect(r.statusCode).toBe(200);
    return r.json<{ rejected: { code: string }[] }>().rejected;
  }
  const exceptionsOf = async (token: string) => (await api(server.app, token).get('/api/exceptions')).json<{ exceptions: ServerException[] }>().exceptions;

  it('[S15] a tier held from an order outside the window still prices the sale (T3): no exception', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId, { phone: '13300000003', enrolledAt: T0 - 500 * DAY, enrolledOn: '2025-01-17' });
    // ¥600 in one order 400 days ago made the member Senior (10% off); the till keeps the tier until re-evaluation.
    const old = tillSale(m, d.storeId, d.deviceId, 600, T0 - 400 * DAY);
    const now = tillSale(m, d.storeId, d.deviceId, 120, T0, { balance: 540, tierId: 'senior' });
    expect(now.sale.total).toBe(10_800);
    expect(await pushAll(d, [enroll(m), saleMut(old), saleMut(now)])).toEqual([]);
    expect(await exceptionsOf(d.token)).toEqual([]);
  });

  it('[S15] window spend counts sales net of their returns, as the till does: no exception', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId, { phone: '13300000004' });
    // Four ¥250 orders (no order tier: each is under ¥300), the first returned in full: ¥750 spent, not ¥1,000 (Silver).
    const s1 = tillSale(m, d.storeId, d.deviceId, 250, T0);
    const back = tillReturn(s1.sale, d.deviceId, T0 + 1000);
    const s2 = tillSale(m, d.storeId, d.deviceId, 250, T0 + 2000, { balance: 0, rollingSpend: 0 });
    const s3 = tillSale(m, d.storeId, d.deviceId, 250, T0 + 3000, { balance: 250, rollingSpend: 25_000 });
    const s4 = tillSale(m, d.storeId, d.deviceId, 250, T0 + 4000, { balance: 500, rollingSpend: 50_000 });
    const s5 = tillSale(m, d.storeId, d.deviceId, 120, T0 + 5000, { balance: 750, rollingSpend: 75_000, largestOrder: 25_000 });
    expect(s5.sale.total).toBe(12_000); // no Silver 2%
    expect(await pushAll(d, [enroll(m), saleMut(s1), returnMut(back), saleMut(s2), saleMut(s3), saleMut(s4), saleMut(s5)])).toEqual([]);
    expect(await exceptionsOf(d.token)).toEqual([]);
  });

  it('[S15] a return rebuilt by buildReturn passes; one that takes back too few points is corrected and flagged', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId, { phone: '13300000005' });
    const s1 = tillSale(m, d.storeId, d.deviceId, 120, T0);
    const s2 = tillSale(m, d.storeId, d.deviceId, 80, T0 + 1000, { balance: 120, rollingSpend: 12_000, largestOrder: 12_000 });
    const fair = tillReturn(s1.sale, d.deviceId, T0 + 2000);
    const built = tillReturn(s2.sale, d.deviceId, T0 + 3000);
    // The device books only 10 of the 80 points back: the member would keep 70 points for goods returned.
    const stingy = { ret: { ...built.ret, pointsReversed: points(10), lines: built.ret.lines.map((l) => ({ ...l, pointsReversed: points(10) })) },
      ledger: built.ledger.map((e) => ({ ...e, points: points(-10) })) };
    expect(await pushAll(d, [enroll(m), saleMut(s1), saleMut(s2), returnMut(fair), returnMut(stingy)])).toEqual([]);
    const ex = await exceptionsOf(d.token);
    expect(ex.map((e) => [e.kind, e.subjectId])).toEqual([['points_mismatch', stingy.ret.id]]);
    expect(ex[0]?.detail).toMatchObject({ mismatches: expect.arrayContaining([{ field: 'pointsReversed', recorded: 10, expected: 80 }]) });
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    expect(changes.filter((c) => c.entity === 'ledger' && c.data.kind === 'correction').map((c) => c.data.points)).toEqual([-70]);
    const page = (await api(server.app, d.token).get('/api/members')).json<{ members: { stats: { points: number } }[] }>();
    expect(page.members[0]?.stats.points).toBe(0); // 120 + 80 earned − 120 − 10 taken back − 70 corrected
  });

  it('[S15] a referral sale and its return book the referrer\'s reward without a rejection or an exception', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const referrer = member(d.storeId, { phone: '13300000006' });
    const m = member(d.storeId, { phone: '13300000007', referredBy: referrer.id });
    const s = tillSale(m, d.storeId, d.deviceId, 500, T0, { referredBy: referrer.id });
    expect(s.ledger.some((e) => e.memberId === referrer.id && e.kind === 'referral')).toBe(true);
    const back = tillReturn(s.sale, d.deviceId, T0 + 1000);
    expect(await pushAll(d, [enroll(referrer), enroll(m), saleMut(s), returnMut(back)])).toEqual([]);
    expect(await exceptionsOf(d.token)).toEqual([]);
    const page = (await api(server.app, d.token).get('/api/members')).json<{ members: { member: { id: string }; stats: { points: number } }[] }>();
    expect(page.members.map((x) => x.stats.points)).toEqual([0, 0]);
  });
});
