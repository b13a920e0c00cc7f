/** Notes and do-not-disturb: profile edits saved through the writer, which stamps each field on this device's clock (last writer wins per field on sync, S9). */
import { useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import type { Member } from '../../domain/records';
import { useT } from '../../i18n/use-t';
import { textProblem, TEXT_MAX } from '../../domain/input-rules';

export function MemberNotes({ member }: { member: Member }) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const [notes, setNotes] = useState(member.notes);
  const [saved, setSaved] = useState(false);
  // sync-protocol S23: what the server would refuse is refused here, nothing saved.
  const problem = textProblem(notes, TEXT_MAX.notes);

  const save = async (patch: Partial<Member>, fields: (keyof Member)[]) => {
    await repos.writer.upsertMember({ member: { ...member, ...patch }, fields, opId: newId(), at: now(), deviceId });
    setSaved(true);
  };

  return (
    <div className="notes">
      <label className="field">
        <span>{t('member.notes')}</span>
        <textarea rows={3} value={notes} aria-invalid={problem !== null} aria-describedby={problem ? 'notes-error' : undefined}
          onChange={(e) => { setNotes(e.target.value); setSaved(false); }} />
        {problem && <span id="notes-error" className="error" role="alert">{t(`input.${problem}`)}</span>}
      </label>
      <div className="actions">
        <label className="check">
          <input type="checkbox" checked={member.doNotDisturb} onChange={(e) => void save({ doNotDisturb: e.target.checked }, ['doNotDisturb'])} />
          <span>{t('member.doNotDisturb')}</span>
        </label>
        <button type="button" className="btn" disabled={notes === member.notes || problem !== null} onClick={() => void save({ notes }, ['notes'])}>{t('member.saveNotes')}</button>
        {saved && <span role="status">{t('member.saved')}</span>}
      </div>
    </div>
  );
}
