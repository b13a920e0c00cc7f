/**
 * The points ledger (docs/loyalty-spec.md L rules). Entries are facts, never edited; a balance is
 * the sum of entries. Points leave oldest-expiring first (FIFO): a redemption or a reversal uses up
 * the still-valid lots that would expire soonest, so expiry takes only what is really unused.
 * Dates of entries are read in the store's time zone (a parameter; 'UTC' when not given).
 */
import type { Points } from './money';
import { points, sumPoints } from './money';
import type { Programme } from './programme';
import type { Id, Instant, LedgerEntry, LocalDate } from './records';
import { addDays, addMonths, endOfYear, localDate } from './time';

/** [L1] The balance is the sum of all entries. */
export function balanceOf(entries: readonly LedgerEntry[]): Points {
  return sumPoints(entries.map((e) => e.points));
}

/** [L3] The last day points earned on `earnedOn` may be used: N months later (the day before), or the end of the year. */
export function expiresOnFor(earnedOn: LocalDate, programme: Programme): LocalDate | null {
  switch (programme.expiry.mode) {
    case 'never': return null;
    case 'months': return addDays(addMonths(earnedOn, programme.expiry.months), -1);
    case 'year-end': return endOfYear(earnedOn);
  }
}

interface Lot { entry: LedgerEntry; left: number }

function byTime(a: LedgerEntry, b: LedgerEntry): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Replays the entries in time order and returns the positive lots with what is left of each,
 * plus any overdraft (points used that no lot covered; later positive entries pay it off first).
 * [L2] A spend, reversal or adjustment uses the soonest-expiring lots still valid on its own
 * date in `timeZone` (points past their last day cannot be spent); an expiry entry takes the
 * soonest-expiring lots, which are exactly the expired ones it was computed from.
 */
export function remainingLots(entries: readonly LedgerEntry[], timeZone = 'UTC'): { lots: Lot[]; overdraft: number } {
  const lots: Lot[] = [];
  let overdraft = 0;
  for (const e of [...entries].sort(byTime)) {
    if (e.points > 0) {
      const payOff = Math.min(overdraft, e.points);
      overdraft -= payOff;
      lots.push({ entry: e, left: e.points - payOff });
      continue;
    }
    let need = -e.points;
    const on = e.kind === 'expiry' ? null : localDate(e.at, timeZone);
    const open = lots
      .filter((l) => l.left > 0 && (on === null || l.entry.expiresOn === null || l.entry.expiresOn >= on))
      .sort((a, b) => (a.entry.expiresOn ?? '9999-12-31').localeCompare(b.entry.expiresOn ?? '9999-12-31') || byTime(a.entry, b.entry));
    for (const l of open) {
      if (need === 0) break;
      const take = Math.min(l.left, need);
      l.left -= take;
      need -= take;
    }
    overdraft += need;
  }
  return { lots, overdraft };
}

/** [L4] Points that have expired by `onDate` (their last day is before it) and are not yet booked as expired. */
export function expiringPoints(entries: readonly LedgerEntry[], onDate: LocalDate, timeZone = 'UTC'): Points {
  const { lots } = remainingLots(entries, timeZone);
  return points(lots.reduce((s, l) => s + (l.entry.expiresOn !== null && l.entry.expiresOn < onDate ? l.left : 0), 0));
}

/** [L4] What the member may spend today: the balance less points past their last day not yet booked as expired. */
export function spendableBalance(entries: readonly LedgerEntry[], today: LocalDate, timeZone = 'UTC'): Points {
  return points(balanceOf(entries) - expiringPoints(entries, today, timeZone));
}

/** [L5] Points whose last day falls within the next `days` days from `today`, and the soonest such day. */
export function pointsExpiringSoon(entries: readonly LedgerEntry[], today: LocalDate, days: number, timeZone = 'UTC'): { points: Points; firstOn: LocalDate | null } {
  const until = addDays(today, days);
  let total = 0;
  let firstOn: LocalDate | null = null;
  for (const l of remainingLots(entries, timeZone).lots) {
    const on = l.entry.expiresOn;
    if (on === null || l.left === 0 || on < today || on >= until) continue;
    total += l.left;
    if (firstOn === null || on < firstOn) firstOn = on;
  }
  return { points: points(total), firstOn };
}

export interface EntryContext { ids: () => Id; at: Instant; deviceId: Id; staffId: Id | null; timeZone?: string }

/**
 * [L4] One expiry entry per member for what has expired by `onDate`, or none. Running it twice on
 * the same day books nothing more: the first entry used up the expired lots.
 */
export function expiryEntries(memberId: Id, entries: readonly LedgerEntry[], onDate: LocalDate, ctx: EntryContext): LedgerEntry[] {
  const expired = expiringPoints(entries, onDate, ctx.timeZone ?? 'UTC');
  if (expired <= 0) return [];
  return [makeEntry(memberId, 'expiry', -expired, 'expired', null, null, ctx)];
}

/** A new ledger entry; positive entries carry the day they expire. */
export function makeEntry(memberId: Id, kind: LedgerEntry['kind'], pts: number, reason: string,
  sourceId: Id | null, expiresOn: LocalDate | null, ctx: EntryContext, note = ''): LedgerEntry {
  return {
    id: ctx.ids(), memberId, kind, points: points(pts), at: ctx.at, sourceId, reason, note,
    staffId: ctx.staffId, deviceId: ctx.deviceId, expiresOn: pts > 0 ? expiresOn : null,
  };
}
