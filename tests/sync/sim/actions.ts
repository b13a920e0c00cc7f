/** What a cashier does on a tablet, through the real repositories (TillWriter writes facts + outbox in one transaction). */
import type { Member } from '../../../src/domain/records';
import { DbError } from '../../../src/db/errors';
import { zeroStats } from '../../../src/db/write-rules';
import { ledgerEntry, newMember, newReturn, newSale } from './records';
import { tierAfterSale } from './actions-member';
import type { Tablet } from './tablet';

export interface Ctx {
  id: (kind: string) => string;
  storeId: string;
  staffId: string;
  now: () => number;
}

/** Enrols a member with a 50-point welcome bonus; null when this tablet already has the phone (D5). */
export async function enroll(t: Tablet, c: Ctx, phone: string, name: string, birthday: string | null = null): Promise<Member | null> {
  const m = { ...newMember({ id: c.id('m'), phone, name, storeId: c.storeId, deviceId: t.deviceId, at: c.now() }), birthday };
  // As the till books it (domain/enrollment.ts): reason 'enroll', on the member it welcomes (S22).
  const bonus = { ...ledgerEntry({ id: c.id('le'), memberId: m.id, kind: 'bonus', pts: 50, at: c.now(), sourceId: m.id, deviceId: t.deviceId }), reason: 'enroll' };
  try {
    await t.repos.writer.enroll({ member: m, stats: zeroStats(m.id), ledger: [bonus], coupons: [], opId: c.id('op') });
    return m;
  } catch (e) {
    if (e instanceof DbError && e.code === 'duplicate-phone') return null;
    throw e;
  }
}

/** A sale to the member (followed through merges), redeeming up to `wantRedeem` of the balance shown here */
export async function sell(t: Tablet, c: Ctx, memberId: string | null, unit: number, wantRedeem: number, businessDate?: string, useCoupon = false): Promise<string> {
  const hit = memberId ? await t.repos.members.get(memberId) : null;
  const buyer = hit?.member.id ?? null;
  const redeem = hit ? Math.max(0, Math.min(wantRedeem, hit.stats.points, unit * 2)) : 0;
  const made = newSale({ id: c.id('s'), storeId: c.storeId, deviceId: t.deviceId, staffId: c.staffId, memberId: buyer, unit, redeem, at: c.now(), ...(businessDate ? { businessDate } : {}) });
  // The member's unused coupon, when asked for and this tablet holds one (B9: used once, the use kept everywhere).
  const coupon = buyer && useCoupon ? (await t.repos.members.coupons(buyer)).find((x) => x.usedSaleId === null) : undefined;
  const sale = coupon ? { ...made, couponIds: [coupon.id] } : made;
  const ledger = [];
  if (buyer && sale.pointsEarned > 0) ledger.push(ledgerEntry({ id: c.id('le'), memberId: buyer, kind: 'earn', pts: sale.pointsEarned, at: c.now(), sourceId: sale.id, deviceId: t.deviceId }));
  if (buyer && redeem > 0) ledger.push(ledgerEntry({ id: c.id('le'), memberId: buyer, kind: 'redeem', pts: -redeem, at: c.now(), sourceId: sale.id, deviceId: t.deviceId }));
  // [T7] The tier after the sale as the checkout decides it, so the tablets' tiers are worth comparing (C-S20).
  const tier = buyer ? await tierAfterSale(t, buyer, sale.total, sale.at) : undefined;
  await t.repos.writer.commitSale({ sale, ledger, couponsIssued: [], ...(tier ? { tier } : {}) });
  return sale.id;
}

/**
 * Returns one or both items of a sale this tablet holds (made here or pulled), if it has no return of
 * it yet. Two offline tablets may both return the same sale: the server rejects what exceeds it (C-S15).
 */
export async function giveBack(t: Tablet, c: Ctx, saleId: string, qty: 1 | 2 = 1): Promise<boolean> {
  const sale = await t.repos.members.sale(saleId);
  if (!sale || (await t.repos.members.returnsOf(saleId)).length > 0) return false;
  const ret = newReturn({ id: c.id('r'), sale, deviceId: t.deviceId, at: c.now(), qty });
  const ledger = sale.memberId && ret.pointsReversed > 0
    ? [ledgerEntry({ id: c.id('le'), memberId: sale.memberId, kind: 'reversal', pts: -ret.pointsReversed, at: c.now(), sourceId: ret.id, deviceId: t.deviceId })]
    : [];
  await t.repos.writer.commitReturn({ ret, ledger });
  return true;
}

/** Edits the member's notes as the member card does (the writer stamps the clock; last writer wins on it); false when the local write is refused. */
export async function editNotes(t: Tablet, c: Ctx, memberId: string, notes: string): Promise<boolean> {
  const hit = await t.repos.members.get(memberId);
  if (!hit) return false;
  const member: Member = { ...hit.member, notes };
  try {
    await t.repos.writer.upsertMember({ member, fields: ['notes'], opId: c.id('op'), at: c.now(), deviceId: t.deviceId });
    return true;
  } catch (e) {
    if (e instanceof DbError) return false;
    throw e;
  }
}
