/**
 * Injected into the real app's page (as a classic script) to fill the till's own database with
 * generated members, as a bootstrap from the server would, and to name queries for the keystroke
 * benchmark. Writes raw IndexedDB rows in the shape src/db stores (MemberRow with phoneLast4).
 */
import { makeMember, makeStats, queryFor } from '../data';
import type { LookupKind } from '../data';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

async function tillDatabase(): Promise<IDBDatabase> {
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('regulars-'));
  if (!name) throw new Error('the till has no database yet: set it up first');
  return req(indexedDB.open(name));
}

async function fillApp(start: number, count: number, seed: number): Promise<void> {
  const db = await tillDatabase();
  const PAGE = 1000;
  for (let at = start; at < start + count; at += PAGE) {
    const tx = db.transaction(['members', 'memberStats'], 'readwrite', { durability: 'relaxed' });
    for (let i = at; i < Math.min(start + count, at + PAGE); i++) {
      const m = makeMember(seed, i);
      tx.objectStore('members').put({ ...m, phoneLast4: m.phone.slice(-4) });
      tx.objectStore('memberStats').put(makeStats(seed, i, 0));
    }
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
  }
  db.close();
}

/** What a cashier types to find member i by `kind`. */
function typed(i: number, kind: LookupKind, seed: number): string {
  return queryFor(makeMember(seed, i), kind).value;
}

Object.assign(window, { benchSeed: { fillApp, typed } });
