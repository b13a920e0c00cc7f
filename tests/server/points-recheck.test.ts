// S15: the server re-prices member sales with the domain engine and the programme version the sale
// recorded; a device cannot mint points. Run against PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/storage/db';
import { buildServer } from '../../src/server/app';
import { quoteCheckout } from '../../src/domain/quote';
import { buildSale } from '../../src/domain/sale-records';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { cents, points } from '../../src/domain/money';
import type { Member, Sale, LedgerEntry } from '../../src/domain/records';
import type { Mutation, ServerException } from '../../src/sync/protocol';
import { api, backends, enroll, member, orgWithDevice, pullAll, T0, uid } from './support';

/** A ¥120 sale to `m`, priced by the engine exactly as a till would. */
function tillSale(m: Member, storeId: string, deviceId: string): { sale: Sale; ledger: LedgerEntry[] } {
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'tea', unitPrice: cents(12_000), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: { id: m.id, balance: points(0), rollingSpend: cents(0), largestOrder: cents(0), tierId: null, enrolledOn: m.enrolledOn, birthday: null, referredBy: null },
    coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme: DEFAULT_PROGRAMME, now: T0, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const b = buildSale(q.quote, {
    ids: () => uid('id'), now: T0, timeZone: 'Asia/Shanghai', storeId, deviceId, staffId: 'staff-1', receiptNo: uid('r'),
    payments: [{ method: 'cash', amount: q.quote.total }], programme: DEFAULT_PROGRAMME, coupons: [],
  });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return { sale: b.sale, ledger: b.ledger };
}

describe.each(backends)('points re-check on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
    app = await buildServer({ db, now: () => T0, limits: { pairPerMinute: 1000 } });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('[S15] a sale priced by the rules passes the re-check with no exception', async () => {
    const d = await orgWithDevice(app, db);
    const m = member(d.storeId, { phone: '13300000001' });
    const { sale, ledger } = tillSale(m, d.storeId, d.deviceId);
    expect(sale.pointsEarned).toBeGreaterThan(0);
    const mut: Mutation = { kind: 'sale.record', id: uid('mut'), at: T0, sale, ledger, coupons: [] };
    await api(app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: mut }]);
    expect((await api(app, d.token).get('/api/exceptions')).json()).toEqual({ exceptions: [] });
  });

  it('[S15] points a device minted beyond the rules are taken back by a correction and flagged', async () => {
    const d = await orgWithDevice(app, db);
    const m = member(d.storeId, { phone: '13300000002' });
    const { sale, ledger } = tillSale(m, d.storeId, d.deviceId);
    const fair = sale.pointsEarned;
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const inflated: Sale = { ...sale, pointsEarned: points(fair + 1000), lines: [{ ...line, pointsEarned: points(line.pointsEarned + 1000) }] };
    const inflatedLedger = ledger.map((e) => (e.kind === 'earn' ? { ...e, points: points(e.points + 1000) } : e));
    const mut: Mutation = { kind: 'sale.record', id: uid('mut'), at: T0, sale: inflated, ledger: inflatedLedger, coupons: [] };
    await api(app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: mut }]);
    const ex = (await api(app, d.token).get('/api/exceptions')).json<{ exceptions: ServerException[] }>().exceptions;
    expect(ex.map((e) => e.kind)).toEqual(['points_mismatch']);
    expect(ex[0]?.detail).toMatchObject({ mismatches: expect.arrayContaining([{ field: 'pointsEarned', recorded: fair + 1000, expected: fair }]) });
    const { changes } = await pullAll(app, d.token, d.cursor);
    const corrections = changes.filter((c) => c.entity === 'ledger' && c.data.kind === 'correction');
    expect(corrections.map((c) => c.data.points)).toEqual([-1000]);
    const page = (await api(app, d.token).get('/api/members')).json<{ members: { stats: { points: number } }[] }>();
    expect(page.members[0]?.stats.points).toBe(fair);
  });
});
