/**
 * The organisation's change feed. Guarantee (S5): within an organisation, change numbers are
 * gapless and commit in number order. Every writer takes the organisation's row lock with
 * `UPDATE orgs SET last_change = last_change + n ... RETURNING` inside its transaction and holds it
 * to commit, so a later number can never become visible before an earlier one, and a pull that
 * reads "everything after N" never skips a change committed late by a concurrent push.
 */
import type { Change, ChangeEntity } from '../../sync/protocol';
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

export async function readChanges(db: Queryable, orgId: string, after: number, limit: number): Promise<{ changes: Change[]; more: boolean }> {
  const rows = await db.query<{ seq: number; entity: string; entity_id: string; data: unknown }>(
    'SELECT seq, entity, entity_id, data FROM changes WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [orgId, after, limit + 1]);
  const more = rows.length > limit;
  const changes = rows.slice(0, limit).map((r) => ({ seq: r.seq, entity: r.entity, id: r.entity_id, data: r.data }) as Change);
  return { changes, more };
}
