/**
 * The organisation's change feed. Guarantee (S5): within an organisation, change numbers are
 * gapless and commit in number order. Every writer takes the organisation's row lock with
 * `UPDATE orgs SET last_change = last_change + n ... RETURNING` inside its transaction and holds it
 * to commit, so a later number can never become visible before an earlier one, and a pull that
 * reads "everything after N" never skips a change committed late by a concurrent push.
 */
import { PULL_PAGE_BYTES, type Change, type ChangeEntity } from '../../sync/protocol';
import { json, type Queryable } from '../storage/db';

export interface NewChange {
  entity: ChangeEntity;
  id: string;
  data: unknown;
}

export async function appendChanges(tx: Queryable, orgId: string, changes: NewChange[]): Promise<void> {
  if (changes.length === 0) return;
  const r = await tx.query<{ last: number }>(
    'UPDATE orgs SET last_change = last_change + $2 WHERE id = $1 RETURNING last_change AS last', [orgId, changes.length]);
  const last = r[0]?.last;
  if (last === undefined) throw new Error(`organisation ${orgId} not found`);
  const first = last - changes.length + 1;
  // One multi-row insert: a batch of 50 sales makes a few hundred changes.
  const values: string[] = [];
  const params: unknown[] = [orgId];
  changes.forEach((c, i) => {
    params.push(first + i, c.entity, c.id, json(c.data));
    const b = params.length;
    values.push(`($1, $${b - 3}, $${b - 2}, $${b - 1}, $${b}::jsonb)`);
  });
  await tx.query(`INSERT INTO changes (org_id, seq, entity, entity_id, data) VALUES ${values.join(', ')}`, params);
}

/** Takes the organisation's lock at the start of a transaction that will append changes. */
export async function lockOrg(tx: Queryable, orgId: string): Promise<number> {
  const r = await tx.query<{ last: number }>('SELECT last_change AS last FROM orgs WHERE id = $1 FOR UPDATE', [orgId]);
  const last = r[0]?.last;
  if (last === undefined) throw new Error(`organisation ${orgId} not found`);
  return last;
}

export async function currentCursor(db: Queryable, orgId: string): Promise<number> {
  const r = await db.query<{ last: number }>('SELECT last_change AS last FROM orgs WHERE id = $1', [orgId]);
  return r[0]?.last ?? 0;
}

/**
 * A pull page (S5, S23): the changes after `after` in number order, at most `limit`, and no more once
 * their JSON reaches `maxBytes` (a change that starts under the budget is taken whole, so a page always
 * has at least one). The budget is counted in the database, so the changes left out are never sent to the server.
 */
export async function readChanges(db: Queryable, orgId: string, after: number, limit: number, maxBytes = PULL_PAGE_BYTES): Promise<{ changes: Change[]; more: boolean }> {
  const rows = await db.query<{ seq: number; entity: string; entity_id: string; data: unknown; total: number }>(
    `SELECT seq, entity, entity_id, data, total FROM (
       SELECT seq, entity, entity_id, data, SUM(size) OVER (ORDER BY seq) - size AS before, COUNT(*) OVER () AS total FROM (
         SELECT seq, entity, entity_id, data, octet_length(data::text) AS size FROM changes WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
       ) page
     ) counted WHERE before < $4 ORDER BY seq`,
    [orgId, after, limit + 1, maxBytes]);
  const taken = rows.slice(0, limit);
  const more = (rows[0]?.total ?? 0) > taken.length;
  const changes = taken.map((r) => ({ seq: r.seq, entity: r.entity, id: r.entity_id, data: r.data }) as Change);
  return { changes, more };
}
