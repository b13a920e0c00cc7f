/**
 * Member profiles on the server. Guarantees:
 *  - S9: profile fields merge one by one, last writer wins on the hybrid logical clock; a stamp
 *    more than 5 minutes ahead of the server's clock is rejected (`clock_ahead`), never adopted.
 *  - S11: two members with the same phone are merged into the earlier-enrolled one; the later one
 *    keeps its row with `mergedInto` set, so its id still resolves, and its sales, returns, ledger,
 *    coupons and tasks are re-pointed to the survivor through the change feed.
 */
import { FIXED_MEMBER_FIELDS, type Member } from '../../domain/records';
import { checkDrift, HlcError, isHlc } from '../../domain/hlc';
import { json, type Queryable } from '../storage/db';
import { MutationRejected } from '../errors';
import type { NewChange } from './change-feed';
import { recomputeStats } from './stats';

/** Fields only the first write sets: who enrolled the member, where and when; mergedInto is the server's. */

/** The member an id stands for today, following merges; null when the organisation has no such member. */
export async function resolveMember(tx: Queryable, orgId: string, memberId: string): Promise<string | null> {
  let current = memberId;
  for (let hop = 0; hop < 10; hop++) {
    const r = await tx.query<{ merged_into: string | null }>('SELECT merged_into FROM members WHERE org_id = $1 AND id = $2', [orgId, current]);
    const row = r[0];
    if (!row) return null;
    if (row.merged_into === null) return current;
    current = row.merged_into;
  }
  throw new Error(`merge chain too long at member ${memberId}`);
}

async function saveMember(tx: Queryable, orgId: string, m: Member): Promise<void> {
  await tx.query(
    `INSERT INTO members (org_id, id, phone, enrolled_at, merged_into, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (org_id, id) DO UPDATE SET phone = EXCLUDED.phone, merged_into = EXCLUDED.merged_into, data = EXCLUDED.data`,
    [orgId, m.id, m.phone, m.enrolledAt, m.mergedInto, json(m)]);
}

async function loadMember(tx: Queryable, orgId: string, id: string): Promise<Member | null> {
  const r = await tx.query<{ data: Member }>('SELECT data FROM members WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
  return r[0]?.data ?? null;
}

/** [S9] Every clock stamp is one, and none is more than 5 minutes ahead of the server's clock. */
export function checkClocks(incoming: Member, now: number): void {
  for (const [field, stamp] of Object.entries(incoming.clock)) {
    if (!isHlc(stamp)) throw new MutationRejected('clock_invalid', `member.clock.${field} is not a clock stamp`);
    try {
      checkDrift(stamp, now);
    } catch (e) {
      if (e instanceof HlcError) throw new MutationRejected(e.code, e.message);
      throw e;
    }
  }
}

/**
 * [S9] A profile edit merged field by field: each edited field whose clock stamp is later than the one
 * held wins (fixed fields never change). The merged member, or null when no field changed.
 * An enrolment (it lists the enrolment fields) of a member already held is the same member enrolled
 * again, as when two tablets import the same row (care-spec M8): what it does not stamp, the first
 * enrolment set, so it changes nothing and is not refused; an edit without a stamp still is.
 */
export function mergeFields(existing: Member, incoming: Member, fields: readonly (keyof Member)[]): Member | null {
  const merged: Member = { ...existing, clock: { ...existing.clock } };
  const enrolment = fields.includes('enrolledAt');
  let changed = false;
  for (const f of fields) {
    if (FIXED_MEMBER_FIELDS.has(f)) continue;
    const stamp = incoming.clock[f];
    if (stamp === undefined && enrolment) continue;
    if (stamp === undefined) throw new MutationRejected('clock_missing', `member.clock.${f} is required to change ${f}`);
    const held = merged.clock[f];
    if (held !== undefined && held >= stamp) continue;
    (merged as unknown as Record<string, unknown>)[f] = incoming[f];
    merged.clock[f] = stamp;
    changed = true;
  }
  return changed ? merged : null;
}

export async function upsertMember(tx: Queryable, orgId: string, incoming: Member, fields: (keyof Member)[], now: number): Promise<NewChange[]> {
  checkClocks(incoming, now);
  const store = await tx.query('SELECT 1 FROM stores WHERE org_id = $1 AND id = $2', [orgId, incoming.enrolledStoreId]);
  const survivorId = await resolveMember(tx, orgId, incoming.id);
  const existing = survivorId === null ? null : await loadMember(tx, orgId, survivorId);
  if (!existing) {
    if (store.length === 0) throw new MutationRejected('unknown_store', 'member.enrolledStoreId is not a store of this organisation');
    const m: Member = { ...incoming, mergedInto: null };
    await saveMember(tx, orgId, m);
    return [{ entity: 'member', id: m.id, data: m }, ...(await mergeDuplicates(tx, orgId, m, now))];
  }
  const merged = mergeFields(existing, incoming, fields);
  if (merged === null) return [];
  await saveMember(tx, orgId, merged);
  const out: NewChange[] = [{ entity: 'member', id: merged.id, data: merged }];
  if (merged.phone !== existing.phone) out.push(...(await mergeDuplicates(tx, orgId, merged, now)));
  return out;
}

async function mergeDuplicates(tx: Queryable, orgId: string, m: Member, now: number): Promise<NewChange[]> {
  const rows = await tx.query<{ id: string; enrolled_at: number }>(
    'SELECT id, enrolled_at FROM members WHERE org_id = $1 AND phone = $2 AND merged_into IS NULL ORDER BY enrolled_at, id',
    [orgId, m.phone]);
  const first = rows[0];
  if (!first || rows.length < 2) return [];
  const out: NewChange[] = [];
  for (const r of rows.slice(1)) out.push(...(await mergeMember(tx, orgId, r.id, first.id, now)));
  return out;
}

/**
 * [S11][S9] Optional facts the survivor lacks are taken from the later enrolment rather than lost, with
 * the loser's clock stamp, so every tablet takes them too (C-S3). A field the survivor's own stamp is as
 * late as or later than the loser's stays as it is: a birthday cleared by an edit after the other
 * enrolment stays cleared.
 */
export function fillFromLoser(survivor: Member, loser: Member): Member {
  const filled: Member = { ...survivor, clock: { ...survivor.clock } };
  const rec = filled as unknown as Record<string, unknown>;
  for (const f of ['birthday', 'wechat', 'referredBy', 'consentAt'] as const) {
    if (filled[f] !== null || loser[f] === null) continue;
    if (f === 'referredBy' && loser.referredBy === survivor.id) continue;
    const theirs = loser.clock[f];
    const ours = filled.clock[f];
    if (theirs !== undefined && ours !== undefined && ours >= theirs) continue;
    rec[f] = loser[f];
    if (theirs !== undefined) filled.clock[f] = theirs;
  }
  return filled;
}

const REPOINT = ['sales', 'returns', 'ledger', 'coupons', 'tasks'] as const;
const ENTITY = { sales: 'sale', returns: 'return', ledger: 'ledger', coupons: 'coupon', tasks: 'task' } as const;

/** Merges `loserId` into `survivorId`: history follows the survivor; the loser's id keeps resolving. */
export async function mergeMember(tx: Queryable, orgId: string, loserId: string, survivorId: string, now: number): Promise<NewChange[]> {
  const loser = await loadMember(tx, orgId, loserId);
  const survivor = await loadMember(tx, orgId, survivorId);
  if (!loser || !survivor) throw new Error('merge of a missing member');
  const out: NewChange[] = [];
  const loserNow: Member = { ...loser, mergedInto: survivorId };
  await saveMember(tx, orgId, loserNow);
  const filled = fillFromLoser(survivor, loser);
  await saveMember(tx, orgId, filled);
  out.push({ entity: 'member', id: loserId, data: loserNow }, { entity: 'member', id: survivorId, data: filled });
  // Members merged earlier into the loser now point straight at the survivor.
  const chained = await tx.query<{ data: Member }>(
    `UPDATE members SET merged_into = $3, data = jsonb_set(data, '{mergedInto}', to_jsonb($3::text))
     WHERE org_id = $1 AND merged_into = $2 RETURNING data`, [orgId, loserId, survivorId]);
  for (const c of chained) out.push({ entity: 'member', id: c.data.id, data: c.data });
  for (const table of REPOINT) {
    const moved = await tx.query<{ id: string; data: unknown }>(
      `UPDATE ${table} SET member_id = $3, data = jsonb_set(data, '{memberId}', to_jsonb($3::text))
       WHERE org_id = $1 AND member_id = $2 RETURNING id, data`, [orgId, loserId, survivorId]);
    for (const r of moved) out.push({ entity: ENTITY[table], id: r.id, data: r.data } as NewChange);
  }
  out.push({ entity: 'merge', id: loserId, data: { loserId, survivorId } });
  await tx.query(
    `INSERT INTO exceptions (org_id, id, kind, member_id, subject_id, detail, at) VALUES ($1, $2, 'duplicate_phone', $3, $4, $5::jsonb, $6)
     ON CONFLICT DO NOTHING`, [orgId, `duplicate_phone:${loserId}`, survivorId, loserId, json({ loserId, survivorId }), now]);
  await recomputeStats(tx, orgId, loserId);
  await recomputeStats(tx, orgId, survivorId);
  return out;
}
