/**
 * The programme screen on a paired till (docs/sync-protocol.md S16, S19; loyalty-spec P5–P6), against
 * the real server code on in-memory PGlite through the in-process transport: the server numbers the
 * version and records who made it, the till stores both, another tablet pulls them; offline, nothing
 * is saved anywhere.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentProgramme, loadedProgrammeVersion, resetProgramme } from '../../src/app/programme-store';
import { useRouter } from '../../src/app/router';
import { useSession } from '../../src/app/session-store';
import { memoryPairingStorage } from '../../src/app/sync/pairing-storage';
import { SyncRuntime } from '../../src/app/sync/sync-runtime';
import { CURRENT_SCHEMA_VERSION } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { createOrg, createPairCode, currentProgramme as serverProgramme } from '../../src/server/tenancy';
import { createInjectTransport, TransportError, type Transport } from '../../src/sync/transport';
import { NOW, renderApp, resetStores } from './helpers';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();

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

async function saveDoubledPoints(runtime: SyncRuntime) {
  const services = runtime.current();
  const store = await services.repos.settings.get('store');
  const owner = (await services.repos.staff.list()).find((s) => s.role === 'owner');
  if (!store || !owner) throw new Error('not seeded');
  useSession.getState().setStore(store);
  useSession.getState().signIn(owner);
  renderApp(services);
  act(() => useRouter.getState().go({ name: 'programme' }));
  // A till paired to a server that never had a version of its own prices with the default.
  expect((await screen.findByTestId('programme-active')).textContent).toBe('Version 1 is in force: the default programme.');
  fireEvent.change(await screen.findByLabelText('PIN'), { target: { value: '1234' } });
  fireEvent.click(screen.getByRole('button', { name: 'Open the programme' }));
  const form = await screen.findByRole('form', { name: 'Loyalty programme' });
  fireEvent.change(within(form).getByLabelText('Points earned'), { target: { value: '2' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
  return { services, owner };
}

describe('a paired till', () => {
  it('[S16][S19] saves on the server, which numbers the version; the till keeps it with its audit entry and another tablet pulls it', async () => {
    const org = await createOrg(server.db, { name: 'Chain', ownerName: 'Chain Owner', ownerPin: '1234', now: NOW });
    const other = await pairedTill(org.storeId);
    const till = await pairedTill(org.storeId);
    const { services, owner } = await saveDoubledPoints(till);
    expect(await screen.findByText(/^Version 2 is saved and in force/)).toBeTruthy();

    const onServer = await serverProgramme(server.db, org.orgId);
    expect(onServer).toMatchObject({ version: 2, createdBy: owner.id, config: { earn: { pointsPerUnit: 2 } } });
    expect((await services.repos.programmes.get(2))?.config).toMatchObject({ version: 2, earn: { pointsPerUnit: 2 } });
    const [audit] = await services.repos.audit.recent(5);
    expect(audit).toMatchObject({ id: 'programme-v2', action: 'programme', staffId: owner.id });
    // The server recorded the entry itself: nothing of it waits in this till's outbox.
    expect((await services.repos.outbox.peek(50)).filter((r) => r.mutation.kind === 'audit.append')).toEqual([]);

    // The other tablet, at its counter with the default programme, pulls version 2 and prices with it.
    cleanup();
    resetProgramme();
    const otherServices = other.current();
    renderApp(otherServices);
    act(() => useRouter.getState().go({ name: 'counter' }));
    await waitFor(() => expect(loadedProgrammeVersion()).toBe(1));
    await waitFor(async () => {
      await other.syncNow();
      expect((await otherServices.repos.programmes.latest())?.version).toBe(2);
    });
    await waitFor(() => expect(currentProgramme()).toMatchObject({ version: 2, earn: { pointsPerUnit: 2 } }));
    expect((await otherServices.repos.audit.recent(5)).map((e) => e.id)).toContain('programme-v2');
  });

  it('[S19] with the server out of reach nothing is saved, on the till or the server, and the screen says why', async () => {
    const org = await createOrg(server.db, { name: 'Offline', ownerName: 'Offline Owner', ownerPin: '1234', now: NOW });
    const till = await pairedTill(org.storeId);
    offline = true;
    const { services } = await saveDoubledPoints(till);
    expect(await screen.findByText(/the programme can only be changed while the server can be reached\. Nothing was saved\./)).toBeTruthy();
    expect(await services.repos.programmes.versions()).toEqual([]);
    expect(await services.repos.audit.recent(5)).toEqual([]);
    expect(await serverProgramme(server.db, org.orgId)).toBeNull();
  });
});
