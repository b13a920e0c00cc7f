/**
 * The outbox half of a write in the in-memory twin, shared by its writers (the twin of dexie-tx.ts):
 * the counter and the rows a write appends inside its `tx`. Its own file, so the till writer and the
 * care writer do not import each other.
 */
import type { Instant } from '../domain/records';
import type { Mutation } from '../sync/protocol';
import type { MetaMap } from './database';
import type { MemoryStore } from './memory-store';

export function memoryOutboxCounter(s: MemoryStore): MetaMap['outbox'] {
  // The row stored under 'outbox' always holds MetaMap['outbox']: only this module and the outbox write it.
  return (s.meta.get('outbox')?.value as MetaMap['outbox'] | undefined) ?? { nextSeq: 1, ackedUpTo: 0 };
}

export function memoryAppendOutbox(s: MemoryStore, mutations: Mutation[], createdAt: Instant): void {
  const counter = memoryOutboxCounter(s);
  mutations.forEach((mutation, i) => s.outbox.add({ seq: counter.nextSeq + i, mutation, createdAt }));
  s.meta.put({ key: 'outbox', value: { ...counter, nextSeq: counter.nextSeq + mutations.length } });
}
