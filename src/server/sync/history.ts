/**
 * C-S18: `GET /api/history?since=`: the organisation's sales and points flow from before a tablet's
 * pairing cursor, aggregated for its owner dashboard (the tablet never pulls those facts; which facts
 * are past: past-facts.ts). One statement, so one snapshot.
 *  - sales: per business day, the past sales of members and of walk-ins, each net of its past returns,
 *    a sale refunded in full not counted at all (I6, the rule of the members page's `bought`);
 *  - points: per 15-minute slot of the entry's `at` (ledger has no `at` column: `data->'at'`), the
 *    past ledger entries as the points flow counts them (I9, `flowParts`).
 *
 * The ledger is grouped in SQL by slot, kind, reason and whether the points are positive, and
 * `flowParts` is applied to each group's sum. That equals applying it entry by entry: flowParts picks
 * its branch from the kind, the reason and `points > 0` only, and every branch is linear in points
 * (`points` or `-points` into one part), so within a group of one kind, one reason and one side of
 * zero every entry takes the same branch and the parts of the sum are the sum of the parts (the
 * bootstrap's `opening` entries, which count nowhere, are chosen by kind and reason too).
 */
import { PAST_SLOT_MS, type OrgHistory, type PastPointsSlot, type PastSalesDay } from '../../sync/protocol';
import { flowParts, type FlowParts } from '../../domain/insights/flow';
import type { LedgerKind } from '../../domain/records';
import { points } from '../../domain/money';
import type { Queryable } from '../storage/db';
import { COUNTS_AS_PURCHASE, LATER_FACTS, notLater } from './past-facts';

// Two kinds of rows in one result: part 0 a sales day (a..d: memberSales, memberNet, walkInSales,
// walkInNet), part 1 a ledger group (slot, kind, reason, a: its points summed).
const HISTORY = `WITH ${LATER_FACTS('$2')},
     ps AS (
       SELECT s.id, s.member_id IS NOT NULL AS is_member, s.data->>'businessDate' AS day, (s.data->>'total')::bigint AS total
       FROM sales s WHERE s.org_id = $1 AND ${notLater('sale', 's.id')}),
     pr AS (
       SELECT r.sale_id, SUM((r.data->>'refund')::bigint) AS refunded
       FROM returns r WHERE r.org_id = $1 AND ${notLater('return', 'r.id')} GROUP BY r.sale_id),
     counted AS (
       SELECT ps.day, ps.is_member, ps.total - COALESCE(pr.refunded, 0) AS net
       FROM ps LEFT JOIN pr ON pr.sale_id = ps.id
       WHERE ${COUNTS_AS_PURCHASE('ps.total', 'COALESCE(pr.refunded, 0)')}),
     days AS (
       SELECT day, COUNT(*) FILTER (WHERE is_member) AS a, COALESCE(SUM(net) FILTER (WHERE is_member), 0)::bigint AS b,
         COUNT(*) FILTER (WHERE NOT is_member) AS c, COALESCE(SUM(net) FILTER (WHERE NOT is_member), 0)::bigint AS d
       FROM counted GROUP BY day),
     flows AS (
       SELECT floor((l.data->>'at')::numeric / ${PAST_SLOT_MS})::bigint AS slot, l.data->>'kind' AS kind,
         l.data->>'reason' AS reason, SUM(l.points)::bigint AS a
       FROM ledger l WHERE l.org_id = $1 AND ${notLater('ledger', 'l.id')}
       GROUP BY 1, 2, 3, l.points > 0)
     SELECT * FROM (
       SELECT 0 AS part, day, NULL::bigint AS slot, NULL::text AS kind, NULL::text AS reason, a, b, c, d FROM days
       UNION ALL
       SELECT 1, NULL, slot, kind, reason, a, NULL, NULL, NULL FROM flows) x
     ORDER BY part, day COLLATE "C", slot`;

type HistoryRow = {
  part: number; day: string | null; slot: number | null; kind: string | null; reason: string | null;
  a: number; b: number | null; c: number | null; d: number | null;
};

export async function orgHistory(db: Queryable, orgId: string, since: string): Promise<OrgHistory> {
  const rows = await db.query<HistoryRow>(HISTORY, [orgId, since]);
  const sales: PastSalesDay[] = [];
  const slots = new Map<number, FlowParts>();
  for (const r of rows) {
    if (r.part === 0 && r.day !== null) {
      sales.push({ day: r.day, memberSales: r.a, memberNet: r.b ?? 0, walkInSales: r.c ?? 0, walkInNet: r.d ?? 0 });
    } else if (r.part === 1 && r.slot !== null) {
      const p = flowParts({ kind: r.kind as LedgerKind, points: points(r.a), reason: r.reason ?? undefined });
      const s = slots.get(r.slot) ?? { issued: 0, redeemed: 0, expired: 0, other: 0 };
      slots.set(r.slot, { issued: s.issued + p.issued, redeemed: s.redeemed + p.redeemed, expired: s.expired + p.expired, other: s.other + p.other });
    }
  }
  const pointsFlow: PastPointsSlot[] = [...slots]
    .filter(([, p]) => p.issued !== 0 || p.redeemed !== 0 || p.expired !== 0 || p.other !== 0)
    .sort(([a], [b]) => a - b)
    .map(([slot, p]) => ({ slot, ...p }));
  return { since, sales, points: pointsFlow };
}
