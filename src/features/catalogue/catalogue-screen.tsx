/** The owner's catalogue: list, add, edit, and import from CSV — enough to sell. */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import type { Cents } from '../../domain/money';
import { parseAmount } from '../../domain/money';
import type { Product } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import { centsToInput, formatMoney } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { parseProductCsv } from './product-csv';
import './catalogue.css';

const EMPTY: Product = { id: '', sku: '', barcode: null, name: '', category: '', price: 0 as Cents, noEarn: false, active: true, quickKey: true };

/** Products whose name, SKU or barcode contains what the owner typed, in any case. */
export function matching(products: Product[], filter: string): Product[] {
  const f = filter.trim().toLowerCase();
  if (!f) return products;
  return products.filter((p) => p.name.toLowerCase().includes(f) || p.sku.toLowerCase().includes(f) || (p.barcode ?? '').includes(f));
}

export default function CatalogueScreen() {
  const t = useT();
  const { repos, newId } = useServices();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const [filter, setFilter] = useState('');
  const all = useLiveQuery(() => repos.products.list(), [repos], []);
  const products = matching(all, filter);
  const [editing, setEditing] = useState<Product | null>(null);
  const [csvErrors, setCsvErrors] = useState<string[]>([]);

  const importCsv = async (file: File) => {
    const { products: rows, problems } = parseProductCsv(await file.text());
    const items: Product[] = [];
    for (const r of rows) items.push({ ...r, id: (await repos.products.bySku(r.sku))?.id ?? newId() });
    if (items.length) await repos.products.put(items);
    const msgKey: Record<string, MessageKey> = { sku: 'catalogue.errorSku', price: 'catalogue.errorPrice', name: 'enroll.errorName', csv: 'catalogue.importHelp' };
    setCsvErrors(problems.map((p) => t('catalogue.importErrors', { line: p.line, message: t(msgKey[p.code] ?? 'catalogue.importHelp') })));
    toast(t.plural('catalogue.imported', items.length));
  };

  return (
    <section className="catalogue" aria-label={t('catalogue.title')}>
      <h1>{t('catalogue.title')}</h1>
      <div className="actions">
        <input type="search" value={filter} aria-label={t('checkout.productSearch')} placeholder={t('checkout.productSearch')} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ ...EMPTY })}>{t('catalogue.new')}</button>
        <label className="btn">
          {t('catalogue.import')}
          <input type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importCsv(f); }} />
        </label>
      </div>
      <p className="muted">{t('catalogue.importHelp')}</p>
      {csvErrors.length > 0 && <ul className="error" role="alert">{csvErrors.map((m) => <li key={m}>{m}</li>)}</ul>}
      {editing && <ProductForm product={editing} onDone={() => setEditing(null)} />}
      <table className="table">
        <thead><tr><th>{t('catalogue.sku')}</th><th>{t('catalogue.name')}</th><th>{t('catalogue.category')}</th><th>{t('catalogue.price')}</th><th /></tr></thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id} className={p.active ? undefined : 'muted'}>
              <td>{p.sku}</td><td>{p.name}{!p.active && <> <small>({t('catalogue.inactive')})</small></>}</td><td>{p.category}</td><td>{formatMoney(p.price, currency, t.lang)}</td>
              <td><button type="button" className="btn btn-small" aria-label={`${t('common.edit')} ${p.name}`} onClick={() => setEditing(p)}>{t('common.edit')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ProductForm({ product, onDone }: { product: Product; onDone: () => void }) {
  const t = useT();
  const { repos, newId } = useServices();
  const [p, setP] = useState(product);
  const [price, setPrice] = useState(product.id ? centsToInput(product.price) : '');
  const [error, setError] = useState('');
  const save = async () => {
    const cents = parseAmount(price);
    if (cents === null || cents < 0) { setError(t('catalogue.errorPrice')); return; }
    if (!p.sku.trim()) { setError(t('catalogue.errorSku')); return; }
    if (!p.name.trim()) { setError(t('enroll.errorName')); return; }
    await repos.products.put([{ ...p, id: p.id || newId(), sku: p.sku.trim(), name: p.name.trim(), barcode: p.barcode?.trim() || null, price: cents }]);
    onDone();
  };
  const text = (key: 'sku' | 'name' | 'category', label: MessageKey) => (
    <label className="field"><span>{t(label)}</span><input value={p[key]} onChange={(e) => setP({ ...p, [key]: e.target.value })} /></label>
  );
  const flag = (key: 'noEarn' | 'quickKey' | 'active', label: MessageKey) => (
    <label className="check"><input type="checkbox" checked={p[key]} onChange={(e) => setP({ ...p, [key]: e.target.checked })} /><span>{t(label)}</span></label>
  );
  return (
    <form className="product-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      {text('sku', 'catalogue.sku')}
      <label className="field"><span>{t('catalogue.barcode')}</span><input value={p.barcode ?? ''} onChange={(e) => setP({ ...p, barcode: e.target.value })} /></label>
      {text('name', 'catalogue.name')}
      {text('category', 'catalogue.category')}
      <label className="field"><span>{t('catalogue.price')}</span><input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} /></label>
      <div className="actions">{flag('noEarn', 'catalogue.noEarn')}{flag('quickKey', 'catalogue.quickKey')}{flag('active', 'catalogue.active')}</div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('common.save')}</button>
      </div>
    </form>
  );
}
