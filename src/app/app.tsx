/**
 * The till: boot (store settings, programme), then first-start setup, staff sign-in, or the shell.
 * Screens other than the counter and the member card are lazy chunks (all precached for offline).
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useT } from '../i18n/use-t';
import { useCart } from './cart-store';
import { loadProgramme } from './programme-store';
import { ServicesProvider, useServices } from './services';
import type { Services } from './services';
import { useSession } from './session-store';
import { SyncNoticeBanner } from './sync/sync-banner';

// The signed-in till is its own chunk, fetched (from the precache) as soon as the app starts, so
// it is ready by the time the PIN is typed; the first paint needs only the boot and sign-in code.
const loadShell = () => import('./shell');
const Shell = lazy(loadShell);
const SignInScreen = lazy(() => import('../features/staff/sign-in-screen'));
const SetupScreen = lazy(() => import('../features/setup/setup-screen'));

export function App({ services }: { services: Services }) {
  // Pairing, unpairing and revocation switch the till to another database (sync/sync-runtime.ts):
  // the new services replace the old ones and every screen starts again from the boot.
  const [current, setCurrent] = useState(services);
  useEffect(() => {
    setCurrent(services);
    return services.sync?.subscribe((next) => {
      useCart.getState().reset();
      setCurrent(next);
    });
  }, [services]);
  return (
    <ServicesProvider services={current}>
      <Root />
    </ServicesProvider>
  );
}

function Root() {
  const t = useT();
  const services = useServices();
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const store = useSession((s) => s.store);
  const staff = useSession((s) => s.staff);

  useEffect(() => {
    let live = true;
    void loadShell();
    void (async () => {
      const saved = await services.repos.settings.get('store');
      await loadProgramme(services.repos);
      if (!live) return;
      useSession.getState().setStore(saved);
      setPhase('ready');
    })().catch((e: unknown) => {
      if (!live) return;
      setError(e instanceof Error ? e.message : String(e));
      setPhase('error');
    });
    return () => { live = false; };
  }, [services]);

  if (phase === 'error') return <p className="error" role="alert">{t('app.error', { message: error })}</p>;
  if (phase === 'loading') return <p className="loading">{t('app.loading')}</p>;
  if (!store) {
    return (
      <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
        <SyncNoticeBanner />
        <SetupScreen />
      </Suspense>
    );
  }
  if (!staff) {
    return (
      <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
        <SignInScreen />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
      <Shell />
    </Suspense>
  );
}
