/**
 * Where a member found at the counter goes (docs/ui-spec.md UI-L8, UI-L9). During a sale a tapped
 * result, Enter on the only result or a scanned card puts the member on the sale and shows the
 * counter, whose checkout issues their due benefits (useIssueBenefits, B9) and shows their tier;
 * the search is emptied and focused for the next lookup. With no sale open, a tapped result opens
 * the card (a lookup: balance, benefits due, "use for this sale").
 */
import { isSaleOpen, useCart } from './cart-store';
import { useLookup } from './lookup-store';
import { useRouter } from './router';

/** [UI-L8] Puts `memberId` on the open sale and stays on (or goes back to) the counter. */
export function putOnSale(memberId: string): void {
  useCart.getState().attachMember(memberId);
  useLookup.getState().setText('');
  useRouter.getState().go({ name: 'counter' });
  useLookup.getState().focus();
}

/** [UI-L9] Opens the member's card without touching the sale. */
export function openCard(memberId: string): void {
  useLookup.getState().setText('');
  useRouter.getState().go({ name: 'member', id: memberId });
}

/** [UI-L8][UI-L9] A tapped search result: on the sale while one is open, else their card. */
export function pickMember(memberId: string): void {
  if (isSaleOpen()) putOnSale(memberId);
  else openCard(memberId);
}
