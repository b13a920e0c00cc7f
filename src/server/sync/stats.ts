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

/** recomputeStats for several members in one statement. */
export async function recomputeStatsOf(tx: Queryable, orgId: string, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.query(
    `INSERT INTO member_stats (org_id, member_id, points, lifetime_spend, visits, first_purchase_at, last_purchase_at)
     SELECT $1, m.id,
       (SELECT COALESCE(SUM(points), 0) FROM ledger WHERE org_id = $1 AND member_id = m.id),
       (SELECT COALESCE(SUM((data->>'total')::bigint), 0) FROM sales WHERE org_id = $1 AND member_id = m.id)
         - (SELECT COALESCE(SUM((data->>'refund')::bigint), 0) FROM returns WHERE org_id = $1 AND member_id = m.id),
       s.visits, s.first_at, s.last_at
     FROM unnest($2::text[]) AS m(id)
     CROSS JOIN LATERAL (SELECT COUNT(*) AS visits, MIN(at) AS first_at, MAX(at) AS last_at FROM sales WHERE org_id = $1 AND member_id = m.id) s
     ON CONFLICT (org_id, member_id) DO UPDATE SET points = EXCLUDED.points, lifetime_spend = EXCLUDED.lifetime_spend,
       visits = EXCLUDED.visits, first_purchase_at = EXCLUDED.first_purchase_at, last_purchase_at = EXCLUDED.last_purchase_at`,
    [orgId, memberIds]);
}
