/**
 * The open sale survives a reload or a crash (docs/ui-spec.md UI-K1): the cart is kept in this
 * tablet's IndexedDB (idb-keyval, a database `till-cart:<device>` apart from the till's facts) every time it
 * changes, and put back at start when the cart on screen is empty. It is never sent to the server
 * and writes no outbox row. A sale being paid is marked with its receipt number first: if the till
 * died after the sale was written, the kept cart is that paid sale and is dropped, not offered again.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { cartData, isSaleOpen, loadCart, useCart, type CartState } from './cart-store';
import type { Services } from './services';
import { useSession } from './session-store';

export interface KeptCart { cart: CartState; paying: string | null }

const stores = new Map<string, UseStore>();
/** This device's own key-value store (a paired or switched till has another device id). */
export function counterStore(deviceId = useSession.getState().deviceId): UseStore {
  let s = stores.get(deviceId);
  if (!s) stores.set(deviceId, (s = createStore(`till-cart:${deviceId || 'local'}`, 'kv')));
  return s;
}

const OPEN = 'open-sale';
let paying: string | null = null;

async function keep(): Promise<void> {
  const s = useCart.getState();
  if (!isSaleOpen(s)) await del(OPEN, counterStore());
  else await set(OPEN, { cart: cartData(s), paying } satisfies KeptCart, counterStore());
}

/** [UI-K1] Marks the kept cart as being paid under `receiptNo` (awaited before the sale is written). */
export async function markPaying(receiptNo: string | null): Promise<void> {
  paying = receiptNo;
  await keep().catch(() => undefined);
}

/** [UI-K1] Puts the kept sale back (unless it was paid) and keeps the cart from now on; returns the stop. */
export async function keepCart(services: Services): Promise<() => void> {
  const kept = await get<KeptCart>(OPEN, counterStore()).catch(() => undefined);
  if (kept && !isSaleOpen()) {
    const paid = kept.paying ? await services.repos.members.saleByReceipt(kept.paying).catch(() => null) : null;
    if (!paid) loadCart(kept.cart);
  }
  paying = null;
  await keep().catch(() => undefined);
  // A write that fails (a full disk) leaves the sale on screen; the next change tries again.
  return useCart.subscribe(() => { paying = null; void keep().catch(() => undefined); });
}
