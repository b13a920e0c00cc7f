/**
 * Returns: find the sale (receipt number typed or scanned, or from the member's history), pick
 * lines and quantities; the engine (buildReturn) computes the refund and the points taken back or
 * given back. Outside the return window (and not defective) a manager's PIN is needed.
 */
import { useEffect, useMemo, useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useRouter } from '../../app/router';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { askManager } from '../../app/ui/manager-pin';
import { toast } from '../../app/ui/toast';
import { DbError } from '../../db/errors';
import type { Cents } from '../../domain/money';
import type { Sale, SaleReturn } from '../../domain/records';
import { buildReturn, returnedSoFar, withinWindow } from '../../domain/returns';
import { localDate } from '../../domain/time';
import { tierAfterReturn } from './return-tier';
import type { MessageKey } from '../../i18n/en';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import './returns.css';

type Reason = SaleReturn['reason'];
const REASONS: Reason[] = ['resaleable', 'defective', 'other'];

export default function ReturnsScreen({ receiptNo }: { receiptNo?: string | undefined }) {
  const t = useT();
  const services = useServices();
  const { repos, now, newId } = services;
  const store = useSession((s) => s.store);
  const programme = useProgramme((p) => p);
  const go = useRouter((s) => s.go);
  const [text, setText] = useState(receiptNo ?? '');
  const [sale, setSale] = useState<Sale | null>(null);
  const [earlier, setEarlier] = useState<SaleReturn[]>([]);
  const [prices, setPrices] = useState<Record<number, Cents | null>>({});
  const [qty, setQty] = useState<Record<number, number>>({});
  const [reason, setReason] = useState<Reason>('resaleable');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const tz = store?.timeZone ?? 'Asia/Shanghai';
  const money = (c: number) => formatMoney(c, store?.currency ?? 'CNY', t.lang);

  const find = async (no: string) => {
    setError(''); setSale(null); setQty({});
    const s = await repos.members.saleByReceipt(no.trim());
    if (!s) { setError(t('returns.notFound', { no })); return; }
    const [rets, ps] = await Promise.all([
      repos.members.returnsOf(s.id),
      Promise.all(s.lines.map(async (l) => [l.lineNo, l.productId ? (await repos.products.get(l.productId))?.price ?? null : null] as const)),
    ]);
    setEarlier(rets); setPrices(Object.fromEntries(ps)); setSale(s);
  };

  useEffect(() => { if (receiptNo) void find(receiptNo); }, [receiptNo]); // eslint-disable-line react-hooks/exhaustive-deps

  const today = localDate(now(), tz);
  const inWindow = sale ? withinWindow(sale, today, reason, programme) : true;
  const done = useMemo(() => (sale ? returnedSoFar(sale.id, earlier) : new Map<number, number>()), [sale, earlier]);
  const request = sale ? {
    sale, earlierReturns: earlier, reason,
    lines: Object.entries(qty).filter(([, q]) => q > 0).map(([no, q]) => ({ lineNo: Number(no), qty: q, todayUnitPrice: prices[Number(no)] ?? null })),
  } : null;
  const ctx = { ids: newId, now: now(), timeZone: tz, storeId: store?.id ?? '', deviceId: useSession.getState().deviceId, staffId: useSession.getState().staff?.id ?? '', programme };
  // The preview assumes approval so the refund shows before the manager is asked.
  const preview = request && request.lines.length > 0 ? buildReturn({ ...request, approvedBy: inWindow ? null : 'preview' }, ctx) : null;

  const confirm = async () => {
    if (!request || !preview?.ok || busy) return;
    let approvedBy: string | null = null;
    if (!inWindow) {
      const m = await askManager('returnLate');
      if (!m) return;
      approvedBy = m.id;
    }
    setBusy(true);
    const built = buildReturn({ ...request, approvedBy }, { ...ctx, now: now() });
    if (!built.ok) { setBusy(false); setError(reasonText(t, built.errors[0]?.code ?? 'unknown')); return; }
    try {
      // X5 the spend counted for tiers goes down with the money returned; T3/T4/T6 the tier follows, in the same transaction.
      const tier = await tierAfterReturn(repos, built.ret, tz, programme);
      const audit = [{ id: newId(), at: built.ret.at, staffId: ctx.staffId, deviceId: ctx.deviceId, action: 'return',
        subjectId: built.ret.id, detail: `sale=${built.ret.saleId} refund=${built.ret.refund} approvedBy=${approvedBy ?? ''}` }];
      await repos.writer.commitReturn({ ret: built.ret, ledger: built.ledger, spendReversed: built.spendReversed, ...(tier ? { tier } : {}), audit });
      toast(t('returns.done', { amount: money(built.ret.refund) }));
      if (sale?.memberId) go({ name: 'member', id: sale.memberId });
      else { setSale(null); setText(''); }
    } catch (e) {
      setError(e instanceof DbError && e.code === 'storage-full' ? t('storage.full') : t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="returns" aria-label={t('returns.title')}>
      <h1>{t('returns.title')}</h1>
      <form className="returns-find" onSubmit={(e) => { e.preventDefault(); void find(text); }}>
        <input value={text} aria-label={t('returns.find')} placeholder={t('returns.find')} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn btn-primary">{t('returns.findButton')}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {sale && (
        <>
          <p>{t('receipt.no', { no: sale.receiptNo })} · {formatDate(sale.at, tz, t.lang)} · {money(sale.total)}</p>
          <p className="muted">{t('returns.pickLines')}</p>
          <ul className="return-lines">
            {sale.lines.map((l) => {
              const left = l.qty - (done.get(l.lineNo) ?? 0);
              const q = qty[l.lineNo] ?? 0;
              return (
                <li key={l.lineNo}>
                  <span>{t('returns.line', { name: l.name, qty: l.qty })} · {money(l.net)}</span>
                  {left < l.qty && <small className="muted">{t('returns.already', { qty: l.qty - left })}</small>}
                  <div className="stepper">
                    <button type="button" className="step" aria-label={t('checkout.decrease', { name: l.name })} disabled={q <= 0}
                      onClick={() => setQty({ ...qty, [l.lineNo]: q - 1 })}>−</button>
                    <output aria-label={t('returns.qty', { name: l.name })}>{q}</output>
                    <button type="button" className="step" aria-label={t('checkout.increase', { name: l.name })} disabled={q >= left}
                      onClick={() => setQty({ ...qty, [l.lineNo]: q + 1 })}>+</button>
                  </div>
                </li>
              );
            })}
          </ul>
          <div className="choice-row" role="radiogroup" aria-label={t('returns.reason')}>
            {REASONS.map((r) => (
              <button key={r} type="button" role="radio" aria-checked={reason === r} className={reason === r ? 'chip chip-on' : 'chip'}
                onClick={() => setReason(r)}>{t(`returns.reason.${r}` as MessageKey)}</button>
            ))}
          </div>
          {!inWindow && <p className="warn" role="status">{t('returns.outsideWindow', { days: programme.returns.windowDays })}</p>}
          {preview && !preview.ok && <p className="error" role="alert">{reasonText(t, preview.errors[0]?.code ?? 'unknown')}</p>}
          {preview?.ok && (
            <dl className="quote-rows">
              <dt>{t('returns.refund')}</dt><dd data-testid="return-refund">{money(preview.ret.refund)}</dd>
              <dt>{t('returns.pointsReversed')}</dt><dd>{formatNumber(preview.ret.pointsReversed, t.lang)}</dd>
              <dt>{t('returns.pointsRestored')}</dt><dd>{formatNumber(preview.ret.pointsRestored, t.lang)}</dd>
            </dl>
          )}
          <button type="button" className="btn btn-primary btn-big" disabled={!preview?.ok || busy} onClick={() => void confirm()}>
            {t('returns.confirm', { amount: money(preview?.ok ? preview.ret.refund : 0) })}
          </button>
        </>
      )}
    </section>
  );
}

