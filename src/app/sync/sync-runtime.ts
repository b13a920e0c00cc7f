/**
 * The till's side of sync: which database the till runs on (the local one, or the organisation's once
 * paired), the engine over it, the member bootstrap, and what happens on pairing, unpairing and revocation.
 * Guarantees:
 *  - A failed pairing (bad code, no answer, bad address) stores nothing and leaves the till as it was.
 *  - A paired tablet runs on its own database `regulars-<org>-<device>`, seeded from the pairing
 *    answer (store, staff, programme); the engine starts once, after the member bootstrap finished
 *    (a pull before it would start the feed at 0 instead of the pairing cursor). The bootstrap runs
 *    in the background and resumes after a restart (C-S13).
 *  - Every committed write notifies the engine (notify-repos.ts); only the leader tab syncs (C-S12),
 *    and only one tab at a time downloads members (Web Lock 'regulars-bootstrap').
 *  - `device_revoked` (or an owner's unpair) erases the tablet's data (SyncStore.wipe), forgets the
 *    pairing and device settings, and switches the till to a fresh, empty local database: first-run setup.
 *  - The token lives only in the pairing storage and the transport's headers, never in a URL or a log.
 */
import { LOCAL_ORG, type OpenedDatabase } from '../../db/open';
import { CURRENT_SCHEMA_VERSION } from '../../db/database';
import type { Handover, SyncEngine, SyncEngineOptions } from '../../sync/engine';
import type { Transport } from '../../sync/transport';
import type { ApiClient, ManagerProof, StaffPatch } from '../../sync/api-client';
import type { DeviceInfo, Rejection, ServerException } from '../../sync/protocol';
import type { LocalRejection } from '../../db/sync-rejections';
import type * as SyncParts from './sync-parts';
import type { Services } from '../services';
import { useSession } from '../session-store';
import { notifyingRepos } from './notify-repos';
import type { PairingRecord, PairingStorage } from './pairing-storage';
import { useSyncState } from './sync-state';

export interface SyncRuntimeOptions {
  open(orgId: string, deviceId: string): Promise<OpenedDatabase>;
  storage: PairingStorage;
  now: () => number;
  newId: () => string;
  /** The device's local id after its settings were forgotten (a new one is made and saved). */
  localDevice: () => Promise<string>;
  /** Defaults to fetch against the server's address. */
  transport?: (baseUrl: string, token: () => string | null) => Transport;
  engine?: Pick<SyncEngineOptions, 'locks' | 'online' | 'clock' | 'random' | 'pullIntervalMs'>;
  bootstrapPageSize?: number;
  /** Wait before retrying a bootstrap that failed (offline): 30 s by default. */
  bootstrapRetryMs?: number;
}

type ProgrammeSaved = Awaited<ReturnType<ApiClient['putProgramme']>>;
type Listener = (s: Services) => void;
type Parts = typeof SyncParts;
const loadParts = (): Promise<Parts> => import('./sync-parts');

export class SyncRuntime {
  private services: Services | null = null;
  private opened: OpenedDatabase | null = null;
  private pairing: PairingRecord | null = null;
  private engine: SyncEngine | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly o: SyncRuntimeOptions) {}

  /** Opens the database the till starts on and, when paired, starts syncing. */
  async boot(localDeviceId: string): Promise<Services> {
    const p = await this.o.storage.load();
    if (!p) return this.use(await this.o.open(LOCAL_ORG, localDeviceId), localDeviceId);
    const services = this.use(await this.o.open(p.orgId, p.deviceId), p.deviceId);
    this.run(p);
    return services;
  }

  current(): Services {
    if (!this.services) throw new Error('The sync runtime has not booted');
    return this.services;
  }

  /** Called with the new services when the till switches database (paired, revoked, unpaired). */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  notify(): void {
    this.engine?.notify();
  }

  syncNow(): Promise<boolean> {
    return this.engine?.syncNow() ?? Promise.resolve(false);
  }

  /** True once paired: programme changes then go to the server first (S16, S19). */
  isPaired(): boolean {
    return this.pairing !== null;
  }

  /**
   * S16, S19: adds a programme version on the server, which numbers it; needs the network.
   * Throws ApiCallError (e.g. 403 forbidden) or TransportError (offline) with nothing saved.
   */
  async putProgramme(body: { staffId: string; pin: string; config: Record<string, unknown> }): Promise<ProgrammeSaved> {
    const p = this.pairing;
    if (!p) throw new Error('This till is not paired with a server');
    const parts = await loadParts();
    return parts.createApiClient(this.transportFor(parts, p.baseUrl, () => this.pairing?.token ?? null)).putProgramme(body);
  }

  /** S24: a new version of one of the shop's settings; the server checks the PIN and the value. */
  async putSetting(body: Parameters<ApiClient['putSetting']>[0]): Promise<Awaited<ReturnType<ApiClient['putSetting']>>> {
    const p = this.pairing;
    if (!p) throw new Error('This till is not paired with a server');
    const parts = await loadParts();
    return parts.createApiClient(this.transportFor(parts, p.baseUrl, () => this.pairing?.token ?? null)).putSetting(body);
  }

  /** S25: the owner changes a staff member on the server; the change comes back with the next pull. */
  async putStaff(m: ManagerProof, id: string, patch: StaffPatch): Promise<void> {
    const p = this.pairing;
    if (!p) throw new Error('This till is not paired with a server');
    const parts = await loadParts();
    await parts.createManagerClient(this.transportFor(parts, p.baseUrl, () => this.pairing?.token ?? null)).putStaff(m, id, patch);
  }

  /**
   * S20, S21: the server's rejections, exceptions and the shop's tablets, read by a manager or owner with their PIN (which is
   * sent with these two requests only, never stored). Throws ApiCallError (403) or TransportError (offline).
   */
  async syncIssues(m: ManagerProof): Promise<{ rejections: Rejection[]; exceptions: ServerException[]; devices: DeviceInfo[] }> {
    const p = this.pairing;
    if (!p) throw new Error('This till is not paired with a server');
    const parts = await loadParts();
    const client = parts.createManagerClient(this.transportFor(parts, p.baseUrl, () => this.pairing?.token ?? null));
    const [r, e, d] = await Promise.all([client.rejections(m), client.exceptions(m), client.devices(m)]);
    return { rejections: r.rejections, exceptions: e.exceptions, devices: d.devices };
  }

  /** C-S15: the rejections this tablet recorded (with the points it undid), for the sync issues screen. */
  async localRejections(): Promise<LocalRejection[]> {
    const v = this.services ? await this.services.repos.settings.get('syncRejections') : null;
    return Array.isArray(v) ? v : [];
  }

  /** Pairs with a server; throws (RangeError, ApiCallError, TransportError) with nothing stored. */
  async pair(baseUrl: string, code: string, deviceName: string): Promise<void> {
    const url = normaliseUrl(baseUrl);
    const parts = await loadParts();
    const { pairDevice, seedFromPairing } = parts;
    const transport = this.transportFor(parts, url, () => null);
    const r = await pairDevice(url, code, deviceName, transport);
    const opened = await this.o.open(r.orgId, r.deviceId);
    const record: PairingRecord = { baseUrl: url, token: r.token, deviceId: r.deviceId, orgId: r.orgId, storeId: r.storeId, cursor: r.cursor, lastSyncedAt: null };
    try {
      await seedFromPairing(opened.repos, r.response);
      await this.o.storage.save(record);
    } catch (e) {
      // The half-seeded database is new and unused: drop it, so nothing of the failed pairing stays.
      await opened.db.delete().catch(() => undefined);
      throw e;
    }
    this.stop();
    this.opened?.db.close();
    useSession.getState().lock();
    this.switchTo(this.use(opened, r.deviceId));
    this.run(record);
  }

  /** The owner disconnects this tablet; refused while changes still wait for the server. */
  async unpair(): Promise<{ ok: true } | { ok: false; waiting: number }> {
    const waiting = this.services ? await this.services.repos.outbox.count() : 0;
    if (waiting > 0) return { ok: false, waiting };
    await this.forget('unpaired');
    return { ok: true };
  }

  /** Stops the engine and any bootstrap retry (tests, page unload). */
  stop(): void {
    this.engine?.stop();
    this.engine = null;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
  }

  private transportFor(parts: Parts, baseUrl: string, token: () => string | null): Transport {
    return this.o.transport?.(baseUrl, token) ?? parts.createFetchTransport({ baseUrl, token, schemaVersion: CURRENT_SCHEMA_VERSION });
  }

  private use(opened: OpenedDatabase, deviceId: string): Services {
    this.opened = opened;
    useSession.getState().setDevice(deviceId);
    this.services = { repos: notifyingRepos(opened.repos, () => this.notify()), db: opened.db, now: this.o.now, newId: this.o.newId, sync: this };
    return this.services;
  }

  private switchTo(s: Services): void {
    for (const fn of this.listeners) fn(s);
  }

  /** Bootstrap (if not complete), then the engine. */
  private run(p: PairingRecord): void {
    const opened = this.opened;
    if (!opened) return;
    this.pairing = p;
    useSyncState.setState({ paired: true, server: p.baseUrl, lastSyncedAt: p.lastSyncedAt, notice: null });
    void loadParts().then((parts) => {
      if (this.opened === opened) this.runWith(parts, opened, p);
    });
  }

  private runWith(parts: Parts, opened: OpenedDatabase, p: PairingRecord): void {
    const { DexieSyncStore, bootstrapMembers, browserLocks, createSyncEngine, realClock } = parts;
    const transport = this.transportFor(parts, p.baseUrl, () => this.pairing?.token ?? null);
    const store = new DexieSyncStore(opened.db, { deviceId: p.deviceId });
    const startEngine = () => {
      const engine: SyncEngine = createSyncEngine({
        transport, deviceId: p.deviceId, outbox: opened.repos.outbox, store,
        // "Last synced" on the till's own clock, the one the redeem cap (R7) compares it with.
        clock: { ...realClock, now: this.o.now }, ...this.o.engine,
        // A stopped engine finishing its last cycle must not overwrite the state of the one in use.
        onStatus: (s) => { if (this.engine === engine) this.onStatus(s); },
        onRevoked: (h) => this.forget('revoked', h),
      });
      this.engine = engine;
      engine.start();
    };
    // Two tabs of one tablet download the members one after the other (the second finds it complete).
    const locks = this.o.engine?.locks === undefined ? browserLocks() : this.o.engine.locks;
    const oneTab = (work: () => Promise<void>) => (locks ? locks.request('regulars-bootstrap', work).then(() => undefined) : work());
    const bootstrap = async () => {
      this.retry = null;
      try {
        await oneTab(() => bootstrapMembers({
          transport, members: opened.repos.members, setup: opened.repos, store, pairingCursor: p.cursor, now: this.o.now, ...(this.o.bootstrapPageSize ? { pageSize: this.o.bootstrapPageSize } : {}),
          onProgress: (b) => useSyncState.setState({ bootstrap: { ...b, error: null } }),
        }).then(() => undefined));
        if (this.opened !== opened) return;
        useSyncState.setState((s) => ({ bootstrap: { membersLoaded: s.bootstrap?.membersLoaded ?? 0, complete: true, error: null } }));
        startEngine();
      } catch (e) {
        if (this.opened !== opened) return;
        const message = e instanceof Error ? e.message : String(e);
        useSyncState.setState((s) => ({ bootstrap: { membersLoaded: s.bootstrap?.membersLoaded ?? 0, complete: false, error: message } }));
        this.retry = setTimeout(() => { void bootstrap(); }, this.o.bootstrapRetryMs ?? 30_000);
      }
    };
    // A bootstrap cut short after its last page, before the organisation's past was stored (C-S18), ends now.
    void Promise.all([opened.repos.members.bootstrapProgress(), store.pastSince()]).then(([b, since]) => {
      if (b?.complete && since !== null) startEngine();
      else void bootstrap();
    });
  }

  private onStatus(s: Parameters<NonNullable<SyncEngineOptions['onStatus']>>[0]): void {
    const prev = useSyncState.getState().lastSyncedAt;
    useSyncState.setState({ status: s, lastSyncedAt: s.lastSyncedAt ?? prev });
    if (s.lastSyncedAt !== null && s.lastSyncedAt !== prev && this.pairing) {
      this.pairing = { ...this.pairing, lastSyncedAt: s.lastSyncedAt };
      void this.o.storage.save(this.pairing).catch(() => undefined);
    }
  }

  /** Erases the tablet's data and pairing, and starts it again as a new, empty till. */
  private async forget(notice: 'revoked' | 'unpaired', handover: Handover | null = null): Promise<void> {
    this.stop();
    const opened = this.opened;
    if (opened) {
      const { DexieSyncStore } = await loadParts();
      await new DexieSyncStore(opened.db).wipe();
      opened.db.close();
    }
    this.pairing = null;
    await this.o.storage.clear();
    const deviceId = await this.o.localDevice();
    const fresh = this.use(await this.o.open(LOCAL_ORG, deviceId), deviceId);
    useSession.getState().reset();
    useSession.getState().setDevice(deviceId);
    useSyncState.setState({ paired: false, server: null, status: null, bootstrap: null, lastSyncedAt: null, notice, handover });
    this.switchTo(fresh);
  }
}

/** 'shop.example:8080' → 'https://shop.example:8080'; refuses what is not an http(s) address. */
export function normaliseUrl(input: string): string {
  const text = input.trim();
  // Without a scheme, the page's own (an https till cannot call an http server anyway).
  const page = (globalThis as { location?: { protocol?: string } }).location?.protocol === 'http:' ? 'http://' : 'https://';
  const withScheme = /^https?:\/\//i.test(text) ? text : `${page}${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new RangeError('bad-url');
  }
  if (!u.hostname || u.search || u.hash || u.username) throw new RangeError('bad-url');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}
