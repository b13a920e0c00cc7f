/**
 * The counter: products on the left, the sale on the right with the pay button always visible.
 * After a sale it shows what was earned and the new balance (the receipt); "new sale" clears it.
 */
import { lazy, Suspense, useState } from 'react';
import { useCart } from '../../app/cart-store';
import { useServices } from '../../app/services';
import { useIssueBenefits } from '../../app/issue-benefits';
import { useSession } from '../../app/session-store';
import { useLastSale } from '../../app/till-prompts';
import type { Payment } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import { formatMoney } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { CartView } from './cart-view';
import { MemberPanel } from './member-panel';
import { ProductPicker } from './product-picker';
import { QuotePanel } from './quote-panel';
import { useQuote } from './use-quote';
import './checkout.css';

const PayDialog = lazy(() => import('./pay-dialog'));

export function CheckoutScreen() {
  const t = useT();
  const services = useServices();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const live = useQuote();
  const lines = useCart((s) => s.lines);
  const reset = useCart((s) => s.reset);
  const [paying, setPaying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const quote = live.result?.ok ? live.result.quote : null;
  // B9: a member put on the sale gets the benefits they are due today, to tick in the quote.
  useIssueBenefits(live.member ? live.member.member : null);

  const pay = async (payments: Payment[]) => {
    if (!quote) return;
    setBusy(true);
    setError('');
    const first = live.member ? live.member.stats.visits === 0 : false;
    const { commitSale } = await import('./commit-sale');
    const held = live.member ? { tierId: live.member.stats.tierId, tierSince: live.member.stats.tierSince } : null;
    const r = await commitSale(services, quote, payments, live.coupons, first, live.priced && held ? { priced: live.priced, held } : null);
    setBusy(false);
    if (r.ok) setPaying(false);
    else if (r.code === 'storage-full') setError(t('storage.full'));
    else setError(messageFor(t, r.code));
  };

  return (
    <div className="counter">
      <div className="counter-left">
        <ProductPicker />
      </div>
      <div className="counter-right">
        <MemberPanel member={live.member} />
        <div className="sale-scroll">
          <CartView />
          <QuotePanel live={live} />
        </div>
        <div className="paybar">
          <button type="button" className="btn" disabled={lines.length === 0} onClick={reset}>{t('checkout.clear')}</button>
          <button type="button" className="btn btn-primary btn-pay" disabled={!quote} onClick={() => { setError(''); setPaying(true); }}>
            {t('checkout.pay', { amount: formatMoney(quote?.total ?? 0, currency, t.lang) })}
          </button>
        </div>
        {error && !paying && <p className="error" role="alert">{error}</p>}
      </div>
      {paying && quote && (
        <Suspense fallback={null}>
          <PayDialog total={quote.total} busy={busy} error={error} onPay={(p) => void pay(p)} onClose={() => setPaying(false)} />
        </Suspense>
      )}
    </div>
  );
}

function messageFor(t: ReturnType<typeof useT>, code: string): string {
  if (code === 'storage-full') return t('storage.full');
  const known: Record<string, MessageKey> = { 'write-aborted': 'error.generic', 'coupon-used': 'rc.coupon.used' };
  const k = known[code];
  return k ? t(k, { message: code }) : reasonText(t, code);
}

export function useFinishedSale() {
  return useLastSale((s) => s.finished);
}
