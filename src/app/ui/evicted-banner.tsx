/**
 * Says plainly that the browser cleared the till's data (issue #7) and what to do: when paired, the
 * server's copy comes back (the member download runs again); otherwise restore the last backup —
 * in the shell through the backup screen, before setup right here (no one can sign in to an empty till).
 */
import { lazy, Suspense, useState } from 'react';
import { evictionAdvice } from '../../backup/storage-health';
import { useT } from '../../i18n/use-t';
import { checkTillDevice, useDeviceHealth } from '../device-health';
import { useServices } from '../services';
import { useSession } from '../session-store';
import { useSyncState } from '../sync/sync-state';

// The restore form (and the backup file code behind it) loads only when needed: not in the till's first bundle.
const RestorePanel = lazy(() => import('../../features/backup/restore-panel').then((m) => ({ default: m.RestorePanel })));

/** `onRestore` opens the backup screen; without it the restore form opens in the banner. */
export function EvictedBanner({ onRestore }: { onRestore?: () => void }) {
  const t = useT();
  const { db, now, newId } = useServices();
  const state = useDeviceHealth((s) => s.state);
  const paired = useSyncState((s) => s.paired);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const [open, setOpen] = useState(false);
  const advice = state ? evictionAdvice(state, paired) : null;
  if (!advice) return null;
  if (advice === 'redownload') return <p className="banner banner-warn" role="alert">{t('backup.evicted.redownload')}</p>;
  const restored = () => {
    void checkTillDevice(db, { afterRestore: true }).finally(() => window.location.reload());
  };
  return (
    <div className="banner banner-warn" role="alert">
      <p>{t('backup.evicted.restore')}</p>
      {!open && (onRestore || db) && (
        <button type="button" className="btn" onClick={() => (onRestore ? onRestore() : setOpen(true))}>{t('backup.restore.title')}</button>
      )}
      {open && db && (
        <Suspense fallback={null}>
          <RestorePanel db={db} now={now} newId={newId} staffId={null} timeZone={timeZone} onRestored={restored} />
        </Suspense>
      )}
    </div>
  );
}
