/**
 * The content of each mutation kind, checked when the mutation is applied. A mutation that fails
 * here is rejected and acknowledged (S8) rather than refusing the whole request: a device must
 * never be stuck behind one bad outbox row. The same schemas document the API (openapi.ts).
 * Objects are `loose`: a field added to a record later (an optional one, src/domain/records.ts)
 * is kept as sent, never stripped, so an older server does not lose a newer device's data.
 */
import { z } from 'zod';

const id = z.string().min(1).max(100);
const int = z.number().int().safe();
const nonNeg = int.nonnegative();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = (max: number) => z.string().max(max);

export const memberSchema = z.object({
  id, cardNo: text(64), phone: z.string().regex(/^\d{5,20}$/, 'a phone is 5 to 20 digits'),
  name: z.string().min(1).max(100), nameKey: text(200), initials: text(100),
  birthday: z.string().regex(/^(\d{4}|-)-\d{2}-\d{2}$/).nullable(), wechat: text(100).nullable(),
  enrolledAt: nonNeg, enrolledOn: localDate, enrolledStoreId: id, enrolledBy: id.nullable(), referredBy: id.nullable(),
  consentAt: nonNeg.nullable(), doNotDisturb: z.boolean(), notes: text(4000),
  profile: z.record(z.string().max(100), text(1000)), mergedInto: id.nullable(), clock: z.record(z.string(), z.string().max(200)),
}).loose();

const ledgerSchema = z.object({
  id, memberId: id,
  kind: z.enum(['earn', 'redeem', 'bonus', 'referral', 'adjustment', 'expiry', 'reversal', 'opening', 'correction']),
  points: int, at: nonNeg, sourceId: id.nullable(), reason: text(100), note: text(1000), staffId: id.nullable(),
  deviceId: id, expiresOn: localDate.nullable(),
}).loose();

const couponSchema = z.object({
  id, memberId: id, kind: z.enum(['birthday', 'anniversary', 'cashback', 'manual', 'referral']),
  percentOff: int.min(1).max(100).nullable(), amountOff: nonNeg.nullable(), minSpend: nonNeg,
  validFrom: localDate, validTo: localDate, issuedAt: nonNeg, usedSaleId: id.nullable(), usedAt: nonNeg.nullable(),
}).loose().refine((c) => (c.percentOff === null) !== (c.amountOff === null), 'a coupon has exactly one of percentOff and amountOff');

const saleLineSchema = z.object({
  lineNo: nonNeg, productId: id.nullable(), name: text(200), category: text(100), unitPrice: nonNeg,
  qty: int.positive().max(100_000), lineDiscount: nonNeg, noEarn: z.boolean(), allocatedDiscount: nonNeg,
  allocatedRedeem: nonNeg, net: nonNeg, pointsEarned: nonNeg, pointsRedeemed: nonNeg,
}).loose();

export const saleSchema = z.object({
  id, receiptNo: text(64), storeId: id, deviceId: id, staffId: id, memberId: id.nullable(), at: nonNeg,
  businessDate: localDate, programmeVersion: nonNeg, lines: z.array(saleLineSchema).min(1).max(1000), subtotal: nonNeg,
  discounts: z.array(z.object({ rule: text(100), amount: nonNeg, reason: text(500), code: text(100).optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).loose()).max(50),
  pointsRedeemed: nonNeg, redeemValue: nonNeg, total: nonNeg, pointsEarned: nonNeg,
  payments: z.array(z.object({ method: z.enum(['cash', 'card', 'wechat', 'alipay', 'other']), amount: nonNeg, tendered: nonNeg.optional() }).loose()).max(10),
  couponIds: z.array(id).max(20),
  referrerId: id.nullable().optional(), referralPoints: nonNeg.optional(), rewardPoints: nonNeg.optional(),
}).loose();

const returnSchema = z.object({
  id, saleId: id, memberId: id.nullable(), storeId: id, deviceId: id, staffId: id, approvedBy: id.nullable(), at: nonNeg,
  businessDate: localDate, reason: z.enum(['resaleable', 'defective', 'other']),
  lines: z.array(z.object({ lineNo: nonNeg, qty: int.positive(), refund: nonNeg, pointsReversed: nonNeg, pointsRestored: nonNeg }).loose()).min(1),
  refund: nonNeg, pointsReversed: nonNeg, pointsRestored: nonNeg,
}).loose();

const taskSchema = z.object({
  id, memberId: id,
  kind: z.enum(['first-purchase-followup', 'repeat-invite', 'birthday', 'anniversary', 'points-expiring', 'win-back', 'complaint', 'holiday']),
  dueFrom: localDate, dueTo: localDate, status: z.enum(['open', 'done', 'dropped']),
  outcome: z.enum(['reached', 'no-answer', 'welcomes', 'do-not-disturb']).nullable(), note: text(2000), giftCost: nonNeg,
  doneAt: nonNeg.nullable(), doneBy: id.nullable(),
}).loose();

const auditSchema = z.object({
  id, at: nonNeg, staffId: id.nullable(), deviceId: id, action: text(50), subjectId: id.nullable(), detail: text(2000),
}).loose();

const base = { id, at: nonNeg };
export const mutationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member.upsert'), ...base, member: memberSchema, fields: z.array(z.enum(memberSchema.keyof().options)).max(30) }).loose(),
  z.object({ kind: z.literal('sale.record'), ...base, sale: saleSchema, ledger: z.array(ledgerSchema).max(50), coupons: z.array(couponSchema).max(20) }).loose(),
  z.object({ kind: z.literal('return.record'), ...base, ret: returnSchema, ledger: z.array(ledgerSchema).max(50) }).loose(),
  z.object({ kind: z.literal('ledger.append'), ...base, entries: z.array(ledgerSchema).min(1).max(500) }).loose(),
  z.object({ kind: z.literal('coupon.issue'), ...base, coupons: z.array(couponSchema).min(1).max(500) }).loose(),
  z.object({ kind: z.literal('task.update'), ...base, task: taskSchema }).loose(),
  z.object({ kind: z.literal('audit.append'), ...base, entry: auditSchema }).loose(),
]);

/** The first problem zod found, as one line a manager can read (no values: they may be personal data). */
export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return 'invalid';
  return `${i.path.join('.') || '(root)'}: ${i.message}`;
}
