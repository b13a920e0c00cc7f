/**
 * Counts authentication failures per client address in a fixed window. Kept in this instance's
 * memory: behind a load balancer each instance limits on its own (docs/operations.md), which still
 * bounds guessing to (instances × max) attempts per window.
 */
export class FailureLimiter {
  private readonly hits = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  blocked(key: string, now: number): boolean {
    const h = this.hits.get(key);
    if (!h || now - h.since >= this.windowMs) return false;
    return h.count >= this.max;
  }

  fail(key: string, now: number): void {
    const h = this.hits.get(key);
    if (!h || now - h.since >= this.windowMs) this.hits.set(key, { count: 1, since: now });
    else h.count += 1;
    // Bounded memory: drop stale entries when the map grows.
    if (this.hits.size > 10_000) {
      for (const [k, v] of this.hits) if (now - v.since >= this.windowMs) this.hits.delete(k);
    }
  }
}
