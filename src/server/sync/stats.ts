/**
 * Member totals kept by the server, recomputed from the facts in the same transaction that changes
 * them (so they are always the sum of the ledger and the sales, never drifted counters).
 */
import type { Queryable } from '../storage/db';

export async function recomputeStats(tx: Queryable, orgId: string, memberId: string): Promise<number> {
  const r = await tx.query<{ points: number }>(
    `INSERT INTO member_stats (org_id, member_id, points, lifetime_spend, visits, first_purchase_at, last_purchase_at)
     SELECT $1, $2,
       (SELECT COALESCE(SUM(points), 0) FROM ledger WHERE org_id = $1 AND member_id = $2),
       (SELECT COALESCE(SUM((data->>'total')::bigint), 0) FROM sales WHERE org_id = $1 AND member_id = $2)
         - (SELECT COALESCE(SUM((data->>'refund')::bigint), 0) FROM returns WHERE org_id = $1 AND member_id = $2),
       (SELECT COUNT(*) FROM sales WHERE org_id = $1 AND member_id = $2),
       (SELECT MIN(at) FROM sales WHERE org_id = $1 AND member_id = $2),
       (SELECT MAX(at) FROM sales WHERE org_id = $1 AND member_id = $2)
     ON CONFLICT (org_id, member_id) DO UPDATE SET points = EXCLUDED.points, lifetime_spend = EXCLUDED.lifetime_spend,
       visits = EXCLUDED.visits, first_purchase_at = EXCLUDED.first_purchase_at, last_purchase_at = EXCLUDED.last_purchase_at
     RETURNING points`, [orgId, memberId]);
  return r[0]?.points ?? 0;
}
