/**
 * The counter's member lookup, read on the IndexedDB connection Dexie opened (`backendDB()`), for
 * speed: Dexie's transaction and promise layer cost about a third more than the reads themselves
 * (bench/results, issue #6). Guarantees, the same as the Dexie code it replaces:
 *  - One read-only transaction per lookup: the rows and their totals are one consistent snapshot.
 *  - Each step is an index range read with a count (getAll with `count`): never a table scan.
 *  - A member merged into another is found as the survivor (followed by id, C-S5a); if duplicates
 *    leave a page short, the read is repeated larger. A second step (name → initials) only adds members the first did not find.
 * Reads only: every write still goes through Dexie (its hooks and live queries see them). Inside a
 * live query the repository reads through Dexie instead (collectLive), so the query redraws on writes.
 */
import type { MemberStats } from '../domain/records';
import type { MemberRow, RegularsDb } from './database';

export type LookupIndex = 'phone' | 'phoneLast4' | 'cardNo' | 'nameKey' | 'initials';

/** One index read: the rows whose `index` key equals `value`, or starts with it. */
export interface LookupStep {
  index: LookupIndex;
  value: string;
  prefix: boolean;
}

export interface LookupRow {
  row: MemberRow;
  stats: MemberStats | undefined;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IDBKeyRange of the IndexedDB implementation Dexie was given (the browser's, or a test's). */
function keyRanges(db: RegularsDb): typeof IDBKeyRange {
  const deps = (db as unknown as { _deps?: { IDBKeyRange?: typeof IDBKeyRange } })._deps;
  return deps?.IDBKeyRange ?? globalThis.IDBKeyRange;
}

async function connection(db: RegularsDb): Promise<IDBDatabase> {
  if (!db.isOpen()) await db.open();
  return db.backendDB();
}

/** How many merges a lookup follows from a merged row to the member that survived (a chain of merges). */
export const MAX_MERGE_HOPS = 8;

/**
 * The member a row stands for now: itself when live, else the member it was merged into (followed
 * through a chain of merges); undefined when the survivor is not on this device (yet).
 */
export async function survivorOf(row: MemberRow, get: (id: string) => Promise<MemberRow | undefined>): Promise<MemberRow | undefined> {
  let cur: MemberRow | undefined = row;
  for (let hop = 0; cur?.mergedInto && hop < MAX_MERGE_HOPS; hop++) cur = await get(cur.mergedInto);
  return cur && !cur.mergedInto ? cur : undefined;
}

/**
 * Up to `n` live members for the steps in order: each step's page is read with a count, re-read
 * four times larger only when already found members left it short. A member merged into another
 * (S11) stands for the survivor: the card or phone on the loser's receipts finds the survivor, in the
 * loser's place, once (sync-protocol C-S5a).
 */
export async function collectLive(steps: LookupStep[], n: number, page: (step: LookupStep, k: number) => Promise<MemberRow[]>,
  get: (id: string) => Promise<MemberRow | undefined>): Promise<MemberRow[]> {
  const rows: MemberRow[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    if (rows.length >= n) break;
    for (let k = n; ; k *= 4) {
      const got = await page(step, k);
      const live: MemberRow[] = [];
      const here = new Set<string>();
      for (const r of got) {
        const s = r.mergedInto ? await survivorOf(r, get) : r;
        if (s && !seen.has(s.id) && !here.has(s.id)) {
          live.push(s);
          here.add(s.id);
        }
      }
      if (live.length >= n - rows.length || got.length < k) {
        for (const r of live.slice(0, n - rows.length)) {
          rows.push(r);
          seen.add(r.id);
        }
        break;
      }
    }
  }
  return rows;
}

/** Up to `n` live members for the steps in order, each with its totals, in one read-only transaction. */
export async function lookupMembers(db: RegularsDb, steps: LookupStep[], n: number): Promise<LookupRow[]> {
  const idb = await connection(db);
  const Range = keyRanges(db);
  const tx = idb.transaction(['members', 'memberStats'], 'readonly');
  const members = tx.objectStore('members');
  const rows = await collectLive(steps, n, async (step, k) => {
    // '\uffff' is above every character a name key, initials or digits hold: a prefix's range end.
    const range = step.prefix ? Range.bound(step.value, `${step.value}\uffff`) : Range.only(step.value);
    return (await request(members.index(step.index).getAll(range, k))) as MemberRow[];
  }, (id) => request(members.get(id)) as Promise<MemberRow | undefined>);
  const statsStore = tx.objectStore('memberStats');
  const stats = await Promise.all(rows.map((r) => request(statsStore.get(r.id)) as Promise<MemberStats | undefined>));
  return rows.map((row, i) => ({ row, stats: stats[i] }));
}
