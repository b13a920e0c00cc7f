/**
 * What a till knew of a member when it priced a sale, rebuilt from the server's facts (S15):
 *  - window spend and largest order as the till counts them (src/db/member-spend.ts): the member's
 *    sales in the tier window, each net of the refunds of its returns made before that moment;
 *  - the tier held (loyalty-spec T3): a sale that moves the member's effective tier (the better of
 *    the one held and the one the spend qualifies for) stores the tier after it (commit-sale.ts), and
 *    the till keeps it when spending drops. The server replays the member's earlier sales in time
 *    order, each with the programme version that priced it, the same way.
 */
import type { Programme } from '../../domain/programme';
import type { Sale, SaleReturn } from '../../domain/records';
import { cents } from '../../domain/money';
import { addMonths, localDate } from '../../domain/time';
import { netWindowSpend } from '../../domain/window-spend';
import { effectiveTier, type TierStats } from '../../domain/tiers';
import type { Queryable } from '../storage/db';
import { loadProgramme } from './programme-check';

export interface MemberHistory {
  /** The member's sales before the moment, oldest first. */
  sales: Sale[];
  returns: SaleReturn[];
}

export async function memberHistory(tx: Queryable, orgId: string, memberId: string, before: number, excludeSaleId: string | null): Promise<MemberHistory> {
  const sales = (await tx.query<{ data: Sale }>(
    'SELECT data FROM sales WHERE org_id = $1 AND member_id = $2 AND at < $3 AND id <> $4 ORDER BY at, id',
    [orgId, memberId, before, excludeSaleId ?? ''])).map((r) => r.data);
  const returns = (await tx.query<{ data: SaleReturn }>(
    'SELECT data FROM returns WHERE org_id = $1 AND member_id = $2 AND (data->>\'at\')::bigint < $3', [orgId, memberId, before])).map((r) => r.data);
  return { sales, returns };
}

/** Spend in the tier window at `at` (sales and returns before it), net of returns, as the till counts it. */
export function windowStatsAt(h: MemberHistory, at: number, timeZone: string, windowMonths: number): TierStats {
  return netWindowSpend(h.sales, h.returns, addMonths(localDate(at, timeZone), -windowMonths), at);
}

/** The tier the member held just before `at`: the earlier sales replayed with their own programme versions. */
export async function heldTierAt(tx: Queryable, orgId: string, h: MemberHistory, at: number, timeZone: string): Promise<string | null> {
  const programmes = new Map<number, Programme | null>();
  let held: string | null = null;
  for (const s of h.sales) {
    if (s.at >= at) break;
    if (!programmes.has(s.programmeVersion)) programmes.set(s.programmeVersion, await loadProgramme(tx, orgId, s.programmeVersion));
    const p = programmes.get(s.programmeVersion);
    if (!p) continue;
    const before = windowStatsAt(h, s.at, timeZone, p.tierRules.windowMonths);
    const after = { rollingSpend: cents(before.rollingSpend + s.total), largestOrder: cents(Math.max(before.largestOrder, s.total)) };
    const was: string | null = effectiveTier(held, before, p)?.id ?? null;
    const next: string | null = effectiveTier(held, after, p)?.id ?? null;
    if (next !== was) held = next;
  }
  return held;
}
