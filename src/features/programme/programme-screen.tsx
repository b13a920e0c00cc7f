/**
 * The owner's programme screen (issue #3; loyalty-spec P5–P7): which version is in force and when it
 * was made, and a form over its settings that saves a NEW version. Opens only with a manager's PIN.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { currentProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { ProgrammeEditor } from './programme-editor';
import { ProgrammeGate } from './programme-gate';
import type { Approver } from './save-programme';
import './programme.css';

export default function ProgrammeScreen() {
  const t = useT();
  const [approver, setApprover] = useState<Approver | null>(null);
  return (
    <section aria-label={t('programme.title')} className="programme">
      <h1>{t('programme.title')}</h1>
      <ActiveVersion />
      {approver ? <ProgrammeEditor approver={approver} /> : <ProgrammeGate onApproved={setApprover} />}
    </section>
  );
}

function ActiveVersion() {
  const t = useT();
  const { repos } = useServices();
  const tz = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const info = useLiveQuery(async () => {
    const rec = await repos.programmes.latest();
    if (!rec) return 'default' as const;
    const by = rec.savedBy ? await repos.staff.get(rec.savedBy) : null;
    return { version: rec.version, savedAt: rec.savedAt, by: by?.name ?? '—' };
  }, [repos]);
  if (!info) return null;
  if (info === 'default') return <p className="programme-active" data-testid="programme-active">{t('programme.activeDefault', { version: currentProgramme().version })}</p>;
  return (
    <p className="programme-active" data-testid="programme-active">
      {t('programme.active', { version: info.version, time: formatDateTime(info.savedAt, tz, t.lang), name: info.by })}
    </p>
  );
}
