/**
 * Start of the till: the saved language and the device's own settings (idb-keyval, read side by side,
 * while the sign-in screen's chunk is fetched), then the database for this device (the organisation's when paired, which also starts the sync engine),
 * then the app. The eviction check's markers (a chunk of their own) load beside all that. Persistent
 * storage is asked for, and the service worker registered, after the first paint so neither delays
 * the counter; both are chunks outside the first bundle (issue #6).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../db/open';
import { translate } from '../i18n/i18n';
import { loadSavedLang, useLang } from '../i18n/use-t';
import { App, preloadSetup, preloadSignIn } from './app';
import { loadDeviceSettings, useDevice } from './device';
import { browserMarkers } from './device-health';
import { listenToHash } from './router';
import { idbPairingStorage } from './sync/pairing-storage';
import { SyncRuntime } from './sync/sync-runtime';
import { cannotRunHere, InsecureNotice } from './secure-context';
import './styles.css';

/** No setup marker (src/backup/storage-health.ts MARKER_KEY, read here without loading that chunk): a first visit. */
function neverSetUp(): boolean {
  try {
    return localStorage.getItem('regulars.setup-marker') === null;
  } catch {
    return false;
  }
}

async function start(root: HTMLElement) {
  if (cannotRunHere()) {
    // Plain http from another machine: say why the till cannot run, in the saved or the browser's language.
    await loadSavedLang();
    document.documentElement.lang = useLang.getState().lang;
    createRoot(root).render(<InsecureNotice />);
    return;
  }
  preloadSignIn();
  if (neverSetUp()) preloadSetup();
  // Without them (the chunk failed to load) the till starts without its eviction check.
  const markers = browserMarkers().catch(() => undefined);
  const reactRoot = createRoot(root);
  try {
    // Independent reads of the device's own settings, side by side (each is an IndexedDB round trip).
    const [, device] = await Promise.all([loadSavedLang(), loadDeviceSettings()]);
    document.documentElement.lang = useLang.getState().lang;
    useDevice.setState({ settings: device });
    // The till's database: the local one, or the organisation's when paired (then the engine starts).
    const sync = new SyncRuntime({
      open: (orgId, deviceId) => openDatabase(orgId, deviceId, Date.now()),
      storage: idbPairingStorage,
      now: () => Date.now(),
      newId: () => uuidv7(),
      localDevice: async () => {
        const fresh = await loadDeviceSettings();
        useDevice.setState({ settings: fresh });
        return fresh.deviceId;
      },
    });
    const services = await sync.boot(device.deviceId);
    listenToHash();
    const stores = await markers;
    reactRoot.render(
      <StrictMode>
        <App services={services} markers={stores} />
      </StrictMode>,
    );
  } catch (e) {
    const message = translate(useLang.getState().lang, 'app.error', { message: e instanceof Error ? e.message : String(e) });
    reactRoot.render(<p className="error" role="alert">{message}</p>);
    return;
  }
  void import('./storage-status').then((m) => m.checkStorage());
  if (import.meta.env.PROD) void import('./sw-register').then((m) => m.registerServiceWorker());
}

const root = document.getElementById('root');
if (root) void start(root);
