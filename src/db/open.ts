/**
 * Opens the app's database: one IndexedDB database per organisation and device, so two shops (or a
 * demo and a real shop) on one tablet never mix. Asking for persistent storage is the UI's job.
 * A failure to open (storage full, blocked by another tab on an old version) surfaces as a DbError.
 */
import type { Id } from '../domain/records';
import { RegularsDb } from './database';
import { createDexieRepositories } from './dexie-repositories';
import { toDbError } from './errors';
import type { Repositories } from './repositories';

/** Without a sync server every till is its own organisation (as the database name says). */
export const LOCAL_ORG = 'local';

export function databaseName(orgId: Id, deviceId: Id): string {
  if (!/^[\w-]+$/.test(orgId) || !/^[\w-]+$/.test(deviceId)) throw new RangeError('Organisation and device ids must be letters, digits, - or _');
  return `regulars-${orgId}-${deviceId}`;
}

export interface OpenedDatabase {
  db: RegularsDb;
  repos: Repositories;
}

export async function openDatabase(orgId: Id, deviceId: Id, at: number): Promise<OpenedDatabase> {
  const db = new RegularsDb(databaseName(orgId, deviceId));
  try {
    await db.open();
    await db.transaction('rw', db.meta, async () => {
      if (!(await db.meta.get('device'))) await db.meta.put({ key: 'device', value: { deviceId, orgId, createdAt: at } });
    });
  } catch (e) {
    db.close();
    throw toDbError(e);
  }
  return { db, repos: createDexieRepositories(db) };
}
