/**
 * [B12] A campaign coupon: the owner gives one coupon to every member of a segment (the member list
 * as filtered). Its id is `campaign:<campaign>:<member>`, so running the campaign again, or on another
 * tablet, gives each member one coupon, not two. Pure: the campaign id, time and members are passed in.
 */
import type { Cents } from './money';
import type { Programme } from './programme';
import type { Coupon, Id, Instant } from './records';
import { manualCoupon } from './benefits';

export interface CampaignInput {
  /** Percent off (1–99) or an amount off (cents, above zero): exactly one. */
  off: { percentOff: number } | { amountOff: Cents };
  minSpend: Cents;
  validDays: number;
}

export interface CampaignError { field: 'off' | 'minSpend' | 'validDays'; code: 'campaign.off' | 'campaign.minSpend' | 'campaign.validDays' }

/** [B12] What is wrong with a campaign's coupon, field by field (empty: nothing). */
export function campaignProblems(c: CampaignInput): CampaignError[] {
  const out: CampaignError[] = [];
  const okOff = 'percentOff' in c.off
    ? Number.isInteger(c.off.percentOff) && c.off.percentOff >= 1 && c.off.percentOff <= 99
    : Number.isInteger(c.off.amountOff) && c.off.amountOff > 0;
  if (!okOff) out.push({ field: 'off', code: 'campaign.off' });
  if (!Number.isInteger(c.minSpend) || c.minSpend < 0) out.push({ field: 'minSpend', code: 'campaign.minSpend' });
  if (!Number.isInteger(c.validDays) || c.validDays < 1 || c.validDays > 3660) out.push({ field: 'validDays', code: 'campaign.validDays' });
  return out;
}

/** [B12] The campaign's coupons for these members, valid from today for `validDays`. */
export function campaignCoupons(campaignId: Id, c: CampaignInput, memberIds: readonly Id[], now: Instant, timeZone: string, programme: Programme): Coupon[] {
  return memberIds.map((memberId) => manualCoupon(memberId, `campaign:${campaignId}:${memberId}`, c.off, c.minSpend, now, timeZone, programme, c.validDays));
}
