import { describe, expect, it } from 'vitest';
import { ReferralBook, topReferrers } from '../../../src/domain/care/referrals';
import type { LedgerEntry } from '../../../src/domain/records';
import type { Points } from '../../../src/domain/money';

const m = (id: string, referredBy: string | null, mergedInto: string | null = null) => ({ id, referredBy, mergedInto });
const e = (memberId: string, kind: LedgerEntry['kind'], pts: number, sourceId: string, reason = kind as string) =>
  ({ memberId, kind, points: pts as Points, sourceId, reason });

function book(): ReferralBook {
  const b = new ReferralBook();
  for (const x of [m('a', null), m('b', 'a'), m('c', 'a'), m('d', 'b'), m('e', 'x'), m('x', null, 'a'), m('f', 'f')]) b.addMember(x);
  for (const x of [
    e('a', 'referral', 12, 's1'), e('a', 'referral', 8, 's2'), e('a', 'reversal', -8, 'r2', 'referral'),
    e('b', 'referral', 5, 's3'), e('b', 'earn', 100, 's9'), e('b', 'reversal', -10, 'r9', 'sale'),
  ]) b.addEntry(x);
  return b;
}

describe('referrals', () => {
  it('[C40] lists whom each member referred; a merged referrer counts as the member it became; nobody refers themself', () => {
    const b = book();
    expect(b.referredBy('a')).toEqual(['b', 'c', 'e']);
    expect(b.referredBy('x')).toEqual(['b', 'c', 'e']);
    expect(b.referredBy('b')).toEqual(['d']);
    expect(b.referredBy('f')).toEqual([]);
  });

  it('[C41] rewards are the referral entries less referral reversals; other points do not count', () => {
    const s = new Map(book().summaries().map((x) => [x.referrerId, x]));
    expect(s.get('a')).toMatchObject({ rewardPoints: 12, rewardedSales: 2 });
    expect(s.get('b')).toMatchObject({ rewardPoints: 5, rewardedSales: 1 });
  });

  it('[C42] the top referrers come by members brought, then points', () => {
    expect(topReferrers(book().summaries(), 2).map((s) => s.referrerId)).toEqual(['a', 'b']);
    expect(topReferrers(book().summaries(), 0)).toEqual([]);
  });
});
