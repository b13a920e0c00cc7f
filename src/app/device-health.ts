/**
 * Was this till's data evicted by the browser? The check of src/backup/storage-health.ts (`checkDevice`)
 * run at start against the markers the app is given, its answer kept for the banners, and re-run with
 * `afterRestore` once first-run setup or a restore has put data back (so the markers describe it).
 * Guarantees: never throws at the caller (a failed check reads as "unknown", null); without markers
 * (tests, or a browser with no storage) nothing is checked.
 * The check's code (storage-health.ts, and the table counts behind it) is a chunk fetched at start beside
 * the database opening: it is not in the till's first bundle (issue #6).
 */
import { create } from 'zustand';
import type { DeviceState, MarkerStore } from '../backup/storage-health';
import type { RegularsDb } from '../db/database';

interface DeviceHealth {
  state: DeviceState | null;
  /** Where the setup marker is kept; set once by the app (main.tsx gives the browser's two). */
  markers: MarkerStore[] | null;
  /** The till switched database on purpose (paired, unpaired, revoked): the next check adopts it. */
  switched: boolean;
}

export const useDeviceHealth = create<DeviceHealth>()(() => ({ state: null, markers: null, switched: false }));

const storageHealth = () => import('../backup/storage-health');

/** The two places the browser keeps the setup marker, outside the till database. */
export async function browserMarkers(): Promise<MarkerStore[]> {
  const { idbKeyvalMarker, localStorageMarker } = await storageHealth();
  return [localStorageMarker(), idbKeyvalMarker()];
}

export async function checkTillDevice(db: RegularsDb | undefined, opts: { afterRestore?: boolean } = {}): Promise<DeviceState | null> {
  const { markers } = useDeviceHealth.getState();
  if (!db || !markers || markers.length === 0) return null;
  const switched = useDeviceHealth.getState().switched;
  let state = await storageHealth().then(({ checkDevice }) => checkDevice(db, markers, { afterRestore: opts.afterRestore || switched })).catch(() => null);
  // A deliberate switch to an empty database (a revoked tablet) is a new start, not an eviction.
  if (switched && state === 'evicted') state = 'fresh';
  useDeviceHealth.setState({ state, switched: false });
  return state;
}

export function resetDeviceHealth(): void {
  useDeviceHealth.setState({ state: null, markers: null, switched: false });
}
