/**
 * Recording what happened on a care task (rules C20–C24 in docs/care-spec.md): the outcome, a
 * note, a gift and its cost, against the member's yearly care budget. Pure: returns the updated
 * task and what else the repository must write in the same transaction (do-not-disturb on the
 * member, the member's other open tasks dropped); on a refusal nothing is to be written.
 */
import { type Cents, cents } from '../money';
import type { CareTask, Id, Instant, TaskOutcome } from '../records';
import { localDateOf } from './dates';
import type { CareSettings } from './settings';

export const NOTE_MAX = 1000;

export interface OutcomeInput {
  outcome: TaskOutcome;
  /** What was said, and the gift's name if one was given. */
  note: string;
  /** What the gift cost the store (0 when none). */
  giftCost: Cents;
  staffId: Id;
  at: Instant;
}

export interface CareBudget {
  year: number;
  budget: Cents;
  spent: Cents;
  /** Never below zero; `over` says by how much the budget is exceeded. */
  left: Cents;
  over: Cents;
}

export type OutcomeRefusal =
  | { code: 'task-closed' }
  | { code: 'gift-cost-invalid' }
  | { code: 'note-too-long'; max: number }
  | { code: 'over-budget'; budget: CareBudget; giftCost: Cents };

export type OutcomeResult =
  | {
    ok: true;
    task: CareTask;
    /** The budget after this gift. */
    budget: CareBudget;
    /** Set when the gift takes the member over the yearly budget and the store only warns. */
    warning: 'over-budget' | null;
    /** The member asked not to be disturbed: set Member.doNotDisturb and drop their open tasks. */
    setDoNotDisturb: boolean;
  }
  | { ok: false; refusal: OutcomeRefusal };

/** [C22] What a member's care has cost this year: the gifts on their tasks done in that (store) year. */
export function careBudget(
  memberTasks: Iterable<Pick<CareTask, 'status' | 'giftCost' | 'doneAt'>>, year: number, timeZone: string, settings: CareSettings,
): CareBudget {
  let spent = 0;
  for (const t of memberTasks) {
    if (t.status !== 'done' || t.doneAt === null) continue;
    if (Number(localDateOf(t.doneAt, timeZone).slice(0, 4)) === year) spent += t.giftCost;
  }
  return budgetOf(year, settings.yearlyBudget, cents(spent));
}

function budgetOf(year: number, budget: Cents, spent: Cents): CareBudget {
  return { year, budget, spent, left: cents(Math.max(0, budget - spent)), over: cents(Math.max(0, spent - budget)) };
}

/**
 * [C20] Records an outcome on an open task. [C21] do-not-disturb asks the repository to mark the
 * member. [C23] A gift over the yearly budget is refused or recorded with a warning, as the store chose.
 */
export function recordOutcome(
  task: CareTask, input: OutcomeInput, memberTasks: Iterable<Pick<CareTask, 'id' | 'status' | 'giftCost' | 'doneAt'>>,
  timeZone: string, settings: CareSettings,
): OutcomeResult {
  if (task.status !== 'open') return { ok: false, refusal: { code: 'task-closed' } };
  if (!Number.isSafeInteger(input.giftCost) || input.giftCost < 0) return { ok: false, refusal: { code: 'gift-cost-invalid' } };
  const note = input.note.trim();
  if (note.length > NOTE_MAX) return { ok: false, refusal: { code: 'note-too-long', max: NOTE_MAX } };

  const year = Number(localDateOf(input.at, timeZone).slice(0, 4));
  const others = [...memberTasks].filter((t) => t.id !== task.id);
  const before = careBudget(others, year, timeZone, settings);
  const after = budgetOf(year, before.budget, cents(before.spent + input.giftCost));
  const over = input.giftCost > 0 && after.over > 0;
  if (over && settings.overBudget === 'refuse') {
    return { ok: false, refusal: { code: 'over-budget', budget: before, giftCost: input.giftCost } };
  }
  return {
    ok: true,
    task: { ...task, status: 'done', outcome: input.outcome, note, giftCost: input.giftCost, doneAt: input.at, doneBy: input.staffId },
    budget: after,
    warning: over ? 'over-budget' : null,
    setDoNotDisturb: input.outcome === 'do-not-disturb',
  };
}

/** [C21] A member who asked not to be disturbed: every open task of theirs is dropped. */
export function dropOpenTasks(memberTasks: readonly CareTask[]): CareTask[] {
  return memberTasks.filter((t) => t.status === 'open').map((t) => ({ ...t, status: 'dropped' as const }));
}

/** [C24] Completion for the follow-up figures: done of (done + open past their due date). */
export function completion(tasks: Iterable<Pick<CareTask, 'status' | 'dueTo'>>, today: string): { done: number; missed: number; open: number; dropped: number } {
  const r = { done: 0, missed: 0, open: 0, dropped: 0 };
  for (const t of tasks) {
    if (t.status === 'done') r.done++;
    else if (t.status === 'dropped') r.dropped++;
    else if (t.dueTo < today) r.missed++;
    else r.open++;
  }
  return r;
}
