/**
 * The last lists a manager fetched from the server, kept on the tablet so the sync issues screen
 * still shows them offline (with the time they were fetched). Stored in the settings table; no PIN.
 */
import type { Repositories } from '../../db/repositories';
import type { DeviceInfo, Rejection, ServerException } from '../../sync/protocol';

export interface SyncIssuesCache {
  fetchedAt: number;
  rejections: Rejection[];
  exceptions: ServerException[];
  /** S21: the shop's tablets as the server last saw them (absent in a list saved before). */
  devices?: DeviceInfo[];
}

declare module '../../db/database' {
  interface SettingsMap {
    /** The server's rejections and exceptions as a manager last fetched them (sync issues screen). */
    syncIssues: SyncIssuesCache;
  }
}

export async function loadIssuesCache(repos: Repositories): Promise<SyncIssuesCache | null> {
  const v = await repos.settings.get('syncIssues');
  return v && typeof v.fetchedAt === 'number' ? v : null;
}

export function saveIssuesCache(repos: Repositories, c: SyncIssuesCache): Promise<void> {
  return repos.settings.set('syncIssues', c);
}
