/**
 * Service packages (次卡, 通卡, 月卡) as a sold package plus appended events: each visit, each
 * returned visit, a refund (docs/prepaid-spec.md, PK rules). Pure: dates are the store's local
 * dates, passed in; ids are passed in.
 */
import { cents, type Cents } from '../money';
import { mulDivFloor } from '../alloc';
import type { Id, LocalDate } from '../records';
import { addDays, daysBetween } from '../time';
import type { PackageKind, PackageType } from './settings';

export interface MemberPackage {
  id: Id;
  memberId: Id;
  typeId: Id;
  kind: PackageKind;
  serviceIds: string[];
  /** Visits sold (0 for unlimited). */
  visits: number;
  price: Cents;
  soldOn: LocalDate;
  /** The last day it can be used. */
  expiresOn: LocalDate;
  perDayLimit: number | null;
  /** The sale that sold it. */
  saleId: Id;
}

export type PackageEvent =
  | { kind: 'visit'; id: Id; packageId: Id; serviceId: string; on: LocalDate; staffId: Id | null; saleId: Id; overdraft: boolean }
  | { kind: 'return'; id: Id; packageId: Id; visitId: Id; on: LocalDate }
  | { kind: 'refund'; id: Id; packageId: Id; on: LocalDate; moneyBack: Cents; fee: Cents };

export type VisitEvent = Extract<PackageEvent, { kind: 'visit' }>;

/**
 * [PK2] Selling a package fixes its visits and its last day: a date expiry is that date; N days
 * after purchase is the day of purchase and the N − 1 days after it (30 days from 1 March: to 30 March).
 */
export function sellPackage(type: PackageType, soldOn: LocalDate, ids: { id: Id; memberId: Id; saleId: Id }): MemberPackage {
  const expiresOn = type.expiry.mode === 'date' ? type.expiry.date : addDays(soldOn, type.expiry.days - 1);
  return {
    ...ids, typeId: type.id, kind: type.kind, serviceIds: [...type.serviceIds], visits: type.kind === 'unlimited' ? 0 : type.visits,
    price: type.price, soldOn, expiresOn, perDayLimit: type.perDayLimit,
  };
}

const own = (pkg: MemberPackage, events: readonly PackageEvent[]) => events.filter((e) => e.packageId === pkg.id);

function takenVisits(pkg: MemberPackage, events: readonly PackageEvent[]): PackageEvent[] {
  const mine = own(pkg, events);
  const returned = new Set(mine.flatMap((e) => (e.kind === 'return' ? [e.visitId] : [])));
  return mine.filter((e) => e.kind === 'visit' && !returned.has(e.id));
}

/** [PK3] Visits left: sold less taken plus returned; null for an unlimited card; 0 once refunded; below 0 when overdrawn. */
export function remainingVisits(pkg: MemberPackage, events: readonly PackageEvent[]): number | null {
  if (isRefunded(pkg, events)) return 0;
  if (pkg.kind === 'unlimited') return null;
  return pkg.visits - takenVisits(pkg, events).length;
}

export function isRefunded(pkg: MemberPackage, events: readonly PackageEvent[]): boolean {
  return own(pkg, events).some((e) => e.kind === 'refund');
}

export type VisitRefusal = 'refunded' | 'notYet' | 'expired' | 'notCovered' | 'noneLeft' | 'dayLimit';

/**
 * [PK3] Whether a visit of `serviceId` on `today` may be taken from the package, checked in this
 * order: refunded, before the sale, after the last day, a service it does not cover, no visits
 * left, the per-day limit reached.
 */
export function useVisit(pkg: MemberPackage, events: readonly PackageEvent[], serviceId: string, today: LocalDate):
  { ok: true; remainingAfter: number | null } | { ok: false; code: VisitRefusal } {
  if (isRefunded(pkg, events)) return { ok: false, code: 'refunded' };
  if (today < pkg.soldOn) return { ok: false, code: 'notYet' };
  if (today > pkg.expiresOn) return { ok: false, code: 'expired' };
  if (!pkg.serviceIds.includes(serviceId)) return { ok: false, code: 'notCovered' };
  const left = remainingVisits(pkg, events);
  if (left !== null && left <= 0) return { ok: false, code: 'noneLeft' };
  const todays = takenVisits(pkg, events).filter((e) => e.kind === 'visit' && e.on === today).length;
  if (pkg.perDayLimit !== null && todays >= pkg.perDayLimit) return { ok: false, code: 'dayLimit' };
  return { ok: true, remainingAfter: left === null ? null : left - 1 };
}

/**
 * [PK5] Booking a visit a tablet took (perhaps offline) against the merged events: it always
 * stands; when the merged package had no visit left for it, or its day's limit was already
 * reached, it is an overdraft, flagged and listed for a manager.
 */
export function bookVisit(pkg: MemberPackage, merged: readonly PackageEvent[], visit: { on: LocalDate }): { overdraft: boolean } {
  const left = remainingVisits(pkg, merged);
  const todays = takenVisits(pkg, merged).filter((e) => e.kind === 'visit' && e.on === visit.on).length;
  return { overdraft: (left !== null && left <= 0) || (pkg.perDayLimit !== null && todays >= pkg.perDayLimit) };
}

export interface PackageRefund { unused: number; total: number; proRata: Cents; fee: Cents; moneyBack: Cents }

/**
 * [PK4] Refunding a package (manager only) returns price × unused ÷ total, rounded down to the fen,
 * less the fee: refundFeePct of that, rounded down. Unused and total count visits, or for an
 * unlimited card the days of validity left (today included) and all of them.
 */
export function refundPackage(pkg: MemberPackage, events: readonly PackageEvent[], today: LocalDate, refundFeePct: number):
  { ok: true; refund: PackageRefund } | { ok: false; code: 'refunded' | 'expired' | 'nothingLeft' } {
  if (isRefunded(pkg, events)) return { ok: false, code: 'refunded' };
  if (today > pkg.expiresOn) return { ok: false, code: 'expired' };
  const total = pkg.kind === 'unlimited' ? daysBetween(pkg.soldOn, pkg.expiresOn) + 1 : pkg.visits;
  const unused = pkg.kind === 'unlimited'
    ? Math.min(total, daysBetween(today < pkg.soldOn ? pkg.soldOn : today, pkg.expiresOn) + 1)
    : Math.max(0, remainingVisits(pkg, events) ?? 0);
  if (unused <= 0 || total <= 0) return { ok: false, code: 'nothingLeft' };
  const proRata = mulDivFloor(pkg.price, unused, total);
  const fee = mulDivFloor(proRata, refundFeePct, 100);
  return { ok: true, refund: { unused, total, proRata: cents(proRata), fee: cents(fee), moneyBack: cents(proRata - fee) } };
}

/** [PK5] The visits booked as overdrafts, for a manager's list. */
export function overdrawnVisits(events: readonly PackageEvent[]): PackageEvent[] {
  return events.filter((e) => e.kind === 'visit' && e.overdraft);
}
