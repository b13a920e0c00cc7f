/**
 * The shop's care settings on paired tablets (docs/sync-protocol.md S24, C-S21; care-spec C1a), through
 * the real screens against the real server code on in-memory PGlite: the owner sets the yearly care
 * budget to ¥500 on tablet A; tablet C shows ¥500 after it syncs, and the audit list names the owner on
 * both; offline, nothing is saved anywhere.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRouter } from '../../src/app/router';
import { useSession } from '../../src/app/session-store';
import { memoryPairingStorage } from '../../src/app/sync/pairing-storage';
import { SyncRuntime } from '../../src/app/sync/sync-runtime';
import { CURRENT_SCHEMA_VERSION } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { createOrg, createPairCode } from '../../src/server/tenancy';
import { currentShopSettings } from '../../src/server/sync/shop-settings';
import { createInjectTransport, TransportError, type Transport } from '../../src/sync/transport';
import { NOW, renderApp, resetStores } from './helpers';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();
const PIN = '1234';
let offline = false;
const runtimes: SyncRuntime[] = [];

function newRuntime(): SyncRuntime {
  const r = new SyncRuntime({
    open: (orgId, deviceId) => openDatabase(orgId === 'local' ? `local${uuidv7().slice(-6)}` : `${orgId}${deviceId.slice(-6)}`, deviceId.replace(/-/g, ''), NOW),
    storage: memoryPairingStorage(), now: () => NOW, newId: () => uuidv7(),
    localDevice: () => Promise.resolve(uuidv7().replace(/-/g, '')),
    transport: (_url, token): Transport => {
      const inner = createInjectTransport(server.app, { token, schemaVersion: CURRENT_SCHEMA_VERSION });
      return { send: (req) => (offline ? Promise.reject(new TransportError('offline')) : inner.send(req)) };
    },
    engine: { locks: null, online: null },
  });
  runtimes.push(r);
  return r;
}

beforeEach(() => { resetStores(); offline = false; });
afterEach(() => { for (const r of runtimes.splice(0)) r.stop(); });

async function pairedTill(storeId: string) {
  const runtime = newRuntime();
  await runtime.boot(uuidv7().replace(/-/g, ''));
  const { code } = await createPairCode(server.db, storeId, NOW);
  await runtime.pair('https://shop.example', code, 'Till');
  return runtime;
}

/** The owner signs in on `runtime`'s till and opens the care settings screen. */
async function openCareSettings(runtime: SyncRuntime) {
  const services = runtime.current();
  const store = await services.repos.settings.get('store');
  const owner = (await services.repos.staff.list()).find((s) => s.role === 'owner');
  if (!store || !owner) throw new Error('not seeded');
  useSession.getState().setStore(store);
  useSession.getState().signIn(owner);
  renderApp(services);
  act(() => useRouter.getState().go({ name: 'care-settings' }));
  const form = await screen.findByRole('form', { name: 'Follow-ups, reminders and budget' });
  return { services, owner, form, budget: () => within(form).getByRole('textbox', { name: 'Yearly care budget per member' }) as HTMLInputElement };
}

async function saveBudget(form: HTMLElement, field: HTMLInputElement, value: string) {
  fireEvent.change(field, { target: { value } });
  fireEvent.click(within(form).getByRole('button', { name: 'Save care settings' }));
  const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
  fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: PIN } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
}

describe('the shop\'s care settings', () => {
  it('[S24][C-S21][C1a] the owner sets the budget to ¥500 on tablet A: tablet C shows ¥500 after it syncs, and the audit list names the owner', async () => {
    const org = await createOrg(server.db, { name: 'Care Chain', ownerName: 'Chain Owner', ownerPin: PIN, now: NOW });
    const a = await pairedTill(org.storeId);
    const c = await pairedTill(org.storeId);
    const onA = await openCareSettings(a);
    expect(onA.budget().value).toBe('300.00');
    // Before any save, each part is this tablet's own (the upgrade path: the owner's first save makes it the shop's).
    expect(await screen.findByText(/^Not yet the shop's: the rules and budget, the calendar, the message templates on this tablet/)).toBeTruthy();
    await saveBudget(onA.form, onA.budget(), '500');
    expect(await screen.findByText('Care settings saved.')).toBeTruthy();
    expect(await screen.findByText(/^Not yet the shop's: the calendar, the message templates on this tablet/)).toBeTruthy();
    expect((await currentShopSettings(server.db, org.orgId))).toMatchObject([{ key: 'careSettings', version: 1, value: { yearlyBudget: 50000 }, createdBy: onA.owner.id }]);

    // Tablet C, still on ¥300, syncs and shows ¥500; its audit list names the owner.
    cleanup();
    resetStores();
    await waitFor(async () => {
      await c.syncNow();
      expect((await c.current().repos.settings.get('careSettings')) as { yearlyBudget?: number } | null).toMatchObject({ yearlyBudget: 50000 });
    });
    const onC = await openCareSettings(c);
    expect(onC.budget().value).toBe('500.00');
    act(() => useRouter.getState().go({ name: 'audit' }));
    const row = (await screen.findByText('Care settings change')).closest('tr') as HTMLElement;
    expect(within(row).getByText('Chain Owner')).toBeTruthy();
    expect(within(row).getByText('careSettings')).toBeTruthy();

    // Tablet A shows the audit entry too, once it has pulled it (the server recorded it, not A's outbox).
    cleanup();
    await waitFor(async () => {
      await a.syncNow();
      expect((await a.current().repos.audit.recent(5)).map((e) => e.id)).toContain('setting-careSettings-v1');
    });
    expect((await a.current().repos.outbox.peek(50)).filter((r) => r.mutation.kind === 'audit.append')).toEqual([]);
  });

  it('[S24][C1a] with the server out of reach the budget is not saved, on the tablet or the server, and the screen says why', async () => {
    const org = await createOrg(server.db, { name: 'Offline Care', ownerName: 'Offline Owner', ownerPin: PIN, now: NOW });
    const a = await pairedTill(org.storeId);
    const onA = await openCareSettings(a);
    offline = true;
    await saveBudget(onA.form, onA.budget(), '500');
    expect(await screen.findByText(/The server cannot be reached: the shop's care settings can only be changed while it can\. Nothing was saved\./)).toBeTruthy();
    expect(await onA.services.repos.settings.get('careSettings')).toBeNull();
    expect(await currentShopSettings(server.db, org.orgId)).toEqual([]);
  });
});
