/**
 * The attached member's spend and largest order in the programme's tier window (loyalty-spec T1, T2),
 * live: a sale or a return (here, or pulled by sync) redraws the quote. `undefined` while loading;
 * null when there is no member or the app has no spend source (then the caller falls back).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { DexieMemberSpend, tierWindow, type MemberSpendRepository, type WindowSpend } from '../db/member-spend';
import { useProgramme } from './programme-store';
import { useServices } from './services';
import { useSession } from './session-store';

export function useWindowSpend(memberId: string | null): WindowSpend | null | undefined {
  const { db, memberSpend, now } = useServices();
  const windowMonths = useProgramme((p) => p.tierRules.windowMonths);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const source: MemberSpendRepository | null = memberSpend ?? (db ? new DexieMemberSpend(db) : null);
  return useLiveQuery(
    async () => (memberId && source ? source.windowSpend(memberId, tierWindow(now(), timeZone, windowMonths)) : null),
    [memberId, db, memberSpend, timeZone, windowMonths, now],
  );
}

/** [C-S20] The member's sales after `afterDate` (the grade's days, G1), their past from before pairing included. */
export function useRecentVisits(memberId: string | null, afterDate: string): number | undefined {
  const { db, memberSpend } = useServices();
  const source: MemberSpendRepository | null = memberSpend ?? (db ? new DexieMemberSpend(db) : null);
  return useLiveQuery(async () => (memberId && source ? source.recentVisits(memberId, afterDate) : 0), [memberId, db, memberSpend, afterDate]);
}
