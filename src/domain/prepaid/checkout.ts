/**
 * Prepaid at the checkout (docs/prepaid-spec.md V9, V10, PK6): a sale paid partly from the card,
 * mixed with cash or card, and a line paid by a package visit (due ¥0). Pure: the quote from
 * quoteCheckout, the card's balance and the settings are passed in.
 */
import { cents, points, type Cents, type Points } from '../money';
import { mulDivFloor } from '../alloc';
import type { Id, LocalDate } from '../records';
import type { CartLine } from '../quote-types';
import type { StoredValueSettings } from './settings';
import { drawFor, type SvParts } from './stored-value';
import { useVisit, type MemberPackage, type PackageEvent, type VisitRefusal } from './packages';

export type StoredValuePayRefusal = 'notPositive' | 'overTotal' | 'insufficient' | 'pinRequired';

export interface StoredValuePay {
  /** What the card pays, split into principal and bonus (V4). */
  draw: SvParts;
  /** What is still due, by cash, card or another method. */
  otherDue: Cents;
  /** The sale's points after the setting for the stored-value part (V10). */
  pointsEarned: Points;
}

/**
 * [V9] Paying `fromCard` of a sale's `total` from the member's card: at most the total and what the
 * card holds (split by the draw rule), the PIN checked first when the shop asks for one; the rest
 * is due by other means. [V10] With earnOnStoredValue off, the sale's points shrink to the share
 * paid by other means: floor(points × otherDue ÷ total).
 */
export function payFromCard(sale: { total: Cents; pointsEarned: Points }, fromCard: Cents, card: SvParts,
  settings: StoredValueSettings, pinVerified: boolean): { ok: true; pay: StoredValuePay } | { ok: false; code: StoredValuePayRefusal; available?: Cents } {
  if (settings.pinRequired && !pinVerified) return { ok: false, code: 'pinRequired' };
  if (!Number.isSafeInteger(fromCard) || fromCard <= 0) return { ok: false, code: 'notPositive' };
  if (fromCard > sale.total) return { ok: false, code: 'overTotal' };
  const d = drawFor(card, fromCard, settings.drawRule);
  if (!d.ok) return { ok: false, code: d.code, available: d.available };
  const otherDue = cents(sale.total - fromCard);
  const earned = settings.earnOnStoredValue ? sale.pointsEarned : points(mulDivFloor(sale.pointsEarned, otherDue, sale.total));
  return { ok: true, pay: { draw: d.draw, otherDue, pointsEarned: earned } };
}

export interface VisitLine { line: CartLine; packageId: Id; serviceId: string; staffId: Id; remainingAfter: number | null }

/**
 * [PK6] A visit taken from a package is a checkout line of the service at ¥0 due, earning no points
 * (they were earned when the package was sold), with the package and the staff member who served it;
 * refused with the visit's code (PK3) when the package does not allow it.
 */
export function visitLine(pkg: MemberPackage, events: readonly PackageEvent[], service: { id: string; name: string; category: string },
  staffId: Id, today: LocalDate): { ok: true; visit: VisitLine } | { ok: false; code: VisitRefusal } {
  const u = useVisit(pkg, events, service.id, today);
  if (!u.ok) return u;
  return {
    ok: true,
    visit: {
      line: { productId: service.id, name: service.name, category: service.category, unitPrice: cents(0), qty: 1, lineDiscount: cents(0), noEarn: true },
      packageId: pkg.id, serviceId: service.id, staffId, remainingAfter: u.remainingAfter,
    },
  };
}
