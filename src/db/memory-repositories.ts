/** Builds every in-memory repository over one MemoryStore (the twin of dexie-repositories.ts). */
import {
  MemoryAuditRepository, MemoryOutboxRepository, MemoryProductRepository, MemoryProgrammeRepository, MemorySettingsRepository,
  MemoryStaffRepository, MemoryTaskRepository,
} from './memory-catalog';
import { MemoryMemberRepository } from './memory-members';
import { MemoryStore } from './memory-store';
import { MemoryTillWriter } from './memory-till-writer';
import type { Repositories } from './repositories';

export function createMemoryRepositories(store: MemoryStore = new MemoryStore()): Repositories {
  return {
    members: new MemoryMemberRepository(store),
    writer: new MemoryTillWriter(store),
    outbox: new MemoryOutboxRepository(store),
    products: new MemoryProductRepository(store),
    staff: new MemoryStaffRepository(store),
    settings: new MemorySettingsRepository(store),
    programmes: new MemoryProgrammeRepository(store),
    audit: new MemoryAuditRepository(store),
    tasks: new MemoryTaskRepository(store),
  };
}
