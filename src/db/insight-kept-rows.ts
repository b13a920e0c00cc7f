/**
 * The kept rows (insightDays, insightBuyers, insightCohorts) one transaction has read or written, so the
 * middleware (insight-middleware.ts) reads each row from IndexedDB at most once per transaction: a
 * checkout's sale and its ledger entries usually touch the same day row, and the second write finds it
 * here. A read can be started early (`want`, without waiting) beside the write that needs it.
 * The middleware writes every kept row through `set` as it puts it, so what is here is what is stored.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';

export type KeptTable = 'insightDays' | 'insightBuyers' | 'insightCohorts';

export class KeptRows {
  private readonly loaded = new Map<KeptTable, Map<unknown, unknown>>();
  private readonly loading = new Map<KeptTable, Map<unknown, Promise<void>>>();

  constructor(private readonly down: DBCore, private readonly trans: DBCoreTransaction) {}

  private tableOf<V>(maps: Map<KeptTable, Map<unknown, V>>, table: KeptTable): Map<unknown, V> {
    let m = maps.get(table);
    if (!m) maps.set(table, (m = new Map<unknown, V>()));
    return m;
  }

  /** Starts reading the rows of `keys` not read yet; resolves once all of them are here. */
  want(table: KeptTable, keys: readonly unknown[]): Promise<void> {
    const have = this.tableOf(this.loaded, table);
    const pending = this.tableOf(this.loading, table);
    const waits = new Set<Promise<void>>();
    const missing: unknown[] = [];
    for (const key of new Set(keys)) {
      const p = pending.get(key);
      if (p) waits.add(p);
      else if (!have.has(key)) missing.push(key);
    }
    if (missing.length > 0) {
      const read = this.down.table(table).getMany({ trans: this.trans, keys: missing }).then((rows) => {
        missing.forEach((key, i) => {
          pending.delete(key);
          // A row set meanwhile was written after this read was queued: it is the newer one.
          if (!have.has(key)) have.set(key, rows[i]);
        });
      });
      for (const key of missing) pending.set(key, read);
      waits.add(read);
    }
    return waits.size === 0 ? Promise.resolve() : Promise.all(waits).then(() => undefined);
  }

  /** The rows of `keys` (undefined: no row), reading those not here yet. */
  async read<T>(table: KeptTable, keys: readonly unknown[]): Promise<(T | undefined)[]> {
    await this.want(table, keys);
    const have = this.tableOf(this.loaded, table);
    return keys.map((k) => have.get(k) as T | undefined);
  }

  /** Records a row as written (undefined: deleted). */
  set(table: KeptTable, key: unknown, row: unknown): void {
    this.tableOf(this.loaded, table).set(key, row);
  }
}
