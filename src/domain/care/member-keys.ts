/**
 * The care index keys kept on a member row (src/db/database.ts toMemberRow): the birthday's month-day
 * and the profile tags. A leaf module on purpose: the till's database code imports it at start-up,
 * and the rest of the care engine (schedule, query plan, calendar) stays in the care screen's chunk.
 */
import type { Member } from '../records';
import { onYear } from './dates';

/** 'MM-DD' of a birthday stored as 'YYYY-MM-DD' or '--MM-DD'; null when absent or malformed. */
export function birthdayMonthDay(birthday: string | null): string | null {
  const m = birthday === null ? null : /^(?:\d{4}|-)-(\d{2}-\d{2})$/.exec(birthday);
  const md = m?.[1];
  if (md === undefined) return null;
  try {
    onYear(md, 2024); // a leap year, so 02-29 is accepted
    return md;
  } catch {
    return null;
  }
}

const fold = (v: string): string => v.normalize('NFKC').trim().toLowerCase();

/** [C15] The key of a profile value in the multi-entry index `profileTags`: 'occupation=护士'. */
export function profileTag(field: string, value: string): string {
  return `${field}=${fold(value)}`;
}

/** [C15] What the repository stores in the `profileTags` index for a member: one tag per non-empty field. */
export function profileTags(member: Pick<Member, 'profile'>): string[] {
  return Object.entries(member.profile).filter(([, v]) => fold(v) !== '').map(([k, v]) => profileTag(k, v));
}
