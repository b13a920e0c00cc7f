/**
 * The member's tier after a return (docs/loyalty-spec.md X5, T3, T4, T6), decided before the return
 * is written and saved in its transaction: the window spend is recounted as src/db/member-spend.ts
 * counts it (each sale in the window less its refunds), with this return's refund included.
 */
import type { Repositories } from '../../db/repositories';
import { spendOf, tierWindow } from '../../db/member-spend';
import type { Programme } from '../../domain/programme';
import type { SaleReturn } from '../../domain/records';
import { tierAfterAction, type TierHeld } from '../../domain/tier-change';

/** Far more sales and returns than a member makes in a tier window (a daily regular makes ~365 a year). */
const HISTORY_CAP = 2000;

export async function tierAfterReturn(repos: Repositories, ret: SaleReturn, timeZone: string, programme: Programme): Promise<TierHeld | null> {
  if (!ret.memberId) return null;
  const hit = await repos.members.get(ret.memberId);
  if (!hit) return null;
  const window = tierWindow(ret.at, timeZone, programme.tierRules.windowMonths);
  const items = await repos.members.history(ret.memberId, HISTORY_CAP);
  const sales = items.flatMap((i) => (i.kind === 'sale' ? [i.sale] : []));
  const returns = items.flatMap((i) => (i.kind === 'return' ? [i.ret] : []));
  const after = spendOf(sales, [...returns, ret], window);
  return tierAfterAction({ tierId: hit.stats.tierId, tierSince: hit.stats.tierSince }, after, ret.at, timeZone, programme);
}
