/** The store settings the backup adds to the database's typed settings (declaration merging, as src/db/database.ts invites). */
import type { Instant } from '../domain/records';

declare module '../db/database' {
  interface SettingsMap {
    /** When this till last saved a complete backup. */
    lastBackupAt: Instant;
    /** Remind the manager when the last backup is older than this many days (no server paired). */
    backupReminderDays: number;
  }
}

export const DEFAULT_BACKUP_REMINDER_DAYS = 7;
