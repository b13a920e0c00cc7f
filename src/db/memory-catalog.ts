/** The outbox, products, staff, settings, programmes, audit and tasks, in memory (twins of dexie-outbox.ts and dexie-catalog.ts). */
import type { AuditEntry, CareTask, Id, Product, Staff } from '../domain/records';
import type { OutboxRow } from '../sync/protocol';
import { byNameThenId, checkProduct, checkProgramme } from './catalog-rules';
import type { ProgrammeRecord, SettingKey, SettingsMap } from './database';
import { InvalidInputError } from './errors';
import type { MemoryStore } from './memory-store';
import { memoryAppendOutbox, memoryOutboxCounter } from './memory-tx';
import type {
  AuditRepository, OutboxRepository, ProductRepository, ProgrammeRepository, SettingsRepository, StaffRepository, TaskRepository,
} from './repositories';
import { auditMutations, checkAudit, clampLimit } from './write-rules';

function writeAudit(s: MemoryStore, entry: AuditEntry): void {
  s.audit.add(entry);
  memoryAppendOutbox(s, auditMutations([entry]), entry.at);
}

export class MemoryOutboxRepository implements OutboxRepository {
  constructor(private readonly s: MemoryStore) {}
  async peek(limit: number): Promise<OutboxRow[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidInputError('peek needs a limit above 0');
    return this.s.outbox.all().slice(0, limit);
  }
  async ack(uptoSeq: number): Promise<void> {
    if (!Number.isInteger(uptoSeq) || uptoSeq < 0) throw new InvalidInputError('ack needs a whole seq');
    const s = this.s;
    await s.tx(() => {
      const counter = memoryOutboxCounter(s);
      if (uptoSeq >= counter.nextSeq) throw new InvalidInputError(`Cannot acknowledge seq ${uptoSeq}: the last one written is ${counter.nextSeq - 1}`);
      if (uptoSeq <= counter.ackedUpTo) return;
      for (const row of s.outbox.where((r) => r.seq <= uptoSeq)) s.outbox.delete(row.seq);
      s.meta.put({ key: 'outbox', value: { ...counter, ackedUpTo: uptoSeq } });
    });
  }
  async count(): Promise<number> { return this.s.outbox.count(); }
  async nextSeq(): Promise<number> { return memoryOutboxCounter(this.s).nextSeq; }
  async continueAfter(lastSeq: number): Promise<void> {
    if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) throw new InvalidInputError('continueAfter needs a whole seq');
    const s = this.s;
    await s.tx(() => {
      if (memoryOutboxCounter(s).nextSeq > lastSeq) return;
      if (s.outbox.count() > 0) throw new InvalidInputError('Changes wait in the outbox: their seqs cannot move');
      s.meta.put({ key: 'outbox', value: { nextSeq: lastSeq + 1, ackedUpTo: lastSeq } });
    });
  }
}

const activeByName = (list: Product[], n: number) => list.filter((p) => p.active).sort(byNameThenId).slice(0, n);

export class MemoryProductRepository implements ProductRepository {
  constructor(private readonly s: MemoryStore) {}
  async put(products: Product[]): Promise<void> {
    products.forEach(checkProduct);
    await this.s.tx(() => products.forEach((p) => this.s.products.put(p)));
  }
  async get(id: Id): Promise<Product | null> { return this.s.products.get(id) ?? null; }
  async bySku(sku: string): Promise<Product | null> { return this.s.products.where((p) => p.sku === sku)[0] ?? null; }
  async byBarcode(barcode: string): Promise<Product | null> { return this.s.products.where((p) => p.barcode === barcode)[0] ?? null; }
  async byCategory(category: string, limit?: number): Promise<Product[]> {
    return activeByName(this.s.products.where((p) => p.category === category), clampLimit(limit));
  }
  async searchName(prefix: string, limit?: number): Promise<Product[]> {
    const n = clampLimit(limit);
    return prefix ? activeByName(this.s.products.where((p) => p.name.startsWith(prefix)), n) : [];
  }
  async quickKeys(): Promise<Product[]> { return this.s.products.where((p) => p.quickKey && p.active).sort(byNameThenId); }
  async list(): Promise<Product[]> { return this.s.products.all().sort(byNameThenId); }
}

export class MemoryStaffRepository implements StaffRepository {
  constructor(private readonly s: MemoryStore) {}
  async put(staff: Staff, audit?: AuditEntry): Promise<void> {
    if (!staff.id || !staff.name.trim()) throw new InvalidInputError('A staff member needs an id and a name');
    checkAudit(audit ? [audit] : []);
    await this.s.tx(() => {
      this.s.staff.put(staff);
      if (audit) writeAudit(this.s, audit);
    });
  }
  async get(id: Id): Promise<Staff | null> { return this.s.staff.get(id) ?? null; }
  async list(): Promise<Staff[]> { return this.s.staff.all().sort(byNameThenId); }
}

export class MemorySettingsRepository implements SettingsRepository {
  constructor(private readonly s: MemoryStore) {}
  async get<K extends SettingKey>(key: K): Promise<SettingsMap[K] | null> {
    const row = this.s.settings.get(key);
    // set() is the only writer, and it stores SettingsMap[key] under key.
    return row ? (row.value as SettingsMap[K]) : null;
  }
  async set<K extends SettingKey>(key: K, value: SettingsMap[K], audit?: AuditEntry): Promise<void> {
    checkAudit(audit ? [audit] : []);
    await this.s.tx(() => {
      this.s.settings.put({ key, value });
      if (audit) writeAudit(this.s, audit);
    });
  }
}

export class MemoryProgrammeRepository implements ProgrammeRepository {
  constructor(private readonly s: MemoryStore) {}
  async save(record: ProgrammeRecord): Promise<void> {
    checkProgramme(record);
    await this.s.tx(() => {
      if (this.s.programmes.get(record.version)) throw new InvalidInputError(`Programme version ${record.version} already exists`);
      this.s.programmes.add(record);
    });
  }
  async saveVersion(input: { record: ProgrammeRecord; audit: AuditEntry; push: boolean }): Promise<void> {
    const { record, audit, push } = input;
    checkProgramme(record);
    if (!audit.id || !audit.action) throw new InvalidInputError('An audit entry needs an id and an action');
    const s = this.s;
    await s.tx(() => {
      const existing = s.programmes.get(record.version);
      if (existing && push) throw new InvalidInputError(`Programme version ${record.version} already exists`);
      if (!existing) s.programmes.add(record);
      s.settings.put({ key: 'activeProgrammeVersion', value: record.version });
      if (!s.audit.get(audit.id)) s.audit.add(audit);
      if (push) memoryAppendOutbox(s, [{ kind: 'audit.append', id: audit.id, at: audit.at, entry: audit }], audit.at);
    });
  }
  async get(version: number): Promise<ProgrammeRecord | null> { return this.s.programmes.get(version) ?? null; }
  async latest(): Promise<ProgrammeRecord | null> { return this.s.programmes.all().at(-1) ?? null; }
  async versions(): Promise<number[]> { return this.s.programmes.all().map((p) => p.version); }
}

export class MemoryAuditRepository implements AuditRepository {
  constructor(private readonly s: MemoryStore) {}
  async append(entry: AuditEntry): Promise<void> {
    if (!entry.id || !entry.action) throw new InvalidInputError('An audit entry needs an id and an action');
    await this.s.tx(() => writeAudit(this.s, entry));
  }
  async recent(limit: number): Promise<AuditEntry[]> {
    // Dexie reads the `at` index backwards: newest first, and among equal times the larger id first.
    const list = this.s.audit.all().sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return list.slice(0, clampLimit(limit));
  }
}

export class MemoryTaskRepository implements TaskRepository {
  constructor(private readonly s: MemoryStore) {}
  async get(id: Id): Promise<CareTask | null> { return this.s.tasks.get(id) ?? null; }
  async openDue(onOrBefore: string, limit?: number): Promise<CareTask[]> {
    const n = clampLimit(limit);
    return this.s.tasks.where((t) => t.status === 'open' && t.dueFrom <= onOrBefore).sort(byDue).slice(0, n);
  }
  async ofMember(memberId: Id): Promise<CareTask[]> { return this.s.tasks.where((t) => t.memberId === memberId).sort(byDue); }
}

function byDue(a: CareTask, b: CareTask): number {
  if (a.dueFrom !== b.dueFrom) return a.dueFrom < b.dueFrom ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
