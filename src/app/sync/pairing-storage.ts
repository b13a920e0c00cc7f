/**
 * The tablet's pairing with a sync server, kept in idb-keyval beside the device settings (never in
 * the till database, a URL, a title or a log): the server's address, the device token, the ids the
 * server gave, the pairing cursor, and when the tablet last synced (for the offline redeem cap, R7).
 * Guarantees: `load` returns a complete record or null (a half-written or foreign value is ignored);
 * `clear` forgets the pairing and the device settings together, so a wiped tablet starts as new.
 */
import { del as idbDel, get as idbGet, set as idbSet } from 'idb-keyval';

export interface PairingRecord {
  baseUrl: string;
  token: string;
  deviceId: string;
  orgId: string;
  storeId: string;
  cursor: string;
  /** When the engine last completed a sync; null before the first. */
  lastSyncedAt: number | null;
}

export interface PairingStorage {
  load(): Promise<PairingRecord | null>;
  save(p: PairingRecord): Promise<void>;
  /** Forgets the pairing and the device's own settings (a revoked or unpaired tablet). */
  clear(): Promise<void>;
}

const KEY = 'device.pairing';
/** The device settings key of src/app/device.ts. */
const DEVICE_KEY = 'device.settings';

function isRecord(x: unknown): x is PairingRecord {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return ['baseUrl', 'token', 'deviceId', 'orgId', 'storeId', 'cursor'].every((k) => typeof p[k] === 'string' && p[k] !== '')
    && (p.lastSyncedAt === null || typeof p.lastSyncedAt === 'number');
}

export const idbPairingStorage: PairingStorage = {
  async load() {
    try {
      const v = await idbGet<unknown>(KEY);
      return isRecord(v) ? v : null;
    } catch {
      return null;
    }
  },
  async save(p) {
    await idbSet(KEY, p);
  },
  async clear() {
    await idbDel(KEY);
    await idbDel(DEVICE_KEY);
  },
};

/** For tests: a pairing storage in memory. */
export function memoryPairingStorage(initial: PairingRecord | null = null): PairingStorage & { cleared: number } {
  let held = initial;
  const s = {
    cleared: 0,
    load: () => Promise.resolve(held ? { ...held } : null),
    save: (p: PairingRecord) => { held = { ...p }; return Promise.resolve(); },
    clear: () => { held = null; s.cleared++; return Promise.resolve(); },
  };
  return s;
}
