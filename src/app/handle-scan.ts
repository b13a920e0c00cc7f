/**
 * What a scan means, wherever it came from (keyboard-wedge scanner, camera): a member card number
 * attaches that member to the sale (UI-L5: during a sale the counter stays on screen; with none
 * open the member's card opens, as a looked-up member's does); anything else is looked up as a product barcode and
 * added to the cart. An unknown code says so and changes nothing.
 */
import { isCardNo } from '../domain/search-keys';
import { translate } from '../i18n/i18n';
import { useLang } from '../i18n/use-t';
import { isSaleOpen, useCart } from './cart-store';
import { useLookup } from './lookup-store';
import { putOnSale } from './put-on-sale';
import { useRouter } from './router';
import type { Services } from './services';
import { toast } from './ui/toast';

export async function handleScan(code: string, { repos }: Services): Promise<void> {
  const lang = useLang.getState().lang;
  const text = code.trim();
  if (isCardNo(text)) {
    const hit = await repos.members.byCard(text.toUpperCase());
    if (!hit) {
      toast(translate(lang, 'lookup.scannedUnknown', { card: text }), 'error');
      return;
    }
    attachScanned(hit.member.id);
    return;
  }
  if (useRouter.getState().route.name === 'returns') {
    const sale = await repos.members.saleByReceipt(text);
    if (sale) {
      useRouter.getState().go({ name: 'returns', receiptNo: sale.receiptNo });
      return;
    }
  }
  const product = await repos.products.byBarcode(text);
  if (product && product.active) {
    useCart.getState().addProduct(product);
    useRouter.getState().go({ name: 'counter' });
    return;
  }
  const hit = await repos.members.byCard(text);
  if (hit) {
    attachScanned(hit.member.id);
    return;
  }
  toast(translate(lang, 'checkout.scanUnknown', { code: text }), 'error');
}

/** [UI-L5] A scanned card: on the open sale without leaving the counter; with no sale, attached and their card opened. */
function attachScanned(memberId: string): void {
  if (isSaleOpen()) {
    putOnSale(memberId);
    return;
  }
  useCart.getState().attachMember(memberId);
  useLookup.getState().setText('');
  useRouter.getState().go({ name: 'member', id: memberId });
}
