/**
 * Benefit coupons issued on two tablets (loyalty-spec B9, D15): each tablet issues the coupon a member
 * is due with the id both derive alike, offline, and after syncing there is one coupon on the server
 * and on both tablets — with the use another tablet made of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { issueDueBenefits } from '../../src/app/issue-benefits';
import type { Services } from '../../src/app/services';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Coupon } from '../../src/domain/records';
import { zeroStats } from '../../src/db/write-rules';
import { newMember, newSale } from './sim/records';
import { startServer, type SimServer } from './sim/server';
import { pairedTablet, tabletsOf, two } from './sim/setup';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import type { Tablet } from './sim/tablet';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => { await server.close(); });

async function syncAll(ts: Tablet[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const t of ts) expect(await t.engine.syncNow()).toBe(true);
}

const servicesOf = (t: Tablet): Services => ({ repos: t.repos, db: t.db, now: () => server.clock.now, newId: () => uuidv7() });

describe('benefit coupons on two tablets', () => {
  it('[B9][D15] both tablets issue the January birthday and December cashback coupons offline: one of each on the server and on both, the use kept', async () => {
    const { org, tablets, c } = await tabletsOf(server, 'benefits', 2);
    const [a, b] = two(tablets);
    const m = { ...newMember({ id: c.id('m'), phone: '13800000021', name: 'Zhou Yiyue', storeId: c.storeId, deviceId: a.deviceId, at: c.now() }), birthday: '--01-20' };
    await a.repos.writer.enroll({ member: m, stats: zeroStats(m.id), ledger: [], coupons: [], opId: c.id('op') });
    server.clock.now = Date.UTC(2026, 11, 10, 2, 0, 0);
    const december = newSale({ id: c.id('s'), storeId: c.storeId, deviceId: a.deviceId, staffId: c.staffId, memberId: m.id, unit: 80_000, redeem: 0, at: c.now(), businessDate: '2026-12-10' });
    await a.repos.writer.commitSale({ sale: december, ledger: [], couponsIssued: [] });
    await syncAll([a, b]);

    // 5 January: both tablets find the member while offline from each other.
    server.clock.now = Date.UTC(2027, 0, 5, 2, 0, 0);
    const onA = await issueDueBenefits(servicesOf(a), m, DEFAULT_PROGRAMME, 'Asia/Shanghai');
    const onB = await issueDueBenefits(servicesOf(b), m, DEFAULT_PROGRAMME, 'Asia/Shanghai');
    const ids = [`birthday:${m.id}:2027`, `cashback:${m.id}:2026-12`];
    expect(onA.map((x) => x.id)).toEqual(ids);
    expect(onB.map((x) => x.id)).toEqual(ids);
    expect(onB.find((x) => x.kind === 'cashback')?.amountOff).toBe(1600);
    // Tablet A sells with the birthday coupon before either syncs.
    const used = { ...newSale({ id: c.id('s'), storeId: c.storeId, deviceId: a.deviceId, staffId: c.staffId, memberId: m.id, unit: 5000, redeem: 0, at: c.now(), businessDate: '2027-01-05' }), couponIds: [ids[0] ?? ''] };
    await a.repos.writer.commitSale({ sale: used, ledger: [], couponsIssued: [] });
    await syncAll([a, b]);

    const rows = await server.db.query<{ data: Coupon }>('SELECT data FROM coupons WHERE org_id = $1 AND member_id = $2 ORDER BY id', [org.orgId, m.id]);
    expect(rows.map((r) => [r.data.id, r.data.usedSaleId])).toEqual([[ids[0], used.id], [ids[1], null]]);
    for (const t of [a, b]) {
      const held = (await t.repos.members.coupons(m.id)).map((x) => [x.id, x.usedSaleId]).sort();
      expect(held).toEqual([[ids[0], used.id], [ids[1], null]]);
      expect(t.engine.status().rejections).toEqual([]);
      expect(await t.repos.outbox.count()).toBe(0);
      // Found again: nothing more is issued, nothing more is sent.
      expect(await issueDueBenefits(servicesOf(t), m, DEFAULT_PROGRAMME, 'Asia/Shanghai')).toEqual([]);
      expect(await t.repos.outbox.count()).toBe(0);
    }
  });

  it('[B9][S7] a tablet paired after the birthday coupon was used issues it afresh; the server tells it of the use, so its card stops offering it', async () => {
    const { org, tablets, c } = await tabletsOf(server, 'late', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    server.clock.now = Date.UTC(2027, 0, 5, 2, 0, 0);
    const m = { ...newMember({ id: c.id('m'), phone: '13800000022', name: 'Late Pairing', storeId: c.storeId, deviceId: a.deviceId, at: c.now() }), birthday: '--01-20' };
    await a.repos.writer.enroll({ member: m, stats: zeroStats(m.id), ledger: [], coupons: [], opId: c.id('op') });
    const [bday] = await issueDueBenefits(servicesOf(a), m, DEFAULT_PROGRAMME, 'Asia/Shanghai');
    if (!bday) throw new Error('no birthday coupon');
    const sale = { ...newSale({ id: c.id('s'), storeId: c.storeId, deviceId: a.deviceId, staffId: c.staffId, memberId: m.id, unit: 5000, redeem: 0, at: c.now(), businessDate: '2027-01-05' }), couponIds: [bday.id] };
    await a.repos.writer.commitSale({ sale, ledger: [], couponsIssued: [] });
    expect(await a.engine.syncNow()).toBe(true);

    const late = await pairedTablet(server, org, 'late-new');
    await bootstrapMembers({ members: late.repos.members, store: late.store, pairingCursor: late.pairing.cursor, pageSize: 50, yieldToTill: async () => {}, transport: late.transport });
    // The new tablet has the member but not the coupon (facts before its pairing are not pulled): it issues it.
    expect((await issueDueBenefits(servicesOf(late), m, DEFAULT_PROGRAMME, 'Asia/Shanghai')).map((x) => x.id)).toEqual([bday.id]);
    for (let round = 0; round < 2; round++) expect(await late.engine.syncNow()).toBe(true);
    expect((await late.repos.members.coupons(m.id)).map((x) => [x.id, x.usedSaleId])).toEqual([[bday.id, sale.id]]);
    expect(late.engine.status().rejections).toEqual([]);
  });
});
