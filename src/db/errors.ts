/**
 * The errors the repositories throw. Each has a stable `code` that the UI maps to an i18n message;
 * `message` is for logs and developers only. Every write that throws one of these has written
 * nothing (the transaction was aborted or never started).
 */
import type { Id } from '../domain/records';

export type DbErrorCode =
  | 'storage-full' | 'duplicate-phone' | 'coupon-used' | 'write-aborted' | 'not-found' | 'invalid-input';

export abstract class DbError extends Error {
  abstract readonly code: DbErrorCode;
}

/** The browser refused to store more (QuotaExceededError): the manager must free space or back up. */
export class StorageFullError extends DbError {
  readonly code = 'storage-full';
  constructor(cause?: unknown) {
    super('The device storage is full; nothing was saved', { cause });
    this.name = 'StorageFullError';
  }
}

/** Enrolment (or a profile edit) with a phone another member on this device already has. */
export class DuplicatePhoneError extends DbError {
  readonly code = 'duplicate-phone';
  constructor(readonly phone: string, readonly existingMemberId: Id) {
    super(`This phone already belongs to member ${existingMemberId}`);
    this.name = 'DuplicatePhoneError';
  }
}

/** A coupon that is already used, or not this member's, or not on this device. */
export class CouponUsedError extends DbError {
  readonly code = 'coupon-used';
  constructor(readonly couponId: Id, readonly usedSaleId: Id | null) {
    super(usedSaleId ? `Coupon ${couponId} was already used by sale ${usedSaleId}` : `Coupon ${couponId} cannot be used here`);
    this.name = 'CouponUsedError';
  }
}

/** The transaction failed for another reason (aborted, blocked, a bug): nothing was saved. */
export class WriteAbortedError extends DbError {
  readonly code = 'write-aborted';
  constructor(cause?: unknown) {
    super(`The write was aborted; nothing was saved (${describe(cause)})`, { cause });
    this.name = 'WriteAbortedError';
  }
}

export class NotFoundError extends DbError {
  readonly code = 'not-found';
  constructor(readonly what: string, readonly id: string) {
    super(`${what} ${id} does not exist on this device`);
    this.name = 'NotFoundError';
  }
}

/** Input that would break a rule of the store (a negative balance, a repeated id, a bad amount). */
export class InvalidInputError extends DbError {
  readonly code = 'invalid-input';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** True when `e`, or an error it wraps (Dexie keeps the original in `inner`), is a quota error. */
export function isQuotaError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (typeof cur !== 'object') return false;
    const name = (cur as { name?: unknown }).name;
    if (name === 'QuotaExceededError') return true;
    cur = (cur as { inner?: unknown; cause?: unknown }).inner ?? (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Turns whatever a storage engine threw into one of the errors above, keeping ours as they are. */
export function toDbError(e: unknown): DbError {
  // Dexie re-wraps an error whose name it knows (ours: NotFoundError) and keeps the original in `inner`.
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    if (cur instanceof DbError) return cur;
    cur = (cur as { inner?: unknown }).inner;
  }
  if (isQuotaError(e)) return new StorageFullError(e);
  return new WriteAbortedError(e);
}
