/**
 * The manager's backup screen: storage state, last backup and its reminder, "Save a backup" and
 * "Restore from a file". Managers and owners only. Backups read and restore every table, which the
 * repositories do not expose, so the screen needs the database itself (see `useTillDb`).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { BackupHeader } from '../../backup/format';
import { DEFAULT_BACKUP_REMINDER_DAYS } from '../../backup/settings-keys';
import { browserStorage } from '../../backup/storage-health';
import type { StorageApi } from '../../backup/storage-health';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { useSyncState } from '../../app/sync/sync-state';
import { RegularsDb } from '../../db/database';
import { databaseName, LOCAL_ORG } from '../../db/open';
import type { Role } from '../../domain/records';
import { useT } from '../../i18n/use-t';
import { RestorePanel } from './restore-panel';
import { SavePanel, browserDownload } from './save-panel';
import { StoragePanel } from './storage-panel';

export interface BackupScreenProps {
  /** The open till database; else `Services.db` if the app provides it; else a second connection by name. */
  db?: RegularsDb;
  /** The signed-in role; read from the session store when not given. */
  role?: Role;
  /** True when a sync server is paired (then no backup reminder: the server keeps the data). Default: the sync state. */
  paired?: boolean;
  /** navigator.storage by default; injected in tests. */
  storage?: StorageApi;
  /** A real <a download> by default; injected in tests. */
  download?: (blob: Blob, fileName: string) => void;
  /** After a restore the app should reload: its stores still hold the old data. */
  onRestored?: (header: BackupHeader) => void;
}

const defaultStorage = browserStorage();

function useTillDb(given: RegularsDb | undefined): RegularsDb {
  const services: { db?: RegularsDb } = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const fromServices = services.db;
  return useMemo(() => given ?? fromServices ?? new RegularsDb(databaseName(LOCAL_ORG, deviceId || 'device')), [given, fromServices, deviceId]);
}

export default function BackupScreen({ db: given, role, paired, storage = defaultStorage, download = browserDownload, onRestored }: BackupScreenProps) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const db = useTillDb(given);
  const sessionRole = useSession((s) => s.staff?.role);
  const syncPaired = useSyncState((s) => s.paired);
  const staffId = useSession((s) => s.staff?.id ?? null);
  const store = useSession((s) => s.store);
  const [refresh, setRefresh] = useState(0);
  const lastBackupAt = useLiveQuery(() => repos.settings.get('lastBackupAt'), [repos, refresh], null);
  const reminderDays = useLiveQuery(() => repos.settings.get('backupReminderDays'), [repos], null) ?? DEFAULT_BACKUP_REMINDER_DAYS;
  const timeZone = store?.timeZone ?? 'Asia/Shanghai';

  if (!hasRole(role ?? sessionRole, 'manager')) {
    return <section aria-label={t('backup.title')}><h1>{t('backup.title')}</h1><p role="alert">{t('backup.managerOnly')}</p></section>;
  }
  return (
    <section aria-label={t('backup.title')} className="backup-screen">
      <h1>{t('backup.title')}</h1>
      <StoragePanel storage={storage} lastBackupAt={lastBackupAt ?? null} reminderDays={reminderDays} paired={paired ?? syncPaired}
        now={now()} timeZone={timeZone} refresh={refresh} />
      <SavePanel db={db} now={now} newId={newId} staffId={staffId} storeId={store?.id ?? null} timeZone={timeZone}
        download={download} onSaved={() => setRefresh((n) => n + 1)} />
      <RestorePanel db={db} now={now} newId={newId} staffId={staffId} timeZone={timeZone}
        onRestored={(h) => { setRefresh((n) => n + 1); onRestored?.(h); }} />
    </section>
  );
}
