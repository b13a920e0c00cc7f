/**
 * The floor: hand-written IndexedDB with the same indexes Regulars declares (read from RegularsDb's
 * current schema, so a new index in Regulars is one here too), key-range getAll with a count limit,
 * one transaction per action, strict durability for checkout and for a bootstrap page (as Regulars
 * writes it: members, totals, an 'opening' entry each, the progress).
 */
import { fromMemberRow, RegularsDb, toMemberRow, type MemberRow } from '../../src/db/database';
import type { BootstrapProgress } from '../../src/db/repositories';
import { openingEntry } from '../../src/db/sync-store';
import type { LedgerEntry, MemberQuery, MemberStats, Sale } from '../../src/domain/records';
import type { MembersPage } from '../../src/sync/protocol';
import type { CheckoutFacts, Contender, Hit } from './store';

const NAME = 'bench-raw-idb';
const MAX = '\uffff';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error ?? new Error('aborted'));
  });
}

type Row = MemberRow;

/** The indexes Regulars declares on this table today (a Dexie schema is readable without opening it). */
const regularsSchema = new RegularsDb('bench-raw-idb-schema-only');
function sameIndexes(store: IDBObjectStore): void {
  for (const ix of regularsSchema.table(store.name).schema.indexes) {
    if (ix.keyPath === undefined) continue;
    store.createIndex(ix.name, ix.keyPath, { multiEntry: ix.multi === true, unique: ix.unique === true });
  }
}

export class RawIdb implements Contender {
  readonly name = 'raw IndexedDB';
  private db: IDBDatabase | null = null;

  async open(): Promise<void> {
    await req(indexedDB.deleteDatabase(NAME));
    const open = indexedDB.open(NAME, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      sameIndexes(db.createObjectStore('members', { keyPath: 'id' }));
      sameIndexes(db.createObjectStore('memberStats', { keyPath: 'memberId' }));
      db.createObjectStore('sales', { keyPath: 'id' }).createIndex('memberAt', ['memberId', 'at']);
      sameIndexes(db.createObjectStore('ledger', { keyPath: 'id' }));
      db.createObjectStore('outbox', { keyPath: 'seq' });
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    this.db = await req(open);
  }

  private get conn(): IDBDatabase {
    if (!this.db) throw new Error('raw IDB not open');
    return this.db;
  }

  async loadPage(text: string, progress: BootstrapProgress): Promise<void> {
    const page = JSON.parse(text) as MembersPage;
    const at = Date.now();
    const tx = this.conn.transaction(['members', 'memberStats', 'ledger', 'meta'], 'readwrite', { durability: 'strict' });
    const ms = tx.objectStore('members');
    const ss = tx.objectStore('memberStats');
    const ls = tx.objectStore('ledger');
    for (const { member, stats } of page.members) {
      ms.put(toMemberRow(member));
      ss.put(stats);
      ls.put(openingEntry(member.id, stats.points, at, 'device-bench', page.asOf ?? null));
    }
    tx.objectStore('meta').put({ key: 'bootstrap', value: progress });
    await done(tx);
  }

  async loadFacts(sales: Sale[], ledger: LedgerEntry[]): Promise<void> {
    const tx = this.conn.transaction(['sales', 'ledger'], 'readwrite', { durability: 'relaxed' });
    const ss = tx.objectStore('sales');
    const ls = tx.objectStore('ledger');
    for (const s of sales) ss.put(s);
    for (const l of ledger) ls.put(l);
    await done(tx);
  }

  async search(q: MemberQuery, limit: number): Promise<Hit[]> {
    const tx = this.conn.transaction(['members', 'memberStats'], 'readonly');
    const members = tx.objectStore('members');
    const exact = q.kind === 'phone' || q.kind === 'last4' || q.kind === 'card';
    const index = members.index(q.kind === 'phonePrefix' ? 'phone' : q.kind === 'last4' ? 'phoneLast4' : q.kind === 'card' ? 'cardNo' : q.kind === 'name' ? 'nameKey' : q.kind);
    const range = exact ? IDBKeyRange.only(q.value) : IDBKeyRange.bound(q.value, q.value + MAX);
    const rows = (await req(index.getAll(range, limit))) as Row[];
    const stats = members.transaction.objectStore('memberStats');
    const totals = await Promise.all(rows.map((r) => req(stats.get(r.id)) as Promise<MemberStats | undefined>));
    return rows.map((r, i) => ({ member: fromMemberRow(r), stats: totals[i] ?? null }));
  }

  async commit({ sale, ledger }: CheckoutFacts): Promise<void> {
    const tx = this.conn.transaction(['sales', 'ledger', 'memberStats', 'outbox'], 'readwrite', { durability: 'strict' });
    tx.objectStore('sales').add(sale);
    for (const l of ledger) tx.objectStore('ledger').add(l);
    const stats = tx.objectStore('memberStats');
    const outbox = tx.objectStore('outbox');
    const last = outbox.openKeyCursor(null, 'prev');
    last.onsuccess = () => {
      const seq = typeof last.result?.key === 'number' ? last.result.key + 1 : 1;
      outbox.add({ seq, mutation: { kind: 'sale.record', id: sale.id, at: sale.at, sale, ledger, coupons: [] }, createdAt: sale.at });
    };
    if (sale.memberId) {
      const g = stats.get(sale.memberId);
      g.onsuccess = () => {
        const s = g.result as MemberStats | undefined;
        if (!s) return;
        const delta = ledger.reduce((a, l) => a + l.points, 0);
        stats.put({ ...s, points: s.points + delta, lifetimeSpend: s.lifetimeSpend + sale.total, visits: s.visits + 1, lastPurchaseAt: sale.at });
      };
    }
    await done(tx);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }
}
