/**
 * The checks and bookkeeping every TillWriter implementation applies, written once so the Dexie
 * store and its in-memory twin cannot drift apart. Pure: no storage, no clock.
 * Each check throws an InvalidInputError (or a more specific DbError) BEFORE anything is written.
 */
import { editMember, MemberEditError } from '../domain/member-edit';
import { cents, points, type Points } from '../domain/money';
import type { AuditEntry, Coupon, Id, LedgerEntry, Member, MemberStats, Sale, SaleReturn } from '../domain/records';
import type { Mutation } from '../sync/protocol';
import { InvalidInputError } from './errors';
import type { EnrollInput, MemberEditInput, TierChange } from './repositories';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 200;

export function clampLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`A limit must be a whole number above 0, got ${String(limit)}`);
  return Math.min(n, MAX_LIMIT);
}

export function zeroStats(memberId: Id): MemberStats {
  return {
    memberId, points: points(0), pendingPoints: points(0), lifetimeSpend: cents(0), visits: 0,
    firstPurchaseAt: null, lastPurchaseAt: null, tierId: null, tierSince: null,
  };
}

export function checkMember(m: Member): void {
  if (!m.id) throw new InvalidInputError('A member needs an id');
  if (!/^\d{5,15}$/.test(m.phone)) throw new InvalidInputError('A member phone must be 5 to 15 digits');
  if (!m.cardNo) throw new InvalidInputError('A member needs a card number');
  if (!m.name.trim()) throw new InvalidInputError('A member needs a name');
}

/**
 * [D14] The member a profile edit stores and sends: its fields onto the stored member (a new one when
 * none is stored), each stamped on the device's clock (domain/member-edit.ts). A bad edit is bad input.
 */
export function editedMember(stored: Member | undefined, input: MemberEditInput): Member {
  checkMember(input.member);
  try {
    return editMember(stored ?? input.member, input.member, input.fields, input.at, input.deviceId);
  } catch (e) {
    if (e instanceof MemberEditError) throw new InvalidInputError(e.message);
    throw e;
  }
}

export function checkLedger(entries: LedgerEntry[]): void {
  const seen = new Set<Id>();
  for (const e of entries) {
    if (!e.id || !e.memberId) throw new InvalidInputError('A ledger entry needs an id and a member');
    if (!Number.isSafeInteger(e.points)) throw new InvalidInputError(`Ledger entry ${e.id}: points must be a whole number`);
    if (seen.has(e.id)) throw new InvalidInputError(`Ledger entry ${e.id} appears twice`);
    seen.add(e.id);
  }
}

/** An enrolment's member is valid, and its opening entries and coupons are all that member's. */
export function checkEnrollment({ member, ledger, coupons }: EnrollInput): void {
  checkMember(member);
  checkLedger(ledger);
  if (ledger.some((e) => e.memberId !== member.id) || coupons.some((c) => c.memberId !== member.id)) {
    throw new InvalidInputError('Enrolment entries and coupons must belong to the new member');
  }
}

/** Points added (or taken) per member by a set of entries. */
export function pointsByMember(entries: LedgerEntry[]): Map<Id, number> {
  const out = new Map<Id, number>();
  for (const e of entries) out.set(e.memberId, (out.get(e.memberId) ?? 0) + e.points);
  return out;
}

/**
 * New totals after `delta` points; new points are pending until synced. Spending or taking points the
 * member does not have is refused, except by a return (`mayGoNegative`): loyalty-spec X6 lets a
 * balance go below zero when the points a return takes back were already spent.
 */
export function addPoints(s: MemberStats, delta: number, mayGoNegative = false): MemberStats {
  const next = s.points + delta;
  if (delta < 0 && next < 0 && !mayGoNegative) throw new InvalidInputError(`Member ${s.memberId} has ${s.points} points; cannot take ${-delta}`);
  return { ...s, points: points(next), pendingPoints: points(s.pendingPoints + delta) };
}

function withTier(s: MemberStats, tier: TierChange | undefined): MemberStats {
  return tier ? { ...s, tierId: tier.tierId, tierSince: tier.tierSince } : s;
}

export function checkSale(sale: Sale): void {
  if (!sale.id || !sale.receiptNo) throw new InvalidInputError('A sale needs an id and a receipt number');
  if (!Number.isSafeInteger(sale.total) || sale.total < 0) throw new InvalidInputError('A sale total must be whole cents, not negative');
  if (sale.lines.length === 0) throw new InvalidInputError('A sale needs at least one line');
  if (new Set(sale.couponIds).size !== sale.couponIds.length) throw new InvalidInputError('A coupon appears twice on the sale');
  if (sale.couponIds.length > 0 && !sale.memberId) throw new InvalidInputError('Coupons need a member on the sale');
}

/** lifetimeSpend counts what the member paid (sale.total); visits count sales. */
export function statsAfterSale(s: MemberStats, sale: Sale, tier?: TierChange): MemberStats {
  return withTier({
    ...s,
    lifetimeSpend: cents(s.lifetimeSpend + sale.total),
    visits: s.visits + 1,
    firstPurchaseAt: s.firstPurchaseAt === null ? sale.at : Math.min(s.firstPurchaseAt, sale.at),
    lastPurchaseAt: s.lastPurchaseAt === null ? sale.at : Math.max(s.lastPurchaseAt, sale.at),
  }, tier);
}

/** Spend goes down by what the engine says the return reverses (`spendReversed`), else by the refund. */
export function statsAfterReturn(s: MemberStats, ret: SaleReturn, spendReversed: number | undefined, tier?: TierChange): MemberStats {
  return withTier({ ...s, lifetimeSpend: cents(s.lifetimeSpend - (spendReversed ?? ret.refund)) }, tier);
}

/** `couponsUsed` (as buildSale returns them) is optional, but when given it must be the sale's coupons. */
export function checkCouponsUsed(sale: Sale, couponsUsed: { id: Id }[] | undefined): void {
  if (!couponsUsed) return;
  const ids = couponsUsed.map((c) => c.id).sort();
  const onSale = [...sale.couponIds].sort();
  if (ids.length !== onSale.length || ids.some((id, i) => id !== onSale[i])) {
    throw new InvalidInputError('The coupons used must be the coupons on the sale');
  }
}

/** At most this many coupons in one `issueCoupons` call: one 'coupon.issue' mutation carries them all. */
export const MAX_COUPONS_ISSUED = 500;

/**
 * [B9] Coupons a rule issues: each has an id and a member (the sale's member when `memberId` is given),
 * exactly one of percent or amount off, and valid dates; no id appears twice.
 */
export function checkCouponsIssued(coupons: readonly Coupon[], memberId?: Id | null): void {
  if (coupons.length > MAX_COUPONS_ISSUED) throw new InvalidInputError(`At most ${MAX_COUPONS_ISSUED} coupons at a time`);
  const seen = new Set<Id>();
  for (const c of coupons) {
    if (!c.id || !c.memberId) throw new InvalidInputError('A coupon needs an id and a member');
    if (memberId !== undefined && c.memberId !== memberId) throw new InvalidInputError(`Coupon ${c.id} is not for the sale's member`);
    if ((c.percentOff === null) === (c.amountOff === null)) throw new InvalidInputError(`Coupon ${c.id}: exactly one of percent or amount off`);
    if (!(c.validFrom <= c.validTo)) throw new InvalidInputError(`Coupon ${c.id}: it ends before it starts`);
    if (seen.has(c.id)) throw new InvalidInputError(`Coupon ${c.id} appears twice`);
    seen.add(c.id);
  }
}

/** Refuses a return of more than was sold, counting the returns already made on that sale. */
export function checkReturn(ret: SaleReturn, sale: Sale, earlier: SaleReturn[]): void {
  if (!ret.id) throw new InvalidInputError('A return needs an id');
  if (!Number.isSafeInteger(ret.refund) || ret.refund < 0) throw new InvalidInputError('A refund must be whole cents, not negative');
  if (ret.memberId !== sale.memberId) throw new InvalidInputError('A return must name the member of its sale');
  if (ret.lines.reduce((a, l) => a + l.refund, 0) !== ret.refund) throw new InvalidInputError('A return refund must be the sum of its lines');
  const refunded = earlier.reduce((a, r) => a + r.refund, 0);
  if (refunded + ret.refund > sale.total) {
    throw new InvalidInputError(`Sale ${sale.receiptNo} took ${sale.total}; ${refunded} already refunded, cannot refund ${ret.refund} more`);
  }
  for (const line of ret.lines) {
    const sold = sale.lines.find((l) => l.lineNo === line.lineNo);
    if (!sold) throw new InvalidInputError(`Sale ${sale.receiptNo} has no line ${line.lineNo}`);
    if (!Number.isInteger(line.qty) || line.qty <= 0) throw new InvalidInputError('A returned quantity must be a whole number above 0');
    const before = earlier.flatMap((r) => r.lines).filter((l) => l.lineNo === line.lineNo).reduce((a, l) => a + l.qty, 0);
    if (before + line.qty > sold.qty) {
      throw new InvalidInputError(`Line ${line.lineNo} of ${sale.receiptNo}: ${sold.qty} sold, ${before} already returned`);
    }
  }
}

export function enrollMutations(input: EnrollInput): Mutation[] {
  const at = input.member.enrolledAt;
  const out: Mutation[] = [{ kind: 'member.upsert', id: input.opId, at, member: input.member, fields: Object.keys(input.member) as (keyof Member)[] }];
  if (input.ledger.length > 0) out.push({ kind: 'ledger.append', id: `${input.opId}:ledger`, at, entries: input.ledger });
  if (input.coupons.length > 0) out.push({ kind: 'coupon.issue', id: `${input.opId}:coupons`, at, coupons: input.coupons });
  return out;
}

export function sumPoints(entries: LedgerEntry[]): Points {
  return points(entries.reduce((a, e) => a + e.points, 0));
}

/** Audit entries written with a sale, return or adjustment: each needs an id and an action. */
export function checkAudit(entries: readonly AuditEntry[] | undefined): void {
  for (const e of entries ?? []) if (!e.id || !e.action) throw new InvalidInputError('An audit entry needs an id and an action');
}

export function auditMutations(entries: readonly AuditEntry[] | undefined): Mutation[] {
  return (entries ?? []).map((entry) => ({ kind: 'audit.append', id: entry.id, at: entry.at, entry }));
}
