// The small shop the dashboard tests count by hand (insights.test.tsx, insights-charts.test.tsx).
import type { Services } from '../../src/app/services';
import type { RegularsDb } from '../../src/db/database';
import { entry, sale, stats } from '../db/fixtures';
import { enroll } from './helpers';

const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`);

/**
 * Ann: ¥100 on 11-02 and ¥50 on 11-10 (came back within 30 days); Bo (brought by Ann): ¥30 on 11-05;
 * Cy: nothing; two walk-ins: ¥20 and ¥40. Each member got the 100-point enrolment bonus; Ann 30
 * referral points for Bo's sale. All three joined on 2026-11-20 (NOW).
 */
export async function smallShop(services: Services & { db: RegularsDb }): Promise<void> {
  const ann = await enroll(services, 'Ann', '13800000001');
  const bo = await enroll(services, 'Bo', '13800000002');
  await enroll(services, 'Cy', '13800000003');
  const { db } = services;
  await db.members.update(bo.id, { referredBy: ann.id });
  const boSale = sale(bo.id, 3000, 1, { at: at('2026-11-05'), businessDate: '2026-11-05' });
  await db.sales.bulkPut([
    sale(ann.id, 10000, 1, { at: at('2026-11-02'), businessDate: '2026-11-02' }),
    sale(ann.id, 5000, 1, { at: at('2026-11-10'), businessDate: '2026-11-10' }),
    boSale,
    sale(null, 2000, 1, { at: at('2026-11-03'), businessDate: '2026-11-03' }),
    sale(null, 4000, 1, { at: at('2026-11-04'), businessDate: '2026-11-04' }),
  ]);
  await db.memberStats.bulkPut([
    stats(ann.id, { lifetimeSpend: 15000 as never, visits: 2, points: 130 as never }),
    stats(bo.id, { lifetimeSpend: 3000 as never, visits: 1, points: 100 as never }),
  ]);
  await db.ledger.put(entry(ann.id, 30, { kind: 'referral', sourceId: boSale.id, at: at('2026-11-05'), reason: 'referral' }));
}
