// [D11] Schema versions are only added: a database made by every earlier version, with data and a
// non-empty outbox, opens with the current RegularsDb, upgrades, and every record is found again.
//
// When you add version N+1 to src/db/database.ts: copy the current stores into FROZEN[N] below (if
// not there yet), add `N: makeVN` to FIXTURES writing data the way version N stored it. The
// coverage test fails until every earlier version has a fixture.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, RegularsDb, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, toMemberRow } from '../../src/db/database';
import { readKept } from '../../src/db/insight-rebuild';
import { computeInsights, type InsightsParams } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import type { Mutation, OutboxRow } from '../../src/sync/protocol';
import { audit, coupon, entry, member, product, sale, stats, T0, task } from './fixtures';
import { points } from '../../src/domain/money';

/** The stores of every released version, copied here when released. A released block must never change. */
const FROZEN: Record<number, Record<string, string>> = {
  1: {
    members: 'id, phone, cardNo, nameKey, initials', memberStats: 'memberId', sales: 'id, receiptNo, [memberId+at], businessDate',
    returns: 'id, saleId, [memberId+at]', ledger: 'id, [memberId+at], sourceId', coupons: 'id, memberId',
    tasks: 'id, memberId, [status+dueFrom]', products: 'id, sku, barcode, category, name', staff: 'id', programmes: 'version',
    settings: 'key', outbox: 'seq', audit: 'id, at', meta: 'key',
  },
  2: {
    members: 'id, phone, cardNo, nameKey, initials, phoneLast4', memberStats: 'memberId', sales: 'id, receiptNo, [memberId+at], businessDate',
    returns: 'id, saleId, [memberId+at]', ledger: 'id, [memberId+at], sourceId', coupons: 'id, memberId',
    tasks: 'id, memberId, [status+dueFrom]', products: 'id, sku, barcode, category, name', staff: 'id', programmes: 'version',
    settings: 'key', outbox: 'seq', audit: 'id, at', meta: 'key',
  },
  3: {
    members: 'id, phone, cardNo, nameKey, initials, phoneLast4, birthdayMd, *profileTags, enrolledOn',
    memberStats: 'memberId, firstPurchaseAt, lastPurchaseAt, tierId', sales: 'id, receiptNo, [memberId+at], businessDate',
    returns: 'id, saleId, [memberId+at]', ledger: 'id, [memberId+at], sourceId, expiresOn', coupons: 'id, memberId',
    tasks: 'id, memberId, [status+dueFrom]', products: 'id, sku, barcode, category, name', staff: 'id', programmes: 'version',
    settings: 'key', outbox: 'seq', audit: 'id, at', meta: 'key',
  },
  4: {
    members: 'id, phone, cardNo, nameKey, initials, phoneLast4, birthdayMd, *profileTags, enrolledOn, referredBy, mergedInto',
    memberStats: 'memberId, firstPurchaseAt, lastPurchaseAt, tierId', sales: 'id, receiptNo, [memberId+at], businessDate',
    returns: 'id, saleId, [memberId+at]', ledger: 'id, [memberId+at], sourceId, expiresOn', coupons: 'id, memberId',
    tasks: 'id, memberId, [status+dueFrom]', products: 'id, sku, barcode, category, name', staff: 'id', programmes: 'version',
    settings: 'key', outbox: 'seq', audit: 'id, at', meta: 'key',
    insightDays: 'day', insightBuyers: 'memberId', insightCohorts: 'month', insightReferrals: 'id', insightState: 'key',
  },
  5: {
    members: 'id, phone, cardNo, nameKey, initials, phoneLast4, birthdayMd, *profileTags, enrolledOn, referredBy, mergedInto',
    memberStats: 'memberId, firstPurchaseAt, lastPurchaseAt, tierId, lifetimeSpend', sales: 'id, receiptNo, [memberId+at], businessDate',
    returns: 'id, saleId, [memberId+at]', ledger: 'id, [memberId+at], sourceId, expiresOn', coupons: 'id, memberId',
    tasks: 'id, memberId, [status+dueFrom]', products: 'id, sku, barcode, category, name', staff: 'id', programmes: 'version',
    settings: 'key', outbox: 'seq', audit: 'id, at', meta: 'key',
    insightDays: 'day', insightBuyers: 'memberId', insightCohorts: 'month', insightReferrals: 'id', insightState: 'key',
    insightTiers: '[tierId+day]', insightSpend: 'bucket', insightVisits: '[day+memberId]',
  },
  6: {
    members: 'id, phone, cardNo, nameKey, initials, phoneLast4, birthdayMd, *profileTags, enrolledOn, referredBy, mergedInto',
    memberStats: 'memberId, firstPurchaseAt, lastPurchaseAt, tierId, lifetimeSpend', sales: 'id, receiptNo, [memberId+at], businessDate',
    returns: 'id, saleId, [memberId+at]', ledger: 'id, [memberId+at], sourceId, expiresOn', coupons: 'id, memberId',
    tasks: 'id, memberId, [status+dueFrom]', products: 'id, sku, barcode, category, name', staff: 'id', programmes: 'version',
    settings: 'key', outbox: 'seq', audit: 'id, at', meta: 'key',
    insightDays: 'day', insightBuyers: 'memberId', insightCohorts: 'month', insightReferrals: 'id', insightState: 'key',
    insightTiers: '[tierId+day]', insightSpend: 'bucket', insightVisits: '[day+memberId]', insightPast: 'key',
  },
};

/** The shop every fixture stores, each in its version's format. */
function shop() {
  const zhang = member({
    name: '张三', phone: '13812345678', initials: 'zs', cardNo: 'VIP-1', birthday: '1990-03-15', profile: { occupation: '护士' },
  });
  const zoe = member({ name: 'Zoe Smith', phone: '13987654321', cardNo: 'VIP-2' });
  const s = sale(zhang.id, 12800, 1, { at: T0 });
  const ledger = [entry(zhang.id, 100, { kind: 'bonus', at: T0 - 1 }), entry(zhang.id, 128, { sourceId: s.id, at: T0 })];
  const c = coupon(zhang.id);
  const t = task(zhang.id);
  const p = product({ name: 'Milk powder', sku: 'MP-1' });
  const a = audit({ action: 'sale', subjectId: s.id });
  const mutations: Mutation[] = [
    { kind: 'member.upsert', id: 'op-1', at: T0, member: zhang, fields: ['name'] },
    { kind: 'sale.record', id: s.id, at: T0, sale: s, ledger, coupons: [] },
  ];
  const outbox: OutboxRow[] = mutations.map((mutation, i) => ({ seq: 5 + i, mutation, createdAt: T0 })); // 1–4 already acknowledged
  return {
    zhang, zoe, sale: s, ledger, coupon: c, task: t, product: p, audit: a, outbox,
    stats: stats(zhang.id, { points: points(228), lifetimeSpend: s.total, visits: 1, firstPurchaseAt: T0, lastPurchaseAt: T0 }),
  };
}

type Shop = ReturnType<typeof shop>;

/** A database as schema `version` stored it. v1: members had no phoneLast4; v2: no birthdayMd or profileTags. */
async function makeAt(version: number, name: string, d: Shop): Promise<void> {
  const db = new Dexie(name);
  db.version(version).stores(FROZEN[version] ?? {});
  await db.open();
  const row = (m: Shop['zhang']) => (version >= 3 ? toMemberRow(m) : version >= 2 ? { ...m, phoneLast4: m.phone.slice(-4) } : m);
  await db.transaction('rw', db.tables, async () => {
    await db.table('members').bulkAdd([row(d.zhang), row(d.zoe)]);
    await db.table('memberStats').add(d.stats);
    await db.table('sales').add(d.sale);
    await db.table('ledger').bulkAdd(d.ledger);
    await db.table('coupons').add(d.coupon);
    await db.table('tasks').add(d.task);
    await db.table('products').add(d.product);
    await db.table('staff').add({ id: 'staff-1', name: 'Li', role: 'owner', pinHash: 'h', pinSalt: 's', pinIterations: 1, failedAttempts: 0, lockedUntil: null, active: true });
    await db.table('programmes').add({ version: 1, savedAt: T0, savedBy: 'staff-1', config: { earnPerYuan: 1 } });
    await db.table('settings').add({ key: 'activeProgrammeVersion', value: 1 });
    await db.table('audit').add(d.audit);
    await db.table('outbox').bulkAdd(d.outbox);
    await db.table('meta').add({ key: 'outbox', value: { nextSeq: 7, ackedUpTo: 4 } });
  });
  db.close();
}

const FIXTURES: Record<number, (name: string, d: Shop) => Promise<void>> = {
  1: (name, d) => makeAt(1, name, d),
  2: (name, d) => makeAt(2, name, d),
  3: (name, d) => makeAt(3, name, d),
  4: (name, d) => makeAt(4, name, d),
  5: (name, d) => makeAt(5, name, d),
};

describe('[D11] schema migrations', () => {
  it('[D11] the released schema blocks are unchanged, and every earlier version has a fixture', () => {
    expect(SCHEMA_V1).toEqual(FROZEN[1]);
    expect(SCHEMA_V2).toEqual(FROZEN[2]);
    expect(SCHEMA_V3).toEqual(FROZEN[3]);
    expect(SCHEMA_V4).toEqual(FROZEN[4]);
    expect(SCHEMA_V5).toEqual(FROZEN[5]);
    expect(SCHEMA_V6).toEqual(FROZEN[6]);
    expect(Object.keys(FROZEN).map(Number)).toContain(CURRENT_SCHEMA_VERSION);
    for (let v = 1; v < CURRENT_SCHEMA_VERSION; v++) expect(FIXTURES[v], `a fixture for schema v${v}`).toBeTypeOf('function');
  });

  it('[D11][I9] v6: totals a v5 till kept with a bootstrap\'s opening balance as points issued are rebuilt without it', async () => {
    const name = 'migrate-v5-openings';
    const old = new Dexie(name);
    old.version(5).stores(FROZEN[5] ?? {});
    await old.open();
    const zhang = member({ name: '张三', phone: '13812345678' });
    const opening = entry(zhang.id, 500, { id: `opening:${zhang.id}`, kind: 'opening', reason: 'bootstrap', at: T0 });
    await old.table('members').add(toMemberRow(zhang));
    await old.table('memberStats').add(stats(zhang.id, { points: points(500) }));
    await old.table('ledger').add(opening);
    // As v5 kept them: fresh, the opening counted as 500 issued on its day.
    await old.table('insightState').put({ key: 'state', stale: false, zone: 'Asia/Shanghai', writes: 0 });
    await old.table('insightDays').put({ day: '2026-11-01', newMembers: 1, memberSales: 0, memberNet: 0, walkInSales: 0, walkInNet: 0,
      firstTimers: 0, repeated: 0, issued: 500, redeemed: 0, expired: 0, other: 0, net: 500 });
    old.close();
    const db = new RegularsDb(name);
    try {
      const p: InsightsParams = {
        today: '2026-11-20', timeZone: 'Asia/Shanghai', from: '2026-11-01', to: '2026-11-20', period: 'day', vipTierIds: null, programme: DEFAULT_PROGRAMME,
      };
      expect(await readKept(db, p.timeZone)).toBeNull();
      expect((await computeInsights(db, p)).points).toMatchObject({ issued: 0, outstanding: 500 });
    } finally {
      await db.delete();
    }
  });

  for (const [version, make] of Object.entries(FIXTURES)) {
    it(`[D11] a database made by v${version} upgrades to v${CURRENT_SCHEMA_VERSION} and keeps every record and the outbox`, async () => {
      const name = `migrate-from-v${version}`;
      const d = shop();
      await make(name, d);
      const db = new RegularsDb(name);
      const r = createDexieRepositories(db);
      try {
        expect((await r.members.search({ kind: 'last4', value: '5678' })).map((x) => x.member.id)).toEqual([d.zhang.id]);
        expect((await r.members.search({ kind: 'name', value: 'zs' })).map((x) => x.member.id)).toEqual([d.zhang.id]);
        expect((await r.members.byPhone('13987654321'))?.member).toEqual(d.zoe);
        expect((await r.members.byCard('VIP-1'))?.stats).toEqual(d.stats);
        expect(await r.members.verifyStats(d.zhang.id)).toMatchObject({ ok: true, ledgerPoints: 228 });
        expect((await r.members.history(d.zhang.id)).map((x) => x.at)).toEqual([d.sale.at]);
        expect(await r.members.ledger(d.zhang.id)).toEqual(d.ledger);
        expect(await r.members.coupons(d.zhang.id)).toEqual([d.coupon]);
        expect(await r.tasks.openDue('2026-12-31')).toEqual([d.task]);
        expect((await r.products.bySku('MP-1'))?.id).toBe(d.product.id);
        expect((await r.staff.get('staff-1'))?.role).toBe('owner');
        expect((await r.programmes.latest())?.config).toEqual({ earnPerYuan: 1 });
        expect(await r.settings.get('activeProgrammeVersion')).toBe(1);
        expect(await r.audit.recent(5)).toEqual([d.audit]);
        expect(await r.outbox.peek(10)).toEqual(d.outbox);
        expect(await r.outbox.nextSeq()).toBe(7);
        // v3's care indexes are filled for members stored before them.
        expect((await db.members.where('birthdayMd').equals('03-15').toArray()).map((m) => m.id)).toEqual([d.zhang.id]);
        expect(await db.members.where('profileTags').equals('occupation=护士').primaryKeys()).toEqual([d.zhang.id]);
        // [I11] v4: the kept totals start stale; the first dashboard rebuilds them, equal to the full scan.
        const p: InsightsParams = {
          today: '2026-11-20', timeZone: 'Asia/Shanghai', from: '2026-11-01', to: '2026-11-20', period: 'day', vipTierIds: null, programme: DEFAULT_PROGRAMME,
        };
        expect(await readKept(db, p.timeZone)).toBeNull();
        const kept = await computeInsights(db, p);
        expect({ ...kept, rowsRead: 0 }).toEqual({ ...(await scanInsights(db, p)), rowsRead: 0 });
        expect(kept.mix.memberSales).toBe(d.sale.total);
        expect(kept.membersByPeriod.rows).toEqual([{ period: '2026-11-01', newMembers: 2, newVips: 0 }]);
        expect(await readKept(db, p.timeZone)).not.toBeNull();
        // v5: the kept spend buckets are rebuilt too (Zhang spent, Zoe did not), and stats are indexed by spend.
        expect((await db.insightSpend.toArray()).map((x) => [x.count, x.sum])).toEqual([[1, d.sale.total]]);
        expect(await db.memberStats.where('lifetimeSpend').above(0).primaryKeys()).toEqual([d.zhang.id]);
        // v6: the organisation's past (I13) is empty on a tablet that was never sent one.
        expect(await db.insightPast.count()).toBe(0);
        expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
      } finally {
        await db.delete();
      }
    });
  }
});
