/** The cart lines: big quantity steppers, a typed quantity, a line discount (manager above the limit), remove. */
import { useState } from 'react';
import { MAX_QTY, useCart } from '../../app/cart-store';
import type { CartLine } from '../../app/cart-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { hasRole } from '../../app/session-store';
import { discountLimitPct } from '../../app/settings-keys';
import { askManager } from '../../app/ui/manager-pin';
import { cents, parseAmount } from '../../domain/money';
import { centsToInput, formatMoney } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export function CartView() {
  const t = useT();
  const lines = useCart((s) => s.lines);
  if (lines.length === 0) return <p className="muted cart-empty">{t('checkout.empty')}</p>;
  return (
    <ul className="cart" aria-label={t('checkout.cart')}>
      {lines.map((l) => <CartRow key={l.key} line={l} />)}
    </ul>
  );
}

function CartRow({ line }: { line: CartLine }) {
  const t = useT();
  const { repos } = useServices();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const role = useSession((s) => s.staff?.role);
  const { step, setQty, removeLine, setLineDiscount } = useCart();
  const [qtyText, setQtyText] = useState<string | null>(null);
  const [discText, setDiscText] = useState<string | null>(null);
  const [error, setError] = useState('');
  const money = (c: number) => formatMoney(c, currency, t.lang);

  const commitQty = (text: string) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > MAX_QTY) { setError(t('checkout.qtyInvalid')); return; }
    setQty(line.key, n); setQtyText(null); setError('');
  };

  const commitDiscount = async (text: string) => {
    const amount = text.trim() === '' ? cents(0) : parseAmount(text);
    const gross = line.unitPrice * line.qty;
    if (amount === null || amount < 0 || amount > gross) { setError(t('rc.line.discountAbovePrice')); return; }
    const limit = await discountLimitPct(repos);
    let approvedBy: string | null = null;
    if (amount * 100 > gross * limit && !hasRole(role, 'manager')) {
      const m = await askManager('discount');
      if (!m) return;
      approvedBy = m.id;
    }
    setLineDiscount(line.key, amount, approvedBy); setDiscText(null); setError('');
  };

  return (
    <li className="cart-line">
      <div className="cart-line-main">
        <span className="cart-line-name">{line.name}</span>
        <span className="cart-line-price">{money(line.unitPrice)}</span>
        <span className="cart-line-total">{money(line.unitPrice * line.qty - line.lineDiscount)}</span>
      </div>
      <div className="cart-line-controls">
        <button type="button" className="step" aria-label={t('checkout.decrease', { name: line.name })} disabled={line.qty <= 1}
          onClick={() => step(line.key, -1)}>−</button>
        <input className="qty" inputMode="numeric" aria-label={t('checkout.qty', { name: line.name })} value={qtyText ?? String(line.qty)}
          aria-invalid={error !== ''} onChange={(e) => setQtyText(e.target.value)} onBlur={(e) => commitQty(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') commitQty(e.currentTarget.value); }} />
        <button type="button" className="step" aria-label={t('checkout.increase', { name: line.name })} disabled={line.qty >= MAX_QTY}
          onClick={() => step(line.key, 1)}>+</button>
        <input className="disc" inputMode="decimal" aria-label={t('checkout.lineDiscount', { name: line.name })} placeholder="−0.00"
          value={discText ?? (line.lineDiscount ? centsToInput(line.lineDiscount) : '')} onChange={(e) => setDiscText(e.target.value)}
          onBlur={(e) => { if (discText !== null) void commitDiscount(e.target.value); }}
          onKeyDown={(e) => { if (e.key === 'Enter') void commitDiscount(e.currentTarget.value); }} />
        <button type="button" className="step step-remove" aria-label={t('checkout.removeLine', { name: line.name })} onClick={() => removeLine(line.key)}>✕</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </li>
  );
}
