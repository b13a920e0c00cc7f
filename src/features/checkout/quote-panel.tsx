/**
 * The engine's quote, each figure with its reason: subtotal, discounts, coupons to tick, points to
 * redeem (slider + typed, capped by the programme with the cap's reason), amount due, points to earn.
 */
import { useState } from 'react';
import { useCart } from '../../app/cart-store';
import { currentProgramme, useProgramme } from '../../app/programme-store';
import { useSession } from '../../app/session-store';
import type { Quote } from '../../domain/quote-types';
import type { Coupon } from '../../domain/records';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { CompanionPicker } from './companion-picker';
import { RewardPicker } from './reward-picker';
import type { LiveQuote } from './use-quote';

export function QuotePanel({ live }: { live: LiveQuote }) {
  const t = useT();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const money = (c: number) => formatMoney(c, currency, t.lang);
  const { result, base, member, coupons } = live;
  if (!result) return null;
  const quote = result.ok ? result.quote : base?.ok ? base.quote : null;
  return (
    <section className="quote" aria-label={t('checkout.due')}>
      {quote && (
        <dl className="quote-rows">
          <dt>{t('checkout.subtotal')}</dt><dd>{money(quote.subtotal)}</dd>
          {quote.discounts.map((d) => (
            <DiscountRow key={d.rule} label={reasonText(t, d.reason.code, d.reason.params)} amount={`−${money(d.amount)}`} />
          ))}
          {quote.notApplied.filter((n) => n.rule.startsWith('coupon:') || n.rule.startsWith('companion:')).map((n) => (
            <DiscountRow key={n.rule} label={reasonText(t, n.reason.code, n.reason.params)} amount="" muted />
          ))}
        </dl>
      )}
      {member && <CouponPicker coupons={coupons} />}
      <RewardPicker live={live} />
      <CompanionPicker live={live} />
      {member && base?.ok && <RedeemControl base={base.quote} balance={member.stats.points} error={result.ok ? null : result.errors[0]?.code ?? null}
        offlineCap={live.redeemCap ?? null} />}
      {!result.ok && result.errors[0]?.field !== 'pointsToRedeem' && (
        <p className="error" role="alert">{reasonText(t, result.errors[0]?.code ?? 'unknown')}</p>
      )}
      {result.ok && (
        <dl className="quote-rows quote-due">
          {result.quote.redeemValue > 0 && (
            <><dt>{t('checkout.redeemValue', { points: formatNumber(result.quote.pointsRedeemed, t.lang) })}</dt><dd>−{money(result.quote.redeemValue)}</dd></>
          )}
          <dt className="due-label">{t('checkout.due')}</dt><dd className="due-amount" data-testid="amount-due">{money(result.quote.total)}</dd>
          {member && (
            <>
              <dt>{t('checkout.earn')}</dt>
              <dd>{t('checkout.earnReason', {
                points: formatNumber(result.quote.pointsEarned, t.lang),
                reason: result.quote.earnReason ? reasonText(t, result.quote.earnReason.code, result.quote.earnReason.params) : '',
              })}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function DiscountRow({ label, amount, muted }: { label: string; amount: string; muted?: boolean }) {
  return <><dt className={muted ? 'muted' : ''}>{label}</dt><dd className={muted ? 'muted' : ''}>{amount}</dd></>;
}

function CouponPicker({ coupons }: { coupons: Coupon[] }) {
  const t = useT();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const { couponIds, toggleCoupon } = useCart();
  const usable = coupons.filter((c) => c.usedSaleId === null);
  if (usable.length === 0) return null;
  return (
    <fieldset className="coupons">
      <legend>{t('checkout.coupons')}</legend>
      {usable.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={couponIds.includes(c.id)} onChange={() => toggleCoupon(c.id)} />
          <span>{reasonText(t, `discount.coupon.${c.kind}`, { percent: c.percentOff ?? 0, amount: c.amountOff ?? 0 })}</span>
          <small>{t('checkout.couponValid', { date: formatDate(Date.parse(`${c.validTo}T12:00:00Z`), timeZone, t.lang) })}</small>
        </label>
      ))}
    </fieldset>
  );
}

function RedeemControl({ base, balance, error, offlineCap }: { base: Quote; balance: number; error: string | null; offlineCap: number | null }) {
  const t = useT();
  const step = useProgramme((p) => p.redemption.stepPoints) || 1;
  const { redeemPoints, setRedeem } = useCart();
  const [capMsg, setCapMsg] = useState('');
  const max = base.maxRedeemable;
  if (balance <= 0) return null;
  // Why the slider stops where it does: the offline cap (R7) when it is what binds, else the balance or the share.
  const capReason = offlineCap !== null && max >= offlineCap - (offlineCap % step) && max < balance - (balance % step) ? t('rc.redeem.offlineCap')
    : balance - (balance % step) <= max ? t('reason.cap.balance') : t('reason.cap.share', { percent: currentProgramme().redemption.maxSharePct });

  const choose = (n: number) => {
    if (!Number.isInteger(n) || n < 0) { setRedeem(0); return; }
    if (n > max) {
      setCapMsg(t('checkout.redeemCapped', { points: formatNumber(max, t.lang), reason: capReason }));
      setRedeem(max);
      return;
    }
    setCapMsg('');
    setRedeem(n);
  };

  return (
    <div className="redeem">
      <label className="field">
        <span>{t('checkout.redeem')} <small className="muted">{t('checkout.redeemMax', { points: formatNumber(max, t.lang), reason: capReason })}</small></span>
        <div className="redeem-row">
          <input type="range" min={0} max={max} step={step} value={Math.min(redeemPoints, max)} aria-label={t('checkout.redeemSlider')}
            disabled={max === 0} onChange={(e) => choose(Number(e.target.value))} />
          <input className="redeem-input" inputMode="numeric" aria-label={t('checkout.redeem')} value={redeemPoints || ''}
            placeholder="0" onChange={(e) => choose(Number(e.target.value.replace(/\D/g, '') || '0'))} />
        </div>
      </label>
      {capMsg && <p className="warn" role="status">{capMsg}</p>}
      {error && <p className="error" role="alert">{reasonText(t, error)}</p>}
    </div>
  );
}
