/**
 * [C-S20] For one member at one moment every tablet shows the same standing, against the real server
 * (in-process): the tablet that made the sales, one that pulled them, and one paired after them. What
 * is compared is what the member card, the checkout's quote and the owner's dashboard (members per tier,
 * the referral list) show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { localDate } from '../../src/domain/time';
import { tierAfterAction } from '../../src/domain/tier-change';
import { quoteCheckout } from '../../src/domain/quote';
import { cents, points } from '../../src/domain/money';
import { DexieMemberSpend, tierWindow } from '../../src/db/member-spend';
import { memberFigures } from '../../src/app/use-member-tier';
import { toQuoteMember } from '../../src/features/checkout/use-quote';
import { computeInsights, type InsightsParams } from '../../src/features/insights/compute-insights';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import { enroll, type Ctx } from './sim/actions';
import { ledgerEntry, newSale } from './sim/records';
import { startServer, type SimServer } from './sim/server';
import { pairedTablet, tabletsOf, two } from './sim/setup';
import type { Tablet } from './sim/tablet';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => { await server.close(); });

const TZ = 'Asia/Shanghai';
const P = DEFAULT_PROGRAMME;
const DAY = 86_400_000;

/**
 * A sale as the checkout writes it: the tier after it decided by the tier engine (T7), and, for a
 * referred member, the referrer's reward (B6: 1% of what was paid, 100 points a yuan).
 */
async function sell(t: Tablet, c: Ctx, memberId: string, unit: number, referrerId: string | null = null): Promise<void> {
  const hit = await t.repos.members.get(memberId);
  if (!hit) throw new Error('no member');
  const at = c.now();
  const sold = newSale({ id: c.id('s'), storeId: c.storeId, deviceId: t.deviceId, staffId: c.staffId, memberId, unit, redeem: 0, at, businessDate: localDate(at, TZ) });
  // The sale says the referral reward its entry books, as the till's buildSale does (sync-protocol S22).
  const sale = { ...sold, referrerId, ...(referrerId ? { referralPoints: points(sold.total / 100) } : {}) };
  const before = await new DexieMemberSpend(t.db).windowSpend(memberId, tierWindow(at, TZ, 12));
  const tier = tierAfterAction({ tierId: hit.stats.tierId, tierSince: hit.stats.tierSince },
    { rollingSpend: cents(before.rollingSpend + sale.total), largestOrder: cents(Math.max(before.largestOrder, sale.total)) }, at, TZ, P);
  const ledger = [ledgerEntry({ id: c.id('le'), memberId, kind: 'earn', pts: sale.pointsEarned, at, sourceId: sale.id, deviceId: t.deviceId })];
  if (referrerId) ledger.push(ledgerEntry({ id: c.id('le'), memberId: referrerId, kind: 'referral', pts: sale.referralPoints ?? 0, at, sourceId: sale.id, deviceId: t.deviceId }));
  await t.repos.writer.commitSale({ sale, ledger, couponsIssued: [], ...(tier ? { tier } : {}) });
}

/** What the member card shows (tier badge, progress, grade, points, history summary) and the tier discount the checkout gives. */
async function onScreen(t: Tablet, memberId: string) {
  const hit = await t.repos.members.get(memberId);
  if (!hit) throw new Error('member not on this tablet');
  const now = server.clock.now;
  const source = new DexieMemberSpend(t.db);
  const spend = await source.windowSpend(memberId, tierWindow(now, TZ, 12));
  const visits30 = await source.recentVisits(memberId, localDate(now - 30 * DAY, TZ));
  const card = memberFigures(hit, spend, visits30, P);
  const quote = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'general', unitPrice: cents(10_000), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: toQuoteMember(hit, spend), coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme: P, now, timeZone: TZ,
  });
  if (!quote.ok) throw new Error('quote refused');
  return { card, discount: quote.quote.discounts.map((d) => d.rule) };
}

describe('one member, one picture on every tablet', () => {
  it('[C-S20] the tablet that sold, one that pulled the sales and one paired after them show the same tier, grade, points, progress, history, tier counts and referral points', async () => {
    const { org, tablets, c } = await tabletsOf(server, 'agree', 2);
    const [a, b] = two(tablets);
    const li = await enroll(a, c, '13800000401', 'Li');
    if (!li) throw new Error('enrolment refused');
    const friendRow = await enroll(a, c, '13800000402', 'Wang');
    if (!friendRow) throw new Error('enrolment refused');
    // Wang was brought by Li (recorded at enrolment in the real app; here set before anything syncs).
    await a.db.members.update(friendRow.id, { referredBy: li.id });
    const outbox = await a.db.outbox.toArray();
    for (const r of outbox) {
      if (r.mutation.kind === 'member.upsert' && r.mutation.member.id === friendRow.id) {
        await a.db.outbox.put({ ...r, mutation: { ...r.mutation, member: { ...r.mutation.member, referredBy: li.id } } });
      }
    }
    // Li: one order of ¥400 (Regular, 5% off, T2), then one of ¥700 (Senior, 10%; ¥1,100 in the window is Silver, 2%: Senior is better).
    await sell(a, c, li.id, 20_000);
    server.clock.now += DAY;
    await sell(a, c, li.id, 35_000);
    // Wang buys twice; each sale rewards Li 1% (¥3 → 300 points, ¥2 → 200 points).
    await sell(a, c, friendRow.id, 15_000, li.id);
    await sell(a, c, friendRow.id, 10_000, li.id);
    expect(await a.engine.syncNow()).toBe(true);
    expect(await b.engine.syncNow()).toBe(true);

    // Two days later a third tablet is paired and downloads the members.
    server.clock.now += 2 * DAY;
    const late = await pairedTablet(server, org, 'agree-late');
    await bootstrapMembers({ transport: late.transport, members: late.repos.members, store: late.store, pairingCursor: late.pairing.cursor, now: () => server.clock.now, yieldToTill: async () => {} });
    expect(await late.engine.syncNow()).toBe(true);

    const expected = {
      card: {
        tierId: 'senior', next: { tierId: 'gold', missing: 190_000 }, grade: 'E', points: 50 + 400 + 700 + 500,
        visits: 2, lifetimeSpend: 110_000, lastPurchaseAt: li.enrolledAt + DAY,
      },
      discount: ['tier:senior'],
    };
    for (const t of [a, b, late]) expect(await onScreen(t, li.id), t.name).toEqual(expected);

    // The owner's referral list: Li brought Wang and earned 500 points on 2 sales, on every tablet.
    const params: InsightsParams = {
      today: localDate(server.clock.now, TZ), timeZone: TZ, from: '2026-01-01', to: localDate(server.clock.now, TZ), period: 'day', vipTierIds: null, programme: P,
    };
    for (const t of [a, b, late]) {
      const r = await computeInsights(t.db, params);
      expect(r.referrals.all.filter((s) => s.referred.length > 0), t.name).toEqual([{ referrerId: li.id, referred: [friendRow.id], rewardPoints: 500, rewardedSales: 2 }]);
      // The dashboard's members per tier (I4): Li Senior (¥700 in one order), Wang Regular (¥300), on every tablet.
      const perTier = Object.fromEntries(r.distribution.tiers.rows.map((row) => [row[0], row[1]]));
      expect(perTier, t.name).toMatchObject({ '': 0, regular: 1, senior: 1, silver: 0, gold: 0 });
    }
  });
});
