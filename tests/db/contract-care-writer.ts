// Contract: the care writes (C20–C23 in docs/care-spec.md; D1, D9 in src/db/repositories.ts), on Dexie and in memory.
import { describe, expect, it } from 'vitest';
import { parseCareSettings } from '../../src/domain/care/settings';
import type { OutcomeInput } from '../../src/domain/care/outcome';
import { encodeHlc } from '../../src/domain/hlc';
import { cents, type Cents } from '../../src/domain/money';
import type { CareTask, Member, TaskOutcome } from '../../src/domain/records';
import type { Repositories } from '../../src/db/repositories';
import { entry, member, stats, T0, task } from './fixtures';
import { useHarness, type HarnessFactory } from './contract';

const ZONE = 'Asia/Shanghai';
const SETTINGS = parseCareSettings({});
let op = 0;

async function enrolled(r: Repositories, phone: string): Promise<Member> {
  const m = member({ name: `M${phone}`, phone });
  await r.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: `op-e-${phone}` });
  return m;
}

function input(outcome: TaskOutcome, giftCost = 0, at = T0): OutcomeInput {
  return { outcome, note: '  rang, all well  ', giftCost: cents(giftCost) as Cents, staffId: 'staff-1', at };
}

function record(r: Repositories, t: CareTask, i: OutcomeInput, settings = SETTINGS) {
  op += 1;
  return r.writer.recordOutcome({ task: t, input: i, timeZone: ZONE, settings, deviceId: 'dev-1', opId: `op-o-${op}` });
}

/** What the manager could see: the member's flag, their tasks, the audit list and the queue. */
async function seen(r: Repositories, memberId: string) {
  return {
    dnd: (await r.members.get(memberId))?.member.doNotDisturb,
    tasks: (await r.tasks.ofMember(memberId)).map((t) => [t.id, t.status, t.giftCost]).sort(),
    audit: (await r.audit.recent(50)).map((a) => a.action),
    outbox: await r.outbox.count(), nextSeq: await r.outbox.nextSeq(),
  };
}

export function careWriterContract(make: HarnessFactory): void {
  describe('care writes', () => {
    const ctx = useHarness(make);

    it('[C21][D1] do-not-disturb closes the task, flags the member, drops their other open tasks, audits and queues it all', async () => {
      const m = await enrolled(ctx.r, '13900001001');
      const birthday = task(m.id, { id: `birthday:${m.id}:2026`, kind: 'birthday' });
      await ctx.r.writer.saveTask({ task: birthday, opId: 'op-t1', at: T0 });
      const seq = await ctx.r.outbox.nextSeq();
      const followUp = task(m.id);
      const r = await record(ctx.r, followUp, input('do-not-disturb', 1500));
      expect(r).toMatchObject({ ok: true, setDoNotDisturb: true, warning: null, budget: { spent: 1500, left: 28_500 } });
      const s = await seen(ctx.r, m.id);
      expect(s.dnd).toBe(true);
      expect(s.tasks).toEqual([[birthday.id, 'dropped', 0], [followUp.id, 'done', 1500]].sort());
      expect((await ctx.r.tasks.get(followUp.id))).toMatchObject({ outcome: 'do-not-disturb', note: 'rang, all well', doneBy: 'staff-1', doneAt: T0 });
      expect(s.audit).toEqual(['care-outcome']);
      const audit = (await ctx.r.audit.recent(1))[0];
      expect(audit?.detail).toContain(`task=${followUp.id}`);
      expect(audit?.detail).not.toContain('rang'); // the note may be personal: never in the audit list
      const rows = await ctx.r.outbox.peek(100);
      expect(rows.filter((x) => x.seq >= seq).map((x) => [x.seq, x.mutation.kind]))
        .toEqual([[seq, 'task.update'], [seq + 1, 'member.upsert'], [seq + 2, 'task.update'], [seq + 3, 'audit.append']]);
    });

    it('[D14][C21] the do-not-disturb a care outcome sets is stamped on the device\'s clock, stored and queued alike', async () => {
      const m = await enrolled(ctx.r, '13900001009');
      expect((await record(ctx.r, task(m.id), input('do-not-disturb', 0, T0 + 5000))).ok).toBe(true);
      const stamp = encodeHlc({ wallMs: T0 + 5000, counter: 0, nodeId: 'dev-1' });
      expect((await ctx.r.members.get(m.id))?.member.clock).toEqual({ doNotDisturb: stamp });
      const upsert = (await ctx.r.outbox.peek(100)).map((x) => x.mutation).filter((x) => x.kind === 'member.upsert').at(-1);
      expect(upsert).toMatchObject({ fields: ['doNotDisturb'], member: { doNotDisturb: true, clock: { doNotDisturb: stamp } } });
    });

    it('[D1] a write failing in the middle of an outcome leaves the task open, the member unflagged and nothing queued', async () => {
      const m = await enrolled(ctx.r, '13900001002');
      const other = task(m.id, { id: `win-back:${m.id}:2026-09-01`, kind: 'win-back' });
      await ctx.r.writer.saveTask({ task: other, opId: 'op-t2', at: T0 });
      const before = await seen(ctx.r, m.id);
      const t = task(m.id);
      for (const table of ['members', 'audit', 'outbox']) {
        ctx.h.failNextWrite(table, new Error('disk went away'));
        await expect(record(ctx.r, t, input('do-not-disturb', 2000))).rejects.toMatchObject({ code: 'write-aborted' });
        expect(await seen(ctx.r, m.id)).toEqual(before);
      }
      // Tried again, it goes through whole, with the seq the failed attempts would have had.
      expect((await record(ctx.r, t, input('do-not-disturb', 2000))).ok).toBe(true);
      expect((await ctx.r.outbox.peek(100))[0]?.seq).toBe(1);
      expect((await seen(ctx.r, m.id)).nextSeq).toBe(before.nextSeq + 4);
    });

    it('[C23] a gift over the yearly budget is refused with the budget before it when the store refuses, and writes nothing', async () => {
      const m = await enrolled(ctx.r, '13900001003');
      const refuse = parseCareSettings({ yearlyBudget: 30_000, overBudget: 'refuse' });
      expect((await record(ctx.r, task(m.id), input('reached', 25_000), refuse)).ok).toBe(true);
      const before = await seen(ctx.r, m.id);
      const second = task(m.id, { id: `birthday:${m.id}:2026`, kind: 'birthday' });
      const r = await record(ctx.r, second, input('reached', 6000), refuse);
      expect(r).toMatchObject({ ok: false, refusal: { code: 'over-budget', budget: { spent: 25_000, left: 5000 } } });
      expect(await seen(ctx.r, m.id)).toEqual(before);
      // The same gift where the store only warns is recorded, with the warning.
      expect(await record(ctx.r, second, input('reached', 6000))).toMatchObject({ ok: true, warning: 'over-budget', budget: { over: 1000 } });
    });

    it('[C20] an outcome on a task already closed on this device is refused, even when the list still shows it open', async () => {
      const m = await enrolled(ctx.r, '13900001004');
      const t = task(m.id);
      expect((await record(ctx.r, t, input('reached'))).ok).toBe(true);
      const before = await seen(ctx.r, m.id);
      expect(await record(ctx.r, t, input('no-answer'))).toMatchObject({ ok: false, refusal: { code: 'task-closed' } });
      expect(await seen(ctx.r, m.id)).toEqual(before);
      expect((await ctx.r.tasks.get(t.id))?.outcome).toBe('reached');
    });

    it('[D9] an outcome for an unknown member is refused and writes nothing', async () => {
      await expect(record(ctx.r, task('nobody'), input('reached'))).rejects.toMatchObject({ code: 'not-found' });
      expect(await ctx.r.outbox.count()).toBe(0);
    });

    it('[M6][D1] an import batch is one write: a failure stores nobody; run again, present phones are skipped', async () => {
      const present = await enrolled(ctx.r, '13900002000');
      const people = ['13900002001', '13900002002', '13900002000'].map((phone) => member({ name: `I${phone}`, phone }));
      const batch = (ms: Member[]) => ({
        opId: `op-i-${++op}`,
        enrollments: ms.map((x) => ({ member: x, stats: stats(x.id), ledger: [entry(x.id, 80, { id: `opening:${x.id}`, kind: 'opening' })] })),
      });
      const outbox = await ctx.r.outbox.count();
      ctx.h.failNextWrite('ledger', new Error('disk went away'));
      await expect(ctx.r.writer.importMembers(batch(people))).rejects.toMatchObject({ code: 'write-aborted' });
      expect(await ctx.r.members.byPhone('13900002001')).toBeNull();
      expect(await ctx.r.outbox.count()).toBe(outbox);

      const r = await ctx.r.writer.importMembers(batch(people));
      expect(r).toEqual({ created: [people[0]?.id, people[1]?.id], skippedPhones: ['13900002000'] });
      expect((await ctx.r.members.byPhone('13900002001'))?.stats.points).toBe(80);
      expect((await ctx.r.members.byPhone('13900002000'))?.member.id).toBe(present.id);
      // The same file again, with new ids as a fresh plan would make: nobody is created twice.
      const again = people.map((x) => member({ name: x.name, phone: x.phone }));
      expect(await ctx.r.writer.importMembers(batch(again))).toEqual({ created: [], skippedPhones: people.map((x) => x.phone) });
      expect((await ctx.r.outbox.peek(100)).filter((x) => x.mutation.kind === 'member.upsert')).toHaveLength(3);
    });
  });
}
