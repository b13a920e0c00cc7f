/**
 * What a till knew of a member when it priced a sale, rebuilt from the server's facts (S15):
 *  - window spend and largest order as the till counts them (src/db/member-spend.ts): the member's
 *    sales in the tier window, each net of the refunds of its returns made before that moment;
 *  - the tier held (loyalty-spec T3): a sale that moves the member's effective tier (the better of
 *    the one held and the one the spend qualifies for) stores the tier after it (commit-sale.ts), and
 *    the till keeps it when spending drops. The server replays the member's earlier sales in time
 *    order, each with the programme version that priced it, the same way.
 * The history holds only the fields these rules read (a push loads it for 50 members at once).
 */
import type { Programme } from '../../domain/programme';
import type { Sale, SaleReturn } from '../../domain/records';
import { cents } from '../../domain/money';
import { addMonths, localDate } from '../../domain/time';
import { netWindowSpend } from '../../domain/window-spend';
import { effectiveTier, type TierStats } from '../../domain/tiers';

export type HistorySale = Pick<Sale, 'id' | 'at' | 'businessDate' | 'total' | 'programmeVersion'>;
export type HistoryReturn = Pick<SaleReturn, 'saleId' | 'at' | 'refund'>;

export interface MemberHistory {
  /** The member's sales before the moment, oldest first (by at, then id). */
  sales: HistorySale[];
  returns: HistoryReturn[];
}

/** SQL columns that build a HistorySale / HistoryReturn from a row's data. */
export const HISTORY_SALE = `jsonb_build_object('id', id, 'at', at, 'businessDate', data->'businessDate', 'total', data->'total', 'programmeVersion', data->'programmeVersion')`;
export const HISTORY_RETURN = `jsonb_build_object('saleId', sale_id, 'at', data->'at', 'refund', data->'refund')`;

/** Sales sort by time, then id (plain code-unit order, the same in memory and in every database). */
export const bySaleTime = (a: HistorySale, b: HistorySale): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The history as it stood just before `at`, without the sale being checked. */
export function historyBefore(h: MemberHistory, at: number, excludeSaleId: string): MemberHistory {
  return { sales: h.sales.filter((s) => s.at < at && s.id !== excludeSaleId), returns: h.returns.filter((r) => r.at < at) };
}

/**
 * The first day of the tier window at `at`. Remembered: a push replays every earlier sale of each of
 * its members (heldTierWith), and the zone conversion (Intl) was the largest part of that replay.
 * The answer is a pure function of its three arguments; the memo is bounded and simply starts over.
 */
const windowStarts = new Map<string, string>();
function windowStart(at: number, timeZone: string, windowMonths: number): string {
  const key = `${timeZone} ${windowMonths} ${at}`;
  let from = windowStarts.get(key);
  if (from === undefined) {
    if (windowStarts.size >= 50_000) windowStarts.clear();
    from = addMonths(localDate(at, timeZone), -windowMonths);
    windowStarts.set(key, from);
  }
  return from;
}

/** Spend in the tier window at `at` (sales and returns before it), net of returns, as the till counts it. */
export function windowStatsAt(h: MemberHistory, at: number, timeZone: string, windowMonths: number): TierStats {
  // netWindowSpend reads only id, at, businessDate and total of a sale, saleId, at and refund of a return.
  return netWindowSpend(h.sales as unknown as readonly Sale[], h.returns as unknown as readonly SaleReturn[], windowStart(at, timeZone, windowMonths), at);
}

/** The tier held just before `at`, given each programme version (null: unknown, that sale is skipped). */
export function heldTierWith(h: MemberHistory, at: number, timeZone: string, programmeOf: (version: number) => Programme | null): string | null {
  let held: string | null = null;
  for (const s of h.sales) {
    if (s.at >= at) break;
    const p = programmeOf(s.programmeVersion);
    if (!p) continue;
    const before = windowStatsAt(h, s.at, timeZone, p.tierRules.windowMonths);
    const after = { rollingSpend: cents(before.rollingSpend + s.total), largestOrder: cents(Math.max(before.largestOrder, s.total)) };
    const was: string | null = effectiveTier(held, before, p)?.id ?? null;
    const next: string | null = effectiveTier(held, after, p)?.id ?? null;
    if (next !== was) held = next;
  }
  return held;
}
