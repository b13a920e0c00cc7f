/**
 * What a value must be for a till to store it and the server to accept it (sync-protocol S23): one
 * rule, used by the server's schemas at the edge and by the till where text is typed or imported
 * (enrolment, profile edit, CSV import, pairing), so both refuse the same input with the same words
 * (i18n `input.text.invalid`, `input.text.long`).
 *  - Text holds no NUL (U+0000) and no lone surrogate (half of an emoji): PostgreSQL can store
 *    neither, and a string made in JavaScript can hold both (a CSV file, a pasted value).
 *  - Whole numbers stay far inside the safe integer range, so sums (a balance, a member's spend) stay
 *    exact in JavaScript and inside PostgreSQL's int8.
 *  - Instants are real dates, and a fact's time is not more than a day ahead of the server's clock.
 * Pure: the clock is a parameter.
 */
/** Why a text cannot be kept; the i18n key `input.<problem>` says it in words. */
export type TextProblem = 'text.invalid' | 'text.long';

/** The longest text of each kind, in UTF-16 code units (what JavaScript and zod count). */
export const TEXT_MAX = {
  id: 100, name: 100, short: 100, line: 200, profileValue: 1000, note: 2000, notes: 4000,
} as const;

/** True when the text has a NUL or a surrogate that is not half of a pair. */
export function hasBadCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** `s` with each NUL and lone surrogate replaced by U+FFFD: a text that can be stored (a message naming a bad key). */
export function withoutBadCharacters(s: string): string {
  if (!hasBadCharacter(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pair) { out += s.slice(i, i + 2); i++; } else out += c === 0 || (c >= 0xd800 && c <= 0xdfff) ? '\ufffd' : s[i];
  }
  return out;
}

/** The text rule: null when `s` can be kept, else why not. `max` counts UTF-16 code units. */
export function textProblem(s: string, max: number): TextProblem | null {
  if (hasBadCharacter(s)) return 'text.invalid';
  if (s.length > max) return 'text.long';
  return null;
}

/** The largest amount of money (minor units: fen, cents) one field may hold: 100 billion of the currency. */
export const MAX_AMOUNT = 10_000_000_000_000;
/** The largest number of points one field or ledger entry may hold (either sign). */
export const MAX_POINTS = 1_000_000_000_000;
/** A member's balance and spend stay within this (JavaScript's safe integers, well inside int8). */
export const MAX_TOTAL = Number.MAX_SAFE_INTEGER;

/** The last instant a JavaScript Date can hold (8.64e15 ms after 1970). */
export const MAX_INSTANT = 8_640_000_000_000_000;
/** How far ahead of the server's clock a fact's time may be: a tablet whose clock or zone is wrong by up to a day still syncs. */
export const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

/** An instant no later than `now` + MAX_AHEAD_MS. */
export function notTooFarAhead(at: number, now: number): boolean {
  return at <= now + MAX_AHEAD_MS;
}

/** True when no string anywhere in `v` (keys included) breaks the text rule's characters; iterative, any depth. */
export function allTextClean(v: unknown): boolean {
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'string') {
      if (hasBadCharacter(x)) return false;
    } else if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
    } else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        if (hasBadCharacter(k)) return false;
        stack.push(y);
      }
    }
  }
  return true;
}
