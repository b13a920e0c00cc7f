/**
 * [I9] How one ledger entry counts in the points flow. Its own module, with no other imports, because
 * the kept totals (src/db/insight-totals.ts) run with every write and so load with the till.
 */
import type { LedgerSummary } from './summaries';

export interface FlowParts { issued: number; redeemed: number; expired: number; other: number }

/** [I9] How one ledger entry counts: a return nets the figures it undoes. */
export function flowParts(e: Pick<LedgerSummary, 'kind' | 'points' | 'reason'>): FlowParts {
  const r = { issued: 0, redeemed: 0, expired: 0, other: 0 };
  // A bootstrap's opening entry is a balance brought over, not points issued that day (C-S13): it counts
  // in the outstanding balance only. The past flow comes from the organisation's history (I13).
  if (e.kind === 'opening' && e.reason === 'bootstrap') return r;
  if (e.kind === 'redeem') r.redeemed = -e.points;
  else if (e.kind === 'expiry') r.expired = -e.points;
  // A return nets the figures: earned (or referral) points it takes back were never really issued,
  // redeemed points it gives back were never really redeemed.
  else if (e.kind === 'reversal' && (e.reason === 'return.earn' || e.reason === 'return.referral')) r.issued = e.points;
  else if (e.kind === 'reversal' && e.reason === 'return.redeem') r.redeemed = -e.points;
  else if (e.points > 0) r.issued = e.points;
  else r.other = -e.points; // other reversals and negative adjustments
  return r;
}
