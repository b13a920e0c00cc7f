/** Storage state (persistent or not, used and left, a warning near the quota) and the last backup with its reminder. */
import { useEffect, useState } from 'react';
import { backupReminder, readStorageHealth, requestPersistence } from '../../backup/storage-health';
import type { StorageApi, StorageHealth } from '../../backup/storage-health';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export function formatBytes(n: number, lang: string): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1024) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 }).format(mb / 1024);
  return new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(mb);
}

interface Props {
  storage: StorageApi;
  lastBackupAt: number | null;
  reminderDays: number;
  paired: boolean;
  now: number;
  timeZone: string;
  /** Changes after a backup or restore, to read the storage estimate again. */
  refresh: number;
}

export function StoragePanel({ storage, lastBackupAt, reminderDays, paired, now, timeZone, refresh }: Props) {
  const t = useT();
  const [health, setHealth] = useState<StorageHealth | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    void readStorageHealth(storage).then((h) => { if (live) setHealth(h); });
    return () => { live = false; };
  }, [storage, refresh, asked]);
  const reminder = backupReminder({ lastBackupAt, now, maxAgeDays: reminderDays, paired });
  const percent = health?.ratio === null || health?.ratio === undefined ? 0 : Math.round(health.ratio * 100);
  return (
    <>
      <section aria-labelledby="backup-storage">
        <h2 id="backup-storage">{t('backup.storage.title')}</h2>
        {health && (
          <>
            <p>{t(health.persisted === true ? 'backup.storage.persistent' : health.persisted === false ? 'backup.storage.notPersistent' : 'backup.storage.unknown')}</p>
            {health.persisted !== true && (
              <button type="button" className="btn" onClick={() => { void requestPersistence(storage).then(() => setAsked((n) => n + 1)); }}>
                {t('backup.storage.askPersist')}
              </button>
            )}
            {health.used !== null && health.left !== null && (
              <p>{t('backup.storage.space', { used: formatBytes(health.used, t.lang), left: formatBytes(health.left, t.lang) })}</p>
            )}
            {(health.level === 'warn' || health.level === 'critical') && (
              <p role="alert" className="banner banner-warn">{t(health.level === 'warn' ? 'backup.storage.warn' : 'backup.storage.critical', { percent })}</p>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="backup-last">
        <h2 id="backup-last">{t('backup.last.title')}</h2>
        <p>{lastBackupAt === null ? t('backup.last.never') : t('backup.last.at', { date: formatDateTime(lastBackupAt, timeZone, t.lang) })}</p>
        {reminder.remind && (
          <p role="alert" className="banner banner-warn">
            {lastBackupAt === null ? t('backup.last.remindNever') : t('backup.last.remind', { days: reminderDays })}
          </p>
        )}
      </section>
    </>
  );
}
