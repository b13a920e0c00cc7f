/**
 * What the screens show of sync: paired or not, the engine's status (last synced, changes waiting,
 * errors, rejections), the member bootstrap's progress, and a notice after the tablet was disconnected.
 * A plain zustand store the sync runtime writes and the header and settings read.
 */
import { create } from 'zustand';
import type { SyncStatus } from '../../sync/engine-status';
import type { Handover } from '../../sync/engine';

export type SyncNotice = 'revoked' | 'unpaired' | null;

export interface SyncState {
  paired: boolean;
  /** The server's address, to show the manager which server this is. */
  server: string | null;
  status: SyncStatus | null;
  bootstrap: { membersLoaded: number; complete: boolean; error: string | null } | null;
  /** Why the tablet is back at first-run setup. */
  notice: SyncNotice;
  /** C-S19: what a revoked tablet handed over before it erased itself. */
  handover: Handover | null;
  /** When the tablet last completed a sync (kept across restarts), for the offline redeem cap (R7). */
  lastSyncedAt: number | null;
}

export const initialSyncState: SyncState = { paired: false, server: null, status: null, bootstrap: null, notice: null, handover: null, lastSyncedAt: null };

export const useSyncState = create<SyncState>()(() => ({ ...initialSyncState }));

export function resetSyncState(): void {
  useSyncState.setState({ ...initialSyncState });
}
