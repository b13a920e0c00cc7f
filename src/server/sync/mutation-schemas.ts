/**
 * The content of each mutation kind, checked when the mutation is applied. A mutation that fails
 * here is rejected and acknowledged (S8) rather than refusing the whole request: a device must
 * never be stuck behind one bad outbox row. The same schemas document the API (openapi.ts).
 * S23: every object is strict (a field the protocol does not name is refused, never stored and sent to
 * every tablet; a new field comes with a new PROTOCOL_VERSION), every text keeps the text rule
 * (src/domain/input-rules.ts), every number and date its range. The codes a rejection gets from
 * them are `rejectionCode`'s.
 */
import { z } from 'zod';
import { isLocalDate } from '../../domain/time';
import { MAX_AMOUNT, MAX_INSTANT, MAX_POINTS, TEXT_MAX, withoutBadCharacters } from '../../domain/input-rules';
import { isRejectionCode, type RejectionCode } from '../../sync/protocol';
import { text } from '../../sync/protocol-schemas';
const id = text(TEXT_MAX.id).min(1);
const int = z.number().int();
const amount = int.min(0).max(MAX_AMOUNT);
const pts = int.min(0).max(MAX_POINTS);
const signedPts = int.min(-MAX_POINTS).max(MAX_POINTS);
const instant = int.min(0).max(MAX_INSTANT);
const count = (max: number) => int.min(0).max(max);
const calendar = (s: string) => isLocalDate(s);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(calendar, { message: 'is not a calendar date', params: { rule: 'invalid_date' } });
const birthday = z.string().regex(/^(\d{4}|-)-\d{2}-\d{2}$/)
  .refine((s) => calendar(s.startsWith('--') ? `2000${s.slice(1)}` : s), { message: 'is not a calendar date', params: { rule: 'invalid_date' } });
/** A record of at most `max` entries. */
const dict = <V extends z.ZodType>(key: z.ZodType<string>, value: V, max: number) =>
  z.record(key, value).refine((r) => Object.keys(r).length <= max, { message: `has more than ${max} entries`, params: { rule: 'out_of_range' } });

export const memberSchema = z.object({
  id, cardNo: text(64), phone: z.string().regex(/^\d{5,20}$/, 'a phone is 5 to 20 digits'),
  name: text(TEXT_MAX.name).min(1), nameKey: text(200), initials: text(100),
  birthday: birthday.nullable(), wechat: text(100).nullable(),
  enrolledAt: instant, enrolledOn: localDate, enrolledStoreId: id, enrolledBy: id.nullable(), referredBy: id.nullable(),
  consentAt: instant.nullable(), doNotDisturb: z.boolean(), notes: text(TEXT_MAX.notes),
  profile: dict(text(TEXT_MAX.short), text(TEXT_MAX.profileValue), 100), mergedInto: id.nullable(), clock: dict(text(TEXT_MAX.short), text(200), 40),
}).strict();

const ledgerSchema = z.object({
  id, memberId: id,
  kind: z.enum(['earn', 'redeem', 'bonus', 'referral', 'adjustment', 'expiry', 'reversal', 'opening', 'correction']),
  points: signedPts, at: instant, sourceId: id.nullable(), reason: text(100), note: text(1000), staffId: id.nullable(),
  deviceId: id, expiresOn: localDate.nullable(),
}).strict();

const couponSchema = z.object({
  id, memberId: id, kind: z.enum(['birthday', 'anniversary', 'cashback', 'manual', 'referral']),
  percentOff: int.min(1).max(100).nullable(), amountOff: amount.nullable(), minSpend: amount,
  validFrom: localDate, validTo: localDate, issuedAt: instant, usedSaleId: id.nullable(), usedAt: instant.nullable(),
}).strict().refine((c) => (c.percentOff === null) !== (c.amountOff === null), 'a coupon has exactly one of percentOff and amountOff');

const saleLineSchema = z.object({
  lineNo: count(10_000), productId: id.nullable(), name: text(TEXT_MAX.line), category: text(100), unitPrice: amount,
  qty: int.positive().max(100_000), lineDiscount: amount, noEarn: z.boolean(), allocatedDiscount: amount,
  allocatedRedeem: amount, net: amount, pointsEarned: pts, pointsRedeemed: pts,
}).strict();

const discountSchema = z.object({
  rule: text(100), amount, reason: text(500), code: text(100).optional(),
  params: dict(text(TEXT_MAX.short), z.union([text(TEXT_MAX.line), z.number().finite()]), 20).optional(),
}).strict();

export const saleSchema = z.object({
  id, receiptNo: text(64), storeId: id, deviceId: id, staffId: id, memberId: id.nullable(), at: instant,
  businessDate: localDate, programmeVersion: count(1_000_000_000), lines: z.array(saleLineSchema).min(1).max(1000), subtotal: amount,
  discounts: z.array(discountSchema).max(50),
  pointsRedeemed: pts, redeemValue: amount, total: amount, pointsEarned: pts,
  payments: z.array(z.object({ method: z.enum(['cash', 'card', 'wechat', 'alipay', 'other']), amount, tendered: amount.optional() }).strict()).max(10),
  couponIds: z.array(id).max(20),
  referrerId: id.nullable().optional(), referralPoints: pts.optional(), rewardPoints: pts.optional(),
}).strict();

const returnSchema = z.object({
  id, saleId: id, memberId: id.nullable(), storeId: id, deviceId: id, staffId: id, approvedBy: id.nullable(), at: instant,
  businessDate: localDate, reason: z.enum(['resaleable', 'defective', 'other']),
  lines: z.array(z.object({ lineNo: count(10_000), qty: int.positive().max(100_000), refund: amount, pointsReversed: pts, pointsRestored: pts }).strict()).min(1).max(1000),
  refund: amount, pointsReversed: pts, pointsRestored: pts,
}).strict();

const taskSchema = z.object({
  id, memberId: id,
  kind: z.enum(['first-purchase-followup', 'repeat-invite', 'birthday', 'anniversary', 'points-expiring', 'win-back', 'complaint', 'holiday']),
  dueFrom: localDate, dueTo: localDate, status: z.enum(['open', 'done', 'dropped']),
  outcome: z.enum(['reached', 'no-answer', 'welcomes', 'do-not-disturb']).nullable(), note: text(TEXT_MAX.note), giftCost: amount,
  doneAt: instant.nullable(), doneBy: id.nullable(),
  complaint: z.object({ on: localDate, reason: text(TEXT_MAX.note), at: instant, by: id.nullable() }).strict().optional(),
}).strict();

const auditSchema = z.object({
  id, at: instant, staffId: id.nullable(), deviceId: id, action: text(50), subjectId: id.nullable(), detail: text(2000),
}).strict();

const base = { id, at: instant };
export const mutationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member.upsert'), ...base, member: memberSchema, fields: z.array(z.enum(memberSchema.keyof().options)).max(30) }).strict(),
  z.object({ kind: z.literal('sale.record'), ...base, sale: saleSchema, ledger: z.array(ledgerSchema).max(50), coupons: z.array(couponSchema).max(20) }).strict(),
  z.object({ kind: z.literal('return.record'), ...base, ret: returnSchema, ledger: z.array(ledgerSchema).max(50) }).strict(),
  z.object({ kind: z.literal('ledger.append'), ...base, entries: z.array(ledgerSchema).min(1).max(500) }).strict(),
  z.object({ kind: z.literal('coupon.issue'), ...base, coupons: z.array(couponSchema).min(1).max(500) }).strict(),
  z.object({ kind: z.literal('task.update'), ...base, task: taskSchema }).strict(),
  z.object({ kind: z.literal('audit.append'), ...base, entry: auditSchema }).strict(),
]);

/** The first problem zod found, as one line a manager can read (no values: they may be personal data; a key that
 *  breaks the text rule is shown with U+FFFD in place of its bad characters, so the line can be stored). */
export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return 'invalid';
  return withoutBadCharacters(`${i.path.join('.').slice(0, 300) || '(root)'}: ${i.message.slice(0, 300)}`);
}

/**
 * The rejection code of a mutation that fails its schema (S8, S23), from the first problem: a text
 * breaking the text rule (`invalid_text`), a text too long (`text_too_long`), a number out of its
 * range (`out_of_range`), a date that is not one (`invalid_date`), a field the protocol does not
 * name (`unknown_field`); anything else is `invalid_mutation`.
 */
export function rejectionCode(error: z.ZodError): RejectionCode {
  let i: z.core.$ZodIssue | undefined = error.issues[0];
  // A record's key that fails (the text rule) is reported with the key's own issues inside.
  while (i?.code === 'invalid_key' && i.issues[0]) i = i.issues[0];
  if (!i) return 'invalid_mutation';
  if (i.code === 'custom') {
    const rule = (i.params as { rule?: unknown } | undefined)?.rule;
    return typeof rule === 'string' && isRejectionCode(rule) ? rule : 'invalid_mutation';
  }
  if (i.code === 'unrecognized_keys') return 'unknown_field';
  if ((i.code === 'too_big' || i.code === 'too_small') && i.origin === 'number') return 'out_of_range';
  if (i.code === 'too_big' && i.origin === 'string') return 'text_too_long';
  return 'invalid_mutation';
}
