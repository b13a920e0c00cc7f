/**
 * What the open sale carries beyond the cart store: catalogue rewards picked for points (R6), the
 * birthday companion's coupon (B2) and the welcome line of a member who just joined. Kept here, next
 * to the screen that uses them, and cleared whenever the cart is cleared or its member changes, so a
 * reward or a companion discount can never outlive the sale it was given on.
 */
import { create } from 'zustand';
import { useCart } from '../../app/cart-store';
import type { Coupon } from '../../domain/records';

/** One unit of a cart line (by its local key) exchanged for a catalogue reward. */
export interface RewardTick { rewardId: string; lineKey: string }

/** The birthday member whose coupon the customer at the till shares, and that coupon. */
export interface CompanionOf { memberId: string; memberName: string; coupon: Coupon }

interface SaleExtras {
  rewards: RewardTick[];
  companion: CompanionOf | null;
  /** Shown in the member panel instead of a toast that would cover the quote. */
  welcome: { memberId: string; points: number } | null;
}

const EMPTY: SaleExtras = { rewards: [], companion: null, welcome: null };

export const useSaleExtras = create<SaleExtras>()(() => ({ ...EMPTY }));

export function toggleReward(tick: RewardTick): void {
  useSaleExtras.setState((s) => {
    const has = s.rewards.some((r) => r.rewardId === tick.rewardId && r.lineKey === tick.lineKey);
    return { rewards: has ? s.rewards.filter((r) => !(r.rewardId === tick.rewardId && r.lineKey === tick.lineKey)) : [...s.rewards, tick] };
  });
}

export function setCompanion(companion: CompanionOf | null): void {
  useSaleExtras.setState({ companion });
}

export function setWelcome(memberId: string, points: number): void {
  useSaleExtras.setState({ welcome: { memberId, points } });
}

export function resetSaleExtras(): void {
  useSaleExtras.setState({ ...EMPTY });
}

// A reward belongs to a member and a line; the companion discount and the welcome to one sale.
useCart.subscribe((now, before) => {
  const s = useSaleExtras.getState();
  if (now.lines.length === 0 && now.memberId === null) {
    if (s.rewards.length > 0 || s.companion || s.welcome) resetSaleExtras();
    return;
  }
  if (now.memberId !== before.memberId) {
    useSaleExtras.setState({ rewards: [], welcome: s.welcome?.memberId === now.memberId ? s.welcome : null });
    return;
  }
  if (now.lines !== before.lines && s.rewards.length > 0) {
    const keys = new Set(now.lines.map((l) => l.key));
    const kept = s.rewards.filter((r) => keys.has(r.lineKey));
    if (kept.length !== s.rewards.length) useSaleExtras.setState({ rewards: kept });
  }
});
