/**
 * First start: saves the store's settings, the first programme version (the engine's defaults, so
 * every sale can name the version that priced it) and the owner with a hashed PIN. The demo adds
 * sample products and members on top.
 */
import type { Repositories } from '../../db/repositories';
import { DEFAULT_PROGRAMME } from '../../domain/programme';
import type { Staff, Store } from '../../domain/records';
import { hashPin } from '../../app/pin';

export interface SetupForm {
  storeName: string;
  currency: string;
  timeZone: string;
  locale: 'zh-CN' | 'en';
  ownerName: string;
  ownerPin: string;
}

export interface SetupResult {
  store: Store;
  owner: Staff;
}


export async function createStore(repos: Repositories, form: SetupForm, now: number, newId: () => string): Promise<SetupResult> {
  const store: Store = {
    id: newId(), name: form.storeName.trim(), currency: form.currency, timeZone: form.timeZone, locale: form.locale, country: 'CN',
  };
  const owner: Staff = {
    id: newId(), name: form.ownerName.trim(), role: 'owner', ...(await hashPin(form.ownerPin)),
    failedAttempts: 0, lockedUntil: null, active: true,
  };
  if (!(await repos.programmes.latest())) {
    await repos.programmes.save({ version: DEFAULT_PROGRAMME.version, savedAt: now, savedBy: owner.id, config: DEFAULT_PROGRAMME });
  }
  await repos.staff.put(owner);
  // The store record last: its presence is what marks setup as done.
  await repos.settings.set('store', store);
  return { store, owner };
}
