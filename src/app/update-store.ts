/**
 * "A new version is ready": set by the service-worker registration (sw-register.ts), read by the
 * prompt. Applying the update is the cashier's choice and only offered between sales, so a
 * waiting service worker never takes over (and reloads) during an open checkout.
 */
import { create } from 'zustand';

interface UpdateState {
  ready: boolean;
  apply: (() => Promise<void>) | null;
  dismissed: boolean;
}

export const useUpdate = create<UpdateState>()(() => ({ ready: false, apply: null, dismissed: false }));
