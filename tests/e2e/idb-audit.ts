/**
 * Reads the till's own IndexedDB inside the page, as a support engineer would after a crash, and
 * reports every way a checkout could have been half-written: a sale without its outbox row or its
 * ledger entries, an outbox row or ledger entry without its sale, a kept balance that is not the
 * sum of the member's ledger.
 */
import type { Page } from 'playwright-core';

export interface TillAudit {
  database: string;
  sales: number;
  problems: string[];
}

export async function auditTill(page: Page): Promise<TillAudit> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    const name = dbs.map((d) => d.name ?? '').find((n) => n.startsWith('regulars-'));
    if (!name) return { database: '', sales: 0, problems: ['no regulars-* database on this device'] };
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = <T,>(store: string) => new Promise<T[]>((ok, fail) => {
      const r = db.transaction(store, 'readonly').objectStore(store).getAll();
      r.onsuccess = () => ok(r.result as T[]);
      r.onerror = () => fail(r.error);
    });
    type Sale = { id: string; memberId: string | null; pointsEarned: number; pointsRedeemed: number };
    type Entry = { id: string; memberId: string; points: number; sourceId: string | null };
    type Outbox = { seq: number; mutation: { kind: string; id: string } };
    type Stats = { memberId: string; points: number };
    const [sales, ledger, outbox, stats] = await Promise.all([
      all<Sale>('sales'), all<Entry>('ledger'), all<Outbox>('outbox'), all<Stats>('memberStats'),
    ]);
    db.close();
    const problems: string[] = [];
    const saleIds = new Set(sales.map((s) => s.id));
    const outboxSales = new Set(outbox.filter((o) => o.mutation.kind === 'sale.record').map((o) => o.mutation.id));
    for (const s of sales) {
      if (!outboxSales.has(s.id)) problems.push(`sale ${s.id} has no outbox row`);
      const entries = ledger.filter((e) => e.sourceId === s.id);
      if (s.memberId && s.pointsEarned > 0 && !entries.some((e) => e.points > 0)) problems.push(`sale ${s.id} has no earn entry`);
      if (s.memberId && s.pointsRedeemed > 0 && !entries.some((e) => e.points < 0)) problems.push(`sale ${s.id} has no redeem entry`);
    }
    for (const id of outboxSales) if (!saleIds.has(id)) problems.push(`outbox row for missing sale ${id}`);
    const seqs = outbox.map((o) => o.seq).sort((a, b) => a - b);
    for (let i = 1; i < seqs.length; i++) if (seqs[i] !== (seqs[i - 1] ?? 0) + 1) problems.push(`outbox seq gap after ${seqs[i - 1]}`);
    const byMember = new Map<string, number>();
    for (const e of ledger) byMember.set(e.memberId, (byMember.get(e.memberId) ?? 0) + e.points);
    for (const st of stats) {
      const sum = byMember.get(st.memberId) ?? 0;
      if (sum !== st.points) problems.push(`member ${st.memberId}: kept balance ${st.points} but ledger sums to ${sum}`);
    }
    return { database: name, sales: sales.length, problems };
  });
}
