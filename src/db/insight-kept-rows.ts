/**
 * The kept rows (insightDays, insightBuyers, insightCohorts, insightVisits) one transaction has read or written, so the
 * middleware (insight-middleware.ts) reads each row from IndexedDB at most once per transaction: a
 * checkout's sale and its ledger entries usually touch the same day row, and the second write finds it
 * here. A read can be started early (`want`, without waiting) beside the write that needs it.
 * The middleware writes every kept row through `set` as it puts it, so what is here is what is stored.
 * A memberStats write reads its member and figure rows through a KeptRows of its own (started with the
 * write, so none of them costs a round of its own), never kept past that write.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';

export type KeptTable = 'insightDays' | 'insightBuyers' | 'insightCohorts' | 'insightVisits' | 'insightTiers' | 'insightSpend' | 'insightState' | 'members';

/** A key as a map key: compound keys ([day, member]) by their parts, not by the array's identity. */
const slot = (key: unknown): unknown => (Array.isArray(key) ? JSON.stringify(key) : key);

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
    const missing = new Map<unknown, unknown>(); // slot → key
    for (const key of keys) {
      const k = slot(key);
      const p = pending.get(k);
      if (p) waits.add(p);
      else if (!have.has(k)) missing.set(k, key);
    }
    if (missing.size > 0) {
      const slots = [...missing.keys()];
      const read = this.down.table(table).getMany({ trans: this.trans, keys: [...missing.values()] }).then((rows) => {
        slots.forEach((k, i) => {
          pending.delete(k);
          // A row set meanwhile was written after this read was queued: it is the newer one.
          if (!have.has(k)) have.set(k, rows[i]);
        });
      });
      for (const k of slots) pending.set(k, read);
      waits.add(read);
    }
    return waits.size === 0 ? Promise.resolve() : Promise.all(waits).then(() => undefined);
  }

  /** The rows of `keys` (undefined: no row), reading those not here yet. */
  async read<T>(table: KeptTable, keys: readonly unknown[]): Promise<(T | undefined)[]> {
    await this.want(table, keys);
    const have = this.tableOf(this.loaded, table);
    return keys.map((k) => have.get(slot(k)) as T | undefined);
  }

  /** Records a row as written (undefined: deleted). */
  set(table: KeptTable, key: unknown, row: unknown): void {
    this.tableOf(this.loaded, table).set(slot(key), row);
  }
}
