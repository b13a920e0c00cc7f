/**
 * Records a care outcome through the repositories (rules C20–C23; C21 for do-not-disturb).
 * TillWriter has no single "outcome" method, so this is several transactions, ordered so a failure
 * part-way leaves the member safer, not worse: the member is marked do-not-disturb FIRST (after that
 * careTasksFor yields nothing for them, C3), then the task is closed, then their other stored open
 * tasks are dropped. A refusal from the domain writes nothing.
 */
import type { Repositories } from '../../db/repositories';
import { dropOpenTasks, recordOutcome, type OutcomeInput, type OutcomeResult } from '../../domain/care/outcome';
import type { CareSettings } from '../../domain/care/settings';
import type { CareTask, Member } from '../../domain/records';

export interface SaveOutcomeArgs {
  repos: Repositories;
  task: CareTask;
  member: Member;
  input: OutcomeInput;
  timeZone: string;
  settings: CareSettings;
  newId: () => string;
}

export async function saveOutcome({ repos, task, member, input, timeZone, settings, newId }: SaveOutcomeArgs): Promise<OutcomeResult> {
  const stored = await repos.tasks.ofMember(member.id);
  const current = stored.find((t) => t.id === task.id) ?? task;
  const r = recordOutcome(current, input, stored, timeZone, settings);
  if (!r.ok) return r;
  if (r.setDoNotDisturb) {
    // The member as stored now (not as the list loaded them), so no other field is written back stale.
    const stored = (await repos.members.get(member.id))?.member;
    const fresh = stored?.id === member.id ? stored : member;
    if (!fresh.doNotDisturb) {
      await repos.writer.upsertMember({ member: { ...fresh, doNotDisturb: true }, fields: ['doNotDisturb'], opId: newId(), at: input.at });
    }
  }
  await repos.writer.saveTask({ task: r.task, opId: newId(), at: input.at });
  if (r.setDoNotDisturb) {
    for (const t of dropOpenTasks(stored.filter((x) => x.id !== task.id))) {
      await repos.writer.saveTask({ task: t, opId: newId(), at: input.at });
    }
  }
  return r;
}
