/**
 * Member totals kept by the server, recomputed from the facts in the same transaction that changes
 * them (so they are always the sum of the ledger and the sales, never drifted counters).
 */
import { MAX_TOTAL } from '../../domain/input-rules';
import type { Queryable } from '../storage/db';
import { MutationRejected } from '../errors';

/** S23: a member's balance or spend beyond MAX_TOTAL (or int8) rejects the mutation that would make it. */
const outOfRange = () => new MutationRejected('out_of_range', "a member's points or spend would pass what the server keeps");

export async function recomputeStats(tx: Queryable, orgId: string, memberId: string): Promise<number> {
  let r: { points: number; lifetime_spend: number }[];
  try {
    r = await statsQuery(tx, orgId, memberId);
  } catch (e) {
    // numeric_value_out_of_range: the sum does not fit int8.
    if ((e as { code?: unknown }).code === '22003') throw outOfRange();
    throw e;
  }
  const row = r[0];
  if (row && (Math.abs(row.points) > MAX_TOTAL || Math.abs(row.lifetime_spend) > MAX_TOTAL)) throw outOfRange();
  return row?.points ?? 0;
}

function statsQuery(tx: Queryable, orgId: string, memberId: string) {
  return tx.query<{ points: number; lifetime_spend: number }>(
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
     RETURNING points, lifetime_spend`, [orgId, memberId]);
}
