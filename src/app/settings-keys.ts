/**
 * Store settings the counter adds to the database's typed settings (declaration merging, as
 * src/db/database.ts invites) and their defaults.
 */
import type { Repositories } from '../db/repositories';

declare module '../db/database' {
  interface SettingsMap {
    /** Line discounts up to this percent of the line need no manager. */
    discountLimitPct: number;
  }
}

export const DEFAULT_DISCOUNT_LIMIT_PCT = 10;

export async function discountLimitPct(repos: Repositories): Promise<number> {
  return (await repos.settings.get('discountLimitPct')) ?? DEFAULT_DISCOUNT_LIMIT_PCT;
}

declare module '../db/database' {
  interface SettingsMap {
    /** Lock the till after this many minutes without a touch or a key (issue #7, a lost tablet). */
    idleLockMinutes: number;
  }
}

export const DEFAULT_IDLE_LOCK_MINUTES = 5;

/** The idle time before the till locks, in ms; a missing or unusable setting gives the default. */
export function idleLockMs(minutes: number | null | undefined): number {
  const m = typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_LOCK_MINUTES;
  return m * 60_000;
}
