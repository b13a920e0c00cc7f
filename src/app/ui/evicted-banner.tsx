/**
 * Says plainly that the browser cleared the till's data (issue #7) and what to do: when paired, the
 * server's copy comes back (SH5: store, staff, programme, then the members) and the till opens on it
 * by itself — first-run setup is not offered meanwhile (`useRedownloading`); otherwise restore the
 * last backup — in the shell through the backup screen, before setup right here (no one can sign in
 * to an empty till).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect, useState } from 'react';
import { evictionAdvice } from '../../backup/storage-health';
import { useT } from '../../i18n/use-t';
import { checkTillDevice, useDeviceHealth } from '../device-health';
import { loadProgramme } from '../programme-store';
import { useServices } from '../services';
import { useSession } from '../session-store';
import { useSyncState } from '../sync/sync-state';
import { browserZone } from './time-zone-select';

// The restore form (and the backup file code behind it) loads only when needed: not in the till's first bundle.
const RestorePanel = lazy(() => import('../../features/backup/restore-panel').then((m) => ({ default: m.RestorePanel })));

/** True while a paired till whose data the browser cleared waits for the server's copy (SH5). */
export function useRedownloading(): boolean {
  const state = useDeviceHealth((s) => s.state);
  const paired = useSyncState((s) => s.paired);
  return state !== null && evictionAdvice(state, paired) === 'redownload';
}

/** `onRestore` opens the backup screen; without it the restore form opens in the banner. */
export function EvictedBanner({ onRestore }: { onRestore?: () => void }) {
  const t = useT();
  const { db, repos, now, newId } = useServices();
  const state = useDeviceHealth((s) => s.state);
  const paired = useSyncState((s) => s.paired);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const [open, setOpen] = useState(false);
  const advice = state ? evictionAdvice(state, paired) : null;
  // The store arrives with the server's setup: the till adopts the new database and opens on it.
  const downloaded = useLiveQuery(async () => (advice === 'redownload' ? repos.settings.get('store') : null), [repos, advice]);
  useEffect(() => {
    if (!downloaded) return;
    void (async () => {
      await loadProgramme(repos);
      await checkTillDevice(db, { afterRestore: true });
      if (!useSession.getState().store) useSession.getState().setStore(downloaded);
    })();
  }, [downloaded, repos, db]);
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

/**
 * Before first-run setup on a tablet that was not cleared: a new tablet replacing a lost one restores
 * the last backup here (a store set up first would make it "another shop", always refused, BK6).
 */
export function FirstRunRestore() {
  const t = useT();
  const { db, now, newId } = useServices();
  const state = useDeviceHealth((s) => s.state);
  const [open, setOpen] = useState(false);
  if (!db || state === 'evicted') return null;
  const restored = () => {
    void checkTillDevice(db, { afterRestore: true }).finally(() => window.location.reload());
  };
  return (
    <section className="setup first-run-restore" aria-labelledby="first-run-restore">
      <p id="first-run-restore">{t('backup.firstRun.hint')}</p>
      {!open && <button type="button" className="btn" onClick={() => setOpen(true)}>{t('backup.restore.title')}</button>}
      {open && (
        <Suspense fallback={null}>
          <RestorePanel db={db} now={now} newId={newId} staffId={null} timeZone={browserZone()} onRestored={restored} />
        </Suspense>
      )}
    </section>
  );
}
