/**
 * The open sale: lines, the member, ticked coupons, points to redeem and payments. A plain zustand
 * store (no React needed to drive it, reset between tests). No fact is written until the sale is
 * committed in one transaction; a failed commit (storage full) leaves the cart as it was. The cart
 * itself is kept on this tablet as it changes (cart-persist.ts, UI-K1), never sent anywhere.
 */
import { create } from 'zustand';
import type { Cents } from '../domain/money';
import type { Payment, Product } from '../domain/records';

export const MAX_QTY = 999;

export interface CartLine {
  /** Local key for React and actions; not the sale's lineNo (that is given at commit). */
  key: string;
  productId: string | null;
  name: string;
  category: string;
  unitPrice: Cents;
  qty: number;
  lineDiscount: Cents;
  noEarn: boolean;
}

export interface CartState {
  lines: CartLine[];
  memberId: string | null;
  couponIds: string[];
  redeemPoints: number;
  payments: Payment[];
  /** A member's discount approved by a manager above the cashier's limit, per line key. */
  approvedBy: string | null;
}

interface CartActions {
  addProduct: (p: Product) => void;
  addFree: (name: string, amount: Cents, category?: string) => void;
  setQty: (key: string, qty: number) => void;
  step: (key: string, delta: 1 | -1) => void;
  removeLine: (key: string) => void;
  setLineDiscount: (key: string, amount: Cents, approvedBy?: string | null) => void;
  attachMember: (memberId: string) => void;
  detachMember: () => void;
  toggleCoupon: (couponId: string) => void;
  setRedeem: (points: number) => void;
  setPayments: (payments: Payment[]) => void;
  reset: () => void;
}

export type CartStore = CartState & CartActions;

const EMPTY: CartState = { lines: [], memberId: null, couponIds: [], redeemPoints: 0, payments: [], approvedBy: null };

let seq = 0;
const nextKey = () => `l${++seq}`;

/** The cart's data without its actions, as kept on the tablet (UI-K1). */
export function cartData(s: CartState = useCart.getState()): CartState {
  return { lines: s.lines, memberId: s.memberId, couponIds: s.couponIds, redeemPoints: s.redeemPoints, payments: s.payments, approvedBy: s.approvedBy };
}

/** Puts a kept cart back (a restart, a parked sale taken back); new lines get keys after its own. */
export function loadCart(saved: CartState): void {
  for (const l of saved.lines) seq = Math.max(seq, Number(l.key.slice(1)) || 0);
  useCart.setState(cartData(saved));
}

export const useCart = create<CartStore>()((set) => ({
  ...EMPTY,
  addProduct: (p) => set((s) => {
    const same = s.lines.find((l) => l.productId === p.id && l.lineDiscount === 0);
    if (same && same.qty < MAX_QTY) {
      return { lines: s.lines.map((l) => (l === same ? { ...l, qty: l.qty + 1 } : l)) };
    }
    const line: CartLine = {
      key: nextKey(), productId: p.id, name: p.name, category: p.category, unitPrice: p.price, qty: 1,
      lineDiscount: 0 as Cents, noEarn: p.noEarn,
    };
    return { lines: [...s.lines, line] };
  }),
  addFree: (name, amount, category = '') => set((s) => ({
    lines: [...s.lines, {
      key: nextKey(), productId: null, name, category, unitPrice: amount, qty: 1, lineDiscount: 0 as Cents, noEarn: false,
    }],
  })),
  setQty: (key, qty) => set((s) => {
    if (!Number.isInteger(qty) || qty < 1 || qty > MAX_QTY) return s;
    return { lines: s.lines.map((l) => (l.key === key ? { ...l, qty } : l)) };
  }),
  step: (key, delta) => set((s) => ({
    lines: s.lines.map((l) => (l.key === key ? { ...l, qty: Math.min(MAX_QTY, Math.max(1, l.qty + delta)) } : l)),
  })),
  removeLine: (key) => set((s) => ({ lines: s.lines.filter((l) => l.key !== key) })),
  setLineDiscount: (key, amount, approvedBy) => set((s) => ({
    lines: s.lines.map((l) => (l.key === key ? { ...l, lineDiscount: amount } : l)),
    approvedBy: approvedBy ?? s.approvedBy,
  })),
  attachMember: (memberId) => set((s) => (s.memberId === memberId ? s : { memberId, couponIds: [], redeemPoints: 0 })),
  detachMember: () => set({ memberId: null, couponIds: [], redeemPoints: 0 }),
  toggleCoupon: (id) => set((s) => ({
    couponIds: s.couponIds.includes(id) ? s.couponIds.filter((c) => c !== id) : [...s.couponIds, id],
  })),
  setRedeem: (points) => set({ redeemPoints: Number.isInteger(points) && points > 0 ? points : 0 }),
  setPayments: (payments) => set({ payments }),
  reset: () => set({ ...EMPTY }),
}));

/** A sale is open when anything is in the cart or a member is attached: no update reload then. */
export function isSaleOpen(s: CartState = useCart.getState()): boolean {
  return s.lines.length > 0 || s.memberId !== null;
}
