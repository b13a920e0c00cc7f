/**
 * A new tablet joining an organisation (S12). Guarantees:
 *  - Members arrive in pages, each page stored with its progress in one transaction
 *    (SyncStore.bootstrapPage), so a bootstrap cut short resumes after the last stored page.
 *  - Between pages the work yields to the event loop, so the till stays usable while it runs; within a
 *    page the Dexie store puts the rows in short slices (src/db/sliced-write.ts), still one transaction.
 *  - The next page is requested as soon as a page arrives, so it is queried and downloaded while this
 *    one is stored (C-S13); pages are still stored one at a time, in order.
 *  - Pages are asked for with the pairing cursor as `since`: each member comes with their purchases from
 *    before it, and after the last page the organisation's sales and points flow from before it
 *    (C-S18), so the dashboard covers the organisation's past, not only what happened since pairing.
 *  - After the last page, the change feed is pulled from the pairing cursor (set once, never moved back).
 *  - A download that starts from nothing (just paired, or the browser cleared the database: SH5 in
 *    docs/operations.md) first fetches the setup (`downloadSetup`): store, staff with PIN hashes and
 *    roles, every programme version, the active version, and the outbox seq to continue from.
 */
import type { MemberRepository, Repositories } from '../db/repositories';
import type { DeviceSetup } from './protocol';
import type { SettingsMap } from '../db/database';
import { shopSettingRows } from '../domain/care/shop-config';
import type { SyncStore } from '../db/sync-store';
import { ApiCallError, createApiClient } from './api-client';
import type { Transport } from './transport';

export interface BootstrapOptions {
  transport: Transport;
  members: MemberRepository;
  store: SyncStore;
  /** The feed position returned by pairing. */
  pairingCursor: string;
  /** Where the setup goes; without it only members are downloaded. */
  setup?: SetupRepos;
  pageSize?: number;
  onProgress?: (p: { membersLoaded: number; complete: boolean }) => void;
  now?: () => number;
  /** Lets the till run between pages; defaults to a macrotask. */
  yieldToTill?: () => Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A request sent now and awaited later: its failure is not reported as unhandled in between. */
function early<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

export async function bootstrapMembers(o: BootstrapOptions): Promise<{ membersLoaded: number }> {
  const api = createApiClient(o.transport);
  const pause = o.yieldToTill ?? macrotask;
  const started = await o.members.bootstrapProgress();
  if (!started && o.setup) await saveSetup(o.setup, await api.setup());
  let progress = started ?? { membersLoaded: 0, complete: false, cursor: null };
  const size = o.pageSize ?? 1000;
  const since = o.pairingCursor;
  let next = progress.complete ? null : early(api.members(progress.cursor ?? '', size, since));
  while (next) {
    const page = await next;
    progress = { membersLoaded: progress.membersLoaded + page.members.length, complete: !page.more, cursor: page.after };
    // Asked for now, awaited once this page is stored: if storing fails, the answer is simply dropped.
    next = page.more ? early(api.members(page.after, size, since)) : null;
    await o.store.bootstrapPage(page.members, progress, o.now?.() ?? Date.now(), page.asOf ?? null);
    o.onProgress?.({ membersLoaded: progress.membersLoaded, complete: progress.complete });
    await pause();
  }
  if ((await o.store.pastSince()) === null) await savePast(api, o.store, since);
  await o.store.initCursor(o.pairingCursor);
  return { membersLoaded: progress.membersLoaded };
}

/**
 * C-S18: the organisation's sales and points flow from before pairing, for the dashboard. A server
 * without it (404: an older version) leaves the dashboard starting at pairing, as it did before; any
 * other failure fails the bootstrap, which resumes here (the members are all stored).
 */
async function savePast(api: ReturnType<typeof createApiClient>, store: SyncStore, since: string): Promise<void> {
  try {
    await store.savePast(await api.history(since));
  } catch (e) {
    if (e instanceof ApiCallError && e.status === 404) return;
    throw e;
  }
}

export type SetupRepos = Pick<Repositories, 'staff' | 'programmes' | 'settings' | 'outbox'>;

/**
 * Writes the store, staff, programme versions and the shop's settings (S24) the server sent (at pairing or a re-download) into
 * the device database: every staff member (keeping a local PIN lockout), the versions it lacks, the
 * newest as the active one. Each write is idempotent, so an interrupted call is simply made again.
 */
export async function saveServerSetup(repos: Pick<Repositories, 'staff' | 'programmes' | 'settings'>,
  s: Pick<DeviceSetup, 'store' | 'staff' | 'programmes' | 'settings'>): Promise<void> {
  await repos.settings.set('store', s.store);
  // S24: the shop's settings as they are now (a later change comes by pull).
  for (const setting of s.settings ?? []) {
    for (const row of shopSettingRows(await repos.settings.get('shopConfig') ?? undefined, setting)) {
      await repos.settings.set(row.key as 'shopConfig', row.value as SettingsMap['shopConfig']);
    }
  }
  for (const staff of s.staff) {
    const local = await repos.staff.get(staff.id);
    await repos.staff.put({ ...staff, failedAttempts: local?.failedAttempts ?? 0, lockedUntil: local?.lockedUntil ?? null });
  }
  for (const p of s.programmes) {
    if (!(await repos.programmes.get(p.version))) {
      await repos.programmes.save({ version: p.version, savedAt: p.createdAt, savedBy: p.createdBy, config: p.config });
    }
  }
  const newest = s.programmes.reduce<number | null>((m, p) => (m === null || p.version > m ? p.version : m), null);
  if (newest !== null) await repos.settings.set('activeProgrammeVersion', newest);
}

/** The re-download's setup (SH5): as above, with the outbox counter moved past the last seq the server holds (so a new sale is not taken for a duplicate). */
export async function saveSetup(repos: SetupRepos, s: DeviceSetup): Promise<void> {
  await repos.outbox.continueAfter(s.lastSeq);
  // Every sale the device made was one of its seqs, so it printed at most `lastSeq` receipts: numbering on
  // from there, no receipt number of the day repeats one printed before the browser cleared the database.
  const printed = (await repos.settings.get('receiptCounter')) ?? 0;
  if (printed < s.lastSeq) await repos.settings.set('receiptCounter', s.lastSeq);
  await saveServerSetup(repos, s);
}
