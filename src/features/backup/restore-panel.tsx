/**
 * "Restore from a file": choose the file, give its passphrase if it has one, and restore. A till that
 * already has data gets an explicit question first (the restore refuses `not_empty` until confirmed);
 * every refusal is shown with its own message and nothing was written.
 */
import { useState } from 'react';
import { loadDeviceSettings, saveDeviceSettings, useDevice } from '../../app/device';
import { useSession } from '../../app/session-store';
import { deviceTarget } from '../../backup/device-target';
import type { DeviceTarget } from '../../backup/device-target';
import { isBackupError } from '../../backup/errors';
import type { BackupHeader } from '../../backup/format';
import { restoreBackup } from '../../backup/restore';
import type { RestoreProgress } from '../../backup/restore';
import type { RegularsDb } from '../../db/database';
import type { MessageKey } from '../../i18n/en';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

interface Props {
  db: RegularsDb;
  now: () => number;
  newId: () => string;
  staffId: string | null;
  timeZone: string;
  onRestored: (header: BackupHeader) => void;
}

type Outcome = { kind: 'error'; key: MessageKey } | { kind: 'confirm'; createdAt: number } | { kind: 'done'; rows: number; createdAt: number };

/** A new tablet restored from another device's backup becomes that device (its id picks the database at start). */
async function adoptDevice(adopt: NonNullable<DeviceTarget['adopt']>): Promise<void> {
  const settings = { ...(await loadDeviceSettings()), deviceId: adopt.deviceId };
  await saveDeviceSettings(settings);
  useDevice.setState({ settings });
  useSession.getState().setDevice(adopt.deviceId);
}

export function RestorePanel({ db, now, newId, staffId, timeZone, onRestored }: Props) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<RestoreProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const working = progress !== null;

  async function restore(replace: boolean) {
    if (!file) {
      setOutcome({ kind: 'error', key: 'backup.restore.noFile' });
      return;
    }
    setOutcome(null);
    setProgress({ phase: 'verify', done: 0, total: 0 });
    try {
      let adopt: DeviceTarget['adopt'] = null;
      const target = async (h: BackupHeader) => { const chosen = await deviceTarget(db, h); adopt = chosen.adopt; return chosen.db; };
      const r = await restoreBackup(db, file, { passphrase, replace, onProgress: setProgress, target, audit: { staffId, newId, now: now() } });
      if (adopt) await adoptDevice(adopt);
      setOutcome({ kind: 'done', rows: r.rows, createdAt: r.header.createdAt });
      setPassphrase('');
      onRestored(r.header);
    } catch (e) {
      if (isBackupError(e) && e.code === 'not_empty' && e.backupCreatedAt !== null) setOutcome({ kind: 'confirm', createdAt: e.backupCreatedAt });
      else setOutcome({ kind: 'error', key: isBackupError(e) ? `backup.error.${e.code}` as MessageKey : 'backup.error.write_failed' });
    } finally {
      setProgress(null);
    }
  }

  const date = (at: number) => formatDateTime(at, timeZone, t.lang);
  return (
    <section aria-labelledby="backup-restore">
      <h2 id="backup-restore">{t('backup.restore.title')}</h2>
      <label className="field">
        <span>{t('backup.restore.file')}</span>
        <input type="file" accept=".regb,application/octet-stream" disabled={working}
          onChange={(e) => { setFile(e.target.files?.[0] ?? null); setOutcome(null); }} />
      </label>
      <label className="field">
        <span>{t('backup.restore.passphrase')}</span>
        <input type="password" autoComplete="off" value={passphrase} disabled={working} onChange={(e) => setPassphrase(e.target.value)} />
      </label>
      <button type="button" className="btn btn-big" disabled={working || outcome?.kind === 'confirm'} onClick={() => { void restore(false); }}>
        {working ? t('backup.working') : t('backup.restore.button')}
      </button>
      {progress && <progress aria-label={t('backup.restore.progress')} max={Math.max(progress.total, 1)} value={progress.done} />}
      {outcome?.kind === 'error' && <p role="alert" className="error">{t(outcome.key)}</p>}
      {outcome?.kind === 'confirm' && (
        <div role="alertdialog" aria-labelledby="backup-confirm" className="banner banner-warn">
          <p id="backup-confirm">{t('backup.restore.confirm', { date: date(outcome.createdAt) })}</p>
          <button type="button" className="btn btn-accent" disabled={working} onClick={() => { void restore(true); }}>{t('backup.restore.replace')}</button>
          <button type="button" className="btn" disabled={working} onClick={() => setOutcome(null)}>{t('common.cancel')}</button>
        </div>
      )}
      {outcome?.kind === 'done' && <p role="status">{t('backup.restore.done', { rows: outcome.rows, date: date(outcome.createdAt) })}</p>}
    </section>
  );
}
