/**
 * Passphrase encryption of a backup (WebCrypto only, so it runs the same in the browser and Node 20).
 *  - Key: PBKDF2-SHA256 over the passphrase with a random 16-byte salt. The default 600,000
 *    iterations is OWASP's current figure for PBKDF2-HMAC-SHA256 (above the 310,000 floor the
 *    brief names): about a second on a shop tablet, once per backup or restore, and it makes
 *    guessing a shop owner's short passphrase from a stolen file slow.
 *  - Each sealed piece: AES-256-GCM with its own random 96-bit IV (at most a few thousand pieces per
 *    file, far below the 2^32 a random IV allows), and additional data that binds it to the header
 *    and to its place in the file, so a piece moved, dropped or taken from another file fails to open.
 */
import { concat, own } from './bytes';

export const DEFAULT_KDF_ITERATIONS = 600_000;
/** A header asking for more than this is refused rather than freezing the tablet. */
export const MAX_KDF_ITERATIONS = 10_000_000;
const IV_BYTES = 12;

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

export async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: own(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** iv ‖ ciphertext+tag. */
export async function seal(key: CryptoKey, plain: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: own(aad) }, key, own(plain));
  return concat([iv, new Uint8Array(sealed)]);
}

/** Returns null when the piece does not open (wrong key, altered bytes, wrong place): the caller names the reason. */
export async function unseal(key: CryptoKey, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array | null> {
  if (sealed.length < IV_BYTES + 16) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: own(sealed.subarray(0, IV_BYTES)), additionalData: own(aad) },
      key,
      own(sealed.subarray(IV_BYTES)),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
