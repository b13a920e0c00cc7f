/**
 * Storage health for the manager: is the browser keeping our data (persist), how much is used and
 * left, has it been evicted, and is a backup due.
 *
 * Guarantees: nothing here throws at the caller — a browser without the StorageManager API reports
 * `unknown`, never a false "all is well". Eviction is detected with a marker kept OUTSIDE the till
 * database, in two places (localStorage, and idb-keyval's own IndexedDB database), because a browser
 * may clear one kind of storage and not the other; if both are cleared with the database there is
 * nothing left to tell a wiped tablet from a new one, so the state is `fresh` (best effort, said plainly).
 */
import { get as idbGet, set as idbSet } from 'idb-keyval';
import type { RegularsDb } from '../db/database';
import type { Instant } from '../domain/records';
import { isEmpty } from './tables';

export const WARN_RATIO = 0.8;
export const CRITICAL_RATIO = 0.95;
const DAY_MS = 86_400_000;

/** The part of `navigator.storage` we use; injected in tests. */
export interface StorageApi {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

export type StorageLevel = 'ok' | 'warn' | 'critical' | 'unknown';

export interface StorageHealth {
  /** null when the browser cannot say. */
  persisted: boolean | null;
  used: number | null;
  quota: number | null;
  left: number | null;
  ratio: number | null;
  level: StorageLevel;
}

export function browserStorage(): StorageApi {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : {};
}

async function attempt<T>(work: (() => Promise<T>) | undefined): Promise<T | null> {
  if (!work) return null;
  try {
    return await work();
  } catch {
    return null;
  }
}

/** Asks the browser to keep the data (it may say no; Chromium decides by engagement, Safari by installation). */
export async function requestPersistence(api: StorageApi = browserStorage()): Promise<boolean | null> {
  if ((await attempt(api.persisted?.bind(api))) === true) return true;
  return attempt(api.persist?.bind(api));
}

export function levelOf(ratio: number | null): StorageLevel {
  if (ratio === null) return 'unknown';
  if (ratio >= CRITICAL_RATIO) return 'critical';
  if (ratio >= WARN_RATIO) return 'warn';
  return 'ok';
}

export async function readStorageHealth(api: StorageApi = browserStorage()): Promise<StorageHealth> {
  const persisted = await attempt(api.persisted?.bind(api));
  const est = await attempt(api.estimate?.bind(api));
  const used = typeof est?.usage === 'number' ? est.usage : null;
  const quota = typeof est?.quota === 'number' && est.quota > 0 ? est.quota : null;
  const ratio = used !== null && quota !== null ? used / quota : null;
  return { persisted, used, quota, left: used !== null && quota !== null ? Math.max(0, quota - used) : null, ratio, level: levelOf(ratio) };
}

// ---- Eviction ----

/** Written once the till holds data: which database, made when. */
export interface SetupMarker {
  deviceId: string;
  dbCreatedAt: Instant;
}

export interface MarkerStore {
  get(): Promise<SetupMarker | null>;
  set(marker: SetupMarker): Promise<void>;
}

const MARKER_KEY = 'regulars.setup-marker';

function asMarker(v: unknown): SetupMarker | null {
  const m = v as Partial<SetupMarker> | null | undefined;
  return m && typeof m.deviceId === 'string' && typeof m.dbCreatedAt === 'number' ? { deviceId: m.deviceId, dbCreatedAt: m.dbCreatedAt } : null;
}

export function localStorageMarker(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): MarkerStore {
  return {
    get: async () => {
      try {
        const raw = storage?.getItem(MARKER_KEY);
        return raw ? asMarker(JSON.parse(raw)) : null;
      } catch {
        return null;
      }
    },
    set: async (m) => {
      try { storage?.setItem(MARKER_KEY, JSON.stringify(m)); } catch { /* private mode: the other copy remains */ }
    },
  };
}

export function idbKeyvalMarker(): MarkerStore {
  return {
    get: async () => asMarker(await idbGet(MARKER_KEY).catch(() => null)),
    set: async (m) => { await idbSet(MARKER_KEY, m).catch(() => undefined); },
  };
}

export type DeviceState = 'fresh' | 'ok' | 'evicted';

export interface DeviceCheckInput {
  markers: (SetupMarker | null)[];
  /** The database's own device row (meta 'device'), null when missing. */
  dbDevice: { deviceId: string; createdAt: Instant } | null;
  dbEmpty: boolean;
}

/**
 * fresh: never set up here (or every trace is gone). ok: the database is the one that was set up.
 * evicted: a marker says this device was set up, but the database is empty or a different, newer one.
 */
export function deviceState({ markers, dbDevice, dbEmpty }: DeviceCheckInput): DeviceState {
  const known = markers.filter((m): m is SetupMarker => m !== null);
  if (known.length === 0) return dbEmpty ? 'fresh' : 'ok';
  if (dbEmpty || !dbDevice) return 'evicted';
  const same = known.some((m) => m.deviceId === dbDevice.deviceId && m.dbCreatedAt === dbDevice.createdAt);
  return same ? 'ok' : 'evicted';
}

/** What to offer after an eviction: the server has everything if paired; otherwise the last backup. */
export function evictionAdvice(state: DeviceState, paired: boolean): 'redownload' | 'restore' | null {
  if (state !== 'evicted') return null;
  return paired ? 'redownload' : 'restore';
}

/**
 * Checks the till database against the markers, and (re)writes both markers when it holds data and is
 * the one they should describe — so a marker lost from one place is restored from the database. Call
 * at start, and after a restore (the restored database brings its own device row).
 */
export async function checkDevice(db: RegularsDb, stores: MarkerStore[], opts: { afterRestore?: boolean } = {}): Promise<DeviceState> {
  const [markers, empty, row] = await Promise.all([Promise.all(stores.map((s) => s.get())), isEmpty(db), db.meta.get('device')]);
  const dbDevice = (row?.value as { deviceId: string; createdAt: Instant } | undefined) ?? null;
  const state = opts.afterRestore && !empty ? 'ok' : deviceState({ markers, dbDevice, dbEmpty: empty });
  if (state === 'ok' && !empty && dbDevice) {
    const marker: SetupMarker = { deviceId: dbDevice.deviceId, dbCreatedAt: dbDevice.createdAt };
    await Promise.all(stores.map((s) => s.set(marker)));
  }
  return state;
}

// ---- Backup reminder ----

export interface BackupReminder {
  remind: boolean;
  lastBackupAt: Instant | null;
  /** Whole days since the last backup; null when there has been none. */
  ageDays: number | null;
}

/** With no server paired, remind when there is no backup or the last is older than `maxAgeDays`. */
export function backupReminder(input: { lastBackupAt: Instant | null; now: Instant; maxAgeDays?: number; paired: boolean }): BackupReminder {
  const { lastBackupAt, now, paired } = input;
  const maxAgeDays = input.maxAgeDays ?? 7;
  const ageDays = lastBackupAt === null ? null : Math.floor(Math.max(0, now - lastBackupAt) / DAY_MS);
  const overdue = lastBackupAt === null || now - lastBackupAt > maxAgeDays * DAY_MS;
  return { remind: !paired && overdue, lastBackupAt, ageDays };
}
