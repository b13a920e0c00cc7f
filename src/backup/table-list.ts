/** The device tables a backup holds, in the order it writes them. No dependencies: start-up code uses it. */
export const BACKUP_TABLES = [
  'members', 'memberStats', 'sales', 'returns', 'ledger', 'coupons', 'tasks', 'products', 'staff',
  'programmes', 'settings', 'outbox', 'audit', 'meta',
  // The organisation's past the server sent at pairing (I13): not derived on the device, so kept.
  'insightPast',
] as const;
/** Tables added after format 1 was first written: a file made before them has no count, read as 0. */
export const LATER_TABLES: readonly BackupTable[] = ['insightPast'];
export type BackupTable = (typeof BACKUP_TABLES)[number];
export type TableCounts = Record<BackupTable, number>;

export function isBackupTable(name: string): name is BackupTable {
  return (BACKUP_TABLES as readonly string[]).includes(name);
}

export function zeroCounts(): TableCounts {
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t, 0])) as TableCounts;
}
