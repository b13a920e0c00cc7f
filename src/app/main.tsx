/**
 * Start of the till: the saved language and the device's own settings (idb-keyval), then the
 * database for this device, then the app. Persistent storage is asked for, and the service worker
 * registered, after the first paint so neither delays the counter.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../db/open';
import { translate } from '../i18n/i18n';
import { loadSavedLang, useLang } from '../i18n/use-t';
import { App } from './app';
import { loadDeviceSettings, useDevice } from './device';
import { listenToHash } from './router';
import { useSession } from './session-store';
import { checkStorage } from './storage-status';
import './styles.css';

/** Without a sync server every till is its own organisation. */
const LOCAL_ORG = 'local';

async function start(root: HTMLElement) {
  const reactRoot = createRoot(root);
  try {
    await loadSavedLang();
    document.documentElement.lang = useLang.getState().lang;
    const device = await loadDeviceSettings();
    useDevice.setState({ settings: device });
    useSession.getState().setDevice(device.deviceId);
    const { db, repos } = await openDatabase(LOCAL_ORG, device.deviceId, Date.now());
    listenToHash();
    reactRoot.render(
      <StrictMode>
        <App services={{ repos, db, now: () => Date.now(), newId: () => uuidv7() }} />
      </StrictMode>,
    );
  } catch (e) {
    const message = translate(useLang.getState().lang, 'app.error', { message: e instanceof Error ? e.message : String(e) });
    reactRoot.render(<p className="error" role="alert">{message}</p>);
    return;
  }
  void checkStorage();
  if (import.meta.env.PROD) void import('./sw-register').then((m) => m.registerServiceWorker());
}

const root = document.getElementById('root');
if (root) void start(root);
