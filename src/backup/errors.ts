/**
 * Why a backup or a restore was refused. Each code maps to one i18n message (`backup.error.<code>`);
 * a restore that throws one of these has written nothing.
 */
export type BackupErrorCode =
  | 'not_backup' // not a Regulars backup at all
  | 'truncated' // the file ends early (an interrupted download or copy)
  | 'corrupt' // a checksum does not match: damaged or altered
  | 'wrong_passphrase' // encrypted, and the passphrase does not open it
  | 'passphrase_needed' // encrypted, and no passphrase was given
  | 'newer_format' // made by a newer Regulars whose file format this one cannot read
  | 'newer_schema' // made by a newer Regulars whose database this one cannot hold
  | 'not_empty' // the till has data and the caller did not confirm replacing it
  | 'other_shop' // the backup is another shop's and the till has data
  | 'changed_during_backup' // the till wrote while the backup was being read: try again
  | 'storage_full' // the device has no room for the restored data
  | 'write_failed'; // the write was aborted for another reason

export class BackupError extends Error {
  /** For `not_empty` and `other_shop`: when the (verified) backup was made, for the confirmation question. */
  readonly backupCreatedAt: number | null;

  constructor(readonly code: BackupErrorCode, detail?: string, options?: { cause?: unknown; backupCreatedAt?: number }) {
    super(detail ? `${code}: ${detail}` : code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackupError';
    this.backupCreatedAt = options?.backupCreatedAt ?? null;
  }
}

export function isBackupError(e: unknown): e is BackupError {
  return e instanceof BackupError;
}
