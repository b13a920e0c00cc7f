/**
 * The counter route: the receipt of the sale just finished, until the cashier starts the next one
 * (a new line in the cart or "new sale"); otherwise the checkout. The receipt never holds up the
 * next sale: the cart is already empty and scanning a product goes straight on.
 */
import { CheckoutScreen } from '../features/checkout/checkout-screen';
import { lazy, Suspense } from 'react';

const ReceiptView = lazy(() => import('../features/receipt/receipt-view'));
import { useCart } from './cart-store';
import { useLastSale } from './till-prompts';

export function Counter() {
  const finished = useLastSale((s) => s.finished);
  const cartEmpty = useCart((s) => s.lines.length === 0 && s.memberId === null);
  if (finished && cartEmpty) {
    return (
      <Suspense fallback={null}>
        <ReceiptView finished={finished} onNext={() => useLastSale.setState({ finished: null })} />
      </Suspense>
    );
  }
  return <CheckoutScreen />;
}
