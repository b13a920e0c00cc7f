/**
 * Who is at the till and which store this is. Signing in checks the PIN against the staff
 * record (pin.ts) and updates the lock-out counters; locking clears the signed-in staff but keeps
 * the open cart, so a cashier can step away mid-sale.
 */
import { create } from 'zustand';
import type { Role, Staff, Store } from '../domain/records';

export interface SignedIn {
  id: string;
  name: string;
  role: Role;
}

interface SessionState {
  store: Store | null;
  deviceId: string;
  staff: SignedIn | null;
  setStore: (store: Store | null) => void;
  setDevice: (deviceId: string) => void;
  signIn: (staff: Staff) => void;
  lock: () => void;
  reset: () => void;
}

export const useSession = create<SessionState>()((set) => ({
  store: null,
  deviceId: '',
  staff: null,
  setStore: (store) => set({ store }),
  setDevice: (deviceId) => set({ deviceId }),
  signIn: (s) => set({ staff: { id: s.id, name: s.name, role: s.role } }),
  lock: () => set({ staff: null }),
  reset: () => set({ store: null, deviceId: '', staff: null }),
}));

const RANK: Record<Role, number> = { cashier: 0, manager: 1, owner: 2 };

/** True when `role` is at least `needed` (an owner may do what a manager may). */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}
