/**
 * The till: boot (store settings, programme), then first-start setup, staff sign-in, or the shell.
 * Screens other than the counter and the member card are lazy chunks (all precached for offline).
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { MarkerStore } from '../backup/storage-health';
import { useT } from '../i18n/use-t';
import { checkTillDevice, useDeviceHealth } from './device-health';
import { loadProgramme } from './programme-store';
import { preloadable } from './preloadable';
import { ServicesProvider, useServices } from './services';
import type { Services } from './services';
import { useSession } from './session-store';

// The signed-in till is its own chunk, fetched (from the precache) as soon as the app starts, so
// it is ready by the time the PIN is typed; the first paint needs only the boot and sign-in code.
// Both render without suspending once their chunk is in (preloadable.tsx): no 300 ms reveal delay.
const shell = preloadable(() => import('./shell'));
const Shell = shell.Screen;
const signIn = preloadable(() => import('../features/staff/sign-in-screen'));
const SignInScreen = signIn.Screen;

/** Fetches the sign-in screen's chunk (main.tsx, at the very start) while the device settings and the database open. */
export function preloadSignIn(): void {
  void signIn.preload().catch(() => undefined);
}
// A till without a store (first start, or wiped): its banners and setup are a chunk of their own.
const SetupGate = lazy(() => import('./setup-gate'));
/**
 * A first visit shows the setup screen, two lazy chunks deep (the gate, then the form): main.tsx starts
 * both at once, beside the till's first IndexedDB reads, when this browser has never held a till
 * (no setup marker), instead of one after the other once the database says so. A wrong guess costs
 * one precached chunk.
 */
export function preloadSetup(): void {
  void import('./setup-gate').catch(() => undefined);
  void import('../features/setup/setup-screen').catch(() => undefined);
}

/** `markers`: where the eviction check keeps its setup marker (main.tsx: the browser's); none, no check. */
export function App({ services, markers }: { services: Services; markers?: MarkerStore[] }) {
  useState(() => { useDeviceHealth.setState({ markers: markers ?? null, state: null }); return null; });
  // Pairing, unpairing and revocation switch the till to another database (sync/sync-runtime.ts):
  // the new services replace the old ones and every screen starts again from the boot.
  const [current, setCurrent] = useState(services);
  useEffect(() => {
    setCurrent(services);
    return services.sync?.subscribe((next) => {
      // The cart store lives in the shell's chunk: not loaded yet means no sale is open to drop.
      void import('./cart-store').then((m) => m.useCart.getState().reset());
      useDeviceHealth.setState({ state: null, switched: true });
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
  // True between a boot that found no store and the store being made (setup): then the markers adopt it.
  const settingUp = useRef(false);

  useEffect(() => {
    let live = true;
    void shell.preload().catch(() => undefined);
    void (async () => {
      const [saved] = await Promise.all([services.repos.settings.get('store'), loadProgramme(services.repos)]);
      // The device check reads every table: a till with its store runs it beside the sign-in (its
      // banner shows when it is done); without a store it decides setup, restore or re-download first.
      const device = checkTillDevice(services.db);
      if (saved === null) await device;
      else void device.catch(() => undefined);
      if (!live) return;
      settingUp.current = saved === null;
      useSession.getState().setStore(saved);
      setPhase('ready');
    })().catch((e: unknown) => {
      if (!live) return;
      setError(e instanceof Error ? e.message : String(e));
      setPhase('error');
    });
    return () => { live = false; };
  }, [services]);

  useEffect(() => {
    if (!store || !settingUp.current) return;
    settingUp.current = false;
    void checkTillDevice(services.db, { afterRestore: true });
  }, [store, services]);

  if (phase === 'error') return <p className="error" role="alert">{t('app.error', { message: error })}</p>;
  if (phase === 'loading') return <p className="loading">{t('app.loading')}</p>;
  if (!store) {
    return (
      <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
        <SetupGate />
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
