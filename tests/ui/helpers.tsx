/**
 * The counter's own rules, cited by the screen tests as [UI-…] (engine rules keep their
 * docs/loyalty-spec.md numbers: T1, R3, Q1, Q8, X1, B1):
 *  UI-L1 search shows at most 20 rows: name, masked phone, tier, points · UI-L2 every kind of lookup
 *  (initials, last four…) · UI-L3 a stale answer is never shown after a newer one · UI-L4 keypad ·
 *  UI-L5 a scanned card selects the member from any screen (during a sale, on the sale, the counter stays) ·
 *  UI-L6 a scanned barcode adds the product · UI-L8..L10 a result or Enter puts the member on the open sale,
 *  a "card" button opens the card, the search has the focus when the counter is idle ·
 *  UI-N1 invalid phone refused at the field, nothing written · UI-N2 duplicate phone caught before saving ·
 *  UI-N3 new member attached to the open sale with the bonus · UI-N4 consent required ·
 *  UI-W1 a full disk keeps the cart and says so · UI-D1 line discount above the limit needs a manager ·
 *  UI-P1 first-start setup · UI-P2 PIN lock-out after 5 failures · UI-A1 every control has a name ·
 *  UI-U1 update offered only between sales · UI-I1..I6 i18n · UI-C1 catalogue CSV · UI-M1 phone masking ·
 *  UI-R1 a screen opened by its address without the role is refused · UI-S1 the owner manages staff (new PIN
 *  lifts a lock-out, the last owner stays, a paired till's staff come from the server), audited ·
 *  UI-C2 the catalogue lists every product, the ones not on sale marked · UI-S2 the store's name and time zone
 *  are edited after setup (not on a paired till), a setting out of range is refused at its field.
 *
 * Shared set-up for the screen tests: a fresh Dexie database on fake-indexeddb per test, a fixed
 * clock, both catalogues registered, every zustand store reset, and helpers that create a store,
 * sign in and enroll members the way the till does.
 */
import { configure, render } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { vi } from 'vitest';
import { App } from '../../src/app/app';
import { useCart } from '../../src/app/cart-store';
import { enrollMember } from '../../src/app/enrollment';
import { currentProgramme, loadProgramme, resetProgramme } from '../../src/app/programme-store';
import { useLookup } from '../../src/app/lookup-store';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { useEnrollPrompt, useLastSale } from '../../src/app/till-prompts';
import { useManagerPrompt } from '../../src/app/ui/manager-pin';
import { useUpdate } from '../../src/app/update-store';
import { resetSyncState } from '../../src/app/sync/sync-state';
import { openDatabase } from '../../src/db/open';
import type { Member, Staff } from '../../src/domain/records';
import { en } from '../../src/i18n/en';
import { registerCatalogue } from '../../src/i18n/i18n';
import { useLang } from '../../src/i18n/use-t';
import { zhCN } from '../../src/i18n/zh-CN';
import { createStore } from '../../src/features/setup/create-store';
import { hashPin } from '../../src/app/pin';

// The first render loads lazy chunks (shell, screens) through the transformer: allow for it.
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 30_000 });

registerCatalogue('en', en);
registerCatalogue('zh-CN', zhCN);

/** 2026-11-20 10:00 in Shanghai. */
export const NOW = Date.UTC(2026, 10, 20, 2, 0, 0);
export const DAY = 86_400_000;
export const OWNER_PIN = '2468';

export function resetStores(): void {
  useCart.getState().reset();
  useSession.getState().reset();
  resetProgramme();
  useLastSale.setState({ finished: null });
  useLookup.getState().setText('');
  useRouter.setState({ route: { name: 'counter' } });
  useEnrollPrompt.setState({ open: false, attach: true });
  useManagerPrompt.setState({ request: null });
  useUpdate.setState({ ready: false, apply: null, dismissed: false });
  useLang.setState({ lang: 'en' });
  resetSyncState();
}

export async function makeServices(now = NOW): Promise<Services> {
  const deviceId = uuidv7().replace(/-/g, '');
  const { repos, db } = await openDatabase('test', deviceId, now);
  useSession.getState().setDevice(deviceId);
  return { repos, db, now: () => now, newId: () => uuidv7() };
}

/** A set-up store with its owner signed in (as after first start). */
export async function setUpStore(services: Services): Promise<Staff> {
  const { store, owner } = await createStore(services.repos, {
    storeName: 'Test Shop', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'en', ownerName: 'Olivia', ownerPin: OWNER_PIN,
  }, services.now(), services.newId);
  await loadProgramme(services.repos);
  useSession.getState().setStore(store);
  useSession.getState().signIn(owner);
  return owner;
}

export async function addStaff(services: Services, name: string, role: Staff['role'], pin: string): Promise<Staff> {
  const s: Staff = { id: services.newId(), name, role, ...(await hashPin(pin)), failedAttempts: 0, lockedUntil: null, active: true };
  await services.repos.staff.put(s);
  return s;
}

export async function enroll(services: Services, name: string, phone: string, referredBy: string | null = null): Promise<Member> {
  const { store, deviceId, staff } = useSession.getState();
  const r = await enrollMember({ name, phone, birthday: null, wechat: null, referredBy, consent: true }, {
    repos: services.repos, programme: currentProgramme(), now: services.now(), newId: services.newId,
    timeZone: store?.timeZone ?? 'Asia/Shanghai', storeId: store?.id ?? 's', deviceId, staffId: staff?.id ?? null, country: 'CN',
  });
  if (!r.ok) throw new Error(`enroll failed: ${JSON.stringify(r.errors)}`);
  return r.member;
}

/** A profile edit as the app makes it: through the writer, which keeps the derived indexes (birthday, tags). */
export async function editMember(services: Services, id: string, changes: Partial<Member>): Promise<void> {
  const hit = await services.repos.members.get(id);
  if (!hit) throw new Error(`no member ${id}`);
  await services.repos.writer.upsertMember({
    member: { ...hit.member, ...changes }, fields: Object.keys(changes) as (keyof Member)[], opId: services.newId(), at: services.now(),
    deviceId: useSession.getState().deviceId,
  });
}

export function renderApp(services: Services) {
  return render(<App services={services} />);
}
