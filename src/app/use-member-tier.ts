/**
 * [C-S20] The tier every screen shows for a member is the tier the checkout prices them with: one
 * function (`effectiveTier`, loyalty-spec T3) of the tier held and the member's spend in the tier
 * window (`tierStatsOf`, the same figures `toQuoteMember` gives the engine). A tablet that pulled the
 * member's sales from another tablet, or was paired after them, therefore shows the tier it charges.
 */
import type { MemberHit } from '../db/repositories';
import type { WindowSpend } from '../db/member-spend';
import { cents } from '../domain/money';
import type { Programme, TierDef } from '../domain/programme';
import { effectiveTier, nextTier, type TierStats } from '../domain/tiers';
import { gradeFor, gradeThresholds, type Grade } from '../domain/segments';
import type { Cents, Points } from '../domain/money';
import type { Instant } from '../domain/records';
import { useProgramme } from './programme-store';
import { useWindowSpend } from './use-window-spend';

/** The spend the tier is decided on: the window's, or (no spend source) lifetime spend standing in for it. */
export function tierStatsOf(hit: MemberHit, spend: WindowSpend | null): TierStats {
  return { rollingSpend: spend?.rollingSpend ?? hit.stats.lifetimeSpend, largestOrder: spend?.largestOrder ?? cents(0) };
}

export interface MemberTier {
  tier: TierDef | null;
  /** The spend in the tier window (T5's progress counts it). */
  stats: TierStats;
}

/** The one function that decides the tier a member is shown and priced with. */
export function tierOf(hit: MemberHit, spend: WindowSpend | null, programme: Programme): MemberTier {
  const stats = tierStatsOf(hit, spend);
  return { tier: effectiveTier(hit.stats.tierId, stats, programme), stats };
}

/** `undefined` while the member or their window spend loads. */
export function useMemberTier(hit: MemberHit | null | undefined): MemberTier | undefined {
  const programme = useProgramme((p) => p);
  const spend = useWindowSpend(hit ? hit.member.id : null);
  if (!hit || spend === undefined) return undefined;
  return tierOf(hit, spend, programme);
}

/** What the member card shows of a member's standing (C-S20): the same on every tablet for the same facts. */
export interface MemberFigures {
  tierId: string | null;
  /** T5: the next spend tier and the spend missing to reach it; null at the top. */
  next: { tierId: string; missing: Cents } | null;
  /** G1: by the sales of the last 30 days, on the programme's thresholds. */
  grade: Grade | null;
  points: Points;
  /** The history's summary: purchases, lifetime spend, last purchase. */
  visits: number;
  lifetimeSpend: Cents;
  lastPurchaseAt: Instant | null;
}

export function memberFigures(hit: MemberHit, spend: WindowSpend | null, visits30: number, programme: Programme): MemberFigures {
  const { tier, stats } = tierOf(hit, spend, programme);
  return {
    tierId: tier?.id ?? null, next: nextTier(stats.rollingSpend, programme), grade: gradeFor(visits30, gradeThresholds(programme)), points: hit.stats.points,
    visits: hit.stats.visits, lifetimeSpend: hit.stats.lifetimeSpend, lastPurchaseAt: hit.stats.lastPurchaseAt,
  };
}
