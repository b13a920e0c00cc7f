/** The input and output of quoteCheckout (quote.ts); shared with the till's checkout screen and the server's re-check. */
import type { Cents, Points } from './money';
import type { Coupon, Id, Instant, LocalDate } from './records';
import type { Programme } from './programme';

export interface CartLine {
  productId: Id | null;
  name: string;
  category: string;
  unitPrice: Cents;
  qty: number;
  lineDiscount: Cents;
  noEarn: boolean;
}

/** The member at the counter and the totals the engine needs about them. */
export interface QuoteMember {
  id: Id;
  balance: Points;
  /** Spend in the tier window (programme.tierRules.windowMonths) before this sale. */
  rollingSpend: Cents;
  /** The largest single order in the tier window before this sale. */
  largestOrder: Cents;
  /** The tier held now (kept until re-evaluation), or null. */
  tierId: string | null;
  enrolledOn: LocalDate;
  birthday: string | null;
  referredBy: Id | null;
}

export interface QuoteInput {
  lines: CartLine[];
  member: QuoteMember | null;
  /** The member's coupons (any state); the engine checks validity. */
  coupons: Coupon[];
  /** Coupons the cashier ticked. */
  selectedCouponIds: Id[];
  /** A member's birthday coupon used today, whose discount a companion shares (B2). */
  companionCoupon?: Coupon | null;
  pointsToRedeem: number;
  /** The most points (cash redemption and rewards together) this device may use for the member now; see unsyncedRedeemCap (R7). */
  redeemCap?: number | null;
  /** Catalogue rewards exchanged for points, one unit of a line each (R6). */
  rewards?: Array<{ rewardId: string; lineNo: number }>;
  programme: Programme;
  now: Instant;
  timeZone: string;
}

/** A reason a receipt prints through i18n: `receipt.${code}` with its params. */
export interface Reason {
  code: string;
  params: Record<string, string | number>;
}

export interface QuoteDiscount {
  /** 'line:<lineNo>', 'reward:<id>', 'tier:<id>', 'promo:<id>', 'coupon:<id>', 'companion:<couponId>'. */
  rule: string;
  amount: Cents;
  reason: Reason;
}

export interface QuoteLine extends CartLine {
  lineNo: number;
  gross: Cents;
  allocatedDiscount: Cents;
  allocatedRedeem: Cents;
  net: Cents;
  pointsEarned: Points;
  /** Points used on this line: its share of the cash redemption plus its rewards. */
  pointsRedeemed: Points;
}

export interface Quote {
  programmeVersion: number;
  businessDate: LocalDate;
  at: Instant;
  memberId: Id | null;
  lines: QuoteLine[];
  /** Σ qty × unit price, before any discount. */
  subtotal: Cents;
  /** Line discounts first, then order discounts; Σ amounts = subtotal − total − redeemValue. */
  discounts: QuoteDiscount[];
  /** Ticked coupons (or a tier discount) not applied, with why. */
  notApplied: Array<{ rule: string; reason: Reason }>;
  couponIdsUsed: Id[];
  /** Points redeemed as cash off (R1): worth redeemValue. */
  pointsRedeemed: Points;
  redeemValue: Cents;
  /** Points exchanged for catalogue rewards (R6); their value is in the 'reward:' discounts. */
  rewardPoints: Points;
  /** The most points the member could redeem on this cart (for the slider). */
  maxRedeemable: Points;
  total: Cents;
  pointsEarned: Points;
  earnReason: Reason | null;
  referral: { memberId: Id; points: Points; reason: Reason } | null;
  tierBefore: string | null;
  tierAfter: string | null;
  /** "¥X more to reach Gold" on the rolling-spend ladder, after this sale. */
  nextTier: { tierId: string; missing: Cents } | null;
}

export interface QuoteError {
  field: string;
  code: string;
  message: string;
}

export type QuoteResult = { ok: true; quote: Quote } | { ok: false; errors: QuoteError[] };
