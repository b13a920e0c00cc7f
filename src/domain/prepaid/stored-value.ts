/**
 * Stored value (储值) as appended facts: every top-up, draw, return credit and refund is an entry
 * with its principal and its bonus kept apart, to the fen (docs/prepaid-spec.md, V rules).
 * A card's balance is the sum of its entries, nothing else. Pure: ids and time are passed in.
 */
import { cents, type Cents } from '../money';
import { cumulativeShare, mulDivFloor } from '../alloc';
import type { Id, Instant } from '../records';
import type { DrawRule, StoredValueSettings, TopUpPlan } from './settings';

export type SvKind = 'topUp' | 'draw' | 'returnCredit' | 'refund';

export interface SvEntry {
  id: Id;
  memberId: Id;
  kind: SvKind;
  /** Signed: positive adds to the card, negative takes from it. */
  principal: Cents;
  bonus: Cents;
  at: Instant;
  /** The sale (top-up, paying sale, return) or refund that caused it. */
  sourceId: Id | null;
  /** For a return credit: the draw it gives back. */
  drawId: Id | null;
  /** The plan that gave the bonus of a top-up. */
  planId: Id | null;
  /** [V7] Booked while the merged card went below zero (two tablets spent the same money offline). */
  overdraft: boolean;
  staffId: Id | null;
  deviceId: Id;
}

export interface SvBalance { principal: Cents; bonus: Cents; total: Cents }
export interface SvParts { principal: Cents; bonus: Cents }

/** [V3] The balance is the sum of the entries: principal and bonus each, and their total. */
export function svBalanceOf(entries: readonly SvEntry[]): SvBalance {
  let principal = 0;
  let bonus = 0;
  for (const e of entries) { principal += e.principal; bonus += e.bonus; }
  return { principal: cents(principal), bonus: cents(bonus), total: cents(principal + bonus) };
}

/** [V1] The plan a top-up reaches: the one with the highest `pay` not above the amount; plans do not add up. */
export function planFor(plans: readonly TopUpPlan[], amount: Cents): TopUpPlan | null {
  let best: TopUpPlan | null = null;
  for (const p of plans) if (p.pay <= amount && (!best || p.pay > best.pay)) best = p;
  return best;
}

export type TopUpRefusal = 'notPositive' | 'belowMin';
export type TopUpResult = { ok: true; principal: Cents; bonus: Cents; planId: Id | null } | { ok: false; code: TopUpRefusal; min?: Cents };

/** [V1] Paying `amount` puts it on the card as principal, with the reached plan's bonus beside it. */
export function topUp(settings: StoredValueSettings, amount: Cents): TopUpResult {
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, code: 'notPositive' };
  if (amount < settings.minTopUp) return { ok: false, code: 'belowMin', min: settings.minTopUp };
  const plan = planFor(settings.plans, amount);
  return { ok: true, principal: amount, bonus: plan ? plan.bonus : cents(0), planId: plan ? plan.id : null };
}

export type DrawResult = { ok: true; draw: SvParts } | { ok: false; code: 'notPositive' | 'insufficient'; available: Cents };

/**
 * [V4] How a payment of `amount` draws on the card. 'proportional': the bonus share is
 * floor(amount × bonus ÷ total), the rest on principal; 'principalFirst': principal until it is
 * gone, then bonus. Never more than either part holds; a part below zero counts as empty.
 */
export function drawFor(balance: SvParts, amount: Cents, rule: DrawRule): DrawResult {
  const p = Math.max(0, balance.principal);
  const b = Math.max(0, balance.bonus);
  const available = cents(p + b);
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, code: 'notPositive', available };
  if (amount > available) return { ok: false, code: 'insufficient', available };
  const bonus = rule === 'proportional' ? mulDivFloor(amount, b, p + b) : Math.max(0, amount - p);
  return { ok: true, draw: { principal: cents(amount - bonus), bonus: cents(bonus) } };
}

/**
 * [V5] What a return gives back to the card of a draw of `draw` cents: `returnedNow` cents of the
 * draw's total after `returnedBefore` were already given back. The bonus share is taken
 * cumulatively (alloc.ts cumulativeShare), so returning everything in parts gives back exactly
 * the draw's principal and bonus.
 */
export function returnDraw(draw: SvParts, returnedBefore: Cents, returnedNow: Cents): SvParts {
  const total = draw.principal + draw.bonus;
  const now = Math.max(0, Math.min(returnedNow, total - returnedBefore));
  const bonus = cumulativeShare(draw.bonus, returnedBefore, now, total);
  return { principal: cents(now - bonus), bonus: cents(bonus) };
}

export type RefundResult =
  | { ok: true; moneyBack: Cents; bonusForfeited: Cents; entry: SvParts }
  | { ok: false; code: 'nothingToRefund' | 'overdrawn' };

/**
 * [V6] Refunding a card's top-ups pays the unspent principal back in money and forfeits the unspent
 * bonus; the refund entry takes both off, leaving the card at zero. An overdrawn card is settled first.
 */
export function refundTopUps(entries: readonly SvEntry[]): RefundResult {
  const bal = svBalanceOf(entries);
  if (bal.principal < 0 || bal.bonus < 0) return { ok: false, code: 'overdrawn' };
  if (bal.total === 0) return { ok: false, code: 'nothingToRefund' };
  return {
    ok: true, moneyBack: bal.principal, bonusForfeited: bal.bonus,
    entry: { principal: cents(-bal.principal), bonus: cents(-bal.bonus) },
  };
}

export type BookResult = { ok: true; overdraft: SvParts | null } | { ok: false; code: 'split' | 'overCap'; cap: Cents };

/**
 * [V7] Booking a draw a tablet made (perhaps offline, on the balance it knew) against the merged
 * card. The draw must be a valid split (non-negative parts); what it takes beyond the merged card
 * is an overdraft, flagged and bounded by the offline cap. A draw within the card books as is.
 */
export function bookDraw(merged: SvParts, draw: SvParts, offlineCap: Cents): BookResult {
  if (draw.principal < 0 || draw.bonus < 0 || draw.principal + draw.bonus <= 0) return { ok: false, code: 'split', cap: offlineCap };
  const shortP = Math.max(0, draw.principal - Math.max(0, merged.principal));
  const shortB = Math.max(0, draw.bonus - Math.max(0, merged.bonus));
  if (shortP + shortB === 0) return { ok: true, overdraft: null };
  if (shortP + shortB > offlineCap) return { ok: false, code: 'overCap', cap: offlineCap };
  return { ok: true, overdraft: { principal: cents(shortP), bonus: cents(shortB) } };
}

/** [V7] What a tablet may still draw offline from one member's card: the cap less what it drew offline already. */
export function offlineAllowance(cap: Cents, drawnOffline: Cents, known: SvParts): Cents {
  return cents(Math.max(0, Math.min(cap - drawnOffline, Math.max(0, known.principal) + Math.max(0, known.bonus))));
}

/** [V7] The overdrafts for a manager's list: entries booked below zero. */
export function overdraftEntries(entries: readonly SvEntry[]): SvEntry[] {
  return entries.filter((e) => e.overdraft);
}

export interface SvContext { ids: () => Id; at: Instant; deviceId: Id; staffId: Id | null }

/** A new stored-value entry; `parts` signed as they change the card. */
export function makeSvEntry(memberId: Id, kind: SvKind, parts: SvParts, ctx: SvContext,
  extra: Partial<Pick<SvEntry, 'sourceId' | 'drawId' | 'planId' | 'overdraft'>> = {}): SvEntry {
  return {
    id: ctx.ids(), memberId, kind, principal: cents(parts.principal), bonus: cents(parts.bonus), at: ctx.at,
    sourceId: extra.sourceId ?? null, drawId: extra.drawId ?? null, planId: extra.planId ?? null,
    overdraft: extra.overdraft ?? false, staffId: ctx.staffId, deviceId: ctx.deviceId,
  };
}
