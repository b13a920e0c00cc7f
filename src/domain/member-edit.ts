/**
 * A profile edit as the till stores and sends it (sync-protocol S9, C-S3; storage-spec D14). Every
 * writer of a profile field (the member card's notes, do-not-disturb and profile, a care outcome that
 * marks do-not-disturb) builds the edited member here, so none can forget the clock: the server takes
 * a field only with a stamp (`clock_missing` otherwise), and merges each field on its own stamp.
 *
 * The listed fields are taken from `edited` onto the member as stored (a screen showing an older copy
 * of the member changes only what it edits), and each gets a hybrid-logical-clock stamp later than any
 * it had, from this device. Pure: the time and the device are parameters.
 */
import { hlcNow, type Hlc } from './hlc';
import { FIXED_MEMBER_FIELDS, type Id, type Instant, type Member } from './records';

export class MemberEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemberEditError';
  }
}

function later(a: Hlc | undefined, b: Hlc | undefined): Hlc | null {
  if (a === undefined) return b ?? null;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/**
 * [S9][C-S3] `stored` with the `fields` of `edited`, each stamped at `at` by `deviceId`: later than the
 * field's stamp on either copy, so this edit wins over every edit it has seen, whatever the wall clocks.
 * Identity, enrolment, merge and clock fields cannot be edited; an edit needs its device.
 */
export function editMember(stored: Member, edited: Member, fields: readonly (keyof Member)[], at: Instant, deviceId: Id): Member {
  if (edited.id !== stored.id) throw new MemberEditError(`An edit of member ${stored.id} names member ${edited.id}`);
  if (!deviceId || deviceId.includes(':')) throw new MemberEditError('A profile edit needs the id of the device that makes it');
  if (!Number.isSafeInteger(at) || at < 0) throw new MemberEditError('A profile edit needs its time in epoch milliseconds');
  if (fields.length === 0) throw new MemberEditError('A profile edit names the fields it changes');
  const fixed = fields.find((f) => FIXED_MEMBER_FIELDS.has(f));
  if (fixed !== undefined) throw new MemberEditError(`${fixed} is set at enrolment and never edited`);
  const out: Member = { ...stored, profile: { ...stored.profile }, clock: { ...stored.clock } };
  const rec = out as unknown as Record<string, unknown>;
  const src = edited as unknown as Record<string, unknown>;
  for (const f of new Set(fields)) {
    rec[f] = f === 'profile' ? { ...edited.profile } : src[f];
    out.clock[f] = hlcNow(later(stored.clock[f], edited.clock[f]), at, deviceId);
  }
  return out;
}
