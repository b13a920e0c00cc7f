/**
 * Who referred whom (Member.referredBy, recorded at enrollment) and what each referrer earned
 * (ledger entries of kind 'referral', one per sale of the referred member, sourceId = that sale).
 * Rules C40–C42 in docs/care-spec.md. Works over streamed pages: feed members and entries in any order.
 */
import { type Points, points } from '../money';
import type { Id, LedgerEntry, Member } from '../records';

export interface ReferralSummary {
  referrerId: Id;
  /** Members they brought, in the order given. */
  referred: Id[];
  /** Net referral points: rewards less those taken back when a referred sale was returned. */
  rewardPoints: Points;
  /** Distinct sales that earned them a reward. */
  rewardedSales: number;
}

type MemberRef = Pick<Member, 'id' | 'referredBy' | 'mergedInto'>;

export class ReferralBook {
  private readonly referred = new Map<Id, Id[]>();
  private readonly merged = new Map<Id, Id>();
  private readonly earned = new Map<Id, { points: number; sales: Set<Id>; pastSales: number }>();

  /** [C40] A member and who referred them (a member merged into another counts as that one). */
  addMember(m: MemberRef): void {
    if (m.mergedInto !== null) {
      this.merged.set(m.id, m.mergedInto);
      return;
    }
    if (m.referredBy === null || m.referredBy === m.id) return;
    const list = this.referred.get(m.referredBy) ?? [];
    list.push(m.id);
    this.referred.set(m.referredBy, list);
  }

  /**
   * [C41] A ledger entry: kind 'referral' adds to the referrer; a 'reversal' whose reason is
   * 'referral' (a returned sale) takes back. Other entries are ignored. An entry with `pastSales`
   * stands for that many rewarded sales from before the tablet was paired, with their net points (C-S20).
   */
  addEntry(e: Pick<LedgerEntry, 'memberId' | 'kind' | 'points' | 'sourceId' | 'reason'> & { pastSales?: number }): void {
    const isReward = e.kind === 'referral';
    const isTakeBack = e.kind === 'reversal' && e.reason === 'referral';
    if (!isReward && !isTakeBack) return;
    const r = this.earned.get(e.memberId) ?? { points: 0, sales: new Set<Id>(), pastSales: 0 };
    r.points += e.points;
    if (e.pastSales !== undefined) r.pastSales += e.pastSales;
    else if (isReward && e.sourceId !== null) r.sales.add(e.sourceId);
    this.earned.set(e.memberId, r);
  }

  private resolve(id: Id): Id {
    let cur = id;
    for (let i = 0; i < 10; i++) {
      const next = this.merged.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    return cur;
  }

  /** [C40] Every referrer with what they brought and earned. */
  summaries(): ReferralSummary[] {
    const byReferrer = new Map<Id, ReferralSummary>();
    const get = (id: Id): ReferralSummary => {
      const key = this.resolve(id);
      let s = byReferrer.get(key);
      if (!s) {
        s = { referrerId: key, referred: [], rewardPoints: points(0), rewardedSales: 0 };
        byReferrer.set(key, s);
      }
      return s;
    };
    for (const [referrer, list] of this.referred) get(referrer).referred.push(...list);
    for (const [referrer, r] of this.earned) {
      const s = get(referrer);
      s.rewardPoints = points(s.rewardPoints + r.points);
      s.rewardedSales += r.sales.size + r.pastSales;
    }
    return [...byReferrer.values()];
  }

  /** The members one referrer brought. */
  referredBy(referrerId: Id): Id[] {
    return this.summaries().find((s) => s.referrerId === this.resolve(referrerId))?.referred ?? [];
  }
}

/** [C42] The top referrers: most members brought, then most points earned, then id for a stable order. */
export function topReferrers(summaries: readonly ReferralSummary[], limit: number): ReferralSummary[] {
  return [...summaries]
    .filter((s) => s.referred.length > 0 || s.rewardPoints > 0)
    .sort((a, b) => b.referred.length - a.referred.length || b.rewardPoints - a.rewardPoints || (a.referrerId < b.referrerId ? -1 : 1))
    .slice(0, Math.max(0, limit));
}
