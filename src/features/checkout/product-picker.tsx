/** Adding to the cart: product search by name, SKU or barcode; quick keys by category; a free-amount line. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useCart } from '../../app/cart-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { parseAmount } from '../../domain/money';
import type { Product } from '../../domain/records';
import { formatMoney } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export function ProductPicker() {
  const t = useT();
  const { repos } = useServices();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const addProduct = useCart((s) => s.addProduct);
  const addFree = useCart((s) => s.addFree);
  const quick = useLiveQuery(() => repos.products.quickKeys(), [repos], []);
  const [category, setCategory] = useState('');
  const [text, setText] = useState('');
  const [found, setFound] = useState<Product[]>([]);
  const [freeName, setFreeName] = useState('');
  const [freeAmount, setFreeAmount] = useState('');
  const [freeError, setFreeError] = useState('');
  const ticket = useRef(0);

  useEffect(() => {
    const mine = ++ticket.current;
    const q = text.trim();
    if (!q) { setFound([]); return; }
    void (async () => {
      const exact = (await repos.products.byBarcode(q)) ?? (await repos.products.bySku(q));
      const byName = await repos.products.searchName(q, 12);
      const all = exact && exact.active ? [exact, ...byName.filter((p) => p.id !== exact.id)] : byName;
      if (mine === ticket.current) setFound(all);
    })();
  }, [text, repos]);

  const categories = [...new Set(quick.map((p) => p.category))];
  const shown = category ? quick.filter((p) => p.category === category) : quick;
  const money = (c: number) => formatMoney(c, currency, t.lang);

  const addFreeLine = () => {
    const amount = parseAmount(freeAmount);
    if (amount === null || amount <= 0) { setFreeError(t('checkout.priceInvalid')); return; }
    addFree(freeName.trim() || t('checkout.freeAmount'), amount);
    setFreeName(''); setFreeAmount(''); setFreeError('');
  };

  return (
    <section className="picker" aria-label={t('checkout.quickKeys')}>
      <input className="picker-search" type="search" value={text} aria-label={t('checkout.productSearch')} placeholder={t('checkout.productSearch')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && found[0]) { addProduct(found[0]); setText(''); } }} />
      {found.length > 0 && (
        <div className="keys">
          {found.map((p) => (
            <button key={p.id} type="button" className="key-product" onClick={() => { addProduct(p); setText(''); }}>
              <span>{p.name}</span><small>{money(p.price)}</small>
            </button>
          ))}
        </div>
      )}
      <div className="tabs" role="tablist" aria-label={t('checkout.quickKeys')}>
        <button type="button" role="tab" aria-selected={category === ''} className={category === '' ? 'tab tab-on' : 'tab'} onClick={() => setCategory('')}>
          {t('checkout.allCategories')}
        </button>
        {categories.map((c) => (
          <button key={c} type="button" role="tab" aria-selected={category === c} className={category === c ? 'tab tab-on' : 'tab'} onClick={() => setCategory(c)}>{c}</button>
        ))}
      </div>
      <div className="keys">
        {shown.map((p) => (
          <button key={p.id} type="button" className="key-product" onClick={() => addProduct(p)}>
            <span>{p.name}</span><small>{money(p.price)}</small>
          </button>
        ))}
      </div>
      <form className="free-line" onSubmit={(e) => { e.preventDefault(); addFreeLine(); }}>
        <input value={freeName} aria-label={t('checkout.freeAmountName')} placeholder={t('checkout.freeAmountName')} onChange={(e) => setFreeName(e.target.value)} />
        <input value={freeAmount} inputMode="decimal" aria-label={t('checkout.freeAmountLabel')} placeholder="0.00"
          aria-invalid={freeError !== ''} onChange={(e) => setFreeAmount(e.target.value)} />
        <button type="submit" className="btn">{t('checkout.addFree')}</button>
        {freeError && <p className="error" role="alert">{freeError}</p>}
      </form>
    </section>
  );
}
