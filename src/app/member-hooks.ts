/**
 * Live views of one member for the screens: each wraps a repository call in useLiveQuery, so a
 * commit (here or pulled by sync) redraws the card and the checkout without a manual refresh.
 * `undefined` means still loading; `null` means not on this device.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { HistoryItem, MemberHit } from '../db/repositories';
import type { Coupon, LedgerEntry } from '../domain/records';
import { useServices } from './services';

export function useMemberHit(id: string | null): MemberHit | null | undefined {
  const { repos } = useServices();
  return useLiveQuery(async () => (id ? repos.members.get(id) : null), [repos, id]);
}

export function useMemberCoupons(id: string | null): Coupon[] {
  const { repos } = useServices();
  return useLiveQuery(async () => (id ? repos.members.coupons(id) : []), [repos, id], []);
}

export function useMemberLedger(id: string | null): LedgerEntry[] {
  const { repos } = useServices();
  return useLiveQuery(async () => (id ? repos.members.ledger(id) : []), [repos, id], []);
}

export function useMemberHistory(id: string | null, limit = 10): HistoryItem[] {
  const { repos } = useServices();
  return useLiveQuery(async () => (id ? repos.members.history(id, limit) : []), [repos, id, limit], []);
}
