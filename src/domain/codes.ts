/**
 * Every reason and error code the engine emits, for the i18n catalogues (`rc.<code>`): a test in
 * the i18n suite can check that each has words in zh-CN and en. Coupon kinds expand
 * 'discount.coupon.<kind>'.
 */
export const REASON_CODES = [
  'discount.line', 'discount.reward', 'discount.tier', 'discount.promotion', 'discount.companion',
  'discount.coupon.birthday', 'discount.coupon.anniversary', 'discount.coupon.cashback', 'discount.coupon.manual', 'discount.coupon.referral',
  'earn.base', 'earn.promotion', 'earn.referral',
  'stacking.bestSingle', 'stacking.nothingLeft', 'companion.notToday',
  'coupon.otherMember', 'coupon.used', 'coupon.notYet', 'coupon.expired', 'coupon.minSpend',
] as const;

export const ERROR_CODES = [
  'cart.empty', 'line.qty', 'line.qtyTooLarge', 'line.price', 'line.tooLarge', 'line.discount', 'line.discountAbovePrice',
  'member.stats', 'coupon.unknown', 'coupon.twice', 'coupon.used', 'timeZone', 'now', 'programme.version',
  'redeem.notWhole', 'redeem.offlineCap', 'redeem.noMember', 'redeem.disabled', 'redeem.balance', 'redeem.cap', 'redeem.step', 'redeem.minimum',
  'reward.noMember', 'reward.unknown', 'reward.line', 'reward.product', 'reward.tooMany', 'reward.balance',
  'payment.method', 'payment.amount', 'payment.tenderedNotCash', 'payment.tenderedShort', 'payment.cashTwice', 'payment.short', 'payment.over',
  'bonus.reason', 'bonus.zero', 'bonus.tooLarge', 'bonus.notWhole',
  'name.empty', 'name.long', 'phone.empty', 'phone.characters', 'phone.length', 'phone.prefix', 'birthday.invalid', 'referral.self',
  'return.window', 'return.empty', 'return.noLine', 'return.lineTwice', 'return.qty', 'return.tooMany', 'return.price',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];
export type ErrorCode = (typeof ERROR_CODES)[number];
