/**
 * The dashboard's kept visits (rule I11): `insightVisits`, one row per [business day + member] with the
 * number of that member's sales on that day, every sale counted as the grades count it (I4: purchases in
 * the last 30 days, finish-insights.ts visitsIn30Days). The grades then read the last 30 days of these
 * small rows instead of the sales themselves. Kept by the middleware on every sales write (a sale
 * re-pointed by a merge moves from one member to the other), rebuilt from the full scan like the rest.
 */
import { Dexie, type DBCore, type DBCoreTransaction } from 'dexie';
import type { RegularsDb } from './database';
import type { Id, LocalDate, Sale } from '../domain/records';
import { writeKept, type SentWrites } from './insight-member-totals';
import type { KeptRows } from './insight-kept-rows';

export interface VisitRow {
  day: LocalDate;
  memberId: Id;
  count: number;
}

/** Signed changes to the kept visits, per [day, member]. */
export class VisitDeltas {
  readonly rows = new Map<string, VisitRow>();

  sale(s: Pick<Sale, 'memberId' | 'businessDate'> | undefined, sign: 1 | -1): void {
    if (s && s.memberId !== null) this.add(s.businessDate, s.memberId, sign);
  }

  /** `by` sales of a member on a day (the past's visits, I13, come as counts). */
  add(day: LocalDate, memberId: Id, by: number): void {
    const key = JSON.stringify([day, memberId]);
    const row = this.rows.get(key) ?? { day, memberId, count: 0 };
    row.count += by;
    this.rows.set(key, row);
  }

  /** The changed rows (no zero changes), in a fixed order. */
  changed(): VisitRow[] {
    return [...this.rows.values()].filter((r) => r.count !== 0);
  }
}

/** The kept-visit keys a sale touches: read beside the sale's write (insight-middleware.ts). */
export function visitKeys(sales: readonly Pick<Sale, 'memberId' | 'businessDate'>[]): [LocalDate, Id][] {
  return sales.flatMap((s) => (s.memberId === null ? [] : [[s.businessDate, s.memberId] as [LocalDate, Id]]));
}

/**
 * [I11] In a sales write's transaction: the visits after the sales changed (`pairs`: each succeeded
 * operation as before/after). The rows are read once per transaction (`rows`, started beside the write
 * itself), then written; resolves once the writes are sent, with their completion.
 */
export async function keepVisits(down: DBCore, trans: DBCoreTransaction, rows: KeptRows, pairs: [Sale | undefined, Sale | undefined][]): Promise<SentWrites> {
  const d = new VisitDeltas();
  for (const [before, after] of pairs) { d.sale(before, -1); d.sale(after, 1); }
  const changed = d.changed();
  if (changed.length === 0) return { stored: Promise.resolve() };
  const keys = changed.map((r) => [r.day, r.memberId]);
  const stored = await rows.read<VisitRow>('insightVisits', keys);
  const puts: VisitRow[] = [];
  const gone: unknown[] = [];
  changed.forEach((r, i) => {
    const count = (stored[i]?.count ?? 0) + r.count;
    const row = count > 0 ? { ...r, count } : undefined;
    if (row) puts.push(row);
    else gone.push(keys[i]);
    rows.set('insightVisits', keys[i], row);
  });
  const done = writeKept(down, trans, 'insightVisits', puts, gone);
  done.catch(() => undefined); // awaited by the write's caller; never reported as unhandled meanwhile
  return { stored: done };
}

/** [I4] Sales per member on the business days [from, to], from the kept visits (an index range, small rows). */
export async function keptVisits(db: RegularsDb, from: LocalDate, to: LocalDate): Promise<{ visits: Map<Id, number>; sales: number }> {
  const rows = await db.insightVisits.where('[day+memberId]').between([from, Dexie.minKey], [to, Dexie.maxKey], true, true).toArray();
  const visits = new Map<Id, number>();
  let sales = 0;
  for (const r of rows) {
    visits.set(r.memberId, (visits.get(r.memberId) ?? 0) + r.count);
    sales += r.count;
  }
  return { visits, sales };
}
