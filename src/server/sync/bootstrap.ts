/**
 * The member bootstrap for a new tablet (S12): every member of the organisation, merged ones
 * included (so old ids resolve), with their kept totals, in pages ordered by id (keyset paging:
 * each page is one index range scan, however deep). The page is assembled as JSON text by the
 * database so the server does no per-member parse and serialise.
 *
 * C-S18: asked with `since` (the tablet's pairing cursor), each member with sales from before it
 * also carries `past`, those sales per business day (past-facts.ts says what "before" means): counts,
 * net spend and largest net sale per day (the tier window, C-S20), and a referrer's past referral
 * rewards (points net of take-backs, rewarded sales).
 */
import type { Queryable } from '../storage/db';
import { LATER_FACTS, COUNTS_AS_PURCHASE, notLater } from './past-facts';

const STATS = `json_build_object(
          'memberId', m.id, 'points', COALESCE(s.points, 0), 'pendingPoints', 0,
          'lifetimeSpend', COALESCE(s.lifetime_spend, 0), 'visits', COALESCE(s.visits, 0),
          'firstPurchaseAt', s.first_purchase_at, 'lastPurchaseAt', s.last_purchase_at,
          'tierId', NULL, 'tierSince', NULL)`;

// One statement, one snapshot: the feed position read here is exactly the set of committed changes
// the page's totals include (commit order equals feed order per organisation, S5), so a new tablet
// pulling from its older pairing cursor knows which facts its opening balances already count (C-S13).
const PAGE = `WITH o AS (SELECT last_change FROM orgs WHERE id = $1),
     page AS (
       SELECT m.id, json_build_object('member', m.data, 'stats', ${STATS})::text AS j
       FROM members m LEFT JOIN member_stats s ON s.org_id = m.org_id AND s.member_id = m.id
       WHERE m.org_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3)
     SELECT o.last_change::text AS as_of, page.id, page.j FROM o LEFT JOIN page ON true ORDER BY page.id`;

// The same page with each member's past purchases ($4: since). The page's members are found first
// (the same index range), then, member by member, their sales and returns less the facts changed
// after `since`: LATERAL with OFFSET 0 (not flattened) is an index range of sales_member and of
// returns_member per member, whatever the planner guesses of the page's size (flattened, it chose to
// scan every sale of the organisation at 10,000 members), and yields only the narrow columns that
// are then grouped (not each sale's document). The facts are found by their current member_id, which a
// merge re-points to the survivor (S11); a return carries its sale's member.
export const PAGE_WITH_PAST_SQL = `WITH o AS (SELECT last_change FROM orgs WHERE id = $1),
     page AS (
       SELECT m.id, m.data, ${STATS} AS stats
       FROM members m LEFT JOIN member_stats s ON s.org_id = m.org_id AND s.member_id = m.id
       WHERE m.org_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3),
     ${LATER_FACTS('$4')},
     ps AS (
       SELECT s.id, page.id AS member_id, s.day, s.total FROM page, LATERAL (
         SELECT s.id, s.data->>'businessDate' AS day, (s.data->>'total')::bigint AS total FROM sales s
         WHERE s.org_id = $1 AND s.member_id = page.id AND ${notLater('sale', 's.id')} OFFSET 0) s),
     pr AS (
       SELECT r.sale_id, SUM(r.refund) AS refunded FROM page, LATERAL (
         SELECT r.sale_id, (r.data->>'refund')::bigint AS refund FROM returns r
         WHERE r.org_id = $1 AND r.member_id = page.id AND ${notLater('return', 'r.id')} OFFSET 0) r
       GROUP BY r.sale_id),
     days AS (
       SELECT ps.member_id, ps.day, COUNT(*) AS visits,
         COUNT(*) FILTER (WHERE ${COUNTS_AS_PURCHASE('ps.total', 'COALESCE(pr.refunded, 0)')}) AS bought,
         SUM(GREATEST(ps.total - COALESCE(pr.refunded, 0), 0))::bigint AS spend,
         MAX(GREATEST(ps.total - COALESCE(pr.refunded, 0), 0))::bigint AS largest
       FROM ps LEFT JOIN pr ON pr.sale_id = ps.id GROUP BY ps.member_id, ps.day),
     past AS (
       SELECT member_id,
         COALESCE(json_object_agg(day, bought ORDER BY day) FILTER (WHERE bought > 0), '{}'::json) AS bought,
         json_object_agg(day, visits ORDER BY day) AS visits,
         COALESCE(json_object_agg(day, spend ORDER BY day) FILTER (WHERE spend > 0), '{}'::json) AS spend,
         COALESCE(json_object_agg(day, largest ORDER BY day) FILTER (WHERE largest > 0), '{}'::json) AS largest
       FROM days GROUP BY member_id),
     pl AS (
       SELECT page.id AS member_id, l.points, l.kind, l.source FROM page, LATERAL (
         SELECT l.points, l.data->>'kind' AS kind, l.data->>'sourceId' AS source FROM ledger l
         WHERE l.org_id = $1 AND l.member_id = page.id
           AND (l.data->>'kind' = 'referral' OR (l.data->>'kind' = 'reversal' AND l.data->>'reason' = 'referral'))
           AND ${notLater('ledger', 'l.id')} OFFSET 0) l),
     refs AS (
       SELECT member_id, SUM(points)::bigint AS points, COUNT(DISTINCT source) FILTER (WHERE kind = 'referral') AS sales
       FROM pl GROUP BY member_id)
     SELECT o.last_change::text AS as_of, page.id, (CASE WHEN past.member_id IS NULL AND refs.member_id IS NULL
         THEN json_build_object('member', page.data, 'stats', page.stats)
         ELSE json_build_object('member', page.data, 'stats', page.stats, 'past', json_strip_nulls(json_build_object(
           'bought', COALESCE(past.bought, '{}'::json), 'visits', COALESCE(past.visits, '{}'::json),
           'spend', COALESCE(past.spend, '{}'::json), 'largest', COALESCE(past.largest, '{}'::json),
           'referral', CASE WHEN refs.member_id IS NULL THEN NULL ELSE json_build_object('points', refs.points, 'sales', refs.sales) END))) END)::text AS j
     FROM o LEFT JOIN page ON true LEFT JOIN past ON past.member_id = page.id LEFT JOIN refs ON refs.member_id = page.id ORDER BY page.id`;

export async function membersPage(db: Queryable, orgId: string, after: string, limit: number, since?: string): Promise<string> {
  const rows = await db.query<{ as_of: string; id: string | null; j: string | null }>(
    since === undefined ? PAGE : PAGE_WITH_PAST_SQL,
    since === undefined ? [orgId, after, limit + 1] : [orgId, after, limit + 1, since]);
  const asOf = rows[0]?.as_of ?? '0';
  const found = rows.filter((r): r is { as_of: string; id: string; j: string } => r.id !== null && r.j !== null);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return `{"members":[${page.map((r) => r.j).join(',')}],"after":${JSON.stringify(last ? last.id : after)},"more":${more},"asOf":${JSON.stringify(asOf)}}`;
}
