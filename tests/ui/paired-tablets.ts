/**
 * Several tablets of one shop, each paired with the real sync server of the file (sync-server.ts) the
 * way the app pairs (pairDevice, seedFromPairing, bootstrapMembers, then the engine over the tablet's
 * own Dexie database), so a screen test can drive the real UI on one tablet and read another's screen.
 * Each tablet keeps its own clock and can be taken offline; nothing syncs until the test says so
 * (`sync()`: push everything, pull everything, twice, as "Sync now" on every tablet would).
 */
import { cleanup } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { loadProgramme } from '../../src/app/programme-store';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { CURRENT_SCHEMA_VERSION } from '../../src/db/database';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import { openDatabase } from '../../src/db/open';
import type { Staff } from '../../src/domain/records';
import { createOrg, createPairCode } from '../../src/server/tenancy';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine';
import { pairDevice, seedFromPairing } from '../../src/sync/pairing';
import { createInjectTransport, TransportError } from '../../src/sync/transport';
import { NOW, resetStores } from './helpers';
import type { syncServerForFile } from './sync-server';

type Server = ReturnType<typeof syncServerForFile>;

export const SERVER_OWNER_PIN = '1234';

export interface PairedTablet {
  readonly name: string;
  readonly deviceId: string;
  readonly services: Services;
  readonly engine: SyncEngine;
  /** This tablet's wall clock (ms); its services read it. */
  clock: { now: number };
  /** While true every request from this tablet fails as if the network were down. */
  offline: boolean;
  /** Makes this tablet the one on screen: its store, device and the server's owner signed in, its programme. */
  show(): Promise<void>;
}

export async function newShop(server: Server, name: string): Promise<{ orgId: string; storeId: string }> {
  return createOrg(server.db, { name, ownerName: `${name} Owner`, ownerPin: SERVER_OWNER_PIN, now: NOW });
}

export async function pairTablet(server: Server, storeId: string, name: string): Promise<PairedTablet> {
  const { code } = await createPairCode(server.db, storeId, NOW);
  const clock = { now: NOW };
  let token: string | null = null;
  const inner = createInjectTransport(server.app, { token: () => token, schemaVersion: CURRENT_SCHEMA_VERSION });
  const tablet = { offline: false };
  const transport = { send: (req: Parameters<typeof inner.send>[0]) => (tablet.offline ? Promise.reject(new TransportError('offline')) : inner.send(req)) };
  const p = await pairDevice('https://shop.example', code, name, transport);
  token = p.token;
  const { db, repos } = await openDatabase(p.orgId, p.deviceId, NOW);
  await seedFromPairing(repos, p.response);
  const store = new DexieSyncStore(db, { deviceId: p.deviceId });
  await bootstrapMembers({ transport, members: repos.members, setup: repos, store, pairingCursor: p.cursor, now: () => clock.now, yieldToTill: () => Promise.resolve() });
  const engine = createSyncEngine({
    transport, deviceId: p.deviceId, outbox: repos.outbox, store, locks: null, online: null,
    clock: { now: () => clock.now, setTimeout: () => 0, clearTimeout: () => undefined }, random: () => 0.5,
  });
  const services: Services = { repos, db, now: () => clock.now, newId: () => uuidv7() };
  const show = async () => {
    cleanup();
    resetStores();
    const settings = await repos.settings.get('store');
    const owner = (await repos.staff.list()).find((s: Staff) => s.role === 'owner');
    if (!settings || !owner) throw new Error(`${name} was not seeded by its pairing`);
    useSession.getState().setDevice(p.deviceId);
    useSession.getState().setStore(settings);
    useSession.getState().signIn(owner);
    await loadProgramme(repos);
  };
  return Object.assign(tablet, { name, deviceId: p.deviceId, services, engine, clock, show });
}

/** Every online tablet pushes and pulls, twice round, so each has what the others pushed. */
export async function syncAll(tablets: readonly PairedTablet[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const t of tablets) if (!t.offline && !(await t.engine.syncNow())) throw new Error(`${t.name} did not sync: ${JSON.stringify(t.engine.status().error)}`);
  }
}
