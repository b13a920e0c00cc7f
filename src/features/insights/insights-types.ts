/**
 * The insights' question and answer (rules I2–I11), shared by the files that compute them
 * (compute-, kept- and finish-insights.ts), so none of them imports another for its types.
 */
import type { Programme } from '../../domain/programme';
import type { Id, LocalDate } from '../../domain/records';
import type { ReferralSummary } from '../../domain/care/referrals';
import type { Distribution, MembersByPeriod, SpendResult } from '../../domain/insights/members';
import type { PointsFlow, followUpCompletion } from '../../domain/insights/points';
import type { CohortRetention, RepeatRate, SalesMix } from '../../domain/insights/sales';
import type { Period } from '../../domain/insights/summaries';

export interface InsightsParams {
  today: LocalDate;
  timeZone: string;
  from: LocalDate;
  to: LocalDate;
  period: Period;
  vipTierIds: string[] | null;
  programme: Programme;
  pageSize?: number;
}

export interface InsightsResult {
  membersByPeriod: ReturnType<MembersByPeriod['result']>;
  distribution: ReturnType<Distribution['result']>;
  spend: SpendResult;
  mix: ReturnType<SalesMix['result']>;
  repeat: ReturnType<RepeatRate['result']>;
  cohorts: ReturnType<CohortRetention['result']>;
  points: ReturnType<PointsFlow['result']>;
  followUp: ReturnType<typeof followUpCompletion>;
  referrals: { top: ReferralSummary[]; all: ReferralSummary[] };
  /** Names of the members the tables mention (ranking, referrers and the members they brought, overdrawn members). */
  names: Record<Id, string>;
  /** [I1a] Their phones, masked (F2), for the CSV beside the name. */
  phones: Record<Id, string>;
  rowsRead: number;
}
