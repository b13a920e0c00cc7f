/**
 * Complaints and their follow-up (rules C9, C9a–C9c in docs/care-spec.md; DOMAIN.md "After-sales":
 * "follow-up visit afterwards"). A complaint is stored as its follow-up task — kind 'complaint',
 * id `complaint:<memberId>:<complaintId>`, with the complaint (date, reason) on it — so it syncs
 * like any task and the care list finds it by the open-task index. Pure: ids, today and time are parameters.
 */
import type { CareTask, Id, Instant, LocalDate, Member } from '../records';
import { addDays, isLocalDate } from './dates';
import { careTaskId, type Complaint } from './schedule';
import type { CareSettings } from './settings';

export const COMPLAINT_REASON_MAX = 500;

export interface ComplaintInput {
  complaintId: Id;
  /** The day the customer complained (store-local); today by default on the form. */
  on: string;
  reason: string;
  staffId: Id | null;
  at: Instant;
}

export type ComplaintProblem =
  | { field: 'reason'; code: 'complaint.reason.empty' | 'complaint.reason.long'; max?: number }
  | { field: 'on'; code: 'complaint.on.invalid' | 'complaint.on.future' }
  | { field: 'member'; code: 'complaint.member.dnd' | 'complaint.member.merged' };

export type ComplaintResult = { ok: true; task: CareTask } | { ok: false; problems: ComplaintProblem[] };

/**
 * [C9a] A complaint on a member becomes an open follow-up task due from `on + complaint.afterDays`
 * for `complaint.windowDays`. Every problem is listed at its field; [C9b] a member who asked not to be
 * disturbed (or one merged away) gets no follow-up: refused, nothing to write.
 */
export function complaintTask(
  member: Pick<Member, 'id' | 'doNotDisturb' | 'mergedInto'>, input: ComplaintInput, today: LocalDate, settings: CareSettings,
): ComplaintResult {
  const problems: ComplaintProblem[] = [];
  const reason = input.reason.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (reason === '') problems.push({ field: 'reason', code: 'complaint.reason.empty' });
  else if ([...reason].length > COMPLAINT_REASON_MAX) problems.push({ field: 'reason', code: 'complaint.reason.long', max: COMPLAINT_REASON_MAX });
  const on = input.on.trim();
  if (!isLocalDate(on)) problems.push({ field: 'on', code: 'complaint.on.invalid' });
  else if (on > today) problems.push({ field: 'on', code: 'complaint.on.future' });
  if (member.mergedInto !== null) problems.push({ field: 'member', code: 'complaint.member.merged' });
  else if (member.doNotDisturb) problems.push({ field: 'member', code: 'complaint.member.dnd' });
  if (problems.length > 0) return { ok: false, problems };
  const dueFrom = addDays(on, settings.complaint.afterDays);
  return {
    ok: true,
    task: {
      id: careTaskId('complaint', member.id, input.complaintId), memberId: member.id, kind: 'complaint',
      dueFrom, dueTo: addDays(dueFrom, settings.complaint.windowDays), status: 'open', outcome: null, note: '',
      giftCost: 0 as CareTask['giftCost'], doneAt: null, doneBy: null,
      complaint: { on, reason, at: input.at, by: input.staffId },
    },
  };
}

/** [C9c] The open complaints among a member's stored tasks: what `careTasksFor` follows up. */
export function openComplaints(tasks: readonly CareTask[]): Complaint[] {
  const out: Complaint[] = [];
  for (const t of tasks) {
    if (t.kind !== 'complaint' || t.status !== 'open' || !t.complaint) continue;
    const prefix = `complaint:${t.memberId}:`;
    if (!t.id.startsWith(prefix)) continue;
    out.push({ id: t.id.slice(prefix.length), on: t.complaint.on, reason: t.complaint.reason });
  }
  return out;
}
