/**
 * A new tablet joining an organisation (S12). Guarantees:
 *  - Members arrive in pages, each page stored with its progress in one transaction
 *    (SyncStore.bootstrapPage), so a bootstrap cut short resumes after the last stored page.
 *  - Between pages the work yields to the event loop, so the till stays usable while it runs.
 *  - After the last page, the change feed is pulled from the pairing cursor (set once, never moved back).
 */
import type { MemberRepository } from '../db/repositories';
import type { SyncStore } from '../db/sync-store';
import { createApiClient } from './api-client';
import type { Transport } from './transport';

export interface BootstrapOptions {
  transport: Transport;
  members: MemberRepository;
  store: SyncStore;
  /** The feed position returned by pairing. */
  pairingCursor: string;
  pageSize?: number;
  onProgress?: (p: { membersLoaded: number; complete: boolean }) => void;
  now?: () => number;
  /** Lets the till run between pages; defaults to a macrotask. */
  yieldToTill?: () => Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function bootstrapMembers(o: BootstrapOptions): Promise<{ membersLoaded: number }> {
  const api = createApiClient(o.transport);
  const pause = o.yieldToTill ?? macrotask;
  let progress = (await o.members.bootstrapProgress()) ?? { membersLoaded: 0, complete: false, cursor: null };
  while (!progress.complete) {
    const page = await api.members(progress.cursor ?? '', o.pageSize ?? 1000);
    progress = { membersLoaded: progress.membersLoaded + page.members.length, complete: !page.more, cursor: page.after };
    await o.store.bootstrapPage(page.members, progress, o.now?.() ?? Date.now(), page.asOf ?? null);
    o.onProgress?.({ membersLoaded: progress.membersLoaded, complete: progress.complete });
    await pause();
  }
  await o.store.initCursor(o.pairingCursor);
  return { membersLoaded: progress.membersLoaded };
}
