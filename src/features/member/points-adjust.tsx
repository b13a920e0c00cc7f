/** A manual points adjustment: needs a manager's PIN, a reason, and stays within the programme's limit. */
import { useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { askManager } from '../../app/ui/manager-pin';
import { checkManualBonus } from '../../domain/earn';
import { makeEntry } from '../../domain/ledger';
import { DbError } from '../../db/errors';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';

export function PointsAdjust({ memberId }: { memberId: string }) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const programme = useProgramme((p) => p);
  const deviceId = useSession((s) => s.deviceId);
  const [open, setOpen] = useState(false);
  const [pts, setPts] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  const submit = async () => {
    const n = Number(pts);
    const problem = checkManualBonus(n, note.trim(), programme);
    if (problem) { setError(reasonText(t, problem)); return; }
    const manager = await askManager('adjust');
    if (!manager) return;
    const at = now();
    const entry = makeEntry(memberId, 'adjustment', n, 'manual', null, null, { ids: newId, at, deviceId, staffId: manager.id }, note.trim());
    try {
      const audit = [{ id: newId(), at, staffId: manager.id, deviceId, action: 'adjustment', subjectId: memberId, detail: `points=${n}` }];
      await repos.writer.appendLedger({ entries: [entry], opId: newId(), audit });
      setOpen(false); setPts(''); setNote(''); setError('');
    } catch (e) {
      setError(t('error.generic', { message: e instanceof DbError ? e.code : String(e) }));
    }
  };

  if (!open) return <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>{t('member.adjust')}</button>;
  return (
    <form className="adjust" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label className="field"><span>{t('member.adjustPoints')}</span>
        <input inputMode="numeric" value={pts} onChange={(e) => setPts(e.target.value.replace(/[^\d-]/g, ''))} /></label>
      <label className="field"><span>{t('member.adjustNote')}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} /></label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('common.save')}</button>
      </div>
    </form>
  );
}
