/**
 * Returns (docs/loyalty-spec.md X rules): per line and quantity, within the window or defective,
 * refund by the price rule, and the points of the returned part taken back or given back pro rata
 * with exact integer arithmetic: shares are cumulative, so returning everything (in one go or in
 * several) reverses exactly what the sale booked.
 */
import type { Cents } from './money';
import { cents, points } from './money';
import type { Programme } from './programme';
import type { Id, Instant, LedgerEntry, ReturnLine, Sale, SaleReturn } from './records';
import { cumulativeShare, mulDivFloor } from './alloc';
import { expiresOnFor, makeEntry } from './ledger';
import { daysBetween, isTimeZone, localDate } from './time';

export interface ReturnRequest {
  sale: Sale;
  /** Returns already made against this sale. */
  earlierReturns: readonly SaleReturn[];
  /** What comes back, with today's unit price of the product (null when it has none, e.g. a free-amount line). */
  lines: ReadonlyArray<{ lineNo: number; qty: number; todayUnitPrice: Cents | null }>;
  reason: SaleReturn['reason'];
  /** A manager who allows a return outside the window. */
  approvedBy: Id | null;
}

export interface ReturnContext {
  ids: () => Id;
  now: Instant;
  timeZone: string;
  storeId: Id;
  deviceId: Id;
  staffId: Id;
  programme: Programme;
}

export interface ReturnError { field: string; code: string; message: string }

export type ReturnBuild =
  | { ok: true; ret: SaleReturn; ledger: LedgerEntry[]; spendReversed: Cents; referralReversed: number }
  | { ok: false; errors: ReturnError[] };

/** [X1] Resaleable (and other) returns within windowDays of the sale's business date; defective ones always. */
export function withinWindow(sale: Sale, today: string, reason: SaleReturn['reason'], programme: Programme): boolean {
  return reason === 'defective' || daysBetween(sale.businessDate, today) <= programme.returns.windowDays;
}

/** [X3] Price went up: refund what was paid; went down: scale what was paid to today's price. */
export function refundFor(paid: Cents, unitPricePaid: Cents, todayUnitPrice: Cents | null): Cents {
  if (todayUnitPrice === null || todayUnitPrice >= unitPricePaid || unitPricePaid === 0) return paid;
  return cents(mulDivFloor(paid, todayUnitPrice, unitPricePaid));
}

export function returnedSoFar(saleId: Id, earlier: readonly SaleReturn[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of earlier) if (r.saleId === saleId) for (const l of r.lines) m.set(l.lineNo, (m.get(l.lineNo) ?? 0) + l.qty);
  return m;
}

export function buildReturn(req: ReturnRequest, ctx: ReturnContext): ReturnBuild {
  const { sale } = req;
  if (!isTimeZone(ctx.timeZone)) return { ok: false, errors: [{ field: 'timeZone', code: 'timeZone', message: `Unknown time zone ${ctx.timeZone}` }] };
  const today = localDate(ctx.now, ctx.timeZone);
  const errors: ReturnError[] = [];
  if (!withinWindow(sale, today, req.reason, ctx.programme) && req.approvedBy === null) {
    errors.push({ field: 'reason', code: 'return.window', message: `More than ${ctx.programme.returns.windowDays} days since the sale: a manager must approve` });
  }
  if (req.lines.length === 0) errors.push({ field: 'lines', code: 'return.empty', message: 'Nothing to return' });
  const before = returnedSoFar(sale.id, req.earlierReturns);
  const seen = new Set<number>();
  req.lines.forEach((r, i) => {
    const sold = sale.lines.find((l) => l.lineNo === r.lineNo);
    if (!sold) errors.push({ field: `lines[${i}].lineNo`, code: 'return.noLine', message: 'No such line on the sale' });
    else if (seen.has(r.lineNo)) errors.push({ field: `lines[${i}].lineNo`, code: 'return.lineTwice', message: 'A line is listed twice' });
    else if (!Number.isSafeInteger(r.qty) || r.qty <= 0) errors.push({ field: `lines[${i}].qty`, code: 'return.qty', message: 'A whole quantity above zero' });
    else if (r.qty + (before.get(r.lineNo) ?? 0) > sold.qty) {
      errors.push({ field: `lines[${i}].qty`, code: 'return.tooMany', message: `Only ${sold.qty - (before.get(r.lineNo) ?? 0)} left to return` });
    }
    if (r.todayUnitPrice !== null && (!Number.isSafeInteger(r.todayUnitPrice) || r.todayUnitPrice < 0)) {
      errors.push({ field: `lines[${i}].todayUnitPrice`, code: 'return.price', message: 'A price is zero or more, in whole cents' });
    }
    seen.add(r.lineNo);
  });
  if (errors.length) return { ok: false, errors };

  const lines: ReturnLine[] = [];
  let spendBefore = 0, spendNow = 0;
  for (const sold of sale.lines) {
    const done = before.get(sold.lineNo) ?? 0;
    spendBefore += cumulativeShare(sold.net, 0, done, sold.qty);
    const r = req.lines.find((x) => x.lineNo === sold.lineNo);
    if (!r) continue;
    const paid = cents(cumulativeShare(sold.net, done, r.qty, sold.qty));
    spendNow += paid;
    lines.push({
      lineNo: sold.lineNo, qty: r.qty, refund: refundFor(paid, sold.unitPrice, r.todayUnitPrice),
      pointsReversed: points(cumulativeShare(sold.pointsEarned, done, r.qty, sold.qty)),
      pointsRestored: points(cumulativeShare(sold.pointsRedeemed, done, r.qty, sold.qty)),
    });
  }
  const sum = (f: (l: ReturnLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  const ret: SaleReturn = {
    id: ctx.ids(), saleId: sale.id, memberId: sale.memberId, storeId: ctx.storeId, deviceId: ctx.deviceId, staffId: ctx.staffId,
    approvedBy: req.approvedBy, at: ctx.now, businessDate: today, reason: req.reason, lines,
    refund: cents(sum((l) => l.refund)), pointsReversed: points(sum((l) => l.pointsReversed)), pointsRestored: points(sum((l) => l.pointsRestored)),
  };
  const entryCtx = { ids: ctx.ids, at: ctx.now, deviceId: ctx.deviceId, staffId: ctx.staffId };
  const ledger: LedgerEntry[] = [];
  if (sale.memberId !== null) {
    if (ret.pointsReversed > 0) ledger.push(makeEntry(sale.memberId, 'reversal', -ret.pointsReversed, 'return.earn', ret.id, null, entryCtx));
    if (ret.pointsRestored > 0) {
      ledger.push(makeEntry(sale.memberId, 'reversal', ret.pointsRestored, 'return.redeem', ret.id, expiresOnFor(today, ctx.programme), entryCtx));
    }
  }
  // [X5] The referrer's reward goes back in proportion to the money returned, cumulatively.
  const ref = sale.referralPoints ?? 0;
  const referralReversed = sale.referrerId && ref > 0 && sale.total > 0
    ? mulDivFloor(ref, spendBefore + spendNow, sale.total) - mulDivFloor(ref, spendBefore, sale.total) : 0;
  if (sale.referrerId && referralReversed > 0) {
    ledger.push(makeEntry(sale.referrerId, 'reversal', -referralReversed, 'return.referral', ret.id, null, entryCtx));
  }
  return { ok: true, ret, ledger, spendReversed: cents(spendNow), referralReversed };
}
