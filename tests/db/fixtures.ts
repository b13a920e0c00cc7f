// Hand-built records for the database tests (the engine's builders are not a dependency of src/db).
import { cents, points } from '../../src/domain/money';
import type { AuditEntry, CareTask, Coupon, LedgerEntry, Member, MemberStats, Product, Sale, SaleReturn } from '../../src/domain/records';
import { zeroStats } from '../../src/db/write-rules';

export const T0 = Date.UTC(2026, 10, 1, 2, 0, 0); // 2026-11-01 10:00 in Shanghai
export const DAY = 86_400_000;

let n = 0;
export function nextId(prefix = 'id'): string {
  n += 1;
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

export function member(o: Partial<Member> & { name: string; phone: string }): Member {
  const id = o.id ?? nextId('m');
  return {
    id, cardNo: o.cardNo ?? `C${id}`,
    nameKey: o.nameKey ?? o.name.toLowerCase().replace(/\s+/g, ' ').trim(),
    initials: o.initials ?? '', birthday: null, wechat: null, enrolledAt: T0, enrolledOn: '2026-11-01',
    enrolledStoreId: 'store-1', enrolledBy: 'staff-1', referredBy: null, consentAt: T0, doNotDisturb: false,
    notes: '', profile: {}, mergedInto: null, clock: {}, ...o,
  };
}

export function stats(memberId: string, o: Partial<MemberStats> = {}): MemberStats {
  return { ...zeroStats(memberId), ...o };
}

export function entry(memberId: string, pts: number, o: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id: nextId('le'), memberId, kind: pts >= 0 ? 'earn' : 'redeem', points: points(pts), at: T0, sourceId: null,
    reason: 'sale', note: '', staffId: 'staff-1', deviceId: 'dev-1', expiresOn: null, ...o,
  };
}

export function coupon(memberId: string, o: Partial<Coupon> = {}): Coupon {
  return {
    id: nextId('cp'), memberId, kind: 'birthday', percentOff: 30, amountOff: null, minSpend: cents(0),
    validFrom: '2026-11-01', validTo: '2026-11-30', issuedAt: T0, usedSaleId: null, usedAt: null, ...o,
  };
}

/** A sale of `qty` × one item at `unitPrice` cents, paid in cash. */
export function sale(memberId: string | null, unitPrice: number, qty = 1, o: Partial<Sale> = {}): Sale {
  const id = o.id ?? nextId('s');
  const total = cents(unitPrice * qty);
  return {
    id, receiptNo: `R-${id}`, storeId: 'store-1', deviceId: 'dev-1', staffId: 'staff-1', memberId, at: T0,
    businessDate: '2026-11-01', programmeVersion: 1,
    lines: [{
      lineNo: 1, productId: 'p-1', name: 'Milk powder', category: 'baby', unitPrice: cents(unitPrice), qty,
      lineDiscount: cents(0), noEarn: false, allocatedDiscount: cents(0), allocatedRedeem: cents(0), net: total,
      pointsEarned: points(0), pointsRedeemed: points(0),
    }],
    subtotal: total, discounts: [], pointsRedeemed: points(0), redeemValue: cents(0), total,
    pointsEarned: points(0), payments: [{ method: 'cash', amount: total }], couponIds: [], ...o,
  };
}

export function saleReturn(s: Sale, qty: number, refund: number, o: Partial<SaleReturn> = {}): SaleReturn {
  return {
    id: nextId('r'), saleId: s.id, memberId: s.memberId, storeId: 'store-1', deviceId: 'dev-1', staffId: 'staff-1',
    approvedBy: null, at: s.at + DAY, businessDate: '2026-11-02', reason: 'resaleable',
    lines: [{ lineNo: 1, qty, refund: cents(refund), pointsReversed: points(0), pointsRestored: points(0) }],
    refund: cents(refund), pointsReversed: points(0), pointsRestored: points(0), ...o,
  };
}

export function product(o: Partial<Product> & { name: string }): Product {
  const id = o.id ?? nextId('p');
  return { id, sku: `SKU-${id}`, barcode: null, category: 'baby', price: cents(1000), noEarn: false, active: true, quickKey: false, ...o };
}

export function task(memberId: string, o: Partial<CareTask> = {}): CareTask {
  return {
    id: `first-purchase-followup:${memberId}:${nextId('t')}`, memberId, kind: 'first-purchase-followup', dueFrom: '2026-11-08',
    dueTo: '2026-12-01', status: 'open', outcome: null, note: '', giftCost: cents(0), doneAt: null, doneBy: null, ...o,
  };
}

export function audit(o: Partial<AuditEntry> = {}): AuditEntry {
  return { id: nextId('a'), at: T0, staffId: 'staff-1', deviceId: 'dev-1', action: 'sale', subjectId: null, detail: '', ...o };
}
