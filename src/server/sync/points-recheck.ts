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
 * are re-checked by return-recheck.ts. `judgeSale` is the rule; a push gathers what it needs for its
 * whole batch in a few queries and applies it from memory (batch-apply.ts).
 */
import { recheckSale } from '../../domain/recheck';
import { points } from '../../domain/money';
import type { Programme } from '../../domain/programme';
import type { Coupon, LedgerEntry, Member, Sale } from '../../domain/records';
import { heldTierWith, windowStatsAt, type MemberHistory } from './member-history';

export const SERVER_DEVICE_ID = 'server';

export interface SaleFacts {
  /** The programme version the sale names; null when the organisation never had it. */
  programme: Programme | null;
  /** The member and the store's time zone (null: not found, nothing to re-check against). */
  member: Member | null;
  timeZone: string | null;
  /** The member's ledger balance without this sale's entries. */
  balance: number;
  /** The member's sales and returns before the sale (without it). */
  history: MemberHistory;
  programmeOf: (version: number) => Programme | null;
  coupons: Coupon[];
  companion: Coupon | null;
}

export interface Verdict {
  /** The `points_mismatch` exception's detail, or null when the sale is right. */
  flag: Record<string, unknown> | null;
  correction: LedgerEntry | null;
}

/** [S15] What the server concludes about one member sale (its memberId resolved), from what the till knew. */
export function judgeSale(sale: Sale & { memberId: string }, f: SaleFacts, now: number): Verdict {
  if (!f.programme) return { flag: { reason: 'programme_version_unknown', programmeVersion: sale.programmeVersion }, correction: null };
  if (!f.member || f.timeZone === null) return { flag: null, correction: null };
  const stats = windowStatsAt(f.history, sale.at, f.timeZone, f.programme.tierRules.windowMonths);
  const held = heldTierWith(f.history, sale.at, f.timeZone, f.programmeOf);
  const used = sale.pointsRedeemed + (sale.rewardPoints ?? 0);
  const result = recheckSale(sale, {
    member: {
      id: sale.memberId, balance: points(Math.max(f.balance, used)), ...stats, tierId: held,
      enrolledOn: f.member.enrolledOn, birthday: f.member.birthday, referredBy: f.member.referredBy,
    },
    coupons: f.coupons, companionCoupon: f.companion, programme: f.programme, timeZone: f.timeZone,
  });
  if (result.ok) return { flag: null, correction: null };
  const flag = { mismatches: result.mismatches, errors: result.errors.map((e) => ({ field: e.field, code: e.code })) };
  const earned = result.mismatches.find((x) => x.field === 'pointsEarned');
  const correction: LedgerEntry | null = earned ? {
    id: `correction:${sale.id}`, memberId: sale.memberId, kind: 'correction', points: points(earned.expected - earned.recorded), at: now, sourceId: sale.id,
    reason: 'points-recheck', note: '', staffId: null, deviceId: SERVER_DEVICE_ID, expiresOn: null,
  } : null;
  return { flag, correction };
}

/** The id of the companion coupon a sale's discount names, if any. */
export const companionIdOf = (sale: Sale): string | undefined =>
  sale.discounts.find((d) => d.rule.startsWith('companion:'))?.rule.slice('companion:'.length);
