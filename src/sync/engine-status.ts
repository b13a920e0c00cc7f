/** The engine's state as the app shows it: last synced, changes waiting, what a manager must see. */
import type { Instant } from '../domain/records';
import type { Rejection } from './protocol';

export type SyncState =
  | 'idle' // nothing running, all good
  | 'syncing'
  | 'offline' // no answer: retrying with backoff
  | 'error' // the server answered with an error: retrying with backoff
  | 'outdated' // client_outdated: update the app; no retries
  | 'revoked' // device_revoked: local data is being erased
  | 'unpaired' // the server does not know this device's token: pair again (local data kept)
  | 'stopped';

export interface SyncStatus {
  state: SyncState;
  lastSyncedAt: Instant | null;
  /** Outbox rows not yet acknowledged by the server. */
  waiting: number;
  /** Mutations the server refused for good (S8): shown to a manager, never retried. */
  rejections: Rejection[];
  /** The last error, as `{ code, message }` for i18n; null when the last attempt worked. */
  error: { code: string; message: string } | null;
  /** When the next automatic attempt is planned, if one is. */
  nextAttemptAt: Instant | null;
  bootstrap: { membersLoaded: number; complete: boolean } | null;
  leader: boolean;
}

export function initialStatus(): SyncStatus {
  return { state: 'idle', lastSyncedAt: null, waiting: 0, rejections: [], error: null, nextAttemptAt: null, bootstrap: null, leader: false };
}
