/**
 * Registers the service worker with the prompt strategy (vite-plugin-pwa's virtual module over
 * workbox-window). The new worker waits; `apply` tells it to skip waiting and reloads once it
 * controls the page — called only from the update prompt, which appears only between sales.
 */
import { registerSW } from 'virtual:pwa-register';
import { useUpdate } from './update-store';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh() {
      useUpdate.setState({ ready: true, dismissed: false, apply: () => updateSW(true) });
    },
  });
}
