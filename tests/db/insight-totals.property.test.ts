// [I11] The dashboard from kept totals equals the dashboard from a full scan (the reference), whatever
// the till did: checkouts (members and walk-ins, with redemptions and referral rewards), partial and
// full returns, enrolments, merges, sales pulled from another device (and pulled twice), bootstrap
// pages, imports and a time-zone change. The writes go through the real till writer where it has
// one, and as the sync store and importer write them otherwise: the middleware sees them all.
// The kept member figures too (tiers, new VIPs, spend buckets): crowds of members whose spends tie,
// sit on bucket edges and span many buckets (so the top-k sums end inside buckets read apart from the
// ranking), tier changes, stats recomputed after a pull, and stats of members this device lacks.
// And the organisation's past a late-paired tablet is sent (I13): members' purchase days with their
// bootstrap pages, days' sales and points slots in any zone.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dexie } from 'dexie';
import { RegularsDb } from '../../src/db/database';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import { computeInsights, type InsightsParams, type InsightsResult } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { readKept } from '../../src/db/insight-rebuild';
import { SPEND_STEPS } from '../../src/db/insight-member-totals';
import { membersPastRow, orgPastRow } from '../../src/db/insight-past';
import { PAST_SLOT_MS } from '../../src/sync/protocol';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { LedgerEntry, Member, Sale, Store } from '../../src/domain/records';
import { DAY, entry, member, sale, saleReturn, stats } from './fixtures';

const BASE = Date.UTC(2025, 11, 1, 3, 0, 0); // 2025-12-01, eleven-ish months before "today"
const STORE: Store = { id: 'store-1', name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
const params = (timeZone: string): InsightsParams => ({
  today: '2026-11-20', timeZone, from: '2026-01-01', to: '2026-11-20', period: 'month', vipTierIds: null, programme: DEFAULT_PROGRAMME, pageSize: 7,
});

/** Spends that tie, sit on the bucket edges (where buckets start to widen, and the next doubling) or anywhere up to 30,000 yuan. */
const EDGES = [2 * SPEND_STEPS, 4 * SPEND_STEPS].flatMap((e) => [e - 1, e, e + 1]);
const SPEND = fc.oneof(fc.constantFrom(0, 1, ...EDGES, 1000, 1000, 50_000, 2_000_000), fc.integer({ min: 0, max: 3_000_000 }));

const op = fc.oneof(
  fc.record({ t: fc.constant('enroll' as const), day: fc.nat(340), ref: fc.option(fc.nat(), { nil: null }) }),
  fc.record({ t: fc.constant('checkout' as const), who: fc.option(fc.nat(), { nil: null }), day: fc.nat(350), hour: fc.nat(23), price: fc.integer({ min: 0, max: 5000 }), redeem: fc.nat(50), referral: fc.boolean() }),
  fc.record({ t: fc.constant('return' as const), which: fc.nat(), full: fc.boolean(), later: fc.nat(40) }),
  fc.record({ t: fc.constant('merge' as const), loser: fc.nat(), survivor: fc.nat(), repoint: fc.boolean() }),
  fc.record({ t: fc.constant('pull' as const), who: fc.option(fc.nat(), { nil: null }), day: fc.nat(350), price: fc.integer({ min: 1, max: 9000 }), again: fc.boolean() }),
  fc.record({ t: fc.constant('bootstrap' as const), n: fc.integer({ min: 1, max: 5 }), day: fc.nat(340),
    // [I13] each member's purchases from before pairing: days (offsets) bought, and refunded ones (visits only).
    past: fc.array(fc.record({ bought: fc.array(fc.nat(60), { maxLength: 3 }), refunded: fc.array(fc.nat(60), { maxLength: 2 }) }), { maxLength: 5 }) }),
  fc.record({ t: fc.constant('history' as const),
    sales: fc.array(fc.record({ day: fc.nat(350), memberSales: fc.nat(5), memberNet: fc.nat(90_000), walkInSales: fc.nat(3), walkInNet: fc.nat(9000) }), { maxLength: 6 }),
    points: fc.array(fc.record({ at: fc.nat(350 * 96), issued: fc.integer({ min: -20, max: 300 }), redeemed: fc.nat(100), expired: fc.nat(50), other: fc.nat(10) }), { maxLength: 8 }) }),
  fc.record({ t: fc.constant('import' as const), n: fc.integer({ min: 1, max: 4 }), opening: fc.nat(300) }),
  fc.record({ t: fc.constant('expiry' as const), who: fc.nat(), day: fc.nat(350), pts: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ t: fc.constant('zone' as const), zone: fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati') }),
  fc.record({ t: fc.constant('dashboard' as const) }),
  fc.record({ t: fc.constant('crowd' as const), day: fc.nat(340), spends: fc.array(SPEND, { minLength: 30, maxLength: 120 }) }),
  fc.record({ t: fc.constant('tier' as const), who: fc.nat(), tier: fc.constantFrom(null, 'silver', 'gold', 'legacy'), day: fc.nat(350), since: fc.boolean() }),
  fc.record({ t: fc.constant('restat' as const), who: fc.nat(), spend: SPEND }),
  fc.record({ t: fc.constant('orphan' as const), spend: SPEND, tier: fc.constantFrom(null, 'gold') }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const dateOf = (day: number) => new Date(BASE + day * DAY).toISOString().slice(0, 10);
const strip = (r: InsightsResult) => ({ ...r, rowsRead: 0 });

let dbCount = 0;
async function run(ops: Op[]): Promise<void> {
  const db = new RegularsDb(`insight-prop-${dbCount++}`);
  const writer = new DexieTillWriter(db);
  let zone = STORE.timeZone;
  await db.settings.put({ key: 'store', value: STORE });
  await computeInsights(db, params(zone)); // the first opening builds the (empty) totals
  const members: Member[] = [];
  const sales: Sale[] = [];
  let n = 0;
  const id = (p: string) => `${p}-${String(n++).padStart(5, '0')}`;
  const newMember = (day: number, referredBy: string | null = null): Member => member({
    id: id('m'), name: `M${n}`, phone: `139${String(10_000_000 + n).slice(-8)}`, enrolledOn: dateOf(day), referredBy,
  });
  let zoneChanged = false;
  let pastWritten = false; // [I13] the organisation's past makes the totals stale until the next opening
  for (const o of ops) {
    if (o.t === 'enroll') {
      const ref = o.ref === null || members.length === 0 ? null : members[o.ref % members.length]!.id;
      const m = newMember(o.day, ref);
      await writer.enroll({ member: m, stats: stats(m.id), ledger: [entry(m.id, 50, { id: id('le'), kind: 'bonus', reason: 'enroll', at: BASE + o.day * DAY })], coupons: [], opId: id('op') });
      members.push(m);
    } else if (o.t === 'checkout') {
      const m = o.who === null || members.length === 0 ? null : members[o.who % members.length]!;
      const at = BASE + o.day * DAY + o.hour * 3_600_000;
      const s = sale(m?.id ?? null, o.price, 1, { id: id('s'), at, businessDate: dateOf(o.day) });
      const ledger: LedgerEntry[] = [];
      if (m) {
        ledger.push(entry(m.id, Math.floor(o.price / 100) + 1, { id: id('le'), kind: 'earn', sourceId: s.id, at }));
        const balance = (await db.memberStats.get(m.id))?.points ?? 0;
        if (Math.min(o.redeem, balance) > 0) ledger.push(entry(m.id, -Math.min(o.redeem, balance), { id: id('le'), kind: 'redeem', sourceId: s.id, at }));
        if (o.referral && m.referredBy !== null) ledger.push(entry(m.referredBy, 5, { id: id('le'), kind: 'referral', reason: 'referral', sourceId: s.id, at }));
      }
      await writer.commitSale({ sale: s, ledger, couponsIssued: [] });
      sales.push(s);
    } else if (o.t === 'return' && sales.length > 0) {
      const s = sales[o.which % sales.length]!;
      const done = await db.returns.where('saleId').equals(s.id).count();
      if (done > 0 || s.total === 0) continue;
      const refund = o.full ? s.total : Math.floor(s.total / 2);
      const r = saleReturn(s, 1, refund, { id: id('r'), at: s.at + o.later * DAY, businessDate: dateOf(Math.floor((s.at - BASE) / DAY) + o.later) });
      const ledger = s.memberId === null ? [] : [
        entry(s.memberId, -1, { id: id('le'), kind: 'reversal', reason: 'return.earn', sourceId: r.id, at: r.at }),
        entry(s.memberId, 3, { id: id('le'), kind: 'reversal', reason: 'return.redeem', sourceId: r.id, at: r.at }),
      ];
      await writer.commitReturn({ ret: r, ledger });
    } else if (o.t === 'merge' && members.length > 1) {
      const loser = members[o.loser % members.length]!;
      const survivor = members[o.survivor % members.length]!;
      if (loser.id === survivor.id) continue;
      await db.transaction('rw', [db.members, db.sales], async () => {
        await db.members.put({ ...(await db.members.get(loser.id))!, mergedInto: survivor.id }); // as the sync store merges
        if (!o.repoint) return;
        // …and re-points the loser's sales to the survivor (their visits move with them).
        const theirs = await db.sales.where('[memberId+at]').between([loser.id, Dexie.minKey], [loser.id, Dexie.maxKey]).toArray();
        await db.sales.bulkPut(theirs.map((x) => ({ ...x, memberId: survivor.id })));
      });
    } else if (o.t === 'pull') {
      const m = o.who === null || members.length === 0 ? null : members[o.who % members.length]!;
      const at = BASE + o.day * DAY;
      const s = sale(m?.id ?? null, o.price, 1, { id: id('s'), at, businessDate: dateOf(o.day), deviceId: 'dev-2' });
      const ledger = m ? [entry(m.id, 7, { id: id('le'), sourceId: s.id, at, deviceId: 'dev-2' })] : [];
      for (let k = 0; k < (o.again ? 2 : 1); k++) {
        await db.transaction('rw', [db.sales, db.ledger], async () => { await db.sales.put(s); await db.ledger.bulkPut(ledger); });
      }
      sales.push(s);
    } else if (o.t === 'bootstrap') {
      const page = Array.from({ length: o.n }, () => newMember(o.day));
      const withPast = page.map((m, i) => {
        const p = o.past[i];
        if (!p) return { member: m };
        const bought: Record<string, number> = {};
        const visits: Record<string, number> = {};
        for (const d of p.bought) { bought[dateOf(o.day + d)] = (bought[dateOf(o.day + d)] ?? 0) + 1; visits[dateOf(o.day + d)] = (visits[dateOf(o.day + d)] ?? 0) + 1; }
        for (const d of p.refunded) visits[dateOf(o.day + d)] = (visits[dateOf(o.day + d)] ?? 0) + 1;
        return { member: m, past: { bought, visits } };
      });
      const past = membersPastRow(page[page.length - 1]!.id, withPast);
      await db.transaction('rw', [db.members, db.memberStats, db.insightPast], async () => {
        await db.members.bulkPut(page.map((m) => ({ ...m, phoneLast4: m.phone.slice(-4) })));
        await db.memberStats.bulkPut(page.map((m) => stats(m.id, { lifetimeSpend: 1000 as never, visits: 1, tierId: 'silver', tierSince: BASE })));
        if (past) await db.insightPast.put(past);
      });
      if (past) pastWritten = true;
      members.push(...page);
    } else if (o.t === 'history') {
      await db.insightPast.put(orgPastRow({
        since: '1', sales: o.sales.map((x) => ({ ...x, day: dateOf(x.day) })),
        points: o.points.map(({ at, ...parts }) => ({ slot: Math.floor((BASE + at * 900_000) / PAST_SLOT_MS), ...parts })),
      }));
      pastWritten = true;
    } else if (o.t === 'import') {
      const page = Array.from({ length: o.n }, () => newMember(300));
      await db.transaction('rw', [db.members, db.ledger], async () => {
        await db.members.bulkAdd(page.map((m) => ({ ...m, phoneLast4: m.phone.slice(-4) })));
        await db.ledger.bulkAdd(page.map((m) => entry(m.id, o.opening, { id: `opening:${m.id}`, kind: 'opening', reason: 'import', at: BASE + 300 * DAY })));
      });
      members.push(...page);
    } else if (o.t === 'expiry' && members.length > 0) {
      const m = members[o.who % members.length]!;
      await db.ledger.add(entry(m.id, -o.pts, { id: id('le'), kind: 'expiry', reason: 'expiry', at: BASE + o.day * DAY }));
    } else if (o.t === 'zone') {
      if (o.zone !== zone) zoneChanged = true;
      zone = o.zone;
      await db.settings.put({ key: 'store', value: { ...STORE, timeZone: zone } });
    } else if (o.t === 'crowd') {
      const page = o.spends.map(() => newMember(o.day));
      const tiers = ['silver', 'gold', null, 'legacy'];
      await db.transaction('rw', [db.members, db.memberStats], async () => {
        await db.members.bulkPut(page.map((m) => ({ ...m, phoneLast4: m.phone.slice(-4) })));
        await db.memberStats.bulkPut(page.map((m, i) => stats(m.id, {
          lifetimeSpend: o.spends[i] as never, visits: i % 7, tierId: tiers[i % 4] ?? null, tierSince: i % 5 === 0 ? null : BASE + ((i * 13) % 350) * DAY,
        })));
      });
      members.push(...page);
    } else if (o.t === 'tier' && members.length > 0) {
      const m = members[o.who % members.length]!;
      await db.transaction('rw', [db.memberStats], async () => {
        const s = (await db.memberStats.get(m.id)) ?? stats(m.id);
        await db.memberStats.put({ ...s, tierId: o.tier, tierSince: o.tier !== null && o.since ? BASE + o.day * DAY + 5 * 3_600_000 : null });
      });
    } else if (o.t === 'restat' && members.length > 0) {
      const m = members[o.who % members.length]!;
      const s = (await db.memberStats.get(m.id)) ?? stats(m.id);
      await db.memberStats.put({ ...s, lifetimeSpend: o.spend as never }); // as a pull recomputes them
    } else if (o.t === 'orphan') {
      // A pull's stats for a member this device does not hold (yet): counted for nobody.
      await db.memberStats.put(stats(id('x'), { lifetimeSpend: o.spend as never, visits: 2, tierId: o.tier, tierSince: BASE }));
    } else if (o.t === 'dashboard') {
      await computeInsights(db, params(zone));
      zoneChanged = false;
      pastWritten = false;
    }
  }
  const fresh = await readKept(db, zone);
  if (!zoneChanged && !pastWritten) expect(fresh, 'the totals were kept, not left stale').not.toBeNull();
  const reference = await scanInsights(db, params(zone));
  expect(strip(await computeInsights(db, params(zone)))).toEqual(strip(reference));
  // New VIPs counted for the VIP tiers the owner chose only.
  const gold = { ...params(zone), vipTierIds: ['gold'], period: 'week' as const };
  expect(strip(await computeInsights(db, gold))).toEqual(strip(await scanInsights(db, gold)));
  db.close();
}

describe('kept totals (I11)', () => {
  it('[I11] the dashboard from kept totals equals the full scan after any sequence of till writes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), run), { numRuns: 60 });
  }, 120_000);

  it('[I11] a busy shop: the same, on one longer history', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 60, maxLength: 80 }), run), { numRuns: 3 });
  }, 120_000);
});
