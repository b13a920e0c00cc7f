// A push applies its batch set-based (docs/sync-protocol.md S4, S5, S8): whatever the batch holds, the
// outcome is the one of its mutations pushed one at a time. Run against PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { hlcNow } from '../../src/domain/hlc';
import { cents, points } from '../../src/domain/money';
import type { Coupon, Member, SaleReturn } from '../../src/domain/records';
import type { Mutation, PushResponse, ServerException } from '../../src/sync/protocol';
import { api, backends, enroll, entry, member, orgWithDevice, pullAll, saleMutation, T0, type Paired, serverOn } from './support';

/** Ids are fixed per scenario, so two organisations receive the very same mutations (ids are per organisation, S1). */
function scenario(storeId: string, deviceId: string, ownerId: string): Mutation[] {
  const m1 = member(storeId, { id: 'bm-1', phone: '13700000001', enrolledAt: T0 - 3000 });
  const m2 = member(storeId, { id: 'bm-2', phone: '13700000002', enrolledAt: T0 - 2000 });
  const m3 = member(storeId, { id: 'bm-3', phone: '13700000001', enrolledAt: T0 - 1000 }); // m1's phone: merged into m1 (S11)
  const fixed = <T extends Mutation>(id: string, m: T): T => ({ ...m, id });
  const sale = (id: string, p: Omit<Parameters<typeof saleMutation>[0], 'storeId' | 'deviceId'>) => {
    const s = saleMutation({ programmeVersion: 1, ...p, storeId, deviceId });
    if (s.kind !== 'sale.record') throw new Error('not a sale');
    const saleId = `sale-${id}`;
    return { ...s, id: `mut-${id}`, sale: { ...s.sale, id: saleId, receiptNo: saleId }, ledger: s.ledger.map((e, i) => ({ ...e, id: `${saleId}-l${i}`, sourceId: saleId })) } as Mutation & { kind: 'sale.record' };
  };
  const coupon: Coupon = {
    id: 'bc-1', memberId: 'bm-2', kind: 'manual', percentOff: null, amountOff: cents(500), minSpend: cents(0),
    validFrom: '2026-01-01', validTo: '2026-12-31', issuedAt: T0 - 5000, usedSaleId: null, usedAt: null,
  };
  const first = sale('1', { memberId: 'bm-1', total: 20_000, earn: 200, at: T0 - 900 });
  const stamp = hlcNow(null, T0 - 100, 'batch');
  const withCoupon = (id: string, at: number) => {
    const s = sale(id, { memberId: 'bm-2', total: 3_000, at });
    return { ...s, coupons: [{ ...coupon, usedSaleId: s.sale.id, usedAt: at }] };
  };
  const foreign = sale('9', { memberId: 'bm-2', total: 1_000, earn: 10, at: T0 - 50 });
  return [
    fixed('mu-1', enroll(m1)),
    first,
    fixed('mu-2', enroll(m2)),
    sale('2', { memberId: 'bm-2', total: 1_000, redeem: 300, at: T0 - 800 }), // S10: overdraft, booked and flagged
    sale('3', { memberId: 'no-such-member', total: 500, at: T0 - 700 }), // S8: rejected, no trace
    sale('4', { memberId: 'bm-1', total: 9_999, earn: 5_000, at: T0 - 600 }), // S15: minted points corrected
    fixed('mu-3', enroll(m3)), // S11: merge, history follows m1
    sale('5', { memberId: 'bm-3', total: 4_000, earn: 40, at: T0 - 500 }), // the loser's id resolves to m1
    { kind: 'audit.append', id: 'au-1', at: T0 - 450, entry: { id: 'audit-1', at: T0 - 450, staffId: null, deviceId, action: 'override', subjectId: null, detail: 'price' } },
    { ...first, id: 'mut-1-again' }, // S7: the same sale by another route, kept once
    { kind: 'ledger.append', id: 'la-1', at: T0 - 400, entries: [entry('bm-2', 'bonus', 1_000, null, deviceId)].map((e) => ({ ...e, id: 'bonus-1', staffId: ownerId })) }, // S22: given by the owner
    { kind: 'coupon.issue', id: 'ci-1', at: T0 - 350, coupons: [coupon] },
    withCoupon('6', T0 - 300),
    withCoupon('7', T0 - 250), // S7: a second use of the coupon is kept and flagged
    { kind: 'member.upsert', id: 'mu-4', at: T0 - 100, member: { ...m2, name: '李四', clock: { ...m2.clock, name: stamp } }, fields: ['name'] },
    { ...foreign, ledger: foreign.ledger.map((e) => ({ ...e, memberId: 'bm-1' })) }, // S8: another member's points, rejected
    sale('10', { memberId: 'bm-2', total: 2_000, earn: 20, at: T0 - 40 }),
  ];
}

describe.each(backends)('set-based push on $name', (backend) => {
  const server = serverOn(backend);

  /** What a manager and every device see of an organisation, with its own store and device ids made neutral. */
  async function outcome(d: Paired, rejected: PushResponse['rejected']) {
    const neutral = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(d.storeId, 'STORE').replaceAll(d.deviceId, 'DEVICE').replaceAll(d.ownerId, 'OWNER')) as unknown;
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    const members = (await api(server.app, d.token).get('/api/members')).json<{ members: { member: Member; stats: unknown }[] }>().members;
    const exceptions = (await api(server.app, d.token).get('/api/exceptions')).json<{ exceptions: ServerException[] }>().exceptions;
    return neutral({
      changes: changes.map((c) => ({ entity: c.entity, id: c.id, data: c.data })),
      members: members.map((m) => ({ id: m.member.id, mergedInto: m.member.mergedInto, name: m.member.name, stats: m.stats })),
      exceptions: [...exceptions].sort((a, b) => a.id.localeCompare(b.id)),
      rejected: rejected.map((r) => [r.seq, r.mutationId, r.code]),
    });
  }

  it('[S4] a batch of sales, enrolments, a merge, rejections and other kinds ends as its mutations pushed one at a time', async () => {
    const whole = await orgWithDevice(server.app, server.db, 'Whole batch');
    const single = await orgWithDevice(server.app, server.db, 'One at a time');
    const batch = scenario(whole.storeId, whole.deviceId, whole.ownerId).map((mutation, i) => ({ seq: i + 1, mutation }));
    const r = await api(server.app, whole.token).push(whole.deviceId, batch);
    expect(r.statusCode).toBe(200);
    const wholeAnswer = r.json<PushResponse>();
    expect(wholeAnswer.ackedThrough).toBe(batch.length);
    const singleRejected: PushResponse['rejected'] = [];
    for (const [i, mutation] of scenario(single.storeId, single.deviceId, single.ownerId).entries()) {
      const one = await api(server.app, single.token).push(single.deviceId, [{ seq: i + 1, mutation }]);
      expect(one.statusCode).toBe(200);
      singleRejected.push(...one.json<PushResponse>().rejected);
    }
    const a = await outcome(whole, wholeAnswer.rejected);
    expect(a).toEqual(await outcome(single, singleRejected));
    // And the outcome is the one the rules ask for.
    const o = a as { rejected: unknown[]; exceptions: ServerException[]; members: { id: string; mergedInto: string | null; name: string; stats: { points: number; visits: number } }[]; changes: { entity: string; id: string }[] };
    expect(o.rejected).toEqual([[5, 'mut-3', 'unknown_member'], [16, 'mut-9', 'ledger_member_mismatch']]);
    // Sales 2, 6 and 7 are flagged too: their totals leave out the redemption and the coupon the rules would give.
    expect(o.exceptions.map((e) => e.id).sort()).toEqual([
      'coupon_reuse:bc-1:sale-7', 'duplicate_phone:bm-3', 'overdraft:sale-2', 'points_mismatch:sale-2', 'points_mismatch:sale-4',
      'points_mismatch:sale-6', 'points_mismatch:sale-7',
    ]);
    expect(o.changes.some((c) => c.id === 'correction:sale-4')).toBe(true);
    expect(o.members.find((m) => m.id === 'bm-3')?.mergedInto).toBe('bm-1');
    expect(o.members.find((m) => m.id === 'bm-2')?.name).toBe('李四');
    expect(o.changes.filter((c) => c.entity === 'sale').map((c) => c.id)).toEqual(
      ['sale-1', 'sale-2', 'sale-4', 'sale-5', 'sale-6', 'sale-7', 'sale-10']);
    expect(o.changes.some((c) => c.id.startsWith('sale-3') || c.id.startsWith('sale-9'))).toBe(false);
    const m1 = o.members.find((m) => m.id === 'bm-1')?.stats;
    expect(m1?.visits).toBe(3); // sales 1, 4 and 5: the second route of sale 1 is not counted
  });

  it('[S4] after every push, each member\'s kept totals are the sums of the facts the server holds', async () => {
    const d = await orgWithDevice(server.app, server.db, 'Totals');
    let seq = 0;
    const push = async (ms: Mutation[]) => {
      const r = await api(server.app, d.token).push(d.deviceId, ms.map((mutation) => ({ seq: ++seq, mutation })));
      expect(r.statusCode).toBe(200);
    };
    // What the server's own SQL sums say (stats.ts), member by member, beside what it kept.
    const check = async () => {
      const rows = await server.db.query<{ member_id: string; points: number; lifetime_spend: number; visits: number; first_purchase_at: number | null; last_purchase_at: number | null; expected: string }>(
        `SELECT s.member_id, s.points, s.lifetime_spend, s.visits, s.first_purchase_at, s.last_purchase_at,
           json_build_array(
             (SELECT COALESCE(SUM(points), 0) FROM ledger WHERE org_id = s.org_id AND member_id = s.member_id),
             (SELECT COALESCE(SUM((data->>'total')::bigint), 0) FROM sales WHERE org_id = s.org_id AND member_id = s.member_id)
               - (SELECT COALESCE(SUM((data->>'refund')::bigint), 0) FROM returns WHERE org_id = s.org_id AND member_id = s.member_id),
             (SELECT COUNT(*) FROM sales WHERE org_id = s.org_id AND member_id = s.member_id),
             (SELECT MIN(at) FROM sales WHERE org_id = s.org_id AND member_id = s.member_id),
             (SELECT MAX(at) FROM sales WHERE org_id = s.org_id AND member_id = s.member_id))::text AS expected
         FROM member_stats s WHERE s.org_id = (SELECT org_id FROM devices WHERE id = $1) ORDER BY s.member_id`, [d.deviceId]);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect([r.member_id, JSON.stringify([r.points, r.lifetime_spend, r.visits, r.first_purchase_at, r.last_purchase_at])]).toEqual([r.member_id, r.expected.replaceAll(' ', '')]);
      }
      return rows;
    };
    await push(scenario(d.storeId, d.deviceId, d.ownerId));
    await check();
    // A return (applied one at a time) and then more sales applied from memory: their totals start from
    // every earlier fact, the bonus, the merged member's re-pointed sale and the refund included.
    const sold = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: 'bm-2', total: 5_000, at: T0 - 30 });
    if (sold.kind !== 'sale.record') throw new Error('not a sale');
    const ret: SaleReturn = {
      id: 'ret-1', saleId: sold.sale.id, memberId: 'bm-2', storeId: d.storeId, deviceId: d.deviceId, staffId: 'staff-1', approvedBy: null, at: T0 - 20,
      businessDate: '2026-06-01', reason: 'resaleable', lines: [{ lineNo: 1, qty: 1, refund: cents(5_000), pointsReversed: points(0), pointsRestored: points(0) }],
      refund: cents(5_000), pointsReversed: points(0), pointsRestored: points(0),
    };
    await push([sold, { kind: 'return.record', id: 'mut-ret-1', at: T0 - 20, ret, ledger: [] }]);
    await push([
      saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: 'bm-2', total: 700, earn: 7, at: T0 - 10 }),
      saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: 'bm-3', total: 800, earn: 8, at: T0 - 5 }),
    ]);
    const rows = await check();
    const m2 = rows.find((r) => r.member_id === 'bm-2');
    // Sales 2, 6, 7, 10, the returned one and the last: the refund leaves the spend.
    expect(m2?.visits).toBe(6);
    expect(m2?.lifetime_spend).toBe(1_000 + 3_000 + 3_000 + 2_000 + 5_000 - 5_000 + 700);
    // bm-3 was merged into bm-1 (S11): its new sale counts for bm-1 (sales 1, 4, 5 and this one).
    expect(rows.find((r) => r.member_id === 'bm-1')?.visits).toBe(4);
    expect(rows.find((r) => r.member_id === 'bm-3')?.visits ?? 0).toBe(0);
  });

  it('[S4] pushed again, the whole batch changes nothing and answers the same', async () => {
    const d = await orgWithDevice(server.app, server.db, 'Again');
    const batch = scenario(d.storeId, d.deviceId, d.ownerId).map((mutation, i) => ({ seq: i + 1, mutation }));
    const first = (await api(server.app, d.token).push(d.deviceId, batch)).json<PushResponse>();
    const before = await outcome(d, first.rejected);
    const again = (await api(server.app, d.token).push(d.deviceId, batch)).json<PushResponse>();
    expect(again.ackedThrough).toBe(first.ackedThrough);
    expect(again.rejected.map((r) => [r.seq, r.code])).toEqual(first.rejected.map((r) => [r.seq, r.code]));
    expect(await outcome(d, again.rejected)).toEqual(before);
  });
});
