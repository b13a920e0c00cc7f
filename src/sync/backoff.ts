/**
 * Retry delays: exponential backoff with full jitter, capped. `random` is injected so the
 * simulation's retries replay exactly from a seed.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** The wait before retry number `attempt` (1 = the first retry): a random point in [0, min(max, base·2^(attempt−1))]. */
export function backoffDelay(attempt: number, random: () => number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.floor(random() * ceiling);
}
