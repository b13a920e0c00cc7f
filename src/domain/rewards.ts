/**
 * Exchanging points for catalogue rewards at the till (docs/loyalty-spec.md R6): one unit of a cart
 * line free or at a discount for a fixed number of points. A reward is a points exchange, not a
 * store discount, so it is applied to its line before the order discounts and never competes with them.
 */
import type { CartLine, QuoteDiscount, QuoteError } from './quote-types';
import type { Programme } from './programme';
import { cents } from './money';
import { mulDivFloor } from './alloc';

export interface RewardPick { rewardId: string; lineNo: number }

export interface RewardsApplied {
  /** Money off each line (index = line index). */
  discount: number[];
  /** Points spent on each line's rewards. */
  points: number[];
  total: number;
  discounts: QuoteDiscount[];
}

export function applyRewards(picks: readonly RewardPick[], lines: readonly CartLine[], afterLine: readonly number[],
  programme: Programme, hasMember: boolean): { ok: true; applied: RewardsApplied } | { ok: false; errors: QuoteError[] } {
  const errors: QuoteError[] = [];
  const discount = lines.map(() => 0);
  const pts = lines.map(() => 0);
  const units = lines.map(() => 0);
  const discounts: QuoteDiscount[] = [];
  if (picks.length > 0 && !hasMember) errors.push({ field: 'rewards', code: 'reward.noMember', message: 'Only a member can exchange points' });
  picks.forEach((pick, i) => {
    const f = `rewards[${i}]`;
    const reward = programme.redemption.catalogue.find((r) => r.id === pick.rewardId);
    const idx = pick.lineNo - 1;
    const line = lines[idx];
    if (!reward) return void errors.push({ field: `${f}.rewardId`, code: 'reward.unknown', message: 'No such reward in the catalogue' });
    if (!line) return void errors.push({ field: `${f}.lineNo`, code: 'reward.line', message: 'No such line in the cart' });
    if (reward.productId !== null && reward.productId !== line.productId) {
      return void errors.push({ field: `${f}.lineNo`, code: 'reward.product', message: `The reward is for another product` });
    }
    if ((units[idx] ?? 0) + 1 > line.qty) return void errors.push({ field: `${f}.lineNo`, code: 'reward.tooMany', message: 'More rewards than items on the line' });
    units[idx] = (units[idx] ?? 0) + 1;
    const room = (afterLine[idx] ?? 0) - (discount[idx] ?? 0);
    const off = Math.min(mulDivFloor(line.unitPrice, reward.percentOff, 100), room);
    discount[idx] = (discount[idx] ?? 0) + off;
    pts[idx] = (pts[idx] ?? 0) + reward.points;
    discounts.push({ rule: `reward:${reward.id}`, amount: cents(off),
      reason: { code: 'discount.reward', params: { reward: reward.name, points: reward.points, percent: reward.percentOff, line: pick.lineNo } } });
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, applied: { discount, points: pts, total: pts.reduce((s, p) => s + p, 0), discounts } };
}
