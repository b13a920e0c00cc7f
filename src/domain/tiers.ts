/** Tiers (docs/loyalty-spec.md T rules): qualification by rolling spend and/or one order's size. */
import type { Cents } from './money';
import type { Programme, TierDef } from './programme';

export interface TierStats {
  rollingSpend: Cents;
  largestOrder: Cents;
}

/** [T1][T2] The best tier the stats qualify for (the highest percentOff; on a tie, the later listed). */
export function qualifiedTier(stats: TierStats, programme: Programme): TierDef | null {
  let best: TierDef | null = null;
  for (const t of programme.tiers) {
    const value = t.basis === 'rolling-spend' ? stats.rollingSpend : stats.largestOrder;
    if (value >= t.minSpend && (!best || t.percentOff >= best.percentOff)) best = t;
  }
  return best;
}

export function tierById(id: string | null, programme: Programme): TierDef | null {
  return id === null ? null : programme.tiers.find((t) => t.id === id) ?? null;
}

/**
 * [T3] Upgrades are immediate, downgrades wait for re-evaluation: the effective tier is the
 * better of the tier held and the tier the stats qualify for.
 */
export function effectiveTier(heldId: string | null, stats: TierStats, programme: Programme): TierDef | null {
  const held = tierById(heldId, programme);
  const earned = qualifiedTier(stats, programme);
  if (!held) return earned;
  if (!earned) return held;
  return earned.percentOff > held.percentOff ? earned : held;
}

/** [T4] At re-evaluation the tier becomes exactly what the stats in the window qualify for (may go down). */
export function reevaluateTier(stats: TierStats, programme: Programme): TierDef | null {
  return qualifiedTier(stats, programme);
}

/** [T5] The next rolling-spend tier above the current spend and what is missing to reach it. */
export function nextTier(rollingSpend: Cents, programme: Programme): { tierId: string; missing: Cents } | null {
  const next = programme.tiers
    .filter((t) => t.basis === 'rolling-spend' && t.minSpend > rollingSpend)
    .sort((a, b) => a.minSpend - b.minSpend)[0];
  return next ? { tierId: next.id, missing: (next.minSpend - rollingSpend) as Cents } : null;
}

/** [T6] Re-evaluation is due when the schedule's period (month, quarter, year) has changed. */
export function reevaluationDue(lastOn: string | null, today: string, programme: Programme): boolean {
  if (lastOn === null) return true;
  const period = (d: string) => {
    const y = d.slice(0, 4), m = Number(d.slice(5, 7));
    switch (programme.tierRules.reevaluate) {
      case 'monthly': return d.slice(0, 7);
      case 'quarterly': return `${y}-Q${Math.ceil(m / 3)}`;
      case 'yearly': return y;
    }
  };
  return period(lastOn) !== period(today);
}
