/**
 * The banner that reminds a manager to save a backup (no server paired, none yet or the last older than
 * the setting), with the date of the last one. For the shell, under the header; hidden from cashiers.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { useSyncState } from '../../app/sync/sync-state';
import { DEFAULT_BACKUP_REMINDER_DAYS } from '../../backup/settings-keys';
import { backupReminder } from '../../backup/storage-health';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** `paired` defaults to the sync state (a paired till is not reminded: the server keeps its data). */
export function BackupReminderBanner({ paired, onOpen }: { paired?: boolean; onOpen: () => void }) {
  const t = useT();
  const { repos, now } = useServices();
  const role = useSession((s) => s.staff?.role);
  const syncPaired = useSyncState((s) => s.paired);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const last = useLiveQuery(async () => ({
    at: await repos.settings.get('lastBackupAt'),
    days: await repos.settings.get('backupReminderDays'),
  }), [repos]);
  if (!last || !hasRole(role, 'manager')) return null;
  const days = last.days ?? DEFAULT_BACKUP_REMINDER_DAYS;
  const r = backupReminder({ lastBackupAt: last.at, now: now(), maxAgeDays: days, paired: paired ?? syncPaired });
  if (!r.remind) return null;
  return (
    <div className="banner" role="status">
      <p>{r.lastBackupAt === null ? t('backup.last.remindNever') : `${t('backup.last.remind', { days })} ${t('backup.last.at', { date: formatDateTime(r.lastBackupAt, timeZone, t.lang) })}`}</p>
      <button type="button" className="btn" onClick={onOpen}>{t('backup.save.title')}</button>
    </div>
  );
}
