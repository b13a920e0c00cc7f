/** The signed-in till: header, the current screen, and the prompts any screen may raise. */
import { keepCart } from './cart-persist';
import { lazy, Suspense, useEffect } from 'react';
import { Counter } from './counter';
import { useT } from '../i18n/use-t';
import { handleScan } from './handle-scan';
import { Header, roleForRoute } from './header';
import { useRouter } from './router';
import { checkTillDevice } from './device-health';
import { useIdleLock } from './idle-lock';
import { useFollowLatestProgramme } from './follow-programme';
import { hasRole, useSession } from './session-store';
import { idleLockMs } from './settings-keys';
import { EvictedBanner } from './ui/evicted-banner';
import { BackupReminderBanner } from '../features/backup/backup-reminder';
import { useLiveQuery } from 'dexie-react-hooks';
import { useScanner } from './scanner';
import { useServices } from './services';
import { useEnrollPrompt } from './till-prompts';
import { ManagerPinPrompt } from './ui/manager-pin';
import { StorageWarning } from './ui/storage-warning';
import { SyncBanner } from './sync/sync-banner';
import { Toast } from './ui/toast';
import { UpdatePrompt } from './ui/update-prompt';

const MemberCard = lazy(() => import('../features/member/member-card'));
const EnrollDialog = lazy(() => import('../features/enroll/enroll-dialog'));
const ReturnsScreen = lazy(() => import('../features/returns/returns-screen'));
const BackupScreen = lazy(() => import('../features/backup/backup-screen'));
const CareScreen = lazy(() => import('../features/care/care-screen'));
const CareSettingsScreen = lazy(() => import('../features/care/care-settings-screen'));
const ComplaintScreen = lazy(() => import('../features/care/complaint-screen'));
const CatalogueScreen = lazy(() => import('../features/catalogue/catalogue-screen'));
const StaffScreen = lazy(() => import('../features/staff/staff-screen'));
const AuditScreen = lazy(() => import('../features/audit/audit-screen'));
const SettingsScreen = lazy(() => import('../features/settings/settings-screen'));
const InsightsScreen = lazy(() => import('../features/insights/insights-screen'));
const MemberListScreen = lazy(() => import('../features/members/member-list-screen'));
const ImportScreen = lazy(() => import('../features/import/import-screen'));
const ProgrammeScreen = lazy(() => import('../features/programme/programme-screen'));

export default function Shell() {
  const t = useT();
  const services = useServices();
  const { route, go } = useRouter();
  const role = useSession((s) => s.staff?.role);
  const lock = useSession((s) => s.lock);
  const idleMinutes = useLiveQuery(() => services.repos.settings.get('idleLockMinutes'), [services.repos]);
  useIdleLock(idleLockMs(idleMinutes), lock);
  useFollowLatestProgramme(services.repos);
  const enrolling = useEnrollPrompt((s) => s.open);
  useScanner((code) => { void handleScan(code, services); });
  // UI-K1: the open sale is kept on this tablet as it changes and put back after a reload or a crash.
  useEffect(() => {
    let stop: (() => void) | null = null, gone = false;
    void keepCart(services).then((s) => { if (gone) s(); else stop = s; });
    return () => { gone = true; stop?.(); };
  }, [services]);

  let screen;
  switch (route.name) {
    case 'member': screen = <MemberCard key={route.id} memberId={route.id} />; break;
    case 'returns': screen = <ReturnsScreen receiptNo={route.receiptNo} />; break;
    case 'care': screen = <CareScreen />; break;
    case 'care-settings': screen = <CareSettingsScreen />; break;
    case 'complaint': screen = <ComplaintScreen key={route.memberId} memberId={route.memberId} />; break;
    // A restore replaces every table: reload so no screen keeps the old data in memory.
    // The restored database is the till's now: the eviction markers describe it before the reload.
    case 'backup': screen = <BackupScreen onRestored={() => { void checkTillDevice(services.db, { afterRestore: true }).finally(() => window.location.reload()); }} />; break;
    case 'catalogue': screen = <CatalogueScreen />; break;
    case 'staff': screen = <StaffScreen />; break;
    case 'audit': screen = <AuditScreen />; break;
    case 'settings': screen = <SettingsScreen />; break;
    case 'insights': screen = <InsightsScreen />; break;
    case 'members': screen = <MemberListScreen />; break;
    case 'import': screen = <ImportScreen />; break;
    case 'programme': screen = <ProgrammeScreen />; break;
    default: screen = <Counter />;
  }
  // A hash typed or bookmarked by someone without the role shows a refusal, not the screen.
  if (!hasRole(role, roleForRoute(route.name))) screen = <p className="error" role="alert">{t('nav.notAllowed')}</p>;
  const banners = (
    <>
      <SyncBanner />
      <StorageWarning />
      <EvictedBanner onRestore={hasRole(role, 'manager') ? () => go({ name: 'backup' }) : undefined} />
      <BackupReminderBanner onOpen={() => go({ name: 'backup' })} />
    </>
  );
  // The counter fits the screen (the pay button always visible): its banners sit above it. Every other
  // screen scrolls, and its banners scroll away with it instead of covering the top of a scrolled card.
  const fitted = screen.type === Counter;
  return (
    <div className="shell">
      <Header />
      <UpdatePrompt />
      {fitted && banners}
      <main className={fitted ? 'screen screen-fitted' : 'screen'}>
        {!fitted && <div className="screen-banners">{banners}</div>}
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>{screen}</Suspense>
      </main>
      {enrolling && <Suspense fallback={null}><EnrollDialog /></Suspense>}
      <ManagerPinPrompt />
      <Toast />
    </div>
  );
}
