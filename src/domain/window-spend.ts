/**
 * A member's spend in the tier window (loyalty-spec T1, T2), the one rule the till's quote, its
 * returns screen and the server's points re-check all count by: the member's sales whose business
 * date is on or after the window's first day, each net of the refunds of its returns (a returned
 * purchase does not keep a tier); `largestOrder` is the largest such net sale.
 */
import { cents } from './money';
import type { Id, Instant, LocalDate, Sale, SaleReturn } from './records';
import type { TierStats } from './tiers';

/** `before`: only sales and returns made before this instant count (the server rebuilding a past moment). */
export function netWindowSpend(sales: readonly Sale[], returns: readonly SaleReturn[], fromDate: LocalDate, before: Instant = Infinity): TierStats {
  const net = new Map<Id, number>();
  for (const s of sales) if (s.at < before && s.businessDate >= fromDate) net.set(s.id, s.total);
  for (const r of returns) {
    const held = net.get(r.saleId);
    if (held !== undefined && r.at < before) net.set(r.saleId, Math.max(0, held - r.refund));
  }
  let rolling = 0;
  let largest = 0;
  for (const v of net.values()) {
    rolling += v;
    largest = Math.max(largest, v);
  }
  return { rollingSpend: cents(rolling), largestOrder: cents(largest) };
}
