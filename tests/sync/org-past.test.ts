/**
 * [I13][C-S18] A tablet paired after the shop already had sales, against the real server (in-process):
 * the owner opening the dashboard on it sees what the tablet that made those sales sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { computeInsights, type InsightsParams, type InsightsResult } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import { enroll, giveBack, sell } from './sim/actions';
import { startServer, type SimServer } from './sim/server';
import { pairedTablet, tabletsOf } from './sim/setup';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => { await server.close(); });

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const P: InsightsParams = {
  today: '2026-06-30', timeZone: 'Asia/Shanghai', from: '2026-06-01', to: '2026-06-30', period: 'day', vipTierIds: null, programme: DEFAULT_PROGRAMME,
};
/** What the owner reads on the dashboard (not the member names or the rows read). */
const figures = (r: InsightsResult) => ({
  mix: r.mix, repeat: r.repeat, cohorts: r.cohorts, points: r.points, grades: r.distribution.grades, tiers: r.distribution.tiers, membersByPeriod: r.membersByPeriod, spend: r.spend.top,
});

describe('the organisation\'s past on a late-paired tablet', () => {
  it('[I13][C-S18] a tablet paired after the shop\'s sales shows the same dashboard as the tablet that made them', async () => {
    const { org, tablets, c } = await tabletsOf(server, 'past', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    const [li, wang, zhao] = [await enroll(a, c, '13800000201', 'Li'), await enroll(a, c, '13800000202', 'Wang'), await enroll(a, c, '13800000203', 'Zhao')];
    if (!li || !wang || !zhao) throw new Error('enrolment refused');
    // 2 June: Li and Wang buy, a walk-in buys. 5 June: Li buys again, redeeming points; Wang buys and returns it all.
    await sell(a, c, li.id, 1500, 0, '2026-06-02');
    await sell(a, c, wang.id, 800, 0, '2026-06-02');
    await sell(a, c, null, 500, 0, '2026-06-02');
    server.clock.now += 3 * DAY;
    await sell(a, c, li.id, 2000, 30, '2026-06-05');
    const back = await sell(a, c, wang.id, 700, 0, '2026-06-05');
    expect(await giveBack(a, c, back, 2)).toBe(true);
    expect(await a.engine.syncNow()).toBe(true);

    // 8 June: a new tablet is paired and downloads the members.
    server.clock.now += 3 * DAY;
    const late = await pairedTablet(server, org, 'past-new');
    await bootstrapMembers({ transport: late.transport, members: late.repos.members, store: late.store, pairingCursor: late.pairing.cursor, now: () => server.clock.now, yieldToTill: async () => {} });
    // 10 June, after pairing: Zhao's first purchase, Wang buys again; the new tablet pulls them.
    server.clock.now += 2 * DAY;
    await sell(a, c, zhao.id, 1200, 0, '2026-06-10');
    await sell(a, c, wang.id, 900, 0, '2026-06-10');
    expect(await a.engine.syncNow()).toBe(true);
    expect(await late.engine.syncNow()).toBe(true);

    const onFirst = await computeInsights(a.db, P);
    const onLate = await computeInsights(late.db, P);
    expect(figures(onLate)).toEqual(figures(onFirst));
    expect(figures(onLate)).toEqual(figures(await scanInsights(late.db, P)));
    // By hand: member tickets 3,000 + 1,600 + 3,970 + 2,400 + 1,800 (Wang's returned sale is none); one walk-in of 1,000.
    expect(onLate.mix).toMatchObject({ memberSales: 12770, walkInSales: 1000 });
    // Li (2 → 5 June) and Wang (2 → 10 June, across the pairing) bought again; Zhao is new on the 10th.
    expect(onLate.repeat).toMatchObject({ firstTimers: 3, repeated: 2 });
    // Welcome bonuses (3 × 50) and the points earned are issued, the 30 redeemed; the balances are the members'.
    expect(onLate.points.redeemed).toBe(30);
    const balances = await Promise.all([li, wang, zhao].map(async (m) => (await late.repos.members.get(m.id))?.stats.points ?? 0));
    expect(onLate.points.outstanding).toBe(balances.reduce((x: number, y) => x + y, 0));
  });
});
