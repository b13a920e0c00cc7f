/**
 * S15 for returns: the server rebuilds a member return's points with the till's own function
 * (`buildReturn`, loyalty-spec X rules) and the programme version of the sale, and compares what the
 * device booked: earned points taken back, redeemed points given back, the referrer's reward reversed.
 * A difference in the points booked for a member is corrected by a `correction` ledger entry
 * (`correction:<return id>` for the buyer, `correction:<return id>:referrer` for the referrer) and
 * flagged as `points_mismatch`.
 *
 * Two offline tablets may return parts of one sale without seeing each other's return: shares are
 * cumulative, so the split can differ by rounding. The return passes when it matches either every
 * earlier return the server holds or only those of its own device (what that tablet certainly knew).
 * The refund's money is not re-checked (it needs the product's price that day, which the till knew);
 * the return window is the till's (a manager approves a late return).
 */
import { buildReturn } from '../../domain/returns';
import { points } from '../../domain/money';
import type { LedgerEntry, Sale, SaleReturn, Store } from '../../domain/records';
import type { Mismatch } from '../../domain/recheck';
import { json, type Queryable } from '../storage/db';
import type { NewChange } from './change-feed';
import { addException } from './facts';
import { loadProgramme } from './programme-check';
import { SERVER_DEVICE_ID } from './points-recheck';
import { recomputeStats } from './stats';

interface Expected {
  mismatches: Mismatch[];
  /** Points the member and the referrer should have got from this return, by member id. */
  deltas: Map<string, number>;
}

const sumFor = (entries: readonly LedgerEntry[], memberId: string) => entries.filter((e) => e.memberId === memberId).reduce((a, e) => a + e.points, 0);

function expectedFor(ret: SaleReturn, recorded: LedgerEntry[], sale: Sale, earlier: SaleReturn[], ctx: { timeZone: string; programme: NonNullable<Awaited<ReturnType<typeof loadProgramme>>> }): Expected | null {
  const built = buildReturn(
    { sale, earlierReturns: earlier, lines: ret.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty, todayUnitPrice: null })), reason: ret.reason, approvedBy: ret.approvedBy ?? ret.staffId },
    { ids: () => 'recheck', now: ret.at, timeZone: ctx.timeZone, storeId: ret.storeId, deviceId: ret.deviceId, staffId: ret.staffId, programme: ctx.programme },
  );
  if (!built.ok) return null;
  const mismatches: Mismatch[] = [];
  const check = (field: string, rec: number, exp: number) => { if (rec !== exp) mismatches.push({ field, recorded: rec, expected: exp }); };
  check('pointsReversed', ret.pointsReversed, built.ret.pointsReversed);
  check('pointsRestored', ret.pointsRestored, built.ret.pointsRestored);
  const deltas = new Map<string, number>();
  for (const id of new Set([sale.memberId, sale.referrerId].filter((x): x is string => !!x))) {
    const exp = sumFor(built.ledger, id);
    deltas.set(id, exp);
    check(id === sale.memberId ? 'ledger.member' : 'ledger.referrer', sumFor(recorded, id), exp);
  }
  return { mismatches, deltas };
}

export async function recheckReturnPoints(tx: Queryable, orgId: string, ret: SaleReturn, sale: Sale, recorded: LedgerEntry[], now: number): Promise<NewChange[]> {
  if (sale.memberId === null) return [];
  const memberId = sale.memberId;
  const flag = (detail: Record<string, unknown>) =>
    addException(tx, orgId, { id: `points_mismatch:${ret.id}`, kind: 'points_mismatch', memberId, subjectId: ret.id, detail, at: now });
  const programme = await loadProgramme(tx, orgId, sale.programmeVersion);
  if (!programme) {
    await flag({ reason: 'programme_version_unknown', programmeVersion: sale.programmeVersion });
    return [];
  }
  const [st] = await tx.query<{ data: Store }>('SELECT data FROM stores WHERE org_id = $1 AND id = $2', [orgId, ret.storeId]);
  const ctx = { timeZone: st?.data.timeZone ?? 'UTC', programme };
  const before = (await tx.query<{ data: SaleReturn }>(
    'SELECT data FROM returns WHERE org_id = $1 AND sale_id = $2 AND id <> $3 AND (data->>\'at\')::bigint <= $4', [orgId, sale.id, ret.id, ret.at])).map((r) => r.data);
  const full = expectedFor(ret, recorded, sale, before, ctx);
  if (!full) {
    await flag({ reason: 'return_not_rebuilt' });
    return [];
  }
  if (full.mismatches.length === 0) return [];
  const own = expectedFor(ret, recorded, sale, before.filter((r) => r.deviceId === ret.deviceId), ctx);
  if (own && own.mismatches.length === 0) return [];
  await flag({ mismatches: full.mismatches });
  const changes: NewChange[] = [];
  for (const [id, exp] of full.deltas) {
    const diff = exp - sumFor(recorded, id);
    if (diff === 0) continue;
    const entry: LedgerEntry = {
      id: id === memberId ? `correction:${ret.id}` : `correction:${ret.id}:referrer`, memberId: id, kind: 'correction', points: points(diff),
      at: now, sourceId: ret.id, reason: 'points-recheck', note: '', staffId: null, deviceId: SERVER_DEVICE_ID, expiresOn: null,
    };
    const ins = await tx.query('INSERT INTO ledger (org_id, id, member_id, points, data) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING id',
      [orgId, entry.id, id, entry.points, json(entry)]);
    await recomputeStats(tx, orgId, id);
    if (ins.length > 0) changes.push({ entity: 'ledger', id: entry.id, data: entry });
  }
  return changes;
}
