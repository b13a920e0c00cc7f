/**
 * Screens that one feature opens for another without importing it (features stay independent):
 * the enroll form opened from the checkout, and the finished sale the receipt shows.
 */
import { create } from 'zustand';
import type { Cents } from '../domain/money';
import type { Sale } from '../domain/records';

interface EnrollPrompt {
  open: boolean;
  /** Where the new member goes: attached to the open sale (from the checkout) or only shown. */
  attach: boolean;
}

export const useEnrollPrompt = create<EnrollPrompt>()(() => ({ open: false, attach: true }));

export function openEnroll(attach = true) {
  useEnrollPrompt.setState({ open: true, attach });
}

export function closeEnroll() {
  useEnrollPrompt.setState({ open: false });
}

export interface FinishedSale {
  sale: Sale;
  change: Cents;
  /** The member's balance after the sale, read back from the database (null without a member). */
  balanceAfter: number | null;
  memberName: string | null;
  cardNo: string | null;
  /** The member's first purchase: the receipt carries their QR card. */
  firstReceipt: boolean;
  staffName: string;
}

interface LastSale {
  finished: FinishedSale | null;
}

export const useLastSale = create<LastSale>()(() => ({ finished: null }));
