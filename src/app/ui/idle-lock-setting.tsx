/** The store setting for the idle lock (issue #7): minutes without activity before the till locks; 1–240, whole minutes. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-t';
import { useServices } from '../services';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../settings-keys';

export const MAX_IDLE_LOCK_MINUTES = 240;

export function IdleLockSetting() {
  const t = useT();
  const { repos } = useServices();
  const saved = useLiveQuery(() => repos.settings.get('idleLockMinutes'), [repos]);
  const [text, setText] = useState(String(DEFAULT_IDLE_LOCK_MINUTES));
  const [error, setError] = useState(false);
  useEffect(() => { if (typeof saved === 'number') setText(String(saved)); }, [saved]);
  const save = () => {
    const n = Number(text);
    const ok = /^\d+$/.test(text) && n >= 1 && n <= MAX_IDLE_LOCK_MINUTES;
    setError(!ok);
    if (ok) void repos.settings.set('idleLockMinutes', n);
  };
  return (
    <label className="field">
      <span>{t('settings.idleLock')}</span>
      <input inputMode="numeric" value={text} aria-invalid={error || undefined} onChange={(e) => setText(e.target.value.trim())} onBlur={save} />
      {error && <span className="error" role="alert">{t('settings.idleLockInvalid', { max: MAX_IDLE_LOCK_MINUTES })}</span>}
    </label>
  );
}
