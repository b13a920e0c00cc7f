/**
 * The owner manages staff on a paired shop (ui-spec UI-S1, sync-protocol S25), through the real staff
 * screen against the real server code on in-memory PGlite, tablets paired the way the app pairs: a
 * cashier's new PIN set on tablet A signs in on tablet B once B has synced; a deactivated cashier is no
 * longer offered at B's sign-in; offline, nothing changes on the tablet or the server.
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
import { runAdmin } from '../../src/server/admin-ops';
import { createOrg, createPairCode } from '../../src/server/tenancy';
import { createInjectTransport, TransportError, type Transport } from '../../src/sync/transport';
import type { StaffPublic } from '../../src/sync/protocol';
import { NOW, renderApp, resetStores } from './helpers';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();
const OWNER_PIN = '1234';
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

/** A shop with its owner and a cashier Chen (added with the admin tool, as a shop does), and two tablets. */
async function shopWithTwoTablets(name: string) {
  const org = await createOrg(server.db, { name, ownerName: `${name} Owner`, ownerPin: OWNER_PIN, now: NOW });
  const { staffId } = await runAdmin(server.db, 'add-staff', { org: org.orgId, name: 'Chen', role: 'cashier', pin: '1111' }, NOW) as { staffId: string };
  const tablet = async () => {
    const runtime = newRuntime();
    await runtime.boot(uuidv7().replace(/-/g, ''));
    const { code } = await createPairCode(server.db, org.storeId, NOW);
    await runtime.pair('https://shop.example', code, 'Till');
    return runtime;
  };
  return { org, chenId: staffId, a: await tablet(), b: await tablet() };
}

/** Shows `runtime`'s till with its owner signed in, on `route`. */
async function show(runtime: SyncRuntime, route: 'staff' | 'counter') {
  cleanup();
  resetStores();
  const services = runtime.current();
  const store = await services.repos.settings.get('store');
  const owner = (await services.repos.staff.list()).find((s) => s.role === 'owner');
  if (!store || !owner) throw new Error('not seeded');
  useSession.getState().setStore(store);
  useSession.getState().signIn(owner);
  renderApp(services);
  act(() => useRouter.getState().go({ name: route }));
  return services;
}

async function approveAsOwner() {
  const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
  fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: OWNER_PIN } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
}

async function chenRow() {
  return (await within(await screen.findByRole('table')).findByText('Chen')).closest('tr') as HTMLElement;
}

async function setChenPin(pin: string) {
  const row = await chenRow();
  fireEvent.click(within(row).getByRole('button', { name: 'New PIN for Chen' }));
  fireEvent.change(within(row).getByLabelText('PIN'), { target: { value: pin } });
  fireEvent.change(within(row).getByLabelText('PIN again'), { target: { value: pin } });
  fireEvent.click(within(row).getByRole('button', { name: 'Save' }));
  await approveAsOwner();
}

/** On the till shown, the lock screen: Chen picks himself and types `pin`. */
async function chenSignsIn(pin: string) {
  act(() => useSession.getState().lock());
  fireEvent.click(await screen.findByRole('radio', { name: /Chen/ }));
  fireEvent.change(screen.getByLabelText('PIN'), { target: { value: pin } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

async function serverRow(orgId: string, id: string): Promise<StaffPublic | undefined> {
  const rows = await server.db.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 AND id = $2', [orgId, id]);
  return rows[0]?.data;
}

describe('the owner manages staff on a paired shop', () => {
  it('[UI-S1][S25] the owner gives Chen a new PIN on tablet A: on tablet B, once synced, Chen signs in with it and not with the old one', async () => {
    const { chenId, a, b } = await shopWithTwoTablets('Pin Shop');
    await show(a, 'staff');
    await setChenPin('5678');
    expect(await screen.findByText('Chen\'s PIN is changed.')).toBeTruthy();

    await b.syncNow();
    await show(b, 'counter');
    await chenSignsIn('1111');
    expect(await screen.findByText(/Wrong PIN/)).toBeTruthy();
    expect(useSession.getState().staff).toBeNull();
    await chenSignsIn('5678');
    await waitFor(() => expect(useSession.getState().staff?.id).toBe(chenId));
  });

  it('[UI-S1][S25] the owner deactivates Chen on tablet A: tablet B no longer offers Chen at sign-in; taken back, Chen is there again', async () => {
    const { org, chenId, a, b } = await shopWithTwoTablets('Leaver Shop');
    await show(b, 'counter');
    act(() => useSession.getState().lock());
    expect(await screen.findByRole('radio', { name: /Chen/ })).toBeTruthy();

    await show(a, 'staff');
    fireEvent.click(within(await chenRow()).getByRole('button', { name: 'Deactivate Chen' }));
    await approveAsOwner();
    expect(await within(await chenRow()).findByRole('button', { name: 'Take Chen back' })).toBeTruthy();
    expect((await serverRow(org.orgId, chenId))?.active).toBe(false);

    await b.syncNow();
    await show(b, 'counter');
    act(() => useSession.getState().lock());
    await screen.findByRole('radiogroup');
    expect(screen.queryByRole('radio', { name: /Chen/ })).toBeNull();
    expect((await b.current().repos.staff.get(chenId))?.active).toBe(false);

    await a.syncNow();
    await show(a, 'staff');
    fireEvent.click(within(await chenRow()).getByRole('button', { name: 'Take Chen back' }));
    await approveAsOwner();
    expect(await within(await chenRow()).findByRole('button', { name: 'Deactivate Chen' })).toBeTruthy();
    await b.syncNow();
    await show(b, 'counter');
    act(() => useSession.getState().lock());
    expect(await screen.findByRole('radio', { name: /Chen/ })).toBeTruthy();
  });

  it('[UI-S1][S25] offline, a new PIN and a deactivation change nothing, on the tablet or the server, and the screen says why', async () => {
    const { org, chenId, a } = await shopWithTwoTablets('Offline Staff Shop');
    const services = await show(a, 'staff');
    const before = await services.repos.staff.get(chenId);
    const onServer = await serverRow(org.orgId, chenId);
    offline = true;
    await setChenPin('5678');
    expect(await screen.findByText('The server cannot be reached: staff can only be changed while it can. Nothing was changed.')).toBeTruthy();
    fireEvent.click(within(await chenRow()).getByRole('button', { name: 'Deactivate Chen' }));
    await approveAsOwner();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/cannot be reached/));
    expect(within(await chenRow()).getByRole('button', { name: 'Deactivate Chen' })).toBeTruthy();
    expect(await services.repos.staff.get(chenId)).toEqual(before);
    expect(await serverRow(org.orgId, chenId)).toEqual(onServer);
  });
});
