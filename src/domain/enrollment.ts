/**
 * Enrolling a member at the counter (docs/loyalty-spec.md B and S rules): the member record with
 * its search keys, the enrolment bonus, and any coupon due today (a birthday month). Pure: ids,
 * time and the card number's digits come from the caller; invalid input creates nothing.
 */
import type { Programme } from './programme';
import type { Coupon, Id, Instant, LedgerEntry, LocalDate, Member, MemberStats } from './records';
import { cents, points } from './money';
import { couponsDue } from './benefits';
import { expiresOnFor, makeEntry } from './ledger';
import { makeCardNo, nameKey, pinyinInitials, validatePhone } from './search-keys';
import { isLocalDate, isTimeZone, localDate } from './time';
import { textProblem, TEXT_MAX } from './input-rules';

export interface EnrollmentInput {
  name: string;
  phone: string;
  /** 'YYYY-MM-DD', '--MM-DD' (no year) or null. */
  birthday: string | null;
  wechat: string | null;
  referredBy: Id | null;
  consent: boolean;
  notes?: string;
  profile?: Record<string, string>;
}

export interface EnrollmentContext {
  ids: () => Id;
  now: Instant;
  timeZone: string;
  storeId: Id;
  deviceId: Id;
  staffId: Id | null;
  country: string;
  /** A sequence number or random digits for the card number (the engine draws no randomness). */
  cardSeq: number | string;
  programme: Programme;
}

export interface FieldError { field: string; code: string; message: string }

export type EnrollmentBuild =
  | { ok: true; member: Member; stats: MemberStats; ledger: LedgerEntry[]; coupons: Coupon[] }
  | { ok: false; errors: FieldError[] };

const TEXT_INVALID = 'Contains a character that cannot be saved (an invisible NUL or half of an emoji)';

/** A name of 1–50 characters under the text rule (sync-protocol S23: the server refuses a NUL or half an emoji). */
function checkName(name: string): FieldError | null {
  if (name === '') return { field: 'name', code: 'name.empty', message: 'A name is needed' };
  if (textProblem(name, Infinity)) return { field: 'name', code: 'text.invalid', message: TEXT_INVALID };
  if ([...name].length > 50) return { field: 'name', code: 'name.long', message: 'A name is at most 50 characters' };
  return null;
}

export function birthdayValid(b: string, today: string): boolean {
  if (/^--\d{2}-\d{2}$/.test(b)) return isLocalDate(`2000${b.slice(1)}`); // 2000 is a leap year: --02-29 is allowed
  return isLocalDate(b) && b <= today && b >= '1900-01-01';
}

/**
 * [PF4] A member's name and birthday corrected after enrolment: checked as at enrolment (a name of
 * 1–50 characters, a past birthday or a month and day), the search keys made again from the new
 * name. Gives the fields that changed, for one profile write (last writer wins per field on sync).
 */
export function editDetails(member: Member, input: { name: string; birthday: string | null }, today: LocalDate):
  { ok: true; member: Member; fields: (keyof Member)[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = input.name.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const nameError = checkName(name);
  if (nameError) errors.push(nameError);
  const birthday = input.birthday?.trim() || null;
  if (birthday !== null && !birthdayValid(birthday, today)) {
    errors.push({ field: 'birthday', code: 'birthday.invalid', message: 'A birthday is YYYY-MM-DD (not in the future) or --MM-DD' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const fields: (keyof Member)[] = [];
  let next = member;
  if (name !== member.name) {
    next = { ...next, name, nameKey: nameKey(name), initials: pinyinInitials(name) };
    fields.push('name', 'nameKey', 'initials');
  }
  if (birthday !== member.birthday) {
    next = { ...next, birthday };
    fields.push('birthday');
  }
  return { ok: true, member: next, fields };
}

export function buildEnrollment(input: EnrollmentInput, ctx: EnrollmentContext): EnrollmentBuild {
  if (!isTimeZone(ctx.timeZone)) return { ok: false, errors: [{ field: 'timeZone', code: 'timeZone', message: `Unknown time zone ${ctx.timeZone}` }] };
  const errors: FieldError[] = [];
  const today = localDate(ctx.now, ctx.timeZone);
  const name = input.name.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const nameError = checkName(name);
  if (nameError) errors.push(nameError);
  const phone = validatePhone(input.phone, ctx.country);
  if (!phone.ok) errors.push({ field: 'phone', code: phone.code, message: 'Not a valid phone number' });
  // sync-protocol S23: what the server would refuse is refused here, at its field, with the same words.
  const texts: [string, string | null | undefined, number][] = [['wechat', input.wechat, 100], ['notes', input.notes, TEXT_MAX.notes]];
  for (const [k, v] of Object.entries(input.profile ?? {})) texts.push([`profile.${k}`, v, TEXT_MAX.profileValue]);
  for (const [field, v, max] of texts) {
    const p = v ? textProblem(v, max) : null;
    if (p) errors.push({ field, code: p, message: p === 'text.invalid' ? TEXT_INVALID : `At most ${max} characters` });
  }
  if (input.birthday !== null && !birthdayValid(input.birthday, today)) {
    errors.push({ field: 'birthday', code: 'birthday.invalid', message: 'A birthday is YYYY-MM-DD (not in the future) or --MM-DD' });
  }
  if (errors.length || !phone.ok) return { ok: false, errors };

  const id = ctx.ids();
  if (input.referredBy === id) return { ok: false, errors: [{ field: 'referredBy', code: 'referral.self', message: 'A member cannot refer themselves' }] };
  const member: Member = {
    id, cardNo: makeCardNo(ctx.cardSeq), phone: phone.phone, name, nameKey: nameKey(name), initials: pinyinInitials(name),
    birthday: input.birthday, wechat: input.wechat?.trim() || null, enrolledAt: ctx.now, enrolledOn: today,
    enrolledStoreId: ctx.storeId, enrolledBy: ctx.staffId, referredBy: input.referredBy,
    consentAt: input.consent ? ctx.now : null, doNotDisturb: false, notes: input.notes ?? '', profile: { ...(input.profile ?? {}) },
    mergedInto: null, clock: {},
  };
  const entryCtx = { ids: ctx.ids, at: ctx.now, deviceId: ctx.deviceId, staffId: ctx.staffId };
  const bonus = ctx.programme.bonus.enroll;
  const ledger = bonus > 0 ? [makeEntry(id, 'bonus', bonus, 'enroll', id, expiresOnFor(today, ctx.programme), entryCtx)] : [];
  const stats: MemberStats = {
    memberId: id, points: points(bonus), pendingPoints: points(bonus), lifetimeSpend: cents(0), visits: 0,
    firstPurchaseAt: null, lastPurchaseAt: null, tierId: null, tierSince: null,
  };
  const coupons = couponsDue(member, [], ctx.now, ctx.timeZone, ctx.programme);
  return { ok: true, member, stats, ledger, coupons };
}
