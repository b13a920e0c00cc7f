/**
 * One simulated tablet: its own Dexie database on fake-indexeddb, the real repositories and sync
 * store, and the real engine over a fault-injecting in-process transport to the real server.
 * `crash()` closes the database and opens it again, as a tablet that lost power would.
 */
import { RegularsDb } from '../../../src/db/database';
import { createDexieRepositories } from '../../../src/db/dexie-repositories';
import { DexieSyncStore } from '../../../src/db/dexie-sync-store';
import type { Repositories } from '../../../src/db/repositories';
import { createSyncEngine, type EngineClock, type SyncEngine } from '../../../src/sync/engine';
import { createFaultyTransport, NO_FAULTS, type FaultRates, type FaultyTransport } from '../../../src/sync/fault-transport';
import type { Pairing } from '../../../src/sync/pairing';
import { createInjectTransport } from '../../../src/sync/transport';
import { CURRENT_SCHEMA_VERSION } from '../../../src/db/database';
import type { Network } from './network';
import type { SimServer } from './server';

export class Tablet {
  db!: RegularsDb;
  repos!: Repositories;
  store!: DexieSyncStore;
  engine!: SyncEngine;
  readonly transport: FaultyTransport;
  /** Set to make the next pull fail between applying its page and writing the cursor. */
  crashInPull = false;
  online = true;

  constructor(readonly name: string, readonly pairing: Pairing, server: SimServer, random: () => number, rates: FaultRates = NO_FAULTS, network?: Network) {
    const direct = createInjectTransport(server.link, { token: () => pairing.token, schemaVersion: CURRENT_SCHEMA_VERSION });
    const inner = network ? network.link(direct) : direct;
    this.transport = createFaultyTransport(inner, random, { ...rates }, network?.delay);
    this.clock = { now: () => server.clock.now, setTimeout: () => 0, clearTimeout: () => {} };
    this.random = random;
  }

  private readonly clock: EngineClock;
  private readonly random: () => number;

  get deviceId(): string {
    return this.pairing.deviceId;
  }

  async open(): Promise<void> {
    this.db = new RegularsDb(this.name);
    await this.db.open();
    this.repos = createDexieRepositories(this.db);
    this.store = new DexieSyncStore(this.db, {
      beforeCursorWrite: () => {
        if (!this.crashInPull) return;
        this.crashInPull = false;
        throw new Error('simulated power loss between the pulled page and its cursor');
      },
    });
    this.engine = createSyncEngine({
      transport: this.transport, deviceId: this.deviceId, outbox: this.repos.outbox, store: this.store,
      clock: this.clock, random: this.random, pushBatch: 20, pullLimit: 50,
    });
  }

  async crash(): Promise<void> {
    this.db.close();
    await this.open();
  }

  async destroy(): Promise<void> {
    this.db.close();
    await this.db.delete();
  }
}
