/**
 * Staff PINs: PBKDF2-SHA256 through WebCrypto with a random 16-byte salt and at least 100,000
 * iterations, so a copied database does not give the PINs away cheaply. Lock-out: after
 * MAX_FAILURES wrong PINs in a row the staff member is locked for LOCK_MS. The check is in
 * constant time over the hash bytes.
 */
export const PIN_ITERATIONS = 120_000;
export const MAX_FAILURES = 5;
export const LOCK_MS = 5 * 60_000;

export interface PinHash {
  pinHash: string;
  pinSalt: string;
  pinIterations: number;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export function isValidPin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  if (!isValidPin(pin)) throw new RangeError('A PIN must be 4 to 8 digits');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(pin, salt, iterations);
  return { pinHash: toBase64(hash), pinSalt: toBase64(salt), pinIterations: iterations };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const hash = await derive(pin, fromBase64(stored.pinSalt), stored.pinIterations);
  const want = fromBase64(stored.pinHash);
  if (want.length !== hash.length) return false;
  let diff = 0;
  for (let i = 0; i < hash.length; i++) diff |= (hash[i] ?? 0) ^ (want[i] ?? 0);
  return diff === 0;
}

export interface LockState {
  failedAttempts: number;
  lockedUntil: number | null;
}

export function isLocked(s: LockState, now: number): boolean {
  return s.lockedUntil !== null && s.lockedUntil > now;
}

/** The lock state after one more wrong PIN. */
export function afterFailure(s: LockState, now: number): LockState {
  const failed = s.failedAttempts + 1;
  return failed >= MAX_FAILURES ? { failedAttempts: 0, lockedUntil: now + LOCK_MS } : { failedAttempts: failed, lockedUntil: null };
}

export const AFTER_SUCCESS: LockState = { failedAttempts: 0, lockedUntil: null };
