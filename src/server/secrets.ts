/**
 * Secrets: device tokens (32 random bytes, only their sha256 is stored), one-time pairing codes
 * (only their sha256 is stored) and staff PINs (PBKDF2-SHA256 with a random salt, verifiable on
 * the tablet with WebCrypto from the same three fields).
 */
import { createHash, pbkdf2Sync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const PIN_ITERATIONS = 100_000;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** 10 digits, easy to type on a tablet keypad; brute force is stopped by expiry and rate limits. */
export function newPairCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += String(randomInt(10));
  return s;
}

export function normalisePairCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

export interface PinHash {
  pinHash: string;
  pinSalt: string;
  pinIterations: number;
}

export function hashPin(pin: string, salt = randomBytes(16), iterations = PIN_ITERATIONS): PinHash {
  const h = pbkdf2Sync(pin, salt, iterations, 32, 'sha256');
  return { pinHash: h.toString('base64'), pinSalt: salt.toString('base64'), pinIterations: iterations };
}

export function verifyPin(pin: string, stored: PinHash): boolean {
  const want = Buffer.from(stored.pinHash, 'base64');
  const got = pbkdf2Sync(pin, Buffer.from(stored.pinSalt, 'base64'), stored.pinIterations, want.length, 'sha256');
  return got.length === want.length && timingSafeEqual(got, want);
}

export function isValidPin(pin: string): boolean {
  return /^\d{4,12}$/.test(pin);
}
