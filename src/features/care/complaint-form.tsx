/**
 * Records a complaint on a member (C9a): the day and what it was about. It becomes the member's
 * complaint follow-up task, due after the store's configured delay, written in one transaction with
 * its outbox row (TillWriter.saveTask). Bad input is shown at its field and nothing is written.
 */
import { useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { complaintTask, type ComplaintProblem } from '../../domain/care/complaints';
import type { CareSettings } from '../../domain/care/settings';
import type { Member } from '../../domain/records';
import { localDate } from '../../domain/time';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';

interface Props {
  member: Member;
  settings: CareSettings;
  timeZone: string;
  onSaved: (due: { from: string; to: string }) => void;
}

export function ComplaintForm({ member, settings, timeZone, onSaved }: Props) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const staffId = useSession((s) => s.staff?.id ?? null);
  const today = localDate(now(), timeZone);
  const [on, setOn] = useState(today);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<ComplaintProblem[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const idBase = `complaint-${member.id}`;

  const save = async () => {
    const at = now();
    const r = complaintTask(member, { complaintId: newId(), on, reason, staffId, at }, localDate(at, timeZone), settings);
    if (!r.ok) {
      setProblems(r.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      await repos.writer.saveTask({ task: r.task, opId: newId(), at });
      setReason('');
      onSaved({ from: r.task.dueFrom, to: r.task.dueTo });
    } catch (e) {
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const problemAt = (field: ComplaintProblem['field']) => {
    const p = problems.find((x) => x.field === field);
    return p ? t(`care.${p.code}` as MessageKey, { max: 'max' in p ? (p.max ?? 0) : 0 }) : '';
  };
  const onError = problemAt('on');
  const reasonError = problemAt('reason');
  const memberError = problemAt('member');
  return (
    <form className="care-complaint" aria-label={t('care.complaint.title', { name: member.name })}
      onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="field">
        <span>{t('care.complaint.on')}</span>
        <input type="date" value={on} max={today} onChange={(e) => setOn(e.target.value)}
          aria-invalid={onError !== ''} aria-describedby={onError ? `${idBase}-on` : undefined} />
      </label>
      {onError && <p id={`${idBase}-on`} className="error" role="alert">{onError}</p>}
      <label className="field">
        <span>{t('care.complaint.reason')}</span>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)}
          aria-invalid={reasonError !== ''} aria-describedby={reasonError ? `${idBase}-reason` : undefined} />
      </label>
      {reasonError && <p id={`${idBase}-reason`} className="error" role="alert">{reasonError}</p>}
      {memberError && <p className="error" role="alert">{memberError}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <p className="muted">{t('care.complaint.hint', { after: settings.complaint.afterDays, window: settings.complaint.windowDays })}</p>
      <button type="submit" className="btn btn-primary" disabled={busy}>{t('care.complaint.save')}</button>
    </form>
  );
}
