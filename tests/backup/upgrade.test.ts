// [BK5] A backup made by an older app (database schema v1) is upgraded on the way in, like a live database.
import { Dexie } from 'dexie';
import { expect, it } from 'vitest';
import { exportBackup } from '../../src/backup/export';
import { restoreBackup } from '../../src/backup/restore';
import { BACKUP_TABLES, headerSchema } from '../../src/backup/format';
import { SCHEMA_V1 } from '../../src/db/database';
import type { RegularsDb } from '../../src/db/database';
import { member, T0 } from '../db/fixtures';
import { freshTill } from './shop';

it('[BK5] a schema v1 backup restores onto today\'s till with members findable by their last four digits', async () => {
  const v1 = new Dexie('backup-v1-till');
  // v1's stores, and the one table today's exporter reads that v1 did not have (empty, as it would be).
  v1.version(1).stores({ ...SCHEMA_V1, insightPast: 'key' });
  await v1.open();
  const zhang = member({ id: 'm-zhang', name: '张三', phone: '13812345678' });
  await v1.table('members').add(zhang);
  await v1.table('meta').add({ key: 'device', value: { deviceId: 'd-old', orgId: 'local', createdAt: T0 } });
  // The export reads tables by name only, so an old-schema Dexie stands in for an old app's database.
  const file = await exportBackup(v1 as unknown as RegularsDb, { now: T0, staffId: null, newId: () => 'a-1' });
  expect(file.header.schemaVersion).toBe(1);

  const till = await freshTill();
  await restoreBackup(till.db, file.blob);
  const hits = await till.repos.members.search({ kind: 'last4', value: '5678' });
  expect(hits.map((h) => h.member.id)).toEqual(['m-zhang']);
  expect(await till.db.members.get('m-zhang')).toMatchObject({ phoneLast4: '5678', name: '张三' });
});

it('[BK5] a file from before backups held the organisation\'s past (no count for it) is read as having none', () => {
  const header = {
    app: 'regulars', formatVersion: 1, schemaVersion: 5, orgId: 'o', deviceId: 'd', storeId: null, createdAt: T0, createdBy: null,
    counts: Object.fromEntries(BACKUP_TABLES.filter((t) => t !== 'insightPast').map((t) => [t, 0])), encrypted: false, kdf: null,
  };
  const read = headerSchema.safeParse(header);
  expect(read.success).toBe(true);
  expect(read.data?.counts.insightPast).toBe(0);
  // A count for a table no version ever had is still refused.
  expect(headerSchema.safeParse({ ...header, counts: { ...header.counts, unknown: 1 } }).success).toBe(false);
});
