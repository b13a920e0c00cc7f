/**
 * The tier a member holds after a sale or a return at the till (docs/loyalty-spec.md T3, T4, T6),
 * written in the same transaction as the sale or the return. Pure: the caller passes the member's
 * spend in the tier window after the action, the tier held and since when, and the time.
 *  - While no re-evaluation is due (T6: the period of `tierSince` is the current one), an upgrade
 *    is immediate and a tier is never lowered (T3).
 *  - When a re-evaluation is due, the tier becomes exactly what the window qualifies for (T4), so a
 *    member can go down; `tierSince` is then the re-evaluation's time.
 */
import type { Instant } from './records';
import type { Programme } from './programme';
import type { TierStats } from './tiers';
import { effectiveTier, reevaluateTier, reevaluationDue } from './tiers';
import { localDate } from './time';

export interface TierHeld {
  tierId: string | null;
  tierSince: Instant | null;
}

/** The new tier and since when, or null when the tier held stays as it is. */
export function tierAfterAction(held: TierHeld, after: TierStats, now: Instant, timeZone: string, programme: Programme): TierHeld | null {
  const today = localDate(now, timeZone);
  const lastOn = held.tierSince === null ? null : localDate(held.tierSince, timeZone);
  const due = held.tierId !== null && reevaluationDue(lastOn, today, programme);
  const next = due ? reevaluateTier(after, programme) : effectiveTier(held.tierId, after, programme);
  const tierId = next?.id ?? null;
  if (tierId === held.tierId) return null;
  return { tierId, tierSince: tierId === null ? null : now };
}

