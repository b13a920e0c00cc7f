// [I11] The dashboard's member figures (kept-members.ts, rebuilt in pages of the page size): whatever the
// page size, every member counts once — none lost at a cut, none twice — and stats rows left without
// a member (below the first key, above the last, and spending the most) count for nobody, as in the full scan.
import { describe, expect, it } from 'vitest';
import { RegularsDb, toMemberRow } from '../../src/db/database';
import { computeInsights, type InsightsParams, type InsightsResult } from '../../src/features/insights/compute-insights';
import { scanInsights } from '../../src/features/insights/scan-insights';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Store } from '../../src/domain/records';
import { STALE } from '../../src/db/insight-totals';
import { member, stats } from './fixtures';

const STORE: Store = { id: 'store-1', name: 'Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', country: 'CN' };
const P: InsightsParams = {
  today: '2026-11-30', timeZone: 'Asia/Shanghai', from: '2026-01-01', to: '2026-11-30', period: 'month', vipTierIds: null, programme: DEFAULT_PROGRAMME,
};
const strip = (r: InsightsResult) => ({ ...r, rowsRead: 0 });
const MEMBERS = 23;
/** Members with a stats row (every third has none), each with some spend: all in the ranking of 50. */
const SPENDERS = Array.from({ length: MEMBERS }, (_, i) => i).filter((i) => i % 3 !== 1).length;

async function shop(): Promise<RegularsDb> {
  const db = new RegularsDb('insight-kept-ranges');
  await db.delete();
  await db.open();
  await db.settings.put({ key: 'store', value: STORE });
  const tier = DEFAULT_PROGRAMME.tiers[0]?.id ?? null;
  const ms = Array.from({ length: MEMBERS }, (_, i) => member({ id: `m-${String(i).padStart(2, '0')}`, name: `M${i}`, phone: `1380000${String(i).padStart(4, '0')}` }));
  await db.members.bulkPut(ms.map(toMemberRow));
  await db.memberStats.bulkPut([
    // Every third member has no stats row; the others spend 1,000 × (i + 1) and every fourth has a tier.
    ...ms.filter((_, i) => i % 3 !== 1).map((m, i) => stats(m.id, { lifetimeSpend: (1000 * (i + 1)) as never, visits: 1, tierId: i % 4 === 0 ? tier : null })),
    stats('a-orphan', { lifetimeSpend: 9_000_000 as never, visits: 3 }),
    stats('z-orphan', { lifetimeSpend: 8_000_000 as never, visits: 2 }),
  ]);
  return db;
}

describe('memberStats read in ranges (I11)', () => {
  it('[I11] gives the full scan\'s dashboard whatever the range size, each member once, orphan stats for nobody', async () => {
    const db = await shop();
    const reference = strip(await scanInsights(db, P));
    for (const pageSize of [1, 5, 11, MEMBERS, 1000]) {
      await db.insightState.put({ ...STALE }); // each page size rebuilds the kept figures from its own scan
      const kept = await computeInsights(db, { ...P, pageSize });
      expect(strip(kept)).toEqual(reference);
      expect(kept.distribution.total).toBe(MEMBERS);
      expect(kept.spend.ranking.map((r) => r.memberId)).not.toContain('a-orphan');
      expect(kept.spend.ranking).toHaveLength(SPENDERS);
    }
    db.close();
  });
});
