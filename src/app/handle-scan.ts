/**
 * What a scan means, wherever it came from (keyboard-wedge scanner, camera): a member card number
 * attaches that member to the open sale; anything else is looked up as a product barcode and
 * added to the cart. An unknown code says so and changes nothing.
 */
import { isCardNo } from '../domain/search-keys';
import { translate } from '../i18n/i18n';
import { useLang } from '../i18n/use-t';
import { useCart } from './cart-store';
import { useLookup } from './lookup-store';
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
    useCart.getState().attachMember(hit.member.id);
    useLookup.getState().setText('');
    useRouter.getState().go({ name: 'member', id: hit.member.id });
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
    useCart.getState().attachMember(hit.member.id);
    useRouter.getState().go({ name: 'member', id: hit.member.id });
    return;
  }
  toast(translate(lang, 'checkout.scanUnknown', { code: text }), 'error');
}
