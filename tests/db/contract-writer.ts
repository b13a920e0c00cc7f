// Contract: the till's writes (D1, D2, D5, D6, D7, D8, D9, D12) and the outbox.
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/domain/hlc';
import { cents, points, type Points } from '../../src/domain/money';
import type { Member } from '../../src/domain/records';
import type { Repositories } from '../../src/db/repositories';
import { coupon, DAY, entry, member, sale, saleReturn, stats, T0 } from './fixtures';
import { useHarness, type HarnessFactory } from './contract';

async function enroll(r: Repositories, m: Member, bonus = 0): Promise<Member> {
  const ledger = bonus ? [entry(m.id, bonus, { kind: 'bonus', reason: 'enroll' })] : [];
  await r.writer.enroll({ member: m, stats: stats(m.id), ledger, coupons: [], opId: `op-${m.id}` });
  return m;
}

/** What a cashier or owner could see of a member and the device's queue. */
async function snapshot(r: Repositories, memberId: string) {
  return {
    hit: await r.members.get(memberId), ledger: await r.members.ledger(memberId), coupons: await r.members.coupons(memberId),
    history: await r.members.history(memberId), outbox: await r.outbox.count(), nextSeq: await r.outbox.nextSeq(),
  };
}

function quota(): Error {
  const e = new Error('The quota has been exceeded.');
  e.name = 'QuotaExceededError';
  return e;
}

export function writerContract(make: HarnessFactory): void {
  describe('till writes', () => {
    const ctx = useHarness(make);

    it('[D1] enrolment writes the member, the bonus, the welcome coupon and their outbox rows together', async () => {
      const m = member({ name: '张三', phone: '13812345678', initials: 'zs' });
      const welcome = coupon(m.id, { kind: 'manual' });
      await ctx.r.writer.enroll({ member: m, stats: stats(m.id), ledger: [entry(m.id, 100, { kind: 'bonus' })], coupons: [welcome], opId: 'op-1' });
      const s = await snapshot(ctx.r, m.id);
      expect(s.hit?.stats.points).toBe(100);
      expect(s.ledger.map((e) => e.points)).toEqual([100]);
      expect(s.coupons.map((c) => c.id)).toEqual([welcome.id]);
      const rows = await ctx.r.outbox.peek(10);
      expect(rows.map((x) => [x.seq, x.mutation.kind])).toEqual([[1, 'member.upsert'], [2, 'ledger.append'], [3, 'coupon.issue']]);
    });

    it('[D5] a phone already on the device is refused, naming the member who has it, and nothing is written', async () => {
      const first = await enroll(ctx.r, member({ name: 'First', phone: '13812345678' }));
      const before = await ctx.r.outbox.count();
      const second = member({ name: 'Second', phone: '13812345678' });
      await expect(enroll(ctx.r, second, 10)).rejects.toMatchObject({ code: 'duplicate-phone', existingMemberId: first.id });
      expect(await ctx.r.members.get(second.id)).toBeNull();
      expect(await ctx.r.members.ledger(second.id)).toEqual([]);
      expect(await ctx.r.outbox.count()).toBe(before);
    });

    it('[D9] enrolment with a bad phone, or with points for someone else, is refused and writes nothing', async () => {
      await expect(enroll(ctx.r, member({ name: 'Bad', phone: '138-1234' }))).rejects.toMatchObject({ code: 'invalid-input' });
      const m = member({ name: 'Odd', phone: '13812340000' });
      const stray = entry('someone-else', 5);
      await expect(ctx.r.writer.enroll({ member: m, stats: stats(m.id), ledger: [stray], coupons: [], opId: 'op' }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.members.get(m.id)).toBeNull();
      expect(await ctx.r.outbox.count()).toBe(0);
    });

    it('[D1] a checkout writes the sale, its points, the coupon use, the totals, the tier and one outbox row', async () => {
      const m = await enroll(ctx.r, member({ name: 'Buyer', phone: '13900000001' }), 200);
      const bday = coupon(m.id);
      // the first visit issues a birthday coupon; the second uses it and moves the member up a tier
      const s0 = sale(m.id, 5000, 1, { at: T0 });
      await ctx.r.writer.commitSale({ sale: s0, ledger: [entry(m.id, 50, { sourceId: s0.id })], couponsIssued: [bday] });
      const seqBefore = await ctx.r.outbox.nextSeq();
      const s1 = sale(m.id, 30000, 2, { at: T0 + DAY, couponIds: [bday.id] });
      const next = coupon(m.id, { kind: 'cashback', validTo: '2026-12-31' });
      await ctx.r.writer.commitSale({
        sale: s1, ledger: [entry(m.id, -100, { sourceId: s1.id }), entry(m.id, 600, { sourceId: s1.id })],
        couponsIssued: [next], tier: { tierId: 'silver', tierSince: T0 + DAY },
      });
      const hit = await ctx.r.members.get(m.id);
      expect(hit?.stats).toMatchObject({
        points: 200 + 50 - 100 + 600, lifetimeSpend: 5000 + 60000, visits: 2, firstPurchaseAt: T0, lastPurchaseAt: T0 + DAY,
        tierId: 'silver', tierSince: T0 + DAY,
      });
      const used = (await ctx.r.members.coupons(m.id)).find((c) => c.id === bday.id);
      expect(used).toMatchObject({ usedSaleId: s1.id, usedAt: T0 + DAY });
      const rows = await ctx.r.outbox.peek(100);
      const last = rows.at(-1);
      expect(last?.seq).toBe(seqBefore);
      expect(last?.mutation).toMatchObject({ kind: 'sale.record', id: s1.id });
      expect((await ctx.r.members.saleByReceipt(s1.receiptNo))?.id).toBe(s1.id);
      expect((await ctx.r.members.verifyStats(m.id)).ok).toBe(true);
    });

    it('[D6] a coupon already used is refused, naming the sale that used it, and the second sale is not written', async () => {
      const m = await enroll(ctx.r, member({ name: 'Twice', phone: '13900000002' }));
      const c = coupon(m.id);
      const s0 = sale(m.id, 1000);
      await ctx.r.writer.commitSale({ sale: s0, ledger: [], couponsIssued: [c] });
      const s1 = sale(m.id, 1000, 1, { couponIds: [c.id] });
      await ctx.r.writer.commitSale({ sale: s1, ledger: [], couponsIssued: [] });
      const s2 = sale(m.id, 1000, 1, { couponIds: [c.id] });
      const before = await snapshot(ctx.r, m.id);
      await expect(ctx.r.writer.commitSale({ sale: s2, ledger: [entry(m.id, 10)], couponsIssued: [] }))
        .rejects.toMatchObject({ code: 'coupon-used', usedSaleId: s1.id });
      expect(await snapshot(ctx.r, m.id)).toEqual(before);
      expect(await ctx.r.members.sale(s2.id)).toBeNull();
    });

    it("[D6] another member's coupon cannot be used", async () => {
      const a = await enroll(ctx.r, member({ name: 'A', phone: '13900000003' }));
      const b = await enroll(ctx.r, member({ name: 'B', phone: '13900000004' }));
      const c = coupon(a.id);
      await ctx.r.writer.commitSale({ sale: sale(a.id, 100), ledger: [], couponsIssued: [c] });
      await expect(ctx.r.writer.commitSale({ sale: sale(b.id, 100, 1, { couponIds: [c.id] }), ledger: [], couponsIssued: [] }))
        .rejects.toMatchObject({ code: 'coupon-used' });
    });

    it('[D7] redeeming more points than the member has is refused and writes nothing', async () => {
      const m = await enroll(ctx.r, member({ name: 'Short', phone: '13900000005' }), 100);
      const before = await snapshot(ctx.r, m.id);
      const s = sale(m.id, 1000);
      await expect(ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, -150)], couponsIssued: [] })).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await snapshot(ctx.r, m.id)).toEqual(before);
    });

    it('[D9] a sale for an unknown member, a repeated sale id or a negative total is refused', async () => {
      await expect(ctx.r.writer.commitSale({ sale: sale('ghost', 100), ledger: [], couponsIssued: [] })).rejects.toMatchObject({ code: 'not-found' });
      const s = sale(null, 100);
      await ctx.r.writer.commitSale({ sale: s, ledger: [], couponsIssued: [] });
      await expect(ctx.r.writer.commitSale({ sale: s, ledger: [], couponsIssued: [] })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.commitSale({ sale: sale(null, -5), ledger: [], couponsIssued: [] })).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.outbox.count()).toBe(1); // the one anonymous sale
    });

    it('[D7] a referral reward in a sale goes to the referrer’s balance', async () => {
      const referrer = await enroll(ctx.r, member({ name: 'Referrer', phone: '13900000006' }));
      const friend = await enroll(ctx.r, member({ name: 'Friend', phone: '13900000007', referredBy: referrer.id }));
      const s = sale(friend.id, 10000);
      await ctx.r.writer.commitSale({ sale: s, ledger: [entry(friend.id, 100), entry(referrer.id, 100, { kind: 'referral' })], couponsIssued: [] });
      expect((await ctx.r.members.get(referrer.id))?.stats).toMatchObject({ points: 100, visits: 0 });
      expect((await ctx.r.members.get(friend.id))?.stats).toMatchObject({ points: 100, visits: 1, lifetimeSpend: 10000 });
    });

    it('[D12] a return reverses points and spend, shows in the history, and cannot return more than was sold', async () => {
      const m = await enroll(ctx.r, member({ name: 'Returner', phone: '13900000008' }));
      const s = sale(m.id, 2000, 3);
      await ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, 60)], couponsIssued: [] });
      const r1 = saleReturn(s, 2, 4000);
      await ctx.r.writer.commitReturn({ ret: r1, ledger: [entry(m.id, -40, { kind: 'reversal', at: r1.at })] });
      expect((await ctx.r.members.get(m.id))?.stats).toMatchObject({ points: 20, lifetimeSpend: 2000, visits: 1 });
      expect((await ctx.r.members.history(m.id)).map((x) => x.kind)).toEqual(['return', 'sale']);
      expect((await ctx.r.members.returnsOf(s.id)).map((x) => x.id)).toEqual([r1.id]);
      const before = await snapshot(ctx.r, m.id);
      await expect(ctx.r.writer.commitReturn({ ret: saleReturn(s, 2, 4000), ledger: [] })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.commitReturn({ ret: saleReturn(sale(m.id, 1), 1, 1), ledger: [] })).rejects.toMatchObject({ code: 'not-found' });
      expect(await snapshot(ctx.r, m.id)).toEqual(before);
      await ctx.r.writer.commitReturn({ ret: saleReturn(s, 1, 2000), ledger: [entry(m.id, -20, { kind: 'reversal' })] });
      expect((await ctx.r.members.get(m.id))?.stats).toMatchObject({ points: 0, lifetimeSpend: 0 });
    });

    it('[X6] a return may take back points already spent (balance below zero); earning still works, spending does not', async () => {
      const m = await enroll(ctx.r, member({ name: 'Spent', phone: '13900000020' }));
      const s = sale(m.id, 10000);
      await ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, 100)], couponsIssued: [] });
      await ctx.r.writer.commitSale({ sale: sale(m.id, 5000), ledger: [entry(m.id, -100)], couponsIssued: [] });
      const r = saleReturn(s, 1, 10000);
      await ctx.r.writer.commitReturn({ ret: r, ledger: [entry(m.id, -100, { kind: 'reversal' })], spendReversed: cents(9000) });
      expect((await ctx.r.members.get(m.id))?.stats).toMatchObject({ points: -100, lifetimeSpend: 6000 });
      await ctx.r.writer.commitSale({ sale: sale(m.id, 3000), ledger: [entry(m.id, 30)], couponsIssued: [] });
      await expect(ctx.r.writer.commitSale({ sale: sale(m.id, 3000), ledger: [entry(m.id, -10)], couponsIssued: [] }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      expect((await ctx.r.members.get(m.id))?.stats.points).toBe(-70);
      expect((await ctx.r.members.verifyStats(m.id)).ok).toBe(true);
    });

    it('[D12] a refund above what the sale took, or not the sum of its lines, is refused', async () => {
      const m = await enroll(ctx.r, member({ name: 'Refund', phone: '13900000021' }));
      const s = sale(m.id, 1000, 2);
      await ctx.r.writer.commitSale({ sale: s, ledger: [], couponsIssued: [] });
      await ctx.r.writer.commitReturn({ ret: saleReturn(s, 1, 1500), ledger: [] });
      await expect(ctx.r.writer.commitReturn({ ret: saleReturn(s, 1, 600), ledger: [] })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.commitReturn({ ret: { ...saleReturn(s, 1, 500), refund: cents(400) }, ledger: [] }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      await ctx.r.writer.commitReturn({ ret: saleReturn(s, 1, 500), ledger: [] });
      expect((await ctx.r.members.get(m.id))?.stats.lifetimeSpend).toBe(0);
    });

    it('[D6] coupons passed as used must be the coupons on the sale', async () => {
      const m = await enroll(ctx.r, member({ name: 'Cp', phone: '13900000022' }));
      const c = coupon(m.id);
      await ctx.r.writer.commitSale({ sale: sale(m.id, 100), ledger: [], couponsIssued: [c] });
      await expect(ctx.r.writer.commitSale({ sale: sale(m.id, 100), ledger: [], couponsIssued: [], couponsUsed: [c] }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      const s = sale(m.id, 100, 1, { couponIds: [c.id] });
      await ctx.r.writer.commitSale({ sale: s, ledger: [], couponsIssued: [], couponsUsed: [{ ...c, usedSaleId: s.id, usedAt: s.at }] });
      expect((await ctx.r.members.coupons(m.id))[0]?.usedSaleId).toBe(s.id);
    });

    it('[D1] a write failing inside the checkout transaction leaves nothing half-written', async () => {
      const m = await enroll(ctx.r, member({ name: 'Crash', phone: '13900000010' }), 100);
      const c = coupon(m.id);
      await ctx.r.writer.commitSale({ sale: sale(m.id, 100), ledger: [], couponsIssued: [c] });
      const before = await snapshot(ctx.r, m.id);
      const s = sale(m.id, 5000, 1, { couponIds: [c.id] });
      ctx.h.failNextWrite('outbox', new Error('disk went away'));
      await expect(ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, -50), entry(m.id, 45)], couponsIssued: [] }))
        .rejects.toMatchObject({ code: 'write-aborted' });
      expect(await snapshot(ctx.r, m.id)).toEqual(before);
      expect(await ctx.r.members.sale(s.id)).toBeNull();
      // the same checkout, tried again, goes through with the seq the failed one would have had
      await ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, -50), entry(m.id, 45)], couponsIssued: [] });
      expect((await ctx.r.outbox.peek(100)).at(-1)?.seq).toBe(before.nextSeq);
      expect((await ctx.r.members.get(m.id))?.stats.points).toBe(95);
    });

    it('[D1] a sale, a return and an adjustment write their audit entries in their own transaction, or none at all', async () => {
      const m = await enroll(ctx.r, member({ name: 'Audited', phone: '13900000030' }), 100);
      const audit = (id: string, action: string) => ({ id, at: T0, staffId: 'st-1', deviceId: 'dev-1', action, subjectId: m.id, detail: '' });
      const seqBefore = await ctx.r.outbox.nextSeq();
      // refused (redeeming more than the balance): neither the sale nor its audit
      await expect(ctx.r.writer.commitSale({ sale: sale(m.id, 1000), ledger: [entry(m.id, -500)], couponsIssued: [], audit: [audit('a-0', 'sale')] }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      // a write failing inside the transaction: neither either
      ctx.h.failNextWrite('outbox', new Error('disk went away'));
      await expect(ctx.r.writer.commitSale({ sale: sale(m.id, 1000), ledger: [], couponsIssued: [], audit: [audit('a-0', 'sale')] }))
        .rejects.toMatchObject({ code: 'write-aborted' });
      expect(await ctx.r.audit.recent(10)).toEqual([]);
      const s = sale(m.id, 1000);
      await ctx.r.writer.commitSale({ sale: s, ledger: [], couponsIssued: [], audit: [audit('a-1', 'sale'), audit('a-2', 'override')] });
      await ctx.r.writer.commitReturn({ ret: saleReturn(s, 1, 1000), ledger: [], audit: [audit('a-3', 'return')] });
      await ctx.r.writer.appendLedger({ entries: [entry(m.id, 10, { kind: 'adjustment', reason: 'manual' })], opId: 'op-adj', audit: [audit('a-4', 'adjustment')] });
      expect((await ctx.r.audit.recent(10)).map((e) => e.id).sort()).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
      // each fact, then its audit entries, queued in order with no gap
      const rows = (await ctx.r.outbox.peek(100)).filter((r) => r.seq >= seqBefore);
      expect(rows.map((r) => [r.seq - seqBefore, r.mutation.kind, r.mutation.id])).toEqual([
        [0, 'sale.record', s.id], [1, 'audit.append', 'a-1'], [2, 'audit.append', 'a-2'],
        [3, 'return.record', expect.any(String)], [4, 'audit.append', 'a-3'], [5, 'ledger.append', 'op-adj'], [6, 'audit.append', 'a-4'],
      ]);
      // an audit entry without an action is refused before anything is written
      await expect(ctx.r.writer.commitSale({ sale: sale(m.id, 100), ledger: [], couponsIssued: [], audit: [audit('a-5', '')] }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.outbox.nextSeq()).toBe(seqBefore + 7);
    });

    it('[D1] the receipt counter moves with the sale in its transaction: a failed checkout leaves no gap, a taken number is refused', async () => {
      await ctx.r.writer.commitSale({ sale: sale(null, 100), ledger: [], couponsIssued: [], receiptCounter: 1 });
      expect(await ctx.r.settings.get('receiptCounter')).toBe(1);
      ctx.h.failNextWrite('outbox', new Error('disk went away'));
      await expect(ctx.r.writer.commitSale({ sale: sale(null, 200), ledger: [], couponsIssued: [], receiptCounter: 2 }))
        .rejects.toMatchObject({ code: 'write-aborted' });
      expect(await ctx.r.settings.get('receiptCounter')).toBe(1);
      // Number 2 is still free for the next sale; number 2 again (another tab) or 4 (a gap) is refused with nothing written.
      await ctx.r.writer.commitSale({ sale: sale(null, 300), ledger: [], couponsIssued: [], receiptCounter: 2 });
      const again = sale(null, 400);
      await expect(ctx.r.writer.commitSale({ sale: again, ledger: [], couponsIssued: [], receiptCounter: 2 })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.commitSale({ sale: again, ledger: [], couponsIssued: [], receiptCounter: 4 })).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.members.sale(again.id)).toBeNull();
      expect(await ctx.r.settings.get('receiptCounter')).toBe(2);
      expect(await ctx.r.outbox.count()).toBe(2);
    });

    it('[D8] storage full during enrolment reaches the cashier as "storage full" with nothing saved', async () => {
      ctx.h.failNextWrite('ledger', quota());
      const m = member({ name: 'Full', phone: '13900000011' });
      const err = await enroll(ctx.r, m, 10).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'storage-full', name: 'StorageFullError' });
      expect(await ctx.r.members.byPhone(m.phone)).toBeNull();
      expect(await ctx.r.outbox.count()).toBe(0);
      expect(await ctx.r.outbox.nextSeq()).toBe(1);
    });

    it('[D7] a manual adjustment adds or takes points but never below zero', async () => {
      const m = await enroll(ctx.r, member({ name: 'Adj', phone: '13900000012' }), 30);
      await ctx.r.writer.appendLedger({ entries: [entry(m.id, 20, { kind: 'adjustment', reason: 'manual' })], opId: 'adj-1' });
      await expect(ctx.r.writer.appendLedger({ entries: [entry(m.id, -51, { kind: 'adjustment' })], opId: 'adj-2' }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.appendLedger({ entries: [], opId: 'adj-3' })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.appendLedger({ entries: [entry('ghost', 5)], opId: 'adj-4' })).rejects.toMatchObject({ code: 'not-found' });
      expect((await ctx.r.members.get(m.id))?.stats.points).toBe(50);
      expect((await ctx.r.outbox.peek(10)).at(-1)?.mutation).toMatchObject({ kind: 'ledger.append', id: 'adj-1' });
      await expect(ctx.r.writer.appendLedger({ entries: [{ ...entry(m.id, 1), points: 1.5 as Points }], opId: 'adj-5' })).rejects.toMatchObject({ code: 'invalid-input' });
    });

    it('[D5] a profile edit is saved and queued; moving to a phone another member has is refused', async () => {
      const a = await enroll(ctx.r, member({ name: 'Anna', phone: '13900000013' }));
      const b = await enroll(ctx.r, member({ name: 'Bella', phone: '13900000014' }));
      await ctx.r.writer.upsertMember({ member: { ...a, name: 'Anna Li', nameKey: 'anna li', notes: 'size M' }, fields: ['name', 'nameKey', 'notes'], opId: 'e1', at: T0, deviceId: 'till-a' });
      expect((await ctx.r.members.search({ kind: 'name', value: 'anna l' })).map((x) => x.member.notes)).toEqual(['size M']);
      expect((await ctx.r.outbox.peek(10)).at(-1)?.mutation).toMatchObject({ kind: 'member.upsert', fields: ['name', 'nameKey', 'notes'] });
      await expect(ctx.r.writer.upsertMember({ member: { ...b, phone: a.phone }, fields: ['phone'], opId: 'e2', at: T0, deviceId: 'till-a' }))
        .rejects.toMatchObject({ code: 'duplicate-phone', existingMemberId: a.id });
      expect((await ctx.r.members.get(b.id))?.member.phone).toBe('13900000014');
    });

    it('[D14][S9] a profile edit stamps each edited field on the device\'s clock, later than any stamp it had; stored and queued alike', async () => {
      const m = await enroll(ctx.r, member({ name: 'Cleo', phone: '13900000015' }));
      await ctx.r.writer.upsertMember({ member: { ...m, doNotDisturb: true }, fields: ['doNotDisturb'], opId: 'd1', at: T0 + 1000, deviceId: 'till-a' });
      const first = (await ctx.r.members.get(m.id))?.member;
      expect(first?.doNotDisturb).toBe(true);
      expect(first?.clock.doNotDisturb).toBe(encodeHlc({ wallMs: T0 + 1000, counter: 0, nodeId: 'till-a' }));
      expect(first?.clock.notes).toBeUndefined();
      expect((await ctx.r.outbox.peek(10)).at(-1)?.mutation).toMatchObject({ kind: 'member.upsert', fields: ['doNotDisturb'], member: { doNotDisturb: true, clock: first?.clock } });
      // A tablet whose clock is behind still stamps its edit later than the one it has seen; a screen showing
      // an older copy of the member changes only the field it edits.
      if (!first) throw new Error('no member');
      await ctx.r.writer.upsertMember({ member: { ...m, notes: 'call after 6 pm' }, fields: ['notes'], opId: 'd2', at: T0, deviceId: 'till-b' });
      await ctx.r.writer.upsertMember({ member: { ...m, doNotDisturb: false }, fields: ['doNotDisturb'], opId: 'd3', at: T0, deviceId: 'till-b' });
      const after = (await ctx.r.members.get(m.id))?.member;
      expect(after).toMatchObject({ notes: 'call after 6 pm', doNotDisturb: false });
      expect(after?.clock.doNotDisturb).toBe(encodeHlc({ wallMs: T0 + 1000, counter: 1, nodeId: 'till-b' }));
      expect(after?.clock.notes).toBe(encodeHlc({ wallMs: T0, counter: 0, nodeId: 'till-b' }));
      // An edit without its device, or of an enrolment field, is refused and writes nothing.
      const queued = await ctx.r.outbox.count();
      await expect(ctx.r.writer.upsertMember({ member: { ...m, notes: 'x' }, fields: ['notes'], opId: 'd4', at: T0, deviceId: '' })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.writer.upsertMember({ member: { ...m, enrolledAt: 1 }, fields: ['enrolledAt'], opId: 'd5', at: T0, deviceId: 'till-a' })).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.outbox.count()).toBe(queued);
      expect((await ctx.r.members.get(m.id))?.member.notes).toBe('call after 6 pm');
    });

    it('[D2] outbox seqs are gapless, survive acknowledgement and reopening, and are never reused', async () => {
      for (let i = 0; i < 3; i++) await enroll(ctx.r, member({ name: `O${i}`, phone: `1380000000${i}` }));
      expect((await ctx.r.outbox.peek(2)).map((x) => x.seq)).toEqual([1, 2]);
      await ctx.r.outbox.ack(2);
      expect((await ctx.r.outbox.peek(10)).map((x) => x.seq)).toEqual([3]);
      await ctx.r.outbox.ack(3);
      await ctx.r.outbox.ack(2); // a late, repeated acknowledgement changes nothing
      expect(await ctx.r.outbox.count()).toBe(0);
      await expect(ctx.r.outbox.ack(4)).rejects.toMatchObject({ code: 'invalid-input' });
      const again = await ctx.h.reopen();
      expect(await again.outbox.nextSeq()).toBe(4);
      await again.writer.appendLedger({ entries: [entry((await again.members.byPhone('13800000000'))?.member.id ?? '', 5)], opId: 'x' });
      expect((await again.outbox.peek(10)).map((x) => x.seq)).toEqual([4]);
      await expect(again.outbox.peek(0)).rejects.toMatchObject({ code: 'invalid-input' });
    });

    it('[D2] writes made at the same moment still get consecutive seqs, and no points are lost', async () => {
      const m = await enroll(ctx.r, member({ name: 'Busy', phone: '13900000016' }));
      const first = await ctx.r.outbox.nextSeq();
      await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.r.writer.appendLedger({ entries: [entry(m.id, 10)], opId: `c${i}` })));
      expect((await ctx.r.outbox.peek(100)).map((x) => x.seq)).toEqual(Array.from({ length: first + 7 }, (_, i) => i + 1));
      expect((await ctx.r.members.get(m.id))?.stats).toMatchObject({ points: 80, pendingPoints: 80 });
    });

    it('[D1] history is newest first and limited; the ledger is oldest first', async () => {
      const m = await enroll(ctx.r, member({ name: 'Regular', phone: '13900000015' }));
      for (let i = 0; i < 5; i++) {
        const s = sale(m.id, 100, 1, { at: T0 + i * DAY });
        await ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, i + 1, { at: s.at })], couponsIssued: [] });
      }
      expect((await ctx.r.members.history(m.id, 3)).map((x) => x.at)).toEqual([T0 + 4 * DAY, T0 + 3 * DAY, T0 + 2 * DAY]);
      expect((await ctx.r.members.ledger(m.id)).map((e) => e.points)).toEqual([1, 2, 3, 4, 5].map((x) => points(x)));
    });
  });
}
