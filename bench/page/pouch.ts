/**
 * PouchDB, the store many offline tills are built on, at its best without map/reduce: the member's
 * _id is its phone (so phone and phone-prefix lookups are one allDocs range over the primary
 * B-tree), and every other lookup key is a tiny key-only document ('c:<card>|<phone>') read with
 * an allDocs range and then the members by _id. Writes are bulkDocs: PouchDB has no multi-document
 * transaction and no durability setting, so its checkout is weaker than the others'.
 */
import PouchDB from 'pouchdb-browser';
import type { PouchDoc } from 'pouchdb-browser';
import type { LedgerEntry, Member, MemberQuery, MemberStats, Sale } from '../../src/domain/records';
import type { MembersPage } from '../../src/sync/protocol';
import type { CheckoutFacts, Contender, Hit } from './store';

const MAX = '\uffff';
const SEP = '|';
const KEY_PREFIX: Record<Exclude<MemberQuery['kind'], 'phone' | 'phonePrefix'>, string> = {
  last4: 'l:', card: 'c:', name: 'n:', initials: 'i:',
};

interface MemberDoc extends PouchDoc {
  member: Member;
  stats: MemberStats | null;
}

export class Pouch implements Contender {
  readonly name = 'PouchDB';
  private db: PouchDB | null = null;
  private seq = 0;

  async open(): Promise<void> {
    await new PouchDB('bench-pouch').destroy();
    this.db = new PouchDB('bench-pouch', { revs_limit: 1, auto_compaction: true });
  }

  private get conn(): PouchDB {
    if (!this.db) throw new Error('PouchDB not open');
    return this.db;
  }

  async loadPage(text: string): Promise<void> {
    const docs: PouchDoc[] = [];
    (JSON.parse(text) as MembersPage).members.forEach(({ member: m, stats }) => {
      docs.push({ _id: `p:${m.phone}`, member: m, stats } satisfies MemberDoc);
      const ref = `${SEP}${m.phone}`;
      docs.push({ _id: `${KEY_PREFIX.last4}${m.phone.slice(-4)}${ref}` }, { _id: `${KEY_PREFIX.card}${m.cardNo}${ref}` },
        { _id: `${KEY_PREFIX.name}${m.nameKey}${ref}` });
      if (m.initials) docs.push({ _id: `${KEY_PREFIX.initials}${m.initials}${ref}` });
    });
    await this.conn.bulkDocs(docs);
  }

  async loadFacts(sales: Sale[], ledger: LedgerEntry[]): Promise<void> {
    const docs: PouchDoc[] = [...sales.map((s) => ({ _id: `s:${s.id}`, sale: s })), ...ledger.map((l) => ({ _id: `e:${l.id}`, entry: l }))];
    await this.conn.bulkDocs(docs);
  }

  async search(q: MemberQuery, limit: number): Promise<Hit[]> {
    let docs: (PouchDoc | undefined)[];
    if (q.kind === 'phone' || q.kind === 'phonePrefix') {
      const start = `p:${q.value}`;
      const r = await this.conn.allDocs({ startkey: start, endkey: q.kind === 'phone' ? start : start + MAX, limit, include_docs: true });
      docs = r.rows.map((row) => row.doc);
    } else {
      const exact = q.kind === 'last4' || q.kind === 'card';
      const start = `${KEY_PREFIX[q.kind]}${q.value}${exact ? SEP : ''}`;
      const keys = await this.conn.allDocs({ startkey: start, endkey: start + MAX, limit });
      const ids = keys.rows.map((row) => `p:${row.id.slice(row.id.lastIndexOf(SEP) + 1)}`);
      if (ids.length === 0) return [];
      const r = await this.conn.allDocs({ keys: ids, include_docs: true });
      docs = r.rows.map((row) => row.doc);
    }
    const hits: Hit[] = [];
    for (const d of docs) {
      if (d) hits.push({ member: (d as MemberDoc).member, stats: (d as MemberDoc).stats });
    }
    return hits;
  }

  async commit({ sale, ledger, phone }: CheckoutFacts): Promise<void> {
    const docs: PouchDoc[] = [{ _id: `s:${sale.id}`, sale }, ...ledger.map((l) => ({ _id: `e:${l.id}`, entry: l }))];
    if (phone) {
      // The kept totals live in the member document: read it for its _rev, then write it back.
      const doc = (await this.conn.get(`p:${phone}`)) as MemberDoc;
      const delta = ledger.reduce((a, l) => a + l.points, 0);
      if (doc.stats) doc.stats = { ...doc.stats, points: (doc.stats.points + delta) as MemberStats['points'], visits: doc.stats.visits + 1 };
      docs.push(doc);
    }
    this.seq += 1;
    docs.push({ _id: `o:${String(this.seq).padStart(12, '0')}`, mutation: { kind: 'sale.record', id: sale.id, sale, ledger } });
    const res = await this.conn.bulkDocs(docs);
    const failed = res.find((r) => r.error);
    if (failed) throw new Error(`PouchDB commit failed: ${failed.error ?? ''}`);
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = null;
  }
}
