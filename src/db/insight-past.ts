/**
 * [I13] The organisation's past on a tablet paired after the shop already had sales (C-S18 in
 * docs/sync-protocol.md). The tablet never pulls the sales, returns and ledger entries from before its
 * pairing cursor, so the server sends what the dashboard needs of them, aggregated, and the tablet keeps
 * it in `insightPast`, never edited afterwards:
 *  - `org`: per business day the member and walk-in sales and their net (I6), per 15-minute slot the
 *    points flow (I9; a slot falls on one local day in any zone);
 *  - `members:<page>`: one row per bootstrap page, each member's past purchase days (I7, I8) and
 *    visits (the grades, I4), packed so the bootstrap writes one row per page, not one per member.
 * The kept totals add them in their rebuild (a write here makes them stale) and the full scan adds them
 * the same way, so the two still agree. The points' outstanding balance is not in them: the bootstrap's
 * 'opening' entries carry each member's balance (C-S13), and count in the balance only (flow.ts).
 */
import type { Id, LocalDate } from '../domain/records';
import { fromDayNumber } from '../domain/care/dates';
import { localDayNumber } from '../domain/care/zone-offsets';
import { PAST_SLOT_MS, type OrgHistory, type PastPurchases, type PastSalesDay } from '../sync/protocol';

export interface OrgPastRow extends Omit<OrgHistory, 'since'> {
  key: 'org';
  since: string;
}

export interface MembersPastRow {
  key: string;
  members: Record<Id, PastPurchases>;
}

export type PastRow = OrgPastRow | MembersPastRow;

export const ORG_PAST_KEY = 'org';

/** The row of one bootstrap page's past purchases, keyed by the page's position (its last member id). */
export function membersPastRow(after: string, page: readonly { member: { id: Id }; past?: PastPurchases }[]): MembersPastRow | null {
  const members: Record<Id, PastPurchases> = {};
  let any = false;
  for (const p of page) {
    if (p.past && (Object.keys(p.past.visits).length > 0 || p.past.referral !== undefined)) {
      members[p.member.id] = p.past;
      any = true;
    }
  }
  return any ? { key: `members:${after}`, members } : null;
}

export function orgPastRow(h: OrgHistory): OrgPastRow {
  return { key: 'org', since: h.since, sales: h.sales, points: h.points };
}

export const isOrgPast = (r: PastRow): r is OrgPastRow => r.key === ORG_PAST_KEY;

/**
 * The key from which to read one member's past (C-S20): a page's row is keyed by its last member id,
 * so the first row at or after `members:<id>` is the page that held the member, if any row does.
 */
export const memberPastFrom = (memberId: Id): string => `members:${memberId}`;

/** The member's past purchases in the row found from `memberPastFrom` (null: none, or another page's row). */
export function pastOf(row: PastRow | undefined, memberId: Id): PastPurchases | null {
  return row && !isOrgPast(row) ? row.members[memberId] ?? null : null;
}

/** [C-S20] The past's spend and largest sale from `fromDate` on (the tier window), and its visits after `afterDate` (the grade). */
export function pastWindow(past: PastPurchases | null, fromDate: LocalDate): { spend: number; largest: number } {
  let spend = 0;
  let largest = 0;
  for (const [day, v] of Object.entries(past?.spend ?? {})) if (day >= fromDate) spend += v;
  for (const [day, v] of Object.entries(past?.largest ?? {})) if (day >= fromDate) largest = Math.max(largest, v);
  return { spend, largest };
}

export function pastVisitsAfter(past: PastPurchases | null, afterDate: LocalDate): number {
  let n = 0;
  for (const [day, v] of Object.entries(past?.visits ?? {})) if (day > afterDate) n += v;
  return n;
}

/** The members row without `memberId`'s past purchases; null when it holds none of theirs. */
export function withoutPast(row: PastRow, memberId: Id): MembersPastRow | null {
  if (isOrgPast(row) || !(memberId in row.members)) return null;
  const { [memberId]: _gone, ...members } = row.members;
  return { key: row.key, members };
}

/** The local date of a points slot in the store's zone. */
export function slotDay(slot: number, zone: string): LocalDate {
  return fromDayNumber(localDayNumber(slot * PAST_SLOT_MS, zone));
}

/** What a consumer of the past needs from it, one call per kind of figure. */
export interface PastVisitor {
  salesDay(day: PastSalesDay): void;
  pointsDay(day: LocalDate, parts: { issued: number; redeemed: number; expired: number; other: number }): void;
  member(memberId: Id, past: PastPurchases): void;
}

/** Feeds every past row to `v`. */
export function visitPast(rows: readonly PastRow[], zone: string, v: PastVisitor): void {
  for (const r of rows) {
    if (isOrgPast(r)) {
      for (const d of r.sales) v.salesDay(d);
      for (const p of r.points) v.pointsDay(slotDay(p.slot, zone), p);
    } else {
      for (const [id, past] of Object.entries(r.members)) v.member(id, past);
    }
  }
}
