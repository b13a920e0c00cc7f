// Contract: benefit coupons put if absent (D15, loyalty-spec B9), at the counter and inside a checkout.
import { describe, expect, it } from 'vitest';
import type { Member } from '../../src/domain/records';
import type { Repositories } from '../../src/db/repositories';
import { coupon, entry, member, sale, stats, T0 } from './fixtures';
import { useHarness, type HarnessFactory } from './contract';

async function enroll(r: Repositories, m: Member): Promise<Member> {
  await r.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: `op-${m.id}` });
  return m;
}

export function couponContract(make: HarnessFactory): void {
  describe('benefit coupons', () => {
    const ctx = useHarness(make);

    it('[D15][B9] issuing a due coupon writes it with one outbox row; issuing it again writes nothing and sends nothing', async () => {
      const m = await enroll(ctx.r, member({ name: 'Jan Birthday', phone: '13900000101' }));
      const bday = coupon(m.id, { id: `birthday:${m.id}:2027`, validFrom: '2027-01-01', validTo: '2027-01-31' });
      const before = await ctx.r.outbox.count();
      expect((await ctx.r.writer.issueCoupons({ coupons: [bday], opId: 'op-a', at: T0 })).map((c) => c.id)).toEqual([bday.id]);
      expect(await ctx.r.outbox.count()).toBe(before + 1);
      const rows = await ctx.r.outbox.peek(10);
      expect(rows.at(-1)?.mutation).toMatchObject({ kind: 'coupon.issue', id: 'op-a', coupons: [{ id: bday.id }] });
      expect(await ctx.r.writer.issueCoupons({ coupons: [{ ...bday, issuedAt: T0 + 1 }], opId: 'op-b', at: T0 + 1 })).toEqual([]);
      expect(await ctx.r.outbox.count()).toBe(before + 1);
      const held = await ctx.r.members.coupons(m.id);
      expect(held.map((c) => [c.id, c.issuedAt])).toEqual([[bday.id, T0]]);
    });

    it('[D15][B9] a used coupon is never issued afresh; a coupon for an unknown member is refused and nothing is written', async () => {
      const m = await enroll(ctx.r, member({ name: 'Used It', phone: '13900000102' }));
      const bday = coupon(m.id, { id: `birthday:${m.id}:2026` });
      await ctx.r.writer.issueCoupons({ coupons: [bday], opId: 'op-1', at: T0 });
      const s = sale(m.id, 1000, 1, { couponIds: [bday.id] });
      await ctx.r.writer.commitSale({ sale: s, ledger: [], couponsIssued: [] });
      expect(await ctx.r.writer.issueCoupons({ coupons: [bday], opId: 'op-2', at: T0 })).toEqual([]);
      expect((await ctx.r.members.coupons(m.id))[0]?.usedSaleId).toBe(s.id);
      const before = await ctx.r.outbox.count();
      const stray = coupon('nobody', { id: 'birthday:nobody:2026' });
      await expect(ctx.r.writer.issueCoupons({ coupons: [stray], opId: 'op-3', at: T0 })).rejects.toMatchObject({ code: 'not-found' });
      await expect(ctx.r.writer.issueCoupons({ coupons: [{ ...bday, id: 'x', amountOff: 100 as never }], opId: 'op-4', at: T0 }))
        .rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.outbox.count()).toBe(before);
    });

    it('[D15][B9] a checkout issues the due coupons it carries, except one already held, and its mutation names only the new ones', async () => {
      const m = await enroll(ctx.r, member({ name: 'Buyer', phone: '13900000103' }));
      const bday = coupon(m.id, { id: `birthday:${m.id}:2026` });
      const cash = coupon(m.id, { id: `cashback:${m.id}:2026-10`, kind: 'cashback', percentOff: null, amountOff: 1500 as never });
      await ctx.r.writer.issueCoupons({ coupons: [bday], opId: 'op-1', at: T0 });
      const s = sale(m.id, 2000, 1, { at: T0 + 5 });
      await ctx.r.writer.commitSale({ sale: s, ledger: [entry(m.id, 20, { sourceId: s.id })], couponsIssued: [{ ...bday, issuedAt: T0 + 5 }, cash] });
      const held = await ctx.r.members.coupons(m.id);
      expect(held.map((c) => [c.id, c.issuedAt]).sort()).toEqual([[bday.id, T0], [cash.id, T0]].sort());
      const rows = await ctx.r.outbox.peek(10);
      const saleRow = rows.find((x) => x.mutation.kind === 'sale.record')?.mutation;
      expect(saleRow?.kind === 'sale.record' ? saleRow.coupons.map((c) => c.id) : null).toEqual([cash.id]);
      const other = await enroll(ctx.r, member({ name: 'Other', phone: '13900000104' }));
      await expect(ctx.r.writer.commitSale({ sale: sale(m.id, 100), ledger: [], couponsIssued: [coupon(other.id)] }))
        .rejects.toMatchObject({ code: 'invalid-input' });
    });
  });
}
