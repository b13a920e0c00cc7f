/**
 * Products, staff, settings, programme versions, audit and care tasks on Dexie. These tables are
 * small (a catalogue, a staff list) or read by index (audit by time, tasks by status and due date).
 * Writes are single puts, each its own transaction; the audit append also queues its outbox row.
 */
import { Dexie } from 'dexie';
import type { AuditEntry, CareTask, Id, Product, Staff } from '../domain/records';
import type { ProgrammeRecord, RegularsDb, SettingKey, SettingsMap } from './database';
import { appendOutbox, runWrite } from './dexie-tx';
import { InvalidInputError } from './errors';
import type { AuditRepository, ProductRepository, ProgrammeRepository, SettingsRepository, StaffRepository, TaskRepository } from './repositories';
import { byNameThenId, checkProduct, checkProgramme } from './catalog-rules';
import { auditMutations, checkAudit, clampLimit } from './write-rules';

/** The entry and its outbox row, inside the caller's transaction (which includes 'audit', 'outbox' and 'meta'). */
async function writeAudit(db: RegularsDb, entry: AuditEntry): Promise<void> {
  await db.audit.add(entry);
  await appendOutbox(db, auditMutations([entry]), entry.at);
}

export class DexieProductRepository implements ProductRepository {
  constructor(private readonly db: RegularsDb) {}
  async put(products: Product[]): Promise<void> {
    products.forEach(checkProduct);
    await runWrite(this.db, ['products'], async () => { await this.db.products.bulkPut(products); });
  }
  async get(id: Id): Promise<Product | null> { return (await this.db.products.get(id)) ?? null; }
  async bySku(sku: string): Promise<Product | null> { return (await this.db.products.where('sku').equals(sku).first()) ?? null; }
  async byBarcode(barcode: string): Promise<Product | null> {
    return (await this.db.products.where('barcode').equals(barcode).first()) ?? null;
  }
  async byCategory(category: string, limit?: number): Promise<Product[]> {
    const n = clampLimit(limit);
    const list = await this.db.products.where('category').equals(category).toArray();
    return list.filter((p) => p.active).sort(byNameThenId).slice(0, n);
  }
  async searchName(prefix: string, limit?: number): Promise<Product[]> {
    const n = clampLimit(limit);
    if (!prefix) return [];
    return this.db.products.where('name').startsWith(prefix).filter((p) => p.active).limit(n).toArray();
  }
  async quickKeys(): Promise<Product[]> {
    // A catalogue is a few thousand rows at most; booleans cannot be indexed in IndexedDB.
    const list = await this.db.products.filter((p) => p.quickKey && p.active).toArray();
    return list.sort(byNameThenId);
  }
  async list(): Promise<Product[]> {
    return (await this.db.products.toArray()).sort(byNameThenId);
  }
}

export class DexieStaffRepository implements StaffRepository {
  constructor(private readonly db: RegularsDb) {}
  async put(staff: Staff, audit?: AuditEntry): Promise<void> {
    if (!staff.id || !staff.name.trim()) throw new InvalidInputError('A staff member needs an id and a name');
    checkAudit(audit ? [audit] : []);
    await runWrite(this.db, audit ? ['staff', 'audit', 'outbox', 'meta'] : ['staff'], async () => {
      await this.db.staff.put(staff);
      if (audit) await writeAudit(this.db, audit);
    });
  }
  async get(id: Id): Promise<Staff | null> { return (await this.db.staff.get(id)) ?? null; }
  async list(): Promise<Staff[]> { return (await this.db.staff.toArray()).sort(byNameThenId); }
}

export class DexieSettingsRepository implements SettingsRepository {
  constructor(private readonly db: RegularsDb) {}
  async get<K extends SettingKey>(key: K): Promise<SettingsMap[K] | null> {
    const row = await this.db.settings.get(key);
    // set() is the only writer, and it stores SettingsMap[key] under key.
    return row ? (row.value as SettingsMap[K]) : null;
  }
  async set<K extends SettingKey>(key: K, value: SettingsMap[K], audit?: AuditEntry): Promise<void> {
    checkAudit(audit ? [audit] : []);
    await runWrite(this.db, audit ? ['settings', 'audit', 'outbox', 'meta'] : ['settings'], async () => {
      await this.db.settings.put({ key, value });
      if (audit) await writeAudit(this.db, audit);
    });
  }
}

export class DexieProgrammeRepository implements ProgrammeRepository {
  constructor(private readonly db: RegularsDb) {}
  async save(record: ProgrammeRecord): Promise<void> {
    checkProgramme(record);
    await runWrite(this.db, ['programmes'], async () => {
      if (await this.db.programmes.get(record.version)) throw new InvalidInputError(`Programme version ${record.version} already exists`);
      await this.db.programmes.add(record);
    });
  }
  async saveVersion(input: { record: ProgrammeRecord; audit: AuditEntry; push: boolean }): Promise<void> {
    const { record, audit, push } = input;
    checkProgramme(record);
    if (!audit.id || !audit.action) throw new InvalidInputError('An audit entry needs an id and an action');
    const db = this.db;
    await runWrite(db, ['programmes', 'settings', 'audit', 'outbox', 'meta'], async () => {
      const existing = await db.programmes.get(record.version);
      if (existing && push) throw new InvalidInputError(`Programme version ${record.version} already exists`);
      if (!existing) await db.programmes.add(record);
      await db.settings.put({ key: 'activeProgrammeVersion', value: record.version });
      if (!(await db.audit.get(audit.id))) await db.audit.add(audit);
      if (push) await appendOutbox(db, [{ kind: 'audit.append', id: audit.id, at: audit.at, entry: audit }], audit.at);
    });
  }
  async get(version: number): Promise<ProgrammeRecord | null> { return (await this.db.programmes.get(version)) ?? null; }
  async latest(): Promise<ProgrammeRecord | null> { return (await this.db.programmes.orderBy('version').last()) ?? null; }
  async versions(): Promise<number[]> { return this.db.programmes.orderBy('version').primaryKeys(); }
}

export class DexieAuditRepository implements AuditRepository {
  constructor(private readonly db: RegularsDb) {}
  async append(entry: AuditEntry): Promise<void> {
    if (!entry.id || !entry.action) throw new InvalidInputError('An audit entry needs an id and an action');
    const db = this.db;
    // An async function, not an arrow returning a promise: Dexie keeps the transaction open only across those.
    await runWrite(db, ['audit', 'outbox', 'meta'], async () => { await writeAudit(db, entry); });
  }
  async recent(limit: number): Promise<AuditEntry[]> {
    return this.db.audit.orderBy('at').reverse().limit(clampLimit(limit)).toArray();
  }
}

export class DexieTaskRepository implements TaskRepository {
  constructor(private readonly db: RegularsDb) {}
  async get(id: Id): Promise<CareTask | null> { return (await this.db.tasks.get(id)) ?? null; }
  async openDue(onOrBefore: string, limit?: number): Promise<CareTask[]> {
    return this.db.tasks.where('[status+dueFrom]').between(['open', Dexie.minKey], ['open', onOrBefore], true, true)
      .limit(clampLimit(limit)).toArray();
  }
  async ofMember(memberId: Id): Promise<CareTask[]> {
    return this.db.tasks.where('memberId').equals(memberId).sortBy('dueFrom');
  }
}
