import { describe, expect, it } from 'vitest';
import { complaintTask, openComplaints, COMPLAINT_REASON_MAX, type ComplaintInput } from '../../../src/domain/care/complaints';
import { careTasksFor } from '../../../src/domain/care/schedule';
import { DEFAULT_CARE_SETTINGS, parseCareSettings } from '../../../src/domain/care/settings';
import type { CareTask } from '../../../src/domain/records';
import { at, facts, member, TZ } from './fixtures';

const input = (over: Partial<ComplaintInput> = {}): ComplaintInput => ({
  complaintId: 'c1', on: '2026-04-01', reason: 'The stroller wheel broke', staffId: 'st1', at: at('2026-04-01', 15), ...over,
});

const ctx = (today: string, settings = DEFAULT_CARE_SETTINGS) => ({ today, timeZone: TZ, settings, holidays: [] });

function recorded(over: Partial<ComplaintInput> = {}, settings = DEFAULT_CARE_SETTINGS): CareTask {
  const r = complaintTask(member(), input(over), '2026-04-01', settings);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.task;
}

describe('complaints', () => {
  it('[C9a] a complaint becomes an open follow-up due from the next day for seven days, keeping date and reason', () => {
    expect(recorded({ reason: '  wheel\n broke  ' })).toMatchObject({
      id: 'complaint:m1:c1', memberId: 'm1', kind: 'complaint', status: 'open', dueFrom: '2026-04-02', dueTo: '2026-04-09',
      complaint: { on: '2026-04-01', reason: 'wheel broke', by: 'st1' },
    });
  });

  it('[C9a] the delay and the window are the store\'s settings', () => {
    const slow = parseCareSettings({ complaint: { afterDays: 3, windowDays: 2 } });
    expect(recorded({}, slow)).toMatchObject({ dueFrom: '2026-04-04', dueTo: '2026-04-06' });
  });

  it('[C9a] bad input is refused at each field, all problems at once', () => {
    const r = complaintTask(member(), input({ reason: '   ', on: '2026-04-31' }), '2026-04-01', DEFAULT_CARE_SETTINGS);
    expect(r).toEqual({ ok: false, problems: [{ field: 'reason', code: 'complaint.reason.empty' }, { field: 'on', code: 'complaint.on.invalid' }] });
    const long = complaintTask(member(), input({ reason: '投'.repeat(COMPLAINT_REASON_MAX + 1), on: '2026-04-02' }), '2026-04-01', DEFAULT_CARE_SETTINGS);
    expect(long).toEqual({ ok: false, problems: [
      { field: 'reason', code: 'complaint.reason.long', max: COMPLAINT_REASON_MAX }, { field: 'on', code: 'complaint.on.future' },
    ] });
  });

  it('[C9b] a member who asked not to be disturbed gets no follow-up', () => {
    const r = complaintTask(member({ doNotDisturb: true }), input(), '2026-04-01', DEFAULT_CARE_SETTINGS);
    expect(r).toEqual({ ok: false, problems: [{ field: 'member', code: 'complaint.member.dnd' }] });
  });

  it('[C9c][C9] the stored complaint is followed up in the care list with its reason, and not once done', () => {
    const task = recorded();
    const f = facts({ complaints: openComplaints([task]) });
    expect(careTasksFor(f, ctx('2026-04-01'))).toEqual([]);
    const due = careTasksFor(f, ctx('2026-04-02'));
    expect(due.map((d) => [d.task.id, d.reason])).toEqual([
      ['complaint:m1:c1', { code: 'complaint', params: { complaintOn: '2026-04-01', reason: 'The stroller wheel broke' } }],
    ]);
    expect(careTasksFor(f, ctx('2026-04-10'))).toEqual([]);
    const done: CareTask = { ...task, status: 'done', outcome: 'reached' };
    expect(openComplaints([done])).toEqual([]);
    // A task id not shaped for its member is not taken as a complaint (a stray or tampered record).
    expect(openComplaints([{ ...task, memberId: 'm2' }])).toEqual([]);
  });
});
