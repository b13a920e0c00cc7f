/**
 * What the care writes put in storage, decided the same way for the Dexie writer and its in-memory
 * twin (rules C20–C23 in docs/care-spec.md, D1 in repositories.ts). Pure: the writers read the
 * stored member and tasks inside their transaction, call these, and write the result or nothing.
 *
 *  - `planOutcome`: one care outcome = the task closed, the member's do-not-disturb flag and their
 *    other open tasks dropped (C21), the gift checked against the yearly budget on the tasks as
 *    stored at that moment (C22–C23), one audit entry (ids and amounts, never the note), and the
 *    outbox rows for all of it.
 *  - `planImport`: which enrolments of an import batch are new; a phone already held by a live
 *    member (on the device or earlier in the batch) is skipped, so a batch re-run creates nobody twice.
 */
import { recordOutcome as decideOutcome, dropOpenTasks, type OutcomeResult } from '../domain/care/outcome';
import { editMember } from '../domain/member-edit';
import type { AuditEntry, CareTask, Member } from '../domain/records';
import type { Mutation } from '../sync/protocol';
import { InvalidInputError } from './errors';
import type { EnrollInput, ImportInput, OutcomeWrite } from './repositories';

export type { ImportInput, ImportResult, OutcomeWrite } from './repositories';
import { checkEnrollment, enrollMutations } from './write-rules';

export interface OutcomeWrites {
  tasks: CareTask[];
  /** The member with doNotDisturb set, when this outcome sets it (null when nothing changes). */
  member: Member | null;
  audit: AuditEntry;
  mutations: Mutation[];
}

export function checkOutcomeWrite(w: OutcomeWrite): void {
  if (!w.task.id || !w.task.memberId) throw new InvalidInputError('A task needs an id and a member');
  if (!w.opId || !w.deviceId || w.deviceId.includes(':')) throw new InvalidInputError('An outcome needs an operation id and a device');
  if (!Number.isSafeInteger(w.input.at) || w.input.at < 0) throw new InvalidInputError('An outcome needs its time in epoch milliseconds');
}

/** [C20–C23] The writes for one outcome, or the domain's refusal (then nothing is written). */
export function planOutcome(
  w: OutcomeWrite, member: Member, stored: readonly CareTask[],
): { result: OutcomeResult; writes: OutcomeWrites | null } {
  const current = stored.find((t) => t.id === w.task.id);
  const task: CareTask = current ? { ...w.task, ...current } : w.task;
  if (task.memberId !== member.id) throw new InvalidInputError(`Task ${task.id} is not member ${member.id}'s`);
  const result = decideOutcome(task, w.input, stored, w.timeZone, w.settings);
  if (!result.ok) return { result, writes: null };
  const at = w.input.at;
  const tasks: CareTask[] = [result.task];
  const mutations: Mutation[] = [{ kind: 'task.update', id: w.opId, at, task: result.task }];
  let flagged: Member | null = null;
  if (result.setDoNotDisturb) {
    if (!member.doNotDisturb) {
      // Stamped like every profile edit (D14), or the server would refuse it and no other tablet would know (S9).
      flagged = editMember(member, { ...member, doNotDisturb: true }, ['doNotDisturb'], at, w.deviceId);
      mutations.push({ kind: 'member.upsert', id: `${w.opId}:member`, at, member: flagged, fields: ['doNotDisturb'] });
    }
    dropOpenTasks(stored.filter((t) => t.id !== task.id)).forEach((t, i) => {
      tasks.push(t);
      mutations.push({ kind: 'task.update', id: `${w.opId}:drop:${i}`, at, task: t });
    });
  }
  const audit: AuditEntry = {
    id: `${w.opId}:audit`, at, staffId: w.input.staffId || null, deviceId: w.deviceId, action: 'care-outcome', subjectId: member.id,
    detail: `task=${task.id} outcome=${w.input.outcome} giftCost=${result.task.giftCost} spent=${result.budget.spent} budget=${result.budget.budget}`
      + (result.warning ? ` warning=${result.warning}` : '') + (tasks.length > 1 ? ` dropped=${tasks.length - 1}` : ''),
  };
  mutations.push({ kind: 'audit.append', id: audit.id, at, entry: audit });
  return { result, writes: { tasks, member: flagged, audit, mutations } };
}

export function checkImport(input: ImportInput): EnrollInput[] {
  if (!input.opId) throw new InvalidInputError('An import needs an operation id');
  return input.enrollments.map((e, i) => {
    const full: EnrollInput = { ...e, coupons: [], opId: `${input.opId}:${i}` };
    checkEnrollment(full);
    return full;
  });
}

/**
 * [M6][M8] The enrolments to write: a phone held by a live member, or by an earlier row of the batch, is
 * skipped, and so is a member whose id is already held (`heldIds`: the same row imported before, here or
 * on another tablet and pulled, even if the member's phone has changed since).
 */
export function newEnrollments(all: readonly EnrollInput[], holders: readonly Member[], heldIds: ReadonlySet<string> = new Set()): { write: EnrollInput[]; skippedPhones: string[] } {
  const taken = new Set(holders.filter((m) => m.mergedInto === null).map((m) => m.phone));
  const write: EnrollInput[] = [];
  const skippedPhones: string[] = [];
  for (const e of all) {
    if (taken.has(e.member.phone) || heldIds.has(e.member.id)) {
      skippedPhones.push(e.member.phone);
      continue;
    }
    taken.add(e.member.phone);
    write.push(e);
  }
  return { write, skippedPhones };
}

export function importMutations(write: readonly EnrollInput[]): Mutation[] {
  return write.flatMap((e) => enrollMutations(e));
}
