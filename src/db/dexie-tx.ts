/**
 * Transaction plumbing shared by the Dexie repositories.
 *  - `runWrite` runs one read-write transaction and turns any failure into a DbError; IndexedDB has
 *    rolled the whole transaction back by the time the caller sees it.
 *  - `appendOutbox` hands out the next gapless seqs from the counter kept in `meta` (not from the
 *    highest row, which is gone once acknowledged), inside the caller's transaction.
 */
import type { Instant } from '../domain/records';
import type { Mutation, OutboxRow } from '../sync/protocol';
import type { MetaKey, MetaMap, RegularsDb } from './database';
import { toDbError } from './errors';
import type { KEPT_TABLES } from './insight-totals';
import type { MEMBER_KEPT_TABLES } from './insight-member-totals';

type TableName = 'members' | 'memberStats' | 'sales' | 'returns' | 'ledger' | 'coupons' | 'tasks' | 'products'
  | 'staff' | 'programmes' | 'settings' | 'outbox' | 'audit' | 'meta' | 'insightPast'
  | (typeof KEPT_TABLES)[number] | (typeof MEMBER_KEPT_TABLES)[number];

export async function runWrite<T>(db: RegularsDb, tables: TableName[], work: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction('rw', tables, work);
  } catch (e) {
    throw toDbError(e);
  }
}

export async function getMeta<K extends MetaKey>(db: RegularsDb, key: K): Promise<MetaMap[K] | undefined> {
  const row = await db.meta.get(key);
  // The row stored under `key` always holds MetaMap[key]: putMeta is the only writer.
  return row?.value as MetaMap[K] | undefined;
}

export async function putMeta<K extends MetaKey>(db: RegularsDb, key: K, value: MetaMap[K]): Promise<void> {
  await db.meta.put({ key, value });
}

export async function outboxCounter(db: RegularsDb): Promise<MetaMap['outbox']> {
  return (await getMeta(db, 'outbox')) ?? { nextSeq: 1, ackedUpTo: 0 };
}

/** Must run inside a transaction that includes 'outbox' and 'meta'. */
export async function appendOutbox(db: RegularsDb, mutations: Mutation[], createdAt: Instant): Promise<void> {
  if (mutations.length === 0) return;
  const counter = await outboxCounter(db);
  const rows: OutboxRow[] = mutations.map((mutation, i) => ({ seq: counter.nextSeq + i, mutation, createdAt }));
  await db.outbox.bulkAdd(rows);
  await putMeta(db, 'outbox', { ...counter, nextSeq: counter.nextSeq + rows.length });
}
