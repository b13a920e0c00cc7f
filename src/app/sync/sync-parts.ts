/**
 * The sync engine's code, loaded by the runtime only when the till is paired (or pairing), so a
 * till without a server never downloads it: the initial bundle stays within its budget.
 */
export { DexieSyncStore } from '../../db/dexie-sync-store';
export { bootstrapMembers } from '../../sync/bootstrap';
export { browserLocks } from '../../sync/leadership';
export { createSyncEngine, realClock } from '../../sync/engine';
export { pairDevice, seedFromPairing } from '../../sync/pairing';
export { createFetchTransport } from '../../sync/transport';
export { createApiClient, createManagerClient } from '../../sync/api-client';
