/** The signed-in till: header, the current screen, and the prompts any screen may raise. */
import { lazy, Suspense } from 'react';
import { Counter } from './counter';
import { useT } from '../i18n/use-t';
import { handleScan } from './handle-scan';
import { Header, roleForRoute } from './header';
import { useRouter } from './router';
import { checkTillDevice } from './device-health';
import { useIdleLock } from './idle-lock';
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
const CatalogueScreen = lazy(() => import('../features/catalogue/catalogue-screen'));
const StaffScreen = lazy(() => import('../features/staff/staff-screen'));
const AuditScreen = lazy(() => import('../features/audit/audit-screen'));
const SettingsScreen = lazy(() => import('../features/settings/settings-screen'));
const InsightsScreen = lazy(() => import('../features/insights/insights-screen'));
const MemberListScreen = lazy(() => import('../features/members/member-list-screen'));
const ImportScreen = lazy(() => import('../features/import/import-screen'));

export default function Shell() {
  const t = useT();
  const services = useServices();
  const { route, go } = useRouter();
  const role = useSession((s) => s.staff?.role);
  const lock = useSession((s) => s.lock);
  const idleMinutes = useLiveQuery(() => services.repos.settings.get('idleLockMinutes'), [services.repos]);
  useIdleLock(idleLockMs(idleMinutes), lock);
  const enrolling = useEnrollPrompt((s) => s.open);
  useScanner((code) => { void handleScan(code, services); });

  let screen;
  switch (route.name) {
    case 'member': screen = <MemberCard key={route.id} memberId={route.id} />; break;
    case 'returns': screen = <ReturnsScreen receiptNo={route.receiptNo} />; break;
    case 'care': screen = <CareScreen />; break;
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
    default: screen = <Counter />;
  }
  // A hash typed or bookmarked by someone without the role shows a refusal, not the screen.
  if (!hasRole(role, roleForRoute(route.name))) screen = <p className="error" role="alert">{t('nav.notAllowed')}</p>;
  return (
    <div className="shell">
      <Header />
      <UpdatePrompt />
      <SyncBanner />
      <StorageWarning />
      <EvictedBanner onRestore={hasRole(role, 'manager') ? () => go({ name: 'backup' }) : undefined} />
      <BackupReminderBanner onOpen={() => go({ name: 'backup' })} />
      <main className="screen">
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>{screen}</Suspense>
      </main>
      {enrolling && <Suspense fallback={null}><EnrollDialog /></Suspense>}
      <ManagerPinPrompt />
      <Toast />
    </div>
  );
}
