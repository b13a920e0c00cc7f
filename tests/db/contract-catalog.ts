// Contract: products, staff, settings, programme versions, audit and care tasks.
import { describe, expect, it } from 'vitest';
import { cents } from '../../src/domain/money';
import type { Staff } from '../../src/domain/records';
import { audit, member, product, stats, T0, task } from './fixtures';
import { useHarness, type HarnessFactory } from './contract';

const staffer = (id: string, name: string): Staff => ({
  id, name, role: 'cashier', pinHash: 'h', pinSalt: 's', pinIterations: 100_000, failedAttempts: 0, lockedUntil: null, active: true,
});

export function catalogContract(make: HarnessFactory): void {
  describe('catalogue, settings and care', () => {
    const ctx = useHarness(make);

    it('finds products by SKU, barcode, category and name prefix; inactive ones only by id', async () => {
      const milk = product({ name: 'Milk powder', sku: 'MP-1', barcode: '6901234567890', quickKey: true });
      const mitt = product({ name: 'Mittens', sku: 'MT-1', category: 'clothes' });
      const old = product({ name: 'Milk bottle', sku: 'MB-1', active: false });
      const bib = product({ name: 'Bib', sku: 'BB-1', quickKey: true });
      await ctx.r.products.put([milk, mitt, old, bib]);
      expect((await ctx.r.products.bySku('MT-1'))?.id).toBe(mitt.id);
      expect((await ctx.r.products.byBarcode('6901234567890'))?.id).toBe(milk.id);
      expect(await ctx.r.products.byBarcode('0000')).toBeNull();
      expect((await ctx.r.products.byCategory('baby')).map((p) => p.name)).toEqual(['Bib', 'Milk powder']);
      expect((await ctx.r.products.searchName('Mi')).map((p) => p.name)).toEqual(['Milk powder', 'Mittens']);
      expect((await ctx.r.products.searchName('Mi', 1)).map((p) => p.name)).toEqual(['Milk powder']);
      expect((await ctx.r.products.quickKeys()).map((p) => p.name)).toEqual(['Bib', 'Milk powder']);
      expect((await ctx.r.products.get(old.id))?.active).toBe(false);
      // The owner's list shows every product, the inactive one too, so it can be taken back.
      expect((await ctx.r.products.list()).map((p) => p.name)).toEqual(['Bib', 'Milk bottle', 'Milk powder', 'Mittens']);
    });

    it('[D9] refuses a product with a negative or fractional price, saving none of the batch', async () => {
      const good = product({ name: 'Good' });
      await expect(ctx.r.products.put([good, product({ name: 'Bad', price: cents(-1) })])).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.products.put([{ ...good, price: 1.5 as typeof good.price }])).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.products.get(good.id)).toBeNull();
    });

    it('keeps staff and lists them by name', async () => {
      await ctx.r.staff.put(staffer('s2', 'Wang'));
      await ctx.r.staff.put(staffer('s1', 'Li'));
      await ctx.r.staff.put({ ...staffer('s2', 'Wang'), failedAttempts: 2 });
      expect((await ctx.r.staff.list()).map((s) => s.name)).toEqual(['Li', 'Wang']);
      expect((await ctx.r.staff.get('s2'))?.failedAttempts).toBe(2);
      await expect(ctx.r.staff.put(staffer('s3', ' '))).rejects.toMatchObject({ code: 'invalid-input' });
    });

    it('keeps typed settings', async () => {
      expect(await ctx.r.settings.get('store')).toBeNull();
      const store = { id: 'store-1', name: '小羊母婴', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'zh-CN', country: 'CN' };
      await ctx.r.settings.set('store', store);
      await ctx.r.settings.set('activeProgrammeVersion', 3);
      expect(await ctx.r.settings.get('store')).toEqual(store);
      expect(await ctx.r.settings.get('activeProgrammeVersion')).toBe(3);
    });

    it('keeps every programme version and never overwrites one a sale may have used', async () => {
      await ctx.r.programmes.save({ version: 2, savedAt: T0, savedBy: 'owner', config: { earn: 2 } });
      await ctx.r.programmes.save({ version: 1, savedAt: T0, savedBy: 'owner', config: { earn: 1 } });
      await expect(ctx.r.programmes.save({ version: 2, savedAt: T0, savedBy: 'owner', config: { earn: 9 } })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(ctx.r.programmes.save({ version: 0, savedAt: T0, savedBy: null, config: {} })).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.programmes.versions()).toEqual([1, 2]);
      expect((await ctx.r.programmes.latest())?.config).toEqual({ earn: 2 });
      expect((await ctx.r.programmes.get(1))?.config).toEqual({ earn: 1 });
      expect(await ctx.r.programmes.get(7)).toBeNull();
    });

    it('[D1] an audit entry is kept and queued for the server in one write; recent entries newest first', async () => {
      const a1 = audit({ at: T0, action: 'export' });
      const a2 = audit({ at: T0 + 1000, action: 'backup' });
      await ctx.r.audit.append(a1);
      await ctx.r.audit.append(a2);
      expect((await ctx.r.audit.recent(10)).map((x) => x.action)).toEqual(['backup', 'export']);
      expect((await ctx.r.outbox.peek(10)).map((x) => x.mutation.kind)).toEqual(['audit.append', 'audit.append']);
      ctx.h.failNextWrite('outbox', new Error('boom'));
      await expect(ctx.r.audit.append(audit({ action: 'override' }))).rejects.toMatchObject({ code: 'write-aborted' });
      expect(await ctx.r.audit.recent(10)).toHaveLength(2);
    });

    it('[D1] a staff change and a setting are written with their audit entry, or neither is', async () => {
      await ctx.r.staff.put(staffer('s1', 'Li'), audit({ action: 'staff', subjectId: 's1' }));
      await ctx.r.settings.set('discountLimitPct', 15, audit({ action: 'settings' }));
      expect((await ctx.r.audit.recent(10)).map((x) => x.action).sort()).toEqual(['settings', 'staff']);
      expect((await ctx.r.outbox.peek(10)).map((x) => x.mutation.kind)).toEqual(['audit.append', 'audit.append']);
      ctx.h.failNextWrite('outbox', new Error('boom'));
      await expect(ctx.r.staff.put({ ...staffer('s1', 'Li'), role: 'manager' }, audit({ action: 'staff' }))).rejects.toMatchObject({ code: 'write-aborted' });
      ctx.h.failNextWrite('outbox', new Error('boom'));
      await expect(ctx.r.settings.set('discountLimitPct', 30, audit({ action: 'settings' }))).rejects.toMatchObject({ code: 'write-aborted' });
      expect((await ctx.r.staff.get('s1'))?.role).toBe('cashier');
      expect(await ctx.r.settings.get('discountLimitPct')).toBe(15);
      expect(await ctx.r.audit.recent(10)).toHaveLength(2);
      await expect(ctx.r.settings.set('discountLimitPct', 40, audit({ action: '' }))).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await ctx.r.settings.get('discountLimitPct')).toBe(15);
    });

    it('lists open care tasks due by a date, earliest first, and saves their outcome with an outbox row', async () => {
      const m = member({ name: '赵六', phone: '13700000001' });
      await ctx.r.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: 'op' });
      const late = task(m.id, { dueFrom: '2026-11-20' });
      const soon = task(m.id, { dueFrom: '2026-11-08' });
      const future = task(m.id, { dueFrom: '2026-12-24' });
      for (const t of [late, soon, future]) await ctx.r.writer.saveTask({ task: t, opId: `op-${t.id}`, at: T0 });
      expect((await ctx.r.tasks.openDue('2026-11-30')).map((t) => t.id)).toEqual([soon.id, late.id]);
      await ctx.r.writer.saveTask({ task: { ...soon, status: 'done', outcome: 'welcomes', doneAt: T0, doneBy: 'staff-1' }, opId: 'done', at: T0 });
      expect((await ctx.r.tasks.openDue('2026-11-30')).map((t) => t.id)).toEqual([late.id]);
      expect((await ctx.r.tasks.get(soon.id))?.outcome).toBe('welcomes');
      expect((await ctx.r.tasks.ofMember(m.id)).map((t) => t.id)).toEqual([soon.id, late.id, future.id]);
      expect((await ctx.r.outbox.peek(10)).at(-1)?.mutation).toMatchObject({ kind: 'task.update', id: 'done' });
      await expect(ctx.r.writer.saveTask({ task: task('ghost'), opId: 'g', at: T0 })).rejects.toMatchObject({ code: 'not-found' });
    });
  });
}
