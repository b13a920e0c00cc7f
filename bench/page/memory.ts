/**
 * How the peers work: at startup every member is read into memory, and a lookup scans the array.
 * Startup reads the raw IndexedDB store (the fastest local source) in pages; search is a linear
 * scan that stops at the limit, which is the best case for this design.
 */
import type { Member, MemberQuery, MemberStats } from '../../src/domain/records';
import type { Hit } from './store';

const PAGE = 10_000;

export interface MemoryIndex {
  members: Member[];
  stats: Map<string, MemberStats>;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

/** Reads every member and total from the raw-IDB store (database `name`). */
export async function loadAll(name: string): Promise<MemoryIndex> {
  const db = await req(indexedDB.open(name));
  const members: Member[] = [];
  const stats = new Map<string, MemberStats>();
  let lower: string | null = null;
  for (;;) {
    const tx = db.transaction(['members', 'memberStats'], 'readonly');
    const range: IDBKeyRange | null = lower === null ? null : IDBKeyRange.lowerBound(lower, true);
    const page = (await req(tx.objectStore('members').getAll(range, PAGE))) as Member[];
    const totals = (await req(tx.objectStore('memberStats').getAll(range, PAGE))) as MemberStats[];
    for (const m of page) members.push(m);
    for (const s of totals) stats.set(s.memberId, s);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) break;
    lower = last.id;
  }
  db.close();
  return { members, stats };
}

function matches(m: Member, q: MemberQuery): boolean {
  switch (q.kind) {
    case 'phone': return m.phone === q.value;
    case 'phonePrefix': return m.phone.startsWith(q.value);
    case 'last4': return m.phone.endsWith(q.value);
    case 'card': return m.cardNo === q.value;
    case 'name': return m.nameKey.startsWith(q.value);
    case 'initials': return m.initials.startsWith(q.value);
  }
}

export function searchMemory(index: MemoryIndex, q: MemberQuery, limit: number): Hit[] {
  const hits: Hit[] = [];
  for (const m of index.members) {
    if (matches(m, q)) {
      hits.push({ member: m, stats: index.stats.get(m.id) ?? null });
      if (hits.length >= limit) break;
    }
  }
  return hits;
}
