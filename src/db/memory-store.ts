/**
 * The in-memory twin's storage: one Map per table and all-or-nothing transactions.
 *
 * Guarantees (the same as the Dexie store's, checked by tests/db/contract.ts):
 *  - `tx` runs its work synchronously, so no other work interleaves; if the work throws, every write
 *    it made is undone in reverse order and the error reaches the caller as a DbError.
 *  - Rows are deep-copied on the way in and out, like IndexedDB's structured clone.
 * It scans tables to answer queries: it is for tests and demos, not for a million members.
 */
import type { AuditEntry, CareTask, Coupon, LedgerEntry, MemberStats, Product, Sale, SaleReturn, Staff } from '../domain/records';
import type { OutboxRow } from '../sync/protocol';
import type { MemberRow, MetaRow, ProgrammeRecord, SettingRow } from './database';
import { InvalidInputError, toDbError } from './errors';
import type { PastRow } from './insight-past';

type Key = string | number;

export class MemoryTable<T> {
  private readonly rows = new Map<Key, T>();
  constructor(private readonly store: MemoryStore, readonly name: string, private readonly keyOf: (row: T) => Key) {}

  get(key: Key): T | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : structuredClone(row);
  }

  /** Every row, by primary key (the order IndexedDB returns them in). */
  all(): T[] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => structuredClone(r));
  }

  where(test: (row: T) => boolean): T[] {
    return this.all().filter(test);
  }

  count(): number {
    return this.rows.size;
  }

  put(row: T): void {
    const key = this.keyOf(row);
    const before = this.rows.get(key);
    this.store.willWrite(this.name, () => (before === undefined ? this.rows.delete(key) : this.rows.set(key, before)));
    this.rows.set(key, structuredClone(row));
  }

  add(row: T): void {
    if (this.rows.has(this.keyOf(row))) {
      // What IndexedDB throws for an add() on an existing key; it becomes a WriteAbortedError, as in Dexie.
      const e = new Error(`${this.name}: key ${String(this.keyOf(row))} already exists`);
      e.name = 'ConstraintError';
      throw e;
    }
    this.put(row);
  }

  delete(key: Key): void {
    const before = this.rows.get(key);
    if (before === undefined) return;
    this.store.willWrite(this.name, () => this.rows.set(key, before));
    this.rows.delete(key);
  }
}

export class MemoryStore {
  readonly members = new MemoryTable<MemberRow>(this, 'members', (r) => r.id);
  readonly memberStats = new MemoryTable<MemberStats>(this, 'memberStats', (r) => r.memberId);
  readonly sales = new MemoryTable<Sale>(this, 'sales', (r) => r.id);
  readonly returns = new MemoryTable<SaleReturn>(this, 'returns', (r) => r.id);
  readonly ledger = new MemoryTable<LedgerEntry>(this, 'ledger', (r) => r.id);
  readonly coupons = new MemoryTable<Coupon>(this, 'coupons', (r) => r.id);
  readonly tasks = new MemoryTable<CareTask>(this, 'tasks', (r) => r.id);
  readonly products = new MemoryTable<Product>(this, 'products', (r) => r.id);
  readonly staff = new MemoryTable<Staff>(this, 'staff', (r) => r.id);
  readonly programmes = new MemoryTable<ProgrammeRecord>(this, 'programmes', (r) => r.version);
  readonly settings = new MemoryTable<SettingRow>(this, 'settings', (r) => r.key);
  readonly outbox = new MemoryTable<OutboxRow>(this, 'outbox', (r) => r.seq);
  readonly audit = new MemoryTable<AuditEntry>(this, 'audit', (r) => r.id);
  readonly meta = new MemoryTable<MetaRow>(this, 'meta', (r) => r.key);
  readonly insightPast = new MemoryTable<PastRow>(this, 'insightPast', (r) => r.key);

  private journal: (() => void)[] | null = null;
  private faults: { table: string; error: unknown }[] = [];

  /** Test hook: the next write to `table` throws `error` (as a storage engine would). */
  failNextWrite(table: string, error: unknown): void {
    this.faults.push({ table, error });
  }

  willWrite(table: string, undo: () => void): void {
    const i = this.faults.findIndex((f) => f.table === table);
    if (i >= 0) {
      const [fault] = this.faults.splice(i, 1);
      throw fault?.error;
    }
    this.journal?.push(undo);
  }

  async tx<T>(work: () => T): Promise<T> {
    if (this.journal) throw new InvalidInputError('Transactions do not nest');
    const journal: (() => void)[] = [];
    this.journal = journal;
    try {
      return work();
    } catch (e) {
      for (let i = journal.length - 1; i >= 0; i--) journal[i]?.();
      throw toDbError(e);
    } finally {
      this.journal = null;
    }
  }
}
