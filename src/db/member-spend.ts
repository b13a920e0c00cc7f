/**
 * A member's spend inside the programme's tier window (loyalty-spec T1, T2): what the checkout's quote
 * needs as `rollingSpend` and `largestOrder`. Guarantees, the same for both implementations
 * (tests/db/member-spend.test.ts runs one suite on both):
 *  - Counts only the member's sales whose business date is on or after the window's first day, read
 *    through the `[memberId+at]` index bounded to the window (never the whole table).
 *  - Each sale counts net of the refunds of its returns (a returned purchase does not keep a tier).
 *  - `largestOrder` is the largest such net sale; both are 0 for a member with no sale in the window.
 *  - Reads only; the kept totals (memberStats) are not touched.
 *  - [C-S20] On a tablet paired after the member's earlier sales, their past (sent at bootstrap per
 *    business day, `insightPast`) counts too: its days' net spend inside the window and their largest
 *    sale, so the tier, its progress and the price are those of a tablet that holds the sales.
 *  - `recentVisits` counts the member's sales after a business date (the grade's 30 days, G1), the
 *    past's visits included.
 */
import { Dexie } from 'dexie';
import { cents, type Cents } from '../domain/money';
import type { Id, Instant, LocalDate, Sale, SaleReturn } from '../domain/records';
import { addMonths, localDate } from '../domain/time';
import { netWindowSpend } from '../domain/window-spend';
import { spendInMonth } from '../domain/benefits-due';
import type { RegularsDb } from './database';
import type { MemoryStore } from './memory-store';
import { memberPastFrom, pastOf, pastVisitsAfter, pastWindow } from './insight-past';
import type { PastPurchases } from '../sync/protocol';

export interface WindowSpend {
  rollingSpend: Cents;
  largestOrder: Cents;
}

export interface TierWindow {
  /** The first business date inside the window. */
  fromDate: LocalDate;
  /** An instant no later than the first moment of `fromDate` in any time zone: the index's lower bound. */
  fromAt: Instant;
}

export interface MemberSpendRepository {
  windowSpend(memberId: Id, window: TierWindow): Promise<WindowSpend>;
  /**
   * [B10] What the member paid in `month` ('YYYY-MM') by the sales' business dates, net of returns
   * (the cashback figure, src/domain/benefits-due.ts `spendInMonth`), read through the same index.
   */
  monthSpend(memberId: Id, month: string): Promise<Cents>;
  /** The member's sales with a business date after `afterDate`, the past's included. */
  recentVisits(memberId: Id, afterDate: LocalDate): Promise<number>;
}

/** UTC+14 is the earliest any local day starts; UTC−12 the latest. */
const EARLIEST_ZONE_MS = 14 * 3_600_000;
const LATEST_ZONE_MS = 12 * 3_600_000;

/** The window of `windowMonths` months before `now`'s business date (as the server's points re-check counts it). */
export function tierWindow(now: Instant, timeZone: string, windowMonths: number): TierWindow {
  const fromDate = addMonths(localDate(now, timeZone), -windowMonths);
  return { fromDate, fromAt: Date.parse(`${fromDate}T00:00:00Z`) - EARLIEST_ZONE_MS };
}

/** Instants no later than the month's first moment and no earlier than its last, in any time zone. */
export function monthBounds(month: string): { fromAt: Instant; toAt: Instant } {
  const first = `${month}-01`;
  return { fromAt: Date.parse(`${first}T00:00:00Z`) - EARLIEST_ZONE_MS, toAt: Date.parse(`${addMonths(first, 1)}T00:00:00Z`) + LATEST_ZONE_MS };
}

/** The rule both implementations share (and the server's re-check): src/domain/window-spend.ts. */
export function spendOf(sales: Sale[], returns: SaleReturn[], window: TierWindow, past: PastPurchases | null = null): WindowSpend {
  const held = netWindowSpend(sales, returns, window.fromDate);
  const before = pastWindow(past, window.fromDate);
  return { rollingSpend: cents(held.rollingSpend + before.spend), largestOrder: cents(Math.max(held.largestOrder, before.largest)) };
}

/** A business date's earliest possible instant (the index's lower bound for sales of that day or later). */
const dayStart = (date: LocalDate): Instant => Date.parse(`${date}T00:00:00Z`) - EARLIEST_ZONE_MS;

export class DexieMemberSpend implements MemberSpendRepository {
  constructor(private readonly db: RegularsDb) {}

  async windowSpend(memberId: Id, window: TierWindow): Promise<WindowSpend> {
    const db = this.db;
    const range = [[memberId, window.fromAt], [memberId, Dexie.maxKey]] as const;
    // Returns of a sale in the window come after it, so the same lower bound finds them.
    return db.transaction('r', db.sales, db.returns, db.insightPast, async () => {
      const [sales, returns, past] = await Promise.all([
        db.sales.where('[memberId+at]').between(range[0], range[1], true, true).toArray(),
        db.returns.where('[memberId+at]').between(range[0], range[1], true, true).toArray(),
        db.insightPast.where(':id').aboveOrEqual(memberPastFrom(memberId)).first(),
      ]);
      return spendOf(sales, returns, window, pastOf(past, memberId));
    });
  }

  async recentVisits(memberId: Id, afterDate: LocalDate): Promise<number> {
    const db = this.db;
    return db.transaction('r', db.sales, db.insightPast, async () => {
      const [sales, past] = await Promise.all([
        db.sales.where('[memberId+at]').between([memberId, dayStart(afterDate)], [memberId, Dexie.maxKey], true, true).toArray(),
        db.insightPast.where(':id').aboveOrEqual(memberPastFrom(memberId)).first(),
      ]);
      return sales.filter((x) => x.businessDate > afterDate).length + pastVisitsAfter(pastOf(past, memberId), afterDate);
    });
  }

  async monthSpend(memberId: Id, month: string): Promise<Cents> {
    const db = this.db;
    const { fromAt, toAt } = monthBounds(month);
    // A sale's returns come after it: they are read from the month's start to now.
    return db.transaction('r', db.sales, db.returns, async () => {
      const [sales, returns] = await Promise.all([
        db.sales.where('[memberId+at]').between([memberId, fromAt], [memberId, toAt], true, true).toArray(),
        db.returns.where('[memberId+at]').between([memberId, fromAt], [memberId, Dexie.maxKey], true, true).toArray(),
      ]);
      return spendInMonth(sales, returns, month);
    });
  }
}

function pastOfStore(store: MemoryStore, memberId: Id): PastPurchases | null {
  const from = memberPastFrom(memberId);
  const row = store.insightPast.where((r) => r.key >= from).sort((a, b) => (a.key < b.key ? -1 : 1))[0];
  return pastOf(row, memberId);
}

/** The in-memory twin: scans (it is for tests and demos). */
export class MemoryMemberSpend implements MemberSpendRepository {
  constructor(private readonly store: MemoryStore) {}

  windowSpend(memberId: Id, window: TierWindow): Promise<WindowSpend> {
    return Promise.resolve(MemoryMemberSpend.spendNow(this.store, memberId, window));
  }

  /** The same figure, read at once (the in-memory sync store reads it inside its transaction). */
  static spendNow(store: MemoryStore, memberId: Id, window: TierWindow): WindowSpend {
    const inRange = (r: { memberId: Id | null; at: Instant }) => r.memberId === memberId && r.at >= window.fromAt;
    return spendOf(store.sales.where(inRange), store.returns.where(inRange), window, pastOfStore(store, memberId));
  }

  recentVisits(memberId: Id, afterDate: LocalDate): Promise<number> {
    const local = this.store.sales.where((x) => x.memberId === memberId && x.businessDate > afterDate).length;
    return Promise.resolve(local + pastVisitsAfter(this.past(memberId), afterDate));
  }

  private past(memberId: Id): PastPurchases | null {
    return pastOfStore(this.store, memberId);
  }

  monthSpend(memberId: Id, month: string): Promise<Cents> {
    const mine = (r: { memberId: Id | null }) => r.memberId === memberId;
    return Promise.resolve(spendInMonth(this.store.sales.where(mine), this.store.returns.where(mine), month));
  }
}
