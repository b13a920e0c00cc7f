/**
 * Search keys for the counter: phone numbers normalised per country, masked phones, name keys,
 * member card numbers, and the classification of whatever the cashier typed or scanned into a
 * MemberQuery the repository answers from an index (docs/loyalty-spec.md, S rules).
 */
import type { MemberQuery } from './records';
import { pinyinInitials } from './pinyin';

export { pinyinInitials };

export type PhoneErrorCode = 'phone.empty' | 'phone.characters' | 'phone.length' | 'phone.prefix';
export type PhoneResult = { ok: true; phone: string } | { ok: false; code: PhoneErrorCode };

/** Strips spaces, dashes, dots and brackets, and the country prefix (+86, 0086, 86 before 11 digits). */
function stripPhone(text: string, country: string): string | null {
  const t = text.normalize('NFKC').replace(/[\s\-.()]/g, '');
  if (!/^\+?\d*$/.test(t)) return null;
  if (country === 'CN') {
    if (t.startsWith('+86')) return t.slice(3);
    if (t.startsWith('0086')) return t.slice(4);
    if (t.length === 13 && t.startsWith('86')) return t.slice(2);
  }
  return t.replace(/^\+/, '');
}

/** [F1] CN: an 11-digit mainland mobile 1[3-9]xxxxxxxxx. Other countries: 6 to 15 digits. */
export function validatePhone(text: string, country = 'CN'): PhoneResult {
  if (text.trim() === '') return { ok: false, code: 'phone.empty' };
  const digits = stripPhone(text, country);
  if (digits === null) return { ok: false, code: 'phone.characters' };
  if (country === 'CN') {
    if (digits.length !== 11) return { ok: false, code: 'phone.length' };
    if (!/^1[3-9]\d{9}$/.test(digits)) return { ok: false, code: 'phone.prefix' };
    return { ok: true, phone: digits };
  }
  if (digits.length < 6 || digits.length > 15) return { ok: false, code: 'phone.length' };
  return { ok: true, phone: digits };
}

/** [F2] '13812345678' → '138****5678'; shorter numbers keep only their last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  if (phone.length > 4) return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
  return phone;
}

/** [F3] NFKC (full-width → half-width), lower case, inner whitespace collapsed to one space. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Luhn check digit of a digit string. */
function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * [F4] A card number is 'M' + 9 digits + a Luhn check digit ('M0000000018'). `seq` is a
 * sequence number or random digits chosen by the caller (the engine draws no randomness).
 */
export function makeCardNo(seq: number | string): string {
  const body = String(seq).replace(/\D/g, '').slice(-9).padStart(9, '0');
  return `M${body}${luhnDigit(body)}`;
}

export function isCardNo(text: string): boolean {
  const t = text.trim().toUpperCase();
  if (!/^M\d{10}$/.test(t)) return false;
  return luhnDigit(t.slice(1, 10)) === Number(t.slice(10));
}

/**
 * [F5] What the cashier typed: a card number → card; 11 digits (after +86 etc.) → phone; exactly
 * 4 digits → last4; 5–10 digits → phonePrefix; any Han character → name; Latin letters → name.
 * For Latin letters the repository also runs `initialsAlternative(query)` and merges the two
 * result lists (name matches first), so 'zs' finds 张三 and 'zoe' finds Zoe Smith.
 */
export function classifyQuery(text: string, country = 'CN'): MemberQuery | null {
  const raw = text.normalize('NFKC').trim();
  if (raw === '') return null;
  if (isCardNo(raw)) return { kind: 'card', value: raw.toUpperCase() };
  const digits = stripPhone(raw, country);
  if (digits !== null && digits.length > 0) {
    if (digits.length === 4) return { kind: 'last4', value: digits };
    if (digits.length >= 5 && digits.length <= 10) return { kind: 'phonePrefix', value: digits };
    if (country === 'CN' ? digits.length === 11 : digits.length >= 6 && digits.length <= 15) {
      return { kind: 'phone', value: digits };
    }
    return null;
  }
  if (/\p{Script=Han}/u.test(raw)) return { kind: 'name', value: nameKey(raw) };
  if (/^[\p{Script=Latin}\s'.-]+$/u.test(raw)) return { kind: 'name', value: nameKey(raw) };
  return null;
}

/** For a Latin-letters name query without spaces: the same letters as a pinyin-initials query. */
export function initialsAlternative(query: MemberQuery): MemberQuery | null {
  if (query.kind !== 'name' || !/^[a-z]{1,8}$/.test(query.value)) return null;
  return { kind: 'initials', value: query.value };
}
