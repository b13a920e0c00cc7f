/**
 * The records Regulars keeps, shared by the engine, the on-device database, the sync protocol and
 * the server. Facts (sales, returns, ledger entries, coupon uses) are immutable once written;
 * only member profile fields, tasks, products, staff and settings are edited.
 *
 * Conventions:
 *  - Ids are made on the device (UUIDv7 strings) before any network call. Records derived from a
 *    rule that every device would derive the same way (a birthday coupon for 2026) use a
 *    deterministic id, so that two devices creating it offline merge into one.
 *  - `Instant` is epoch milliseconds (UTC). `LocalDate` is 'YYYY-MM-DD' in the store's time zone,
 *    computed at the edge from an Instant and the store's IANA zone.
 */
import type { Cents, Points } from './money';

export type Id = string;
export type Instant = number;
/** 'YYYY-MM-DD' in the store's time zone. */
export type LocalDate = string;

export type Role = 'cashier' | 'manager' | 'owner';

export interface Store {
  id: Id;
  name: string;
  currency: string; // ISO 4217, 'CNY' by default
  timeZone: string; // IANA, 'Asia/Shanghai' by default
  locale: string; // 'zh-CN' | 'en'
  country: string; // ISO 3166 alpha-2, decides phone validation ('CN' by default)
}

export interface Member {
  id: Id;
  /** Printed as a QR code on the first receipt; the next lookup is a scan. */
  cardNo: string;
  /** Digits only, national format ('13812345678'). */
  phone: string;
  name: string;
  /** Lower-cased, width-folded, whitespace-collapsed name for prefix search. */
  nameKey: string;
  /** Pinyin initials of a Chinese name ('zs' for 张三); '' when none can be derived. */
  initials: string;
  /** 'YYYY-MM-DD', or '--MM-DD' when the year is not given. */
  birthday: string | null;
  wechat: string | null;
  enrolledAt: Instant;
  enrolledOn: LocalDate;
  enrolledStoreId: Id;
  enrolledBy: Id | null;
  referredBy: Id | null;
  consentAt: Instant | null;
  doNotDisturb: boolean;
  notes: string;
  /** Fields from the store's profile template (sizes, a baby's birth date, tastes...). */
  profile: Record<string, string>;
  /** Set when this member was merged into another (same phone enrolled on two devices). */
  mergedInto: Id | null;
  /** Hybrid logical clock stamp of the last write to each profile field (last writer wins). */
  clock: Record<string, string>;
}

/** Fields a profile edit never changes, on the till or the server (sync-protocol S9, C-S3): identity, enrolment, merges and the clocks themselves. */
export const FIXED_MEMBER_FIELDS: ReadonlySet<string> = new Set(['id', 'clock', 'mergedInto', 'enrolledAt', 'enrolledOn', 'enrolledStoreId', 'enrolledBy']);

/** Kept totals for a member, maintained in the same transaction as the facts they sum. */
export interface MemberStats {
  memberId: Id;
  points: Points; // cache of the sum of ledger entries; verified, never trusted over the ledger
  pendingPoints: Points; // part of `points` not yet confirmed by the server
  lifetimeSpend: Cents;
  visits: number;
  firstPurchaseAt: Instant | null;
  lastPurchaseAt: Instant | null;
  tierId: string | null;
  tierSince: Instant | null;
}

export interface Product {
  id: Id;
  sku: string;
  barcode: string | null;
  name: string;
  category: string;
  price: Cents;
  /** Items that never earn points (e.g. tobacco, gift cards, formula where the law says so). */
  noEarn: boolean;
  active: boolean;
  quickKey: boolean;
}

export interface SaleLine {
  lineNo: number;
  productId: Id | null; // null for a free-amount line
  name: string;
  category: string;
  unitPrice: Cents;
  qty: number;
  /** Manual line discount, authorised by `discountBy` when above the cashier's limit. */
  lineDiscount: Cents;
  noEarn: boolean;
  /** The line's share of every order-level discount and of the points redemption, after allocation. */
  allocatedDiscount: Cents;
  allocatedRedeem: Cents;
  /** What the customer paid for this line: qty*unitPrice - lineDiscount - allocated discounts - redeem. */
  net: Cents;
  pointsEarned: Points;
  pointsRedeemed: Points;
}

export type PaymentMethod = 'cash' | 'card' | 'wechat' | 'alipay' | 'other';

export interface Payment {
  method: PaymentMethod;
  amount: Cents;
  /** Cash handed over, for change due. */
  tendered?: Cents;
}

export interface AppliedDiscount {
  /** The rule id that gave it: 'tier', 'coupon:<id>', 'promo:<id>', 'line'. */
  rule: string;
  amount: Cents;
  /** Words a receipt can print, already in the store's language at the time of sale. */
  reason: string;
  /** The machine-readable reason (i18n key `receipt.<code>`) and its params, to print it again in another language. */
  code?: string;
  params?: Record<string, string | number>;
}

export interface Sale {
  id: Id;
  receiptNo: string;
  storeId: Id;
  deviceId: Id;
  staffId: Id;
  memberId: Id | null;
  at: Instant;
  businessDate: LocalDate;
  programmeVersion: number;
  lines: SaleLine[];
  subtotal: Cents;
  discounts: AppliedDiscount[];
  pointsRedeemed: Points;
  redeemValue: Cents;
  total: Cents; // amount due
  pointsEarned: Points;
  payments: Payment[];
  couponIds: Id[];
  /** The member who referred this sale's member and the points they got for it (B6), reversed pro rata on a return. */
  referrerId?: Id | null;
  referralPoints?: Points;
  /** Points exchanged for catalogue rewards on this sale (R6), on top of `pointsRedeemed` (cash off). */
  rewardPoints?: Points;
}

export interface ReturnLine {
  lineNo: number;
  qty: number;
  refund: Cents;
  pointsReversed: Points; // earned points taken back
  pointsRestored: Points; // redeemed points given back
}

export interface SaleReturn {
  id: Id;
  saleId: Id;
  memberId: Id | null;
  storeId: Id;
  deviceId: Id;
  staffId: Id;
  /** The manager who allowed a return outside the window, if any. */
  approvedBy: Id | null;
  at: Instant;
  businessDate: LocalDate;
  reason: 'resaleable' | 'defective' | 'other';
  lines: ReturnLine[];
  refund: Cents;
  pointsReversed: Points;
  pointsRestored: Points;
}

export type LedgerKind =
  | 'earn' | 'redeem' | 'bonus' | 'referral' | 'adjustment' | 'expiry' | 'reversal' | 'opening' | 'correction';

export interface LedgerEntry {
  id: Id;
  memberId: Id;
  kind: LedgerKind;
  /** Signed: positive adds to the balance, negative takes away. */
  points: Points;
  at: Instant;
  /** The sale, return or other fact that caused it. */
  sourceId: Id | null;
  /** A machine-readable reason code ('enroll', 'review', 'birthday', 'manual', ...). */
  reason: string;
  note: string;
  staffId: Id | null;
  deviceId: Id;
  /** For positive entries: the local date after which the points expire, if they do. */
  expiresOn: LocalDate | null;
}

export type CouponKind = 'birthday' | 'anniversary' | 'cashback' | 'manual' | 'referral';

export interface Coupon {
  id: Id;
  memberId: Id;
  kind: CouponKind;
  /** Percent off (30 for 30% off, i.e. 7折) or a fixed amount off; exactly one is set. */
  percentOff: number | null;
  amountOff: Cents | null;
  minSpend: Cents;
  validFrom: LocalDate;
  validTo: LocalDate;
  issuedAt: Instant;
  /** Set when used; a use is also a fact on the sale (couponIds). */
  usedSaleId: Id | null;
  usedAt: Instant | null;
}

export type TaskKind =
  | 'first-purchase-followup' | 'repeat-invite' | 'birthday' | 'anniversary' | 'points-expiring'
  | 'win-back' | 'complaint' | 'holiday';

export type TaskOutcome = 'reached' | 'no-answer' | 'welcomes' | 'do-not-disturb';

export interface CareTask {
  id: Id; // deterministic: `${kind}:${memberId}:${period}`
  memberId: Id;
  kind: TaskKind;
  dueFrom: LocalDate;
  dueTo: LocalDate;
  status: 'open' | 'done' | 'dropped';
  outcome: TaskOutcome | null;
  note: string;
  giftCost: Cents;
  doneAt: Instant | null;
  doneBy: Id | null;
  /** Only on a complaint follow-up (care-spec C9): the complaint it follows up, recorded by staff. */
  complaint?: { on: LocalDate; reason: string; at: Instant; by: Id | null };
}

export interface Staff {
  id: Id;
  name: string;
  role: Role;
  /** PBKDF2-SHA256 of the PIN, base64, with its salt and iteration count. */
  pinHash: string;
  pinSalt: string;
  pinIterations: number;
  failedAttempts: number;
  lockedUntil: Instant | null;
  active: boolean;
}

export interface AuditEntry {
  id: Id;
  at: Instant;
  staffId: Id | null;
  deviceId: Id;
  action: string; // 'sale', 'return', 'adjustment', 'export', 'backup', 'programme', 'override', ...
  subjectId: Id | null;
  /** Never personal data (phones, names): ids and amounts only. */
  detail: string;
}

/**
 * What the cashier typed or scanned, worked out by the engine (src/domain/search-keys.ts) and
 * answered by the member repository from an index. `value` is already normalised for its index.
 */
export type MemberQuery =
  | { kind: 'phone'; value: string } // a full phone number
  | { kind: 'phonePrefix'; value: string } // 5 to 10 leading digits
  | { kind: 'last4'; value: string } // exactly four digits: the end of a phone
  | { kind: 'card'; value: string } // a member card number (scanned or typed)
  | { kind: 'name'; value: string } // a name prefix, normalised like Member.nameKey
  | { kind: 'initials'; value: string }; // pinyin initials prefix, like Member.initials
