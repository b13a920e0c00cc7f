/**
 * Pairing a tablet with a server by a one-time code (S13). The answer is returned as data: the app
 * keeps it (idb-keyval) and seeds the new device database with `seedFromPairing`, because the staff,
 * store and programme that existed before pairing lie before the pairing cursor and are never pulled.
 */
import { CURRENT_SCHEMA_VERSION } from '../db/database';
import type { Repositories } from '../db/repositories';
import { createApiClient } from './api-client';
import { saveServerSetup } from './bootstrap';
import type { PairResponse } from './protocol';
import { createFetchTransport, type Transport } from './transport';

export interface Pairing {
  baseUrl: string;
  token: string;
  deviceId: string;
  orgId: string;
  storeId: string;
  /** Pull from here after the member bootstrap. */
  cursor: string;
  response: PairResponse;
}

/** Refuses an empty code or name with a clear error before any request. */
export async function pairDevice(baseUrl: string, code: string, deviceName: string, transport?: Transport): Promise<Pairing> {
  const c = code.replace(/\s+/g, '');
  const name = deviceName.trim();
  if (c.length < 4) throw new RangeError('A pairing code has at least 4 characters');
  if (!name) throw new RangeError('The tablet needs a name');
  const t = transport ?? createFetchTransport({ baseUrl, token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION });
  const r = await createApiClient(t).pair(c, name);
  return { baseUrl, token: r.token, deviceId: r.deviceId, orgId: r.orgId, storeId: r.storeId, cursor: r.cursor, response: r };
}

/** Writes the store, staff and programme the pairing answer carries into the new device database. */
export async function seedFromPairing(repos: Pick<Repositories, 'staff' | 'programmes' | 'settings'>, r: PairResponse): Promise<void> {
  await saveServerSetup(repos, { store: r.store, staff: r.staff, programmes: r.programme ? [r.programme] : [], ...(r.settings ? { settings: r.settings } : {}) });
}
