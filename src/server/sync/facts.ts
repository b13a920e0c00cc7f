/**
 * Facts on the server, one mutation at a time in SQL: returns, ledger entries, coupons (and their
 * use), care tasks, audit (sales are applied from memory by a push: batch-apply.ts). Guarantees:
 *  - S7: facts merge by union: inserted if absent by id, never edited by a device afterwards.
 *  - S10: a redemption that takes a member below zero still stands (the goods have left the
 *    store); it is recorded as an `overdraft` exception for a manager.
 *  - Every member id is resolved through merges (S11) and must belong to the caller's organisation.
 */
import type { Coupon, LedgerEntry, Sale, SaleReturn, CareTask, AuditEntry } from '../../domain/records';
import { json, type Queryable } from '../storage/db';
import { MutationRejected } from '../errors';
import type { NewChange } from './change-feed';
import { resolveMember } from './members';
import { recomputeStats } from './stats';
import { APPROVAL_PREFIX, checkAppend, insertAudit, refuseServerOnly } from './ledger-rules';

async function mustResolve(tx: Queryable, orgId: string, memberId: string, what: string): Promise<string> {
  const id = await resolveMember(tx, orgId, memberId);
  if (id === null) throw new MutationRejected('unknown_member', `${what} names a member this organisation does not have`);
  return id;
}

async function mustBeStore(tx: Queryable, orgId: string, storeId: string, what: string): Promise<void> {
  const r = await tx.query('SELECT 1 FROM stores WHERE org_id = $1 AND id = $2', [orgId, storeId]);
  if (r.length === 0) throw new MutationRejected('unknown_store', `${what} is not a store of this organisation`);
}

export async function addException(tx: Queryable, orgId: string, e: { id: string; kind: string; memberId: string | null; subjectId: string | null; detail: unknown; at: number }): Promise<void> {
  await tx.query(
    `INSERT INTO exceptions (org_id, id, kind, member_id, subject_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT DO NOTHING`, [orgId, e.id, e.kind, e.memberId, e.subjectId, json(e.detail), e.at]);
}

/**
 * Inserts ledger entries that are absent; returns the changes for those inserted and the entries as
 * stored (members resolved through merges). `owners`: the members a sale's or return's entries may
 * name (its member and, for a referral reward, the referrer); null for any member of the organisation.
 */
export async function insertLedger(tx: Queryable, orgId: string, entries: LedgerEntry[], owners: ReadonlySet<string> | null, sourceId: string | null): Promise<{ changes: NewChange[]; members: Set<string>; stored: LedgerEntry[] }> {
  const changes: NewChange[] = [];
  const members = new Set<string>();
  const stored: LedgerEntry[] = [];
  for (const e of entries) {
    const owner = await mustResolve(tx, orgId, e.memberId, 'a ledger entry');
    if (owners !== null && !owners.has(owner)) throw new MutationRejected('ledger_member_mismatch', 'a ledger entry names another member than its sale or return (or its referrer)');
    if (sourceId !== null && e.sourceId !== sourceId) throw new MutationRejected('ledger_source_mismatch', 'a ledger entry of a sale or return must name it as sourceId');
    const entry: LedgerEntry = { ...e, memberId: owner };
    const r = await tx.query('INSERT INTO ledger (org_id, id, member_id, points, data) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING id',
      [orgId, entry.id, owner, entry.points, json(entry)]);
    if (r.length > 0) changes.push({ entity: 'ledger', id: entry.id, data: entry });
    members.add(owner);
    stored.push(entry);
  }
  return { changes, members, stored };
}

/** The members a sale's ledger entries may name: its member and the referrer rewarded on it. */
async function ownersOf(tx: Queryable, orgId: string, memberId: string, referrerId: string | null | undefined): Promise<Set<string>> {
  const owners = new Set([memberId]);
  const referrer = referrerId ? await resolveMember(tx, orgId, referrerId) : null;
  if (referrer !== null) owners.add(referrer);
  return owners;
}

/**
 * Coupons: issued once by id; a use is recorded once, a second use by another sale is flagged; a used coupon
 * issued again unused (a benefit's derived id, loyalty-spec B9) is sent again with its use.
 */
export async function upsertCoupons(tx: Queryable, orgId: string, coupons: Coupon[], now: number): Promise<NewChange[]> {
  const out: NewChange[] = [];
  for (const c of coupons) {
    const owner = await mustResolve(tx, orgId, c.memberId, 'a coupon');
    const coupon: Coupon = { ...c, memberId: owner };
    const held = await tx.query<{ data: Coupon }>('SELECT data FROM coupons WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, c.id]);
    const prev = held[0]?.data;
    if (!prev) {
      await tx.query('INSERT INTO coupons (org_id, id, member_id, data) VALUES ($1, $2, $3, $4::jsonb)', [orgId, c.id, owner, json(coupon)]);
      out.push({ entity: 'coupon', id: c.id, data: coupon });
    } else if (coupon.usedSaleId !== null && prev.usedSaleId === null) {
      const used: Coupon = { ...prev, usedSaleId: coupon.usedSaleId, usedAt: coupon.usedAt };
      await tx.query('UPDATE coupons SET data = $3::jsonb WHERE org_id = $1 AND id = $2', [orgId, c.id, json(used)]);
      out.push({ entity: 'coupon', id: c.id, data: used });
    } else if (coupon.usedSaleId !== null && prev.usedSaleId !== coupon.usedSaleId) {
      await addException(tx, orgId, { id: `coupon_reuse:${c.id}:${coupon.usedSaleId}`, kind: 'coupon_reuse', memberId: owner, subjectId: coupon.usedSaleId, detail: { couponId: c.id, firstSaleId: prev.usedSaleId }, at: now });
    } else if (coupon.usedSaleId === null && prev.usedSaleId !== null) {
      // A tablet that never saw the use (paired later) issued the benefit afresh: it is told of the use again.
      out.push({ entity: 'coupon', id: c.id, data: prev });
    }
  }
  return out;
}

export async function overdraftCheck(tx: Queryable, orgId: string, memberId: string, subjectId: string, redeemed: number, now: number): Promise<void> {
  const balance = await recomputeStats(tx, orgId, memberId);
  if (redeemed > 0 && balance < 0) {
    await addException(tx, orgId, { id: `overdraft:${subjectId}`, kind: 'overdraft', memberId, subjectId, detail: { balance, redeemed }, at: now });
  }
}

export interface RecordedReturn {
  changes: NewChange[];
  /** Set when the return was new and belongs to a member: what the points re-check needs. */
  checked: { ret: SaleReturn; sale: Sale; ledger: LedgerEntry[] } | null;
}

export async function recordReturn(tx: Queryable, orgId: string, ret: SaleReturn, ledger: LedgerEntry[]): Promise<RecordedReturn> {
  refuseServerOnly(ledger); // S22: a return cannot carry the server's correction of it
  await mustBeStore(tx, orgId, ret.storeId, 'return.storeId');
  const saleRow = await tx.query<{ data: Sale }>('SELECT data FROM sales WHERE org_id = $1 AND id = $2', [orgId, ret.saleId]);
  const sale = saleRow[0]?.data;
  if (!sale) throw new MutationRejected('unknown_sale', 'the returned sale is not known to this organisation');
  const done = await tx.query<{ data: SaleReturn }>('SELECT data FROM returns WHERE org_id = $1 AND sale_id = $2 AND id <> $3', [orgId, ret.saleId, ret.id]);
  for (const line of ret.lines) {
    const sold = sale.lines.find((l) => l.lineNo === line.lineNo);
    if (!sold) throw new MutationRejected('unknown_line', `the sale has no line ${line.lineNo}`);
    const before = done.reduce((n, d) => n + d.data.lines.filter((l) => l.lineNo === line.lineNo).reduce((a, l) => a + l.qty, 0), 0);
    if (before + line.qty > sold.qty) throw new MutationRejected('return_exceeds_sale', `line ${line.lineNo}: more returned than was sold`);
  }
  const memberId = sale.memberId;
  const r: SaleReturn = { ...ret, memberId };
  const ins = await tx.query('INSERT INTO returns (org_id, id, sale_id, member_id, data) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING id',
    [orgId, r.id, r.saleId, memberId, json(r)]);
  if (ins.length === 0) return { changes: [], checked: null };
  const changes: NewChange[] = [{ entity: 'return', id: r.id, data: r }];
  if (memberId === null) {
    if (ledger.length > 0) throw new MutationRejected('ledger_without_member', 'a return of a walk-in sale cannot carry points');
    return { changes, checked: null };
  }
  const { changes: booked, members, stored } = await insertLedger(tx, orgId, ledger, await ownersOf(tx, orgId, memberId, sale.referrerId), r.id);
  changes.push(...booked);
  for (const m of new Set([memberId, ...members])) await recomputeStats(tx, orgId, m);
  const referrerId = sale.referrerId ? await resolveMember(tx, orgId, sale.referrerId) : null;
  return { changes, checked: { ret: r, sale: { ...sale, referrerId }, ledger: stored } };
}

/** [S22] Entries outside a sale or return: checked after they are staged (a refusal rolls the savepoint back). */
export async function appendLedger(tx: Queryable, orgId: string, deviceId: string, entries: LedgerEntry[], mutationId: string, now: number): Promise<NewChange[]> {
  refuseServerOnly(entries, true); // an import's opening balance is checked with the rest (checkAppend)
  const { changes, members, stored } = await insertLedger(tx, orgId, entries, null, null);
  changes.push(...(await insertAudit(tx, orgId, await checkAppend(tx, orgId, deviceId, stored, entries, now))));
  for (const m of members) {
    const redeemed = entries.filter((e) => e.kind === 'redeem').reduce((a, e) => a - e.points, 0);
    await overdraftCheck(tx, orgId, m, mutationId, redeemed, now);
  }
  return changes;
}

export async function updateTask(tx: Queryable, orgId: string, t: CareTask, at: number): Promise<NewChange[]> {
  const memberId = await mustResolve(tx, orgId, t.memberId, 'the task');
  const task: CareTask = { ...t, memberId };
  // Tasks are edited: the latest edit (by the time it was made) wins.
  const r = await tx.query(
    `INSERT INTO tasks (org_id, id, member_id, at, data) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (org_id, id) DO UPDATE SET member_id = EXCLUDED.member_id, at = EXCLUDED.at, data = EXCLUDED.data
     WHERE tasks.at <= EXCLUDED.at RETURNING id`, [orgId, task.id, memberId, at, json(task)]);
  return r.length > 0 ? [{ entity: 'task', id: task.id, data: task }] : [];
}

export async function appendAudit(tx: Queryable, orgId: string, e: AuditEntry): Promise<NewChange[]> {
  if (e.id.startsWith(APPROVAL_PREFIX)) throw new MutationRejected('server_only_entry', 'an approval audit entry is made only by the server');
  const r = await tx.query('INSERT INTO audit (org_id, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING RETURNING id', [orgId, e.id, json(e)]);
  return r.length > 0 ? [{ entity: 'audit', id: e.id, data: e }] : [];
}
