/** "Save a backup": optional passphrase, one tap, a progress bar, then the file is downloaded through an <a download>. */
import { useState } from 'react';
import { exportBackup } from '../../backup/export';
import type { BackupProgress } from '../../backup/export';
import { isBackupError } from '../../backup/errors';
import { backupFileName } from '../../backup/format';
import type { RegularsDb } from '../../db/database';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';

/** Saves a Blob through a temporary <a download> (the way a PWA offers a file without a server). */
export function browserDownload(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

interface Props {
  db: RegularsDb;
  now: () => number;
  newId: () => string;
  staffId: string | null;
  storeId: string | null;
  timeZone: string;
  download: (blob: Blob, fileName: string) => void;
  onSaved: () => void;
}

export function SavePanel({ db, now, newId, staffId, storeId, timeZone, download, onSaved }: Props) {
  const t = useT();
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [saved, setSaved] = useState<{ blob: Blob; name: string } | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const working = progress !== null;

  async function save() {
    setError(null);
    setSaved(null);
    setProgress({ done: 0, total: 0 });
    try {
      const at = now();
      const file = await exportBackup(db, { now: at, staffId, newId, passphrase, onProgress: setProgress });
      const name = backupFileName(storeId, localDate(at, timeZone));
      download(file.blob, name);
      setSaved({ blob: file.blob, name });
      setPassphrase('');
      onSaved();
    } catch (e) {
      setError(isBackupError(e) ? `backup.error.${e.code}` as MessageKey : 'backup.error.write_failed');
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="backup-save">
      <h2 id="backup-save">{t('backup.save.title')}</h2>
      <label className="field">
        <span>{t('backup.save.passphrase')}</span>
        <input type="password" autoComplete="new-password" value={passphrase} disabled={working} onChange={(e) => setPassphrase(e.target.value)} />
      </label>
      {passphrase !== '' && <p className="muted">{t('backup.save.passphraseHint')}</p>}
      <button type="button" className="btn btn-primary btn-big" disabled={working} onClick={() => { void save(); }}>
        {working ? t('backup.working') : t('backup.save.button')}
      </button>
      {progress && <progress aria-label={t('backup.save.progress')} max={Math.max(progress.total, 1)} value={progress.done} />}
      {error && <p role="alert" className="error">{t(error)}</p>}
      {saved && (
        <>
          <p role="status">{t('backup.save.done', { file: saved.name })}</p>
          <button type="button" className="btn" onClick={() => download(saved.blob, saved.name)}>{t('backup.save.again', { file: saved.name })}</button>
        </>
      )}
    </section>
  );
}
