/**
 * The member bootstrap for a new tablet (S12): every member of the organisation, merged ones
 * included (so old ids resolve), with their kept totals, in pages ordered by id (keyset paging:
 * each page is one index range scan, however deep). The page is assembled as JSON text by the
 * database so the server does no per-member parse and serialise.
 */
import type { Queryable } from '../storage/db';

export async function membersPage(db: Queryable, orgId: string, after: string, limit: number): Promise<string> {
  // One statement, one snapshot: the feed position read here is exactly the set of committed changes
  // the page's totals include (commit order equals feed order per organisation, S5), so a new tablet
  // pulling from its older pairing cursor knows which facts its opening balances already count (C-S13).
  const rows = await db.query<{ as_of: string; id: string | null; j: string | null }>(
    `WITH o AS (SELECT last_change FROM orgs WHERE id = $1),
     page AS (
       SELECT m.id, json_build_object('member', m.data, 'stats', json_build_object(
          'memberId', m.id, 'points', COALESCE(s.points, 0), 'pendingPoints', 0,
          'lifetimeSpend', COALESCE(s.lifetime_spend, 0), 'visits', COALESCE(s.visits, 0),
          'firstPurchaseAt', s.first_purchase_at, 'lastPurchaseAt', s.last_purchase_at,
          'tierId', NULL, 'tierSince', NULL))::text AS j
       FROM members m LEFT JOIN member_stats s ON s.org_id = m.org_id AND s.member_id = m.id
       WHERE m.org_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3)
     SELECT o.last_change::text AS as_of, page.id, page.j FROM o LEFT JOIN page ON true ORDER BY page.id`,
    [orgId, after, limit + 1]);
  const asOf = rows[0]?.as_of ?? '0';
  const found = rows.filter((r): r is { as_of: string; id: string; j: string } => r.id !== null && r.j !== null);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return `{"members":[${page.map((r) => r.j).join(',')}],"after":${JSON.stringify(last ? last.id : after)},"more":${more},"asOf":${JSON.stringify(asOf)}}`;
}
