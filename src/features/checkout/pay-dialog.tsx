/**
 * Taking payment: cash (with change due), card, WeChat Pay, Alipay, or a mix. The engine checks
 * the payments settle the amount due exactly (validatePayments); confirm commits the sale.
 */
import { useState } from 'react';
import { Dialog } from '../../app/ui/dialog';
import { Keypad } from '../../app/ui/keypad';
import { useSession } from '../../app/session-store';
import type { Cents } from '../../domain/money';
import { parseAmount } from '../../domain/money';
import { validatePayments } from '../../domain/payments';
import type { Payment, PaymentMethod } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import { centsToInput, formatMoney } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';

type Mode = PaymentMethod | 'mixed';
const METHODS: PaymentMethod[] = ['cash', 'card', 'wechat', 'alipay'];

interface Props {
  total: Cents;
  busy: boolean;
  error: string;
  onPay: (payments: Payment[]) => void;
  onClose: () => void;
}

export default function PayDialog({ total, busy, error, onPay, onClose }: Props) {
  const t = useT();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const money = (c: number) => formatMoney(c, currency, t.lang);
  const [mode, setMode] = useState<Mode>('cash');
  const [tendered, setTendered] = useState('');
  const [parts, setParts] = useState<Record<PaymentMethod, string>>({ cash: '', card: '', wechat: '', alipay: '', other: '' });

  let payments: Payment[];
  if (mode === 'mixed') {
    payments = METHODS.flatMap((m) => {
      const a = parseAmount(parts[m]);
      return a !== null && a > 0 ? [{ method: m, amount: a }] : [];
    });
  } else if (mode === 'cash') {
    const given = tendered.trim() === '' ? total : parseAmount(tendered);
    payments = [{ method: 'cash', amount: total, tendered: (given ?? -1) as Cents }];
  } else {
    payments = [{ method: mode, amount: total }];
  }
  const check = validatePayments(total, payments);
  const paid = payments.reduce((s, p) => s + p.amount, 0);
  const cashGiven = mode === 'cash' ? parseAmount(tendered) : null;
  const quick = [total, Math.ceil(total / 1000) * 1000, Math.ceil(total / 5000) * 5000, Math.ceil(total / 10000) * 10000]
    .filter((v, i, a) => a.indexOf(v) === i);

  return (
    <Dialog title={`${t('pay.title')} ${money(total)}`} onClose={onClose} wide>
      <div className="choice-row" role="radiogroup" aria-label={t('pay.method')}>
        {[...METHODS, 'mixed' as const].map((m) => (
          <button key={m} type="button" role="radio" aria-checked={mode === m} className={mode === m ? 'chip chip-on' : 'chip'}
            onClick={() => setMode(m)}>{t(`pay.${m}` as MessageKey)}</button>
        ))}
      </div>
      {mode === 'cash' && (
        <div className="pay-cash">
          <label className="field">
            <span>{t('pay.tendered')}</span>
            <input inputMode="decimal" value={tendered} placeholder={centsToInput(total)} onChange={(e) => setTendered(e.target.value)} />
          </label>
          <div className="choice-row">
            {quick.map((q) => <button key={q} type="button" className="chip" onClick={() => setTendered(centsToInput(q))}>{money(q)}</button>)}
          </div>
          <Keypad extra="." onKey={(d) => setTendered((v) => v + d)} onBackspace={() => setTendered((v) => v.slice(0, -1))} onClear={() => setTendered('')} />
          <p className="change" role="status">
            {t('pay.change')}: <strong data-testid="change-due">{check.ok ? money(check.change) : cashGiven !== null && cashGiven < total ? t('pay.short', { amount: money(total - cashGiven) }) : '—'}</strong>
          </p>
        </div>
      )}
      {mode === 'mixed' && (
        <div className="pay-mixed">
          {METHODS.map((m) => (
            <label key={m} className="field field-inline">
              <span>{t('pay.amountFor', { method: t(`pay.${m}` as MessageKey) })}</span>
              <input inputMode="decimal" value={parts[m]} placeholder="0.00" onChange={(e) => setParts({ ...parts, [m]: e.target.value })} />
            </label>
          ))}
          <p role="status">{paid < total ? t('pay.short', { amount: money(total - paid) }) : paid > total ? t('pay.errorOver') : t('pay.done')}</p>
        </div>
      )}
      {!check.ok && mode !== 'mixed' && tendered !== '' && (
        <p className="error" role="alert">{reasonText(t, check.errors[0]?.code ?? 'unknown')}</p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="btn btn-primary btn-big" disabled={!check.ok || busy} onClick={() => onPay(payments)}>
          {t('pay.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
