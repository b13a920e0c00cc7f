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
