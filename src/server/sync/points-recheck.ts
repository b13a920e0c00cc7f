/**
 * S15: the server re-prices every member sale with the domain engine (recheckSale) and the
 * programme version the sale recorded. A device cannot mint points: when the points earned differ,
 * a `correction` ledger entry books the difference and an exception tells a manager; any other
 * difference (total, redemption) is reported as an exception. Nothing is silently accepted.
 *
 * What the server reconstructs for the engine (member-history.ts): the member's balance before the
 * sale (at least what the sale redeemed: an offline overdraft is S10's business, not a pricing error),
 * spend and the largest order in the tier window before the sale, net of returns made before it (as
 * the till counts them), and the tier the member held then (T3: kept until re-evaluation). Returns
 * are re-checked by return-recheck.ts.
 */
import { recheckSale } from '../../domain/recheck';
import { points } from '../../domain/money';
import type { Coupon, LedgerEntry, Member, Sale, Store } from '../../domain/records';
import { json, type Queryable } from '../storage/db';
import type { NewChange } from './change-feed';
import { addException } from './facts';
import { loadProgramme } from './programme-check';
import { recomputeStats } from './stats';
import { heldTierAt, memberHistory, windowStatsAt } from './member-history';

export const SERVER_DEVICE_ID = 'server';

export async function recheckSalePoints(tx: Queryable, orgId: string, sale: Sale, now: number): Promise<NewChange[]> {
  if (sale.memberId === null) return [];
  const memberId = sale.memberId;
  const flag = (detail: Record<string, unknown>) =>
    addException(tx, orgId, { id: `points_mismatch:${sale.id}`, kind: 'points_mismatch', memberId, subjectId: sale.id, detail, at: now });
  const programme = await loadProgramme(tx, orgId, sale.programmeVersion);
  if (!programme) {
    await flag({ reason: 'programme_version_unknown', programmeVersion: sale.programmeVersion });
    return [];
  }
  const [m] = await tx.query<{ data: Member }>('SELECT data FROM members WHERE org_id = $1 AND id = $2', [orgId, memberId]);
  const [st] = await tx.query<{ data: Store }>('SELECT data FROM stores WHERE org_id = $1 AND id = $2', [orgId, sale.storeId]);
  if (!m || !st) return [];
  const timeZone = st.data.timeZone;
  const [bal] = await tx.query<{ b: number }>(
    'SELECT COALESCE(SUM(points), 0)::bigint AS b FROM ledger WHERE org_id = $1 AND member_id = $2 AND (data->>\'sourceId\') IS DISTINCT FROM $3',
    [orgId, memberId, sale.id]);
  const history = await memberHistory(tx, orgId, memberId, sale.at, sale.id);
  const stats = windowStatsAt(history, sale.at, timeZone, programme.tierRules.windowMonths);
  const held = await heldTierAt(tx, orgId, history, sale.at, timeZone);
  const coupons = (await tx.query<{ data: Coupon }>('SELECT data FROM coupons WHERE org_id = $1 AND member_id = $2', [orgId, memberId])).map((r) => r.data);
  const companionId = sale.discounts.find((d) => d.rule.startsWith('companion:'))?.rule.slice('companion:'.length);
  const [companion] = companionId ? await tx.query<{ data: Coupon }>('SELECT data FROM coupons WHERE org_id = $1 AND id = $2', [orgId, companionId]) : [];
  const used = sale.pointsRedeemed + (sale.rewardPoints ?? 0);
  const result = recheckSale(sale, {
    member: {
      id: memberId, balance: points(Math.max(bal?.b ?? 0, used)), ...stats, tierId: held,
      enrolledOn: m.data.enrolledOn, birthday: m.data.birthday, referredBy: m.data.referredBy,
    },
    coupons, companionCoupon: companion?.data ?? null, programme, timeZone,
  });
  if (result.ok) return [];
  await flag({ mismatches: result.mismatches, errors: result.errors.map((e) => ({ field: e.field, code: e.code })) });
  const earned = result.mismatches.find((x) => x.field === 'pointsEarned');
  if (!earned) return [];
  const correction: LedgerEntry = {
    id: `correction:${sale.id}`, memberId, kind: 'correction', points: points(earned.expected - earned.recorded), at: now, sourceId: sale.id,
    reason: 'points-recheck', note: '', staffId: null, deviceId: SERVER_DEVICE_ID, expiresOn: null,
  };
  const ins = await tx.query('INSERT INTO ledger (org_id, id, member_id, points, data) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING id',
    [orgId, correction.id, memberId, correction.points, json(correction)]);
  await recomputeStats(tx, orgId, memberId);
  return ins.length > 0 ? [{ entity: 'ledger', id: correction.id, data: correction }] : [];
}
