import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { careBudget, completion, dropOpenTasks, recordOutcome, type OutcomeInput } from '../../../src/domain/care/outcome';
import { DEFAULT_CARE_SETTINGS, parseCareSettings } from '../../../src/domain/care/settings';
import type { CareTask } from '../../../src/domain/records';
import type { Cents } from '../../../src/domain/money';
import { at, TZ } from './fixtures';

function task(over: Partial<CareTask> = {}): CareTask {
  return {
    id: 'birthday:m1:2026', memberId: 'm1', kind: 'birthday', dueFrom: '2026-05-13', dueTo: '2026-05-23', status: 'open',
    outcome: null, note: '', giftCost: 0 as Cents, doneAt: null, doneBy: null, ...over,
  };
}
const input = (over: Partial<OutcomeInput> = {}): OutcomeInput => ({
  outcome: 'reached', note: 'Liked the scarf', giftCost: 0 as Cents, staffId: 'st1', at: at('2026-05-20'), ...over,
});
const gift = (id: string, cost: number, date: string): CareTask => task({ id, status: 'done', giftCost: cost as Cents, doneAt: at(date) });

describe('recording an outcome', () => {
  it('[C20] closes the task with its outcome, note, gift cost, time and staff', () => {
    const r = recordOutcome(task(), input({ note: '  Liked the scarf ', giftCost: 5000 as Cents }), [], TZ, DEFAULT_CARE_SETTINGS);
    expect(r).toMatchObject({ ok: true, warning: null, setDoNotDisturb: false, task: {
      status: 'done', outcome: 'reached', note: 'Liked the scarf', giftCost: 5000, doneAt: at('2026-05-20'), doneBy: 'st1',
    } });
  });

  it('[C20] refuses a task already closed, a negative or fractional gift cost, an overlong note', () => {
    expect(recordOutcome(task({ status: 'done' }), input(), [], TZ, DEFAULT_CARE_SETTINGS)).toEqual({ ok: false, refusal: { code: 'task-closed' } });
    expect(recordOutcome(task(), input({ giftCost: -1 as Cents }), [], TZ, DEFAULT_CARE_SETTINGS)).toMatchObject({ ok: false, refusal: { code: 'gift-cost-invalid' } });
    expect(recordOutcome(task(), input({ giftCost: 1.5 as Cents }), [], TZ, DEFAULT_CARE_SETTINGS)).toMatchObject({ ok: false, refusal: { code: 'gift-cost-invalid' } });
    expect(recordOutcome(task(), input({ note: 'x'.repeat(1001) }), [], TZ, DEFAULT_CARE_SETTINGS)).toMatchObject({ ok: false, refusal: { code: 'note-too-long' } });
  });

  it('[C21] do-not-disturb marks the member and drops their other open tasks', () => {
    const r = recordOutcome(task(), input({ outcome: 'do-not-disturb' }), [], TZ, DEFAULT_CARE_SETTINGS);
    expect(r.ok && r.setDoNotDisturb).toBe(true);
    const others = [task({ id: 'a' }), task({ id: 'b', status: 'done' }), task({ id: 'c' })];
    expect(dropOpenTasks(others).map((t) => [t.id, t.status])).toEqual([['a', 'dropped'], ['c', 'dropped']]);
  });

  it('[C22] the yearly budget counts gifts on tasks done in the store year, ¥300 by default', () => {
    const tasks = [gift('a', 12000, '2026-01-01'), gift('b', 8000, '2026-06-01'), gift('c', 9999, '2025-12-31'), task({ id: 'd', giftCost: 500 as Cents })];
    expect(careBudget(tasks, 2026, TZ, DEFAULT_CARE_SETTINGS)).toEqual({ year: 2026, budget: 30000, spent: 20000, left: 10000, over: 0 });
  });

  it('[C23] a gift that goes over the budget is recorded with a warning, or refused if the store says so', () => {
    const spent = [gift('a', 25000, '2026-02-01')];
    const warn = recordOutcome(task(), input({ giftCost: 6000 as Cents }), spent, TZ, DEFAULT_CARE_SETTINGS);
    expect(warn).toMatchObject({ ok: true, warning: 'over-budget', budget: { spent: 31000, left: 0, over: 1000 } });
    const refuse = recordOutcome(task(), input({ giftCost: 6000 as Cents }), spent, TZ, parseCareSettings({ overBudget: 'refuse' }));
    expect(refuse).toEqual({ ok: false, refusal: { code: 'over-budget', giftCost: 6000, budget: { year: 2026, budget: 30000, spent: 25000, left: 5000, over: 0 } } });
    expect(recordOutcome(task(), input({ giftCost: 5000 as Cents }), spent, TZ, parseCareSettings({ overBudget: 'refuse' })).ok).toBe(true);
  });

  it('[C22] spent + left equals the budget while within it, whatever the gifts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20000 }), { maxLength: 8 }), (costs) => {
      const b = careBudget(costs.map((c, i) => gift(`t${i}`, c, '2026-03-01')), 2026, TZ, DEFAULT_CARE_SETTINGS);
      expect(b.spent).toBe(costs.reduce((s, c) => s + c, 0));
      expect(b.spent - b.over + b.left).toBe(b.budget);
    }));
  });

  it('[C24] completion counts done, missed (open past due), still open and dropped', () => {
    const tasks = [task({ status: 'done' }), task({ dueTo: '2026-05-01' }), task({ dueTo: '2026-05-30' }), task({ status: 'dropped' })];
    expect(completion(tasks, '2026-05-20')).toEqual({ done: 1, missed: 1, open: 1, dropped: 1 });
  });
});
