/**
 * The member bootstrap for a new tablet (S12): every member of the organisation, merged ones
 * included (so old ids resolve), with their kept totals, in pages ordered by id (keyset paging:
 * each page is one index range scan, however deep). The page is assembled as JSON text by the
 * database so the server does no per-member parse and serialise.
 */
import type { Queryable } from '../storage/db';

export async function membersPage(db: Queryable, orgId: string, after: string, limit: number): Promise<string> {
  const rows = await db.query<{ id: string; j: string }>(
    `SELECT m.id, json_build_object('member', m.data, 'stats', json_build_object(
        'memberId', m.id, 'points', COALESCE(s.points, 0), 'pendingPoints', 0,
        'lifetimeSpend', COALESCE(s.lifetime_spend, 0), 'visits', COALESCE(s.visits, 0),
        'firstPurchaseAt', s.first_purchase_at, 'lastPurchaseAt', s.last_purchase_at,
        'tierId', NULL, 'tierSince', NULL))::text AS j
     FROM members m LEFT JOIN member_stats s ON s.org_id = m.org_id AND s.member_id = m.id
     WHERE m.org_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3`, [orgId, after, limit + 1]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return `{"members":[${page.map((r) => r.j).join(',')}],"after":${JSON.stringify(last ? last.id : after)},"more":${more}}`;
}
