/**
 * [C-S20] The tier a tablet holds (memberStats.tierId) after facts it did not make: sales pulled from
 * another tablet, and the past a late-paired tablet downloads. The tablet that made a sale wrote the
 * tier after it (loyalty-spec T7); the others decide it the same way, with the same engine
 * (`tierAfterAction`), from the spend in the tier window they hold at the sale's time (the pulled sales,
 * their returns and the past from before pairing), so the dashboard's tier counts and the care list's
 * VIPs are the same on every tablet. Pure: the stores read the rows and pass them in.
 */
import { DEFAULT_PROGRAMME, type Programme } from '../domain/programme';
import type { Instant, MemberStats, Store } from '../domain/records';
import { tierAfterAction } from '../domain/tier-change';
import { spendOf, tierWindow, type WindowSpend } from './member-spend';
import type { BootstrapMember } from '../sync/protocol';
import type { ProgrammeRecord } from './database';

export interface TierRules {
  programme: Programme;
  timeZone: string;
}

function looksLikeProgramme(x: unknown): x is Programme {
  const p = x as Partial<Programme> | null;
  return typeof p === 'object' && p !== null && typeof p.version === 'number' && Array.isArray(p.tiers) && typeof p.tierRules === 'object';
}

/** The programme the till runs (the latest saved version, else the default) and the store's zone. */
export function tierRules(latest: ProgrammeRecord | undefined | null, store: Store | undefined | null): TierRules {
  return { programme: latest && looksLikeProgramme(latest.config) ? latest.config : DEFAULT_PROGRAMME, timeZone: store?.timeZone ?? 'Asia/Shanghai' };
}

/** The totals with the tier held after a fact at `at`, the window's spend then being `spend`. */
export function withPulledTier(stats: MemberStats, spend: WindowSpend, at: Instant, r: TierRules): MemberStats {
  const next = tierAfterAction({ tierId: stats.tierId, tierSince: stats.tierSince }, spend, at, r.timeZone, r.programme);
  return next ? { ...stats, tierId: next.tierId, tierSince: next.tierSince } : stats;
}

/** A bootstrap page with each member's tier as their past reaches it now (`at`); members with no past spend as sent. */
export function withPastTiers(page: BootstrapMember[], at: Instant, r: TierRules): BootstrapMember[] {
  const window = tierWindow(at, r.timeZone, r.programme.tierRules.windowMonths);
  return page.map((p) => (p.past?.spend === undefined ? p
    : { ...p, stats: withPulledTier(p.stats, spendOf([], [], window, p.past), p.stats.lastPurchaseAt ?? at, r) }));
}
