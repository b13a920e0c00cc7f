/** Builds every Dexie repository over one open RegularsDb. */
import type { RegularsDb } from './database';
import {
  DexieAuditRepository, DexieProductRepository, DexieProgrammeRepository, DexieSettingsRepository, DexieStaffRepository, DexieTaskRepository,
} from './dexie-catalog';
import { DexieMemberRepository } from './dexie-members';
import { DexieOutboxRepository } from './dexie-outbox';
import { lazyTillWriter } from './lazy-till-writer';
import type { Repositories } from './repositories';

export function createDexieRepositories(db: RegularsDb): Repositories {
  return {
    members: new DexieMemberRepository(db),
    // Loaded on first use (and fetched at once): not part of the till's first bundle.
    writer: lazyTillWriter(async () => new (await import('./dexie-till-writer')).DexieTillWriter(db)),
    outbox: new DexieOutboxRepository(db),
    products: new DexieProductRepository(db),
    staff: new DexieStaffRepository(db),
    settings: new DexieSettingsRepository(db),
    programmes: new DexieProgrammeRepository(db),
    audit: new DexieAuditRepository(db),
    tasks: new DexieTaskRepository(db),
  };
}
