/**
 * sale.record and member.upsert applied from memory (batch-state.ts holds what they read and
 * stages what they write), with exactly the rules of the one-at-a-time code in facts.ts and
 * members.ts: S7 (facts by union), S8 (every check that rejects runs before anything is staged, so
 * a rejected mutation leaves no trace), S9 (profiles per field on the HLC), S10 (overdrafts booked and
 * flagged), S15 (points re-check). A member.upsert that would merge two members (S11) is not done
 * here: `applyFromMemory` answers 'merge' and the push applies it with members.ts.
 */
import type { Coupon, LedgerEntry, Member, Sale } from '../../domain/records';
import type { Mutation } from '../../sync/protocol';
import { MAX_TOTAL } from '../../domain/input-rules';
import { MutationRejected } from '../errors';
import type { NewChange } from './change-feed';
import type { BatchState } from './batch-state';
import { checkClocks, mergeFields } from './members';
import { historyBefore } from './member-history';
import { companionIdOf, judgeSale } from './points-recheck';
import { checkSaleEntries } from './ledger-rules';

export type FromMemory = NewChange[] | 'merge';

export function applyFromMemory(st: BatchState, m: Mutation, now: number): FromMemory {
  if (m.kind === 'sale.record') return applySale(st, m.sale, m.ledger, m.coupons, now);
  if (m.kind === 'member.upsert') return applyMember(st, m.member, m.fields, now);
  throw new Error(`${m.kind} is not applied from memory`);
}

export const fromMemoryKinds: ReadonlySet<Mutation['kind']> = new Set(['sale.record', 'member.upsert']);

function mustResolve(st: BatchState, memberId: string, what: string): string {
  const id = st.resolve(memberId);
  if (id === null) throw new MutationRejected('unknown_member', `${what} names a member this organisation does not have`);
  return id;
}

function applySale(st: BatchState, s: Sale, ledger: LedgerEntry[], coupons: Coupon[], now: number): NewChange[] {
  if (!st.stores.has(s.storeId)) throw new MutationRejected('unknown_store', 'sale.storeId is not a store of this organisation');
  const memberId = s.memberId === null ? null : mustResolve(st, s.memberId, 'the sale');
  if (memberId === null && (ledger.length > 0 || coupons.length > 0)) throw new MutationRejected('ledger_without_member', 'a sale without a member cannot carry points or coupons');
  if (st.sales.has(s.id)) return []; // the same sale arrived before: union, no effect
  const sale: Sale = { ...s, memberId };
  const referrer = memberId !== null && sale.referrerId ? st.resolve(sale.referrerId) : null;
  // Every check that can reject, before anything is staged.
  const entries = ledger.map((e) => {
    const owner = mustResolve(st, e.memberId, 'a ledger entry');
    if (owner !== memberId && owner !== referrer) throw new MutationRejected('ledger_member_mismatch', 'a ledger entry names another member than its sale or return (or its referrer)');
    if (e.sourceId !== sale.id) throw new MutationRejected('ledger_source_mismatch', 'a ledger entry of a sale or return must name it as sourceId');
    return { ...e, memberId: owner };
  });
  if (memberId !== null) checkSaleEntries({ ...sale, memberId }, entries, referrer); // S22
  const owned = coupons.map((c) => ({ ...c, memberId: mustResolve(st, c.memberId, 'a coupon') }));
  keepsTotals(st, memberId, sale, entries);
  st.addSale(sale);
  const changes: NewChange[] = [{ entity: 'sale', id: sale.id, data: sale }];
  if (memberId === null) return changes;
  for (const e of entries) {
    if (st.ledgerIds.has(e.id)) continue;
    st.addLedger(e);
    changes.push({ entity: 'ledger', id: e.id, data: e });
  }
  for (const c of owned) changes.push(...useCoupon(st, c, now));
  const balance = st.balance.get(memberId) ?? 0;
  if (sale.pointsRedeemed > 0 && balance < 0) {
    st.addException({ id: `overdraft:${sale.id}`, kind: 'overdraft', memberId, subjectId: sale.id, detail: { balance, redeemed: sale.pointsRedeemed }, at: now });
  }
  changes.push(...recheck(st, { ...sale, memberId }, now));
  return changes;
}

/** [S23] Rejects the sale when a member's balance or spend would pass MAX_TOTAL (stats.ts refuses the same in SQL). */
function keepsTotals(st: BatchState, memberId: string | null, sale: Sale, entries: readonly LedgerEntry[]): void {
  const after = new Map<string, number>();
  for (const e of entries) if (!st.ledgerIds.has(e.id)) after.set(e.memberId, (after.get(e.memberId) ?? st.balance.get(e.memberId) ?? 0) + e.points);
  let spend: number = sale.total;
  if (memberId !== null) {
    const h = st.history.get(memberId);
    for (const s of h?.sales ?? []) spend += s.total;
    for (const r of h?.returns ?? []) spend -= r.refund;
  }
  if ([...after.values(), spend].some((v) => Math.abs(v) > MAX_TOTAL)) {
    throw new MutationRejected('out_of_range', "a member's points or spend would pass what the server keeps");
  }
}

/** Coupons: issued once by id; a use is recorded once, a second use by another sale is flagged (facts.ts upsertCoupons). */
function useCoupon(st: BatchState, coupon: Coupon, now: number): NewChange[] {
  const prev = st.coupons.get(coupon.id);
  if (!prev) {
    st.saveCoupon(coupon);
    return [{ entity: 'coupon', id: coupon.id, data: coupon }];
  }
  if (coupon.usedSaleId !== null && prev.usedSaleId === null) {
    const used: Coupon = { ...prev, usedSaleId: coupon.usedSaleId, usedAt: coupon.usedAt };
    st.saveCoupon(used);
    return [{ entity: 'coupon', id: coupon.id, data: used }];
  }
  if (coupon.usedSaleId !== null && prev.usedSaleId !== coupon.usedSaleId) {
    st.addException({ id: `coupon_reuse:${coupon.id}:${coupon.usedSaleId}`, kind: 'coupon_reuse', memberId: coupon.memberId, subjectId: coupon.usedSaleId, detail: { couponId: coupon.id, firstSaleId: prev.usedSaleId }, at: now });
  }
  // A used coupon issued again unused (a benefit's derived id, B9, by a tablet paired later): sent again with its use.
  if (coupon.usedSaleId === null && prev.usedSaleId !== null) return [{ entity: 'coupon', id: coupon.id, data: prev }];
  return [];
}

/** [S15] The re-check of a new member sale, from what the batch holds. */
function recheck(st: BatchState, sale: Sale & { memberId: string }, now: number): NewChange[] {
  const companionId = companionIdOf(sale);
  const v = judgeSale(sale, {
    programme: st.programme(sale.programmeVersion), member: st.members.get(sale.memberId) ?? null, timeZone: st.stores.get(sale.storeId)?.timeZone ?? null,
    balance: (st.balance.get(sale.memberId) ?? 0) - (st.bySource.get(`${sale.memberId} ${sale.id}`) ?? 0),
    history: historyBefore(st.historyOf(sale.memberId), sale.at, sale.id), programmeOf: (ver) => st.programme(ver),
    coupons: [...st.coupons.values()].filter((c) => c.memberId === sale.memberId),
    companion: companionId ? (st.coupons.get(companionId) ?? null) : null,
  }, now);
  if (v.flag) st.addException({ id: `points_mismatch:${sale.id}`, kind: 'points_mismatch', memberId: sale.memberId, subjectId: sale.id, detail: v.flag, at: now });
  if (!v.correction || st.ledgerIds.has(v.correction.id)) return [];
  st.addLedger(v.correction);
  return [{ entity: 'ledger', id: v.correction.id, data: v.correction }];
}

/** [S9] members.ts upsertMember from memory; 'merge' when the phone is now another unmerged member's too (S11). */
function applyMember(st: BatchState, incoming: Member, fields: (keyof Member)[], now: number): FromMemory {
  checkClocks(incoming, now);
  const survivorId = st.resolve(incoming.id);
  const existing = survivorId === null ? null : (st.members.get(survivorId) ?? null);
  if (!existing) {
    if (!st.stores.has(incoming.enrolledStoreId)) throw new MutationRejected('unknown_store', 'member.enrolledStoreId is not a store of this organisation');
    const m: Member = { ...incoming, mergedInto: null };
    if (sharesPhone(st, m)) return 'merge';
    st.saveMember(m);
    return [{ entity: 'member', id: m.id, data: m }];
  }
  const merged = mergeFields(existing, incoming, fields);
  if (merged === null) return [];
  if (merged.phone !== existing.phone && sharesPhone(st, merged)) return 'merge';
  st.saveMember(merged);
  return [{ entity: 'member', id: merged.id, data: merged }];
}

/** Another unmerged member has this phone (the batch holds every unmerged member with a phone it enrols). */
function sharesPhone(st: BatchState, m: Member): boolean {
  for (const o of st.members.values()) if (o.id !== m.id && o.mergedInto === null && o.phone === m.phone) return true;
  return false;
}
