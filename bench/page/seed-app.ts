/**
 * Injected into the real app's page (as a classic script) to fill the till's own database with
 * generated members and history, as a bootstrap and sync from the server would, and to name queries
 * for the keystroke benchmark. Writes raw IndexedDB rows in the shape src/db stores (toMemberRow).
 */
import { toMemberRow } from '../../src/db/database';
import { hash32, makeMember, makeSale, makeStats, queryFor } from '../data';
import type { LookupKind } from '../data';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

/**
 * These raw writes bypass Dexie, so the dashboard's kept totals (src/db/insight-middleware.ts) do not
 * see them: each seeding transaction marks the totals stale, as a restore or a bulk load does, and the
 * dashboard's first opening rebuilds them from a full scan (reported as its own figure).
 */
function markInsightsStale(tx: IDBTransaction): void {
  const store = tx.objectStore('insightState');
  const get = store.get('state');
  get.onsuccess = () => {
    const writes = (get.result as { writes?: number } | undefined)?.writes ?? 0;
    store.put({ key: 'state', stale: true, zone: null, writes: writes + 1 });
  };
}

async function tillDatabase(): Promise<IDBDatabase> {
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('regulars-'));
  if (!name) throw new Error('the till has no database yet: set it up first');
  return req(indexedDB.open(name));
}

/** Members [start, start + count) and their totals; every `every`-th member has `salesEach` visits (0: none). */
async function fillApp(start: number, count: number, seed: number, every = 0, salesEach = 0): Promise<void> {
  const db = await tillDatabase();
  const PAGE = 1000;
  for (let at = start; at < start + count; at += PAGE) {
    const tx = db.transaction(['members', 'memberStats', 'insightState'], 'readwrite', { durability: 'relaxed' });
    markInsightsStale(tx);
    for (let i = at; i < Math.min(start + count, at + PAGE); i++) {
      const m = makeMember(seed, i);
      tx.objectStore('members').put(toMemberRow(m));
      tx.objectStore('memberStats').put(makeStats(seed, i, every > 0 && i % every === 0 ? salesEach : 0));
    }
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
  }
  db.close();
}

const DAY = 86_400_000;

/**
 * History for the care list and the dashboard: `salesEach` sales (and their ledger entries) for
 * every `every`-th member of [start, start + count), dated within the year before `now`, so the
 * dashboard's twelve months have data.
 */
async function fillSales(start: number, count: number, seed: number, every: number, salesEach: number, now: number): Promise<number> {
  const db = await tillDatabase();
  let written = 0;
  const first = Math.ceil(start / every) * every;
  const STEP = 200 * every;
  for (let at = first; at < start + count; at += STEP) {
    const tx = db.transaction(['sales', 'ledger', 'insightState'], 'readwrite', { durability: 'relaxed' });
    markInsightsStale(tx);
    for (let i = at; i < Math.min(start + count, at + STEP); i += every) {
      for (let k = 0; k < salesEach; k++) {
        const { sale, ledger } = makeSale(seed, i, k);
        const when = now - (1 + (hash32(seed, i * 131 + k, 16) % 364)) * DAY;
        tx.objectStore('sales').put({ ...sale, at: when, businessDate: new Date(when).toISOString().slice(0, 10) });
        for (const l of ledger) tx.objectStore('ledger').put({ ...l, at: when });
        written += 1;
      }
    }
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
  }
  db.close();
  return written;
}

/** What a cashier types to find member i by `kind`. */
function typed(i: number, kind: LookupKind, seed: number): string {
  return queryFor(makeMember(seed, i), kind).value;
}

Object.assign(window, { benchSeed: { fillApp, fillSales, typed } });
