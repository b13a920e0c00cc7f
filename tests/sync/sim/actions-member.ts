/**
 * The simulation's member actions beyond selling (issue #15): profile edits of random fields on random
 * tablets (the model keeps, per field, the edit with the latest clock: the one that must win), benefit
 * coupons issued on two tablets for the same member and day, and a sale's tier as the checkout decides it.
 */
import { v7 as uuidv7 } from 'uuid';
import { issueDueBenefits } from '../../../src/app/issue-benefits';
import type { Services } from '../../../src/app/services';
import { editDetails } from '../../../src/domain/enrollment';
import type { Hlc } from '../../../src/domain/hlc';
import { cents } from '../../../src/domain/money';
import { DEFAULT_PROGRAMME } from '../../../src/domain/programme';
import type { Id, Member } from '../../../src/domain/records';
import { localDate } from '../../../src/domain/time';
import { tierAfterAction } from '../../../src/domain/tier-change';
import { DbError } from '../../../src/db/errors';
import { DexieMemberSpend, tierWindow } from '../../../src/db/member-spend';
import { quoteCheckout } from '../../../src/domain/quote';
import { toQuoteMember } from '../../../src/features/checkout/use-quote';
import type { TierChange } from '../../../src/db/repositories';
import type { Rng } from './prng';
import type { Ctx } from './actions';
import type { Tablet } from './tablet';

export const TZ = 'Asia/Shanghai';

/** [S9][C-S3] Per member and field: the value of the edit stamped latest, and its stamp. */
export class ProfileModel {
  readonly winners = new Map<Id, Map<string, { value: unknown; stamp: Hlc; by: string }>>();

  record(stored: Member, fields: readonly (keyof Member)[], by: string): void {
    const m = this.winners.get(stored.id) ?? new Map<string, { value: unknown; stamp: Hlc; by: string }>();
    this.winners.set(stored.id, m);
    for (const f of fields) {
      const stamp = stored.clock[f];
      if (stamp === undefined) throw new Error(`the edit of ${f} on ${stored.id} left no stamp`);
      const had = m.get(f);
      if (!had || stamp > had.stamp) m.set(f, { value: stored[f], stamp, by });
    }
  }
}

const NAMES = ['Wang Fang', 'Li Na', 'Zhang Wei', 'Liu Yang', 'Chen Jing'];
const BIRTHDAYS = [null, '--06-15', '1990-06-03', '--01-20', '1985-11-30'];

/** A cashier edits one of do-not-disturb, notes, or name and birthday, as the member card does. */
export async function editProfile(t: Tablet, c: Ctx, r: Rng, memberId: Id, model: ProfileModel): Promise<boolean> {
  const hit = await t.repos.members.get(memberId);
  if (!hit) return false;
  const at = c.now();
  const kind = r.int(0, 2);
  let edited: Member;
  let fields: (keyof Member)[];
  if (kind === 0) [edited, fields] = [{ ...hit.member, doNotDisturb: !hit.member.doNotDisturb }, ['doNotDisturb']];
  else if (kind === 1) [edited, fields] = [{ ...hit.member, notes: `note ${t.name.slice(-8)} ${at}` }, ['notes']];
  else {
    const d = editDetails(hit.member, { name: r.pick(NAMES), birthday: r.pick(BIRTHDAYS) }, localDate(at, TZ));
    if (!d.ok || d.fields.length === 0) return false;
    [edited, fields] = [d.member, d.fields];
  }
  try {
    await t.repos.writer.upsertMember({ member: edited, fields, opId: c.id('op'), at, deviceId: t.deviceId });
  } catch (e) {
    if (e instanceof DbError) return false;
    throw e;
  }
  const stored = await t.db.members.get(hit.member.id);
  if (stored) model.record(stored, fields, t.name);
  return true;
}

const servicesOf = (t: Tablet, c: Ctx): Services => ({ repos: t.repos, db: t.db, now: c.now, newId: () => uuidv7() });

/** [B9][D15] Both tablets find the member today and issue the benefits due (the same ids); returns how many were written. */
export async function issueOnBoth(a: Tablet, b: Tablet, c: Ctx, memberId: Id): Promise<number> {
  let written = 0;
  for (const t of [a, b]) {
    const hit = await t.repos.members.get(memberId);
    if (hit) written += (await issueDueBenefits(servicesOf(t, c), hit.member, DEFAULT_PROGRAMME, TZ)).length;
  }
  return written;
}

/** [T7] The tier after a sale of `total` to the member, as the checkout decides it on this tablet (undefined: unchanged). */
export async function tierAfterSale(t: Tablet, memberId: Id, total: number, at: number): Promise<TierChange | undefined> {
  const hit = await t.repos.members.get(memberId);
  if (!hit) return undefined;
  const before = await new DexieMemberSpend(t.db).windowSpend(hit.member.id, tierWindow(at, TZ, 12));
  const tier = tierAfterAction({ tierId: hit.stats.tierId, tierSince: hit.stats.tierSince },
    { rollingSpend: cents(before.rollingSpend + total), largestOrder: cents(Math.max(before.largestOrder, total)) }, at, TZ, DEFAULT_PROGRAMME);
  return tier ?? undefined;
}

/** [R9] What the checkout says of a plain purchase by the member on this tablet: null when it may go on. */
export async function purchaseRefused(t: Tablet, memberId: Id, at: number): Promise<string | null> {
  const hit = await t.repos.members.get(memberId);
  if (!hit) return null;
  const spend = await new DexieMemberSpend(t.db).windowSpend(hit.member.id, tierWindow(at, TZ, 12));
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'general', unitPrice: cents(1_000), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: toQuoteMember(hit, spend), coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme: DEFAULT_PROGRAMME, now: at, timeZone: TZ,
  });
  return q.ok ? null : `${t.name}: the checkout refuses member ${memberId} (balance ${hit.stats.points}): ${q.errors.map((e) => e.code).join(', ')}`;
}
