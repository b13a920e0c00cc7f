/**
 * Enrolling a member: the engine (buildEnrollment) builds the records — member with its search keys
 * and card number, the welcome bonus, coupons due today — and the writer saves them with the outbox
 * row in one transaction. Invalid input comes back as field errors and nothing is written; a phone
 * already on this device is refused by the writer (DuplicatePhoneError) and nothing is written.
 */
import type { Repositories } from '../db/repositories';
import type { Programme } from '../domain/programme';
import type { Member } from '../domain/records';
import { buildEnrollment } from '../domain/sale-records';
import type { EnrollmentInput, FieldError } from '../domain/enrollment';

export type EnrollForm = EnrollmentInput;

export interface EnrollContext {
  repos: Repositories;
  programme: Programme;
  now: number;
  newId: () => string;
  timeZone: string;
  storeId: string;
  deviceId: string;
  staffId: string | null;
  country: string;
}

export type EnrollResult = { ok: true; member: Member; bonus: number } | { ok: false; errors: FieldError[] };

/** Random digits for a card number (the engine draws no randomness itself). */
function cardDigits(): string {
  const a = crypto.getRandomValues(new Uint32Array(2));
  return `${a[0] ?? 0}${a[1] ?? 0}`.slice(-9);
}

export async function enrollMember(form: EnrollForm, ctx: EnrollContext): Promise<EnrollResult> {
  const built = buildEnrollment(form, {
    ids: ctx.newId, now: ctx.now, timeZone: ctx.timeZone, storeId: ctx.storeId, deviceId: ctx.deviceId,
    staffId: ctx.staffId, country: ctx.country, cardSeq: cardDigits(), programme: ctx.programme,
  });
  if (!built.ok) return built;
  await ctx.repos.writer.enroll({ member: built.member, stats: built.stats, ledger: built.ledger, coupons: built.coupons, opId: ctx.newId() });
  return { ok: true, member: built.member, bonus: built.ledger.reduce((s, e) => s + e.points, 0) };
}
