/**
 * Records a care outcome (rules C20–C23; C21 for do-not-disturb) through the one writer method
 * `recordOutcome`: the task, the member's do-not-disturb flag and their other open tasks, the gift
 * against the yearly budget, the audit entry and the outbox rows are ONE transaction (D1). The
 * writer re-reads the member's tasks inside it, so the budget is checked on what is stored then.
 */
import type { Repositories } from '../../db/repositories';
import type { OutcomeInput, OutcomeResult } from '../../domain/care/outcome';
import type { CareSettings } from '../../domain/care/settings';
import type { CareTask } from '../../domain/records';

export interface SaveOutcomeArgs {
  repos: Repositories;
  task: CareTask;
  input: OutcomeInput;
  timeZone: string;
  settings: CareSettings;
  deviceId: string;
  newId: () => string;
}

export function saveOutcome({ repos, task, input, timeZone, settings, deviceId, newId }: SaveOutcomeArgs): Promise<OutcomeResult> {
  return repos.writer.recordOutcome({ task, input, timeZone, settings, deviceId: deviceId || 'device', opId: newId() });
}
