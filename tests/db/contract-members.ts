// Contract: member lookups (D3, D4, D10, D13) and bootstrap loading.
import { describe, expect, it } from 'vitest';
import type { Member } from '../../src/domain/records';
import type { Repositories } from '../../src/db/repositories';
import { entry, member, stats, T0 } from './fixtures';
import { useHarness, type HarnessFactory } from './contract';
import { points } from '../../src/domain/money';

async function enroll(r: Repositories, m: Member, bonus = 0): Promise<Member> {
  const ledger = bonus ? [entry(m.id, bonus, { kind: 'bonus', reason: 'enroll' })] : [];
  await r.writer.enroll({ member: m, stats: stats(m.id), ledger, coupons: [], opId: `op-${m.id}` });
  return m;
}

export function memberContract(make: HarnessFactory): void {
  describe('member lookups', () => {
    const ctx = useHarness(make);

    it('[D3] finds a member by full phone, with name, tier and points for the result row', async () => {
      const m = await enroll(ctx.r, member({ name: 'Zoe Smith', phone: '13812345678' }), 50);
      await enroll(ctx.r, member({ name: 'Other', phone: '13812345679' }));
      const hits = await ctx.r.members.search({ kind: 'phone', value: '13812345678' });
      expect(hits.map((x) => x.member.id)).toEqual([m.id]);
      expect(hits[0]?.member.name).toBe('Zoe Smith');
      expect(hits[0]?.stats.points).toBe(50);
      expect(hits[0]?.stats.tierId).toBeNull();
      expect(hits[0]?.member).not.toHaveProperty('phoneLast4');
    });

    it('[D3] a phone prefix lists at most 20 members, in phone order', async () => {
      const phones = Array.from({ length: 25 }, (_, i) => `139${String(99999999 - i * 7).padStart(8, '0')}`);
      for (const [i, phone] of phones.entries()) await enroll(ctx.r, member({ name: `M${i}`, phone }));
      await enroll(ctx.r, member({ name: 'Elsewhere', phone: '13800000000' }));
      const hits = await ctx.r.members.search({ kind: 'phonePrefix', value: '1399' });
      expect(hits).toHaveLength(20);
      expect(hits.map((x) => x.member.phone)).toEqual([...phones].sort().slice(0, 20));
      expect(await ctx.r.members.search({ kind: 'phonePrefix', value: '1399' }, 3)).toHaveLength(3);
    });

    it('[D3] the last four digits find every member whose phone ends with them', async () => {
      const a = await enroll(ctx.r, member({ id: 'm-b', name: 'B', phone: '13911112222' }));
      const b = await enroll(ctx.r, member({ id: 'm-a', name: 'A', phone: '13822222222' }));
      await enroll(ctx.r, member({ name: 'C', phone: '13822223333' }));
      const hits = await ctx.r.members.search({ kind: 'last4', value: '2222' });
      expect(hits.map((x) => x.member.id)).toEqual([b.id, a.id]); // same key: by id
    });

    it('[D3] a card number finds its member', async () => {
      const m = await enroll(ctx.r, member({ name: 'Card', phone: '13700000001', cardNo: 'VIP-000123' }));
      expect((await ctx.r.members.search({ kind: 'card', value: 'VIP-000123' })).map((x) => x.member.id)).toEqual([m.id]);
      expect((await ctx.r.members.byCard('VIP-000123'))?.member.id).toBe(m.id);
      expect(await ctx.r.members.search({ kind: 'card', value: 'VIP-000124' })).toEqual([]);
    });

    it('[D4] Chinese names by prefix, and pinyin initials: "zs" finds 张三 and Zsofia, name matches first', async () => {
      const zhang = await enroll(ctx.r, member({ name: '张三', phone: '13600000001', initials: 'zs' }));
      const zsf = await enroll(ctx.r, member({ name: '张三丰', phone: '13600000002', initials: 'zsf' }));
      const li = await enroll(ctx.r, member({ name: '李四', phone: '13600000003', initials: 'ls' }));
      const zsofia = await enroll(ctx.r, member({ name: 'Zsofia', phone: '13600000004' }));
      expect((await ctx.r.members.search({ kind: 'name', value: '张三' })).map((x) => x.member.id)).toEqual([zhang.id, zsf.id]);
      expect((await ctx.r.members.search({ kind: 'name', value: 'zs' })).map((x) => x.member.id)).toEqual([zsofia.id, zhang.id, zsf.id]);
      expect((await ctx.r.members.search({ kind: 'initials', value: 'ls' })).map((x) => x.member.id)).toEqual([li.id]);
      expect((await ctx.r.members.search({ kind: 'name', value: 'zs' }, 2)).map((x) => x.member.id)).toEqual([zsofia.id, zhang.id]);
    });

    it('[D4] a Latin name by its normalised prefix, without duplicates when initials match too', async () => {
      const zoe = await enroll(ctx.r, member({ name: 'Zoe Smith', phone: '13500000001', initials: 'zoe' }));
      await enroll(ctx.r, member({ name: 'Adam', phone: '13500000002' }));
      const hits = await ctx.r.members.search({ kind: 'name', value: 'zoe' });
      expect(hits.map((x) => x.member.id)).toEqual([zoe.id]);
      expect(await ctx.r.members.search({ kind: 'name', value: '' })).toEqual([]);
    });

    it('[D10] a merged member is not listed, and every way of finding it leads to the survivor', async () => {
      const keep = await enroll(ctx.r, member({ name: '王芳', phone: '13400000001', initials: 'wf' }), 30);
      const gone = member({ name: '王芳', phone: '13400000001', initials: 'wf', cardNo: 'OLD-1', mergedInto: keep.id });
      await ctx.r.members.bulkLoadMembers([gone], [stats(gone.id)]);
      expect((await ctx.r.members.search({ kind: 'phone', value: '13400000001' })).map((x) => x.member.id)).toEqual([keep.id]);
      expect((await ctx.r.members.search({ kind: 'name', value: '王' })).map((x) => x.member.id)).toEqual([keep.id]);
      // [C-S5a] the card printed on the loser's receipts, typed at the counter, lists the survivor.
      expect((await ctx.r.members.search({ kind: 'card', value: 'OLD-1' })).map((x) => x.member.id)).toEqual([keep.id]);
      expect((await ctx.r.members.get(gone.id))?.member.id).toBe(keep.id);
      expect((await ctx.r.members.byCard('OLD-1'))?.member.id).toBe(keep.id);
      expect((await ctx.r.members.byPhone('13400000001'))?.stats.points).toBe(30);
      expect(await ctx.r.members.get('nobody')).toBeNull();
    });

    it('[D3] merged members do not use up the page: the limit is still filled with live members', async () => {
      const live = await enroll(ctx.r, member({ id: 'm-zz', name: 'Live', phone: '13300000099' }));
      const merged = Array.from({ length: 6 }, (_, i) => member({ id: `m-a${i}`, name: `Old${i}`, phone: `1330000000${i}`, mergedInto: live.id }));
      await ctx.r.members.bulkLoadMembers(merged, []);
      for (let i = 0; i < 3; i++) await enroll(ctx.r, member({ id: `m-b${i}`, name: `New${i}`, phone: `1330000010${i}` }));
      const hits = await ctx.r.members.search({ kind: 'phonePrefix', value: '13300' }, 3);
      expect(hits.map((x) => x.member.phone)).toEqual(['13300000099', '13300000100', '13300000101']);
    });

    it('[D9] refuses a limit that is not a positive whole number', async () => {
      await expect(ctx.r.members.search({ kind: 'phone', value: '1' }, 0)).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.members.search({ kind: 'phone', value: '1' }, 2.5)).rejects.toMatchObject({ code: 'invalid-input' });
    });

    it('[D13] changing a result does not change the store', async () => {
      const m = await enroll(ctx.r, member({ name: 'Copy', phone: '13200000001' }), 10);
      const hit = await ctx.r.members.get(m.id);
      if (!hit) throw new Error('missing');
      hit.member.name = 'Changed';
      hit.stats.points = points(999);
      const again = await ctx.r.members.get(m.id);
      expect(again?.member.name).toBe('Copy');
      expect(again?.stats.points).toBe(10);
    });

    it('[D3] bootstrap loads a page of members with their totals, searchable at once, with no outbox rows', async () => {
      const page = Array.from({ length: 60 }, (_, i) => member({ name: `Boot ${i}`, phone: `1310000${String(i).padStart(4, '0')}` }));
      await ctx.r.members.bulkLoadMembers(page, page.map((m, i) => stats(m.id, { points: points(i), visits: 1, lastPurchaseAt: T0 })));
      expect((await ctx.r.members.search({ kind: 'last4', value: '0042' }))[0]?.stats.points).toBe(42);
      expect(await ctx.r.outbox.count()).toBe(0);
      const orphan = stats('not-in-page');
      await expect(ctx.r.members.bulkLoadMembers([member({ name: 'X', phone: '13100009999' })], [orphan])).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.members.byPhone('13100009999')).toBeNull();
    });

    it('[D1] a bootstrap page and its cursor are stored together, so an interrupted bootstrap resumes at the right page', async () => {
      expect(await ctx.r.members.bootstrapProgress()).toBeNull();
      const page1 = [member({ name: 'P1', phone: '13100000001' })];
      await ctx.r.members.bulkLoadMembers(page1, [stats(page1[0]?.id ?? '')], { membersLoaded: 1, complete: false, cursor: 'c1' });
      const page2 = [member({ name: 'P2', phone: '13100000002' })];
      ctx.h.failNextWrite('memberStats', new Error('tab closed'));
      await expect(ctx.r.members.bulkLoadMembers(page2, [stats(page2[0]?.id ?? '')], { membersLoaded: 2, complete: true, cursor: 'c2' }))
        .rejects.toMatchObject({ code: 'write-aborted' });
      expect(await ctx.r.members.bootstrapProgress()).toEqual({ membersLoaded: 1, complete: false, cursor: 'c1' });
      expect(await ctx.r.members.byPhone('13100000002')).toBeNull();
    });

    it('[D7] verifyStats tells a cached balance that the ledger does not support', async () => {
      const m = await enroll(ctx.r, member({ name: 'Ok', phone: '13000000001' }), 25);
      expect(await ctx.r.members.verifyStats(m.id)).toEqual({ memberId: m.id, ledgerPoints: 25, cachedPoints: 25, ok: true });
      const loaded = member({ name: 'Cache only', phone: '13000000002' });
      await ctx.r.members.bulkLoadMembers([loaded], [stats(loaded.id, { points: points(100) })]);
      expect(await ctx.r.members.verifyStats(loaded.id)).toMatchObject({ ledgerPoints: 0, cachedPoints: 100, ok: false });
    });
  });
}
