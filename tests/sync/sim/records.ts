/** Record builders for the simulation: valid members, sales, returns and ledger entries, ids from a per-run counter. */
import { cents, points } from '../../../src/domain/money';
import { hlcNow } from '../../../src/domain/hlc';
import type { LedgerEntry, Member, Sale, SaleReturn } from '../../../src/domain/records';

export function ids(prefix: string): (kind: string) => string {
  let n = 0;
  return (kind) => `${prefix}-${kind}${(++n).toString(36)}`;
}

const CLOCKED: (keyof Member)[] = ['cardNo', 'phone', 'name', 'nameKey', 'initials', 'birthday', 'wechat', 'referredBy', 'consentAt', 'doNotDisturb', 'notes', 'profile'];

export function newMember(p: { id: string; phone: string; name: string; storeId: string; deviceId: string; at: number }): Member {
  const stamp = hlcNow(null, p.at, p.deviceId);
  return {
    id: p.id, cardNo: `C-${p.id}`, phone: p.phone, name: p.name, nameKey: p.name.toLowerCase(), initials: '', birthday: null, wechat: null,
    enrolledAt: p.at, enrolledOn: '2026-06-01', enrolledStoreId: p.storeId, enrolledBy: null, referredBy: null, consentAt: p.at,
    doNotDisturb: false, notes: '', profile: {}, mergedInto: null, clock: Object.fromEntries(CLOCKED.map((f) => [f, stamp])),
  };
}

export function ledgerEntry(p: { id: string; memberId: string; kind: LedgerEntry['kind']; pts: number; at: number; sourceId: string | null; deviceId: string }): LedgerEntry {
  return { id: p.id, memberId: p.memberId, kind: p.kind, points: points(p.pts), at: p.at, sourceId: p.sourceId, reason: p.kind, note: '', staffId: null, deviceId: p.deviceId, expiresOn: null };
}

/** Two of one item; `redeem` points take `redeem` cents off (1 point = 1 fen in the simulation's programme). */
export function newSale(p: { id: string; storeId: string; deviceId: string; staffId: string; memberId: string | null; unit: number; redeem: number; at: number; businessDate?: string }): Sale {
  const subtotal = p.unit * 2;
  const total = subtotal - p.redeem;
  const earn = p.memberId ? Math.floor(total / 100) : 0;
  return {
    id: p.id, receiptNo: `R-${p.id}`, storeId: p.storeId, deviceId: p.deviceId, staffId: p.staffId, memberId: p.memberId, at: p.at,
    businessDate: p.businessDate ?? '2026-06-01', programmeVersion: 0,
    lines: [{ lineNo: 1, productId: null, name: 'Item', category: 'general', unitPrice: cents(p.unit), qty: 2, lineDiscount: cents(0), noEarn: false,
      allocatedDiscount: cents(0), allocatedRedeem: cents(p.redeem), net: cents(total), pointsEarned: points(earn), pointsRedeemed: points(p.redeem) }],
    subtotal: cents(subtotal), discounts: [], pointsRedeemed: points(p.redeem), redeemValue: cents(p.redeem), total: cents(total),
    pointsEarned: points(earn), payments: [{ method: 'cash', amount: cents(total) }], couponIds: [],
  };
}

/** Returns one or both of the two items: that share of the total back and of the earned points reversed. */
export function newReturn(p: { id: string; sale: Sale; deviceId: string; at: number; qty?: 1 | 2 }): SaleReturn {
  const qty = p.qty ?? 1;
  const refund = Math.floor((p.sale.total * qty) / 2);
  const reversed = Math.floor((p.sale.pointsEarned * qty) / 2);
  return {
    id: p.id, saleId: p.sale.id, memberId: p.sale.memberId, storeId: p.sale.storeId, deviceId: p.deviceId, staffId: p.sale.staffId, approvedBy: null,
    at: p.at, businessDate: '2026-06-01', reason: 'resaleable',
    lines: [{ lineNo: 1, qty, refund: cents(refund), pointsReversed: points(reversed), pointsRestored: points(0) }],
    refund: cents(refund), pointsReversed: points(reversed), pointsRestored: points(0),
  };
}
