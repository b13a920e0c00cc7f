/**
 * The receipt on screen and on paper (window.print with print CSS for 58 or 80 mm rolls): lines,
 * discounts with their reasons, payments and change, points earned and redeemed, the new balance,
 * the referral reward the sale gives the member who brought the customer (Q3), and on a member's first receipt their QR card code so the next visit is a scan.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useDevice, type Paper } from '../../app/device';
import { useSession } from '../../app/session-store';
import type { FinishedSale } from '../../app/till-prompts';
import { QrCode } from '../../app/ui/qr-code';
import { useMemberHit } from '../../app/member-hooks';
import { useProgramme } from '../../app/programme-store';
import { tierName } from '../../i18n/reason';
import type { MessageKey } from '../../i18n/en';
import { formatDateTime, formatMoney, formatNumber } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import './receipt.css';

/**
 * The printed page is the roll's width and as long as the receipt (a roll has no page height; CSS has
 * no `size: 58mm auto`, which printed on the printer's default sheet). Set through the CSSOM (a
 * constructed sheet), not a <style> element, which the server's Content-Security-Policy refuses
 * (style-src 'self', docs/operations.md W3).
 */
function usePrintedPage(paper: Paper, receipt: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return undefined;
    const sheet = new CSSStyleSheet();
    const fit = () => {
      const mm = Math.ceil(((receipt.current?.getBoundingClientRect().height ?? 0) * 25.4) / 96) + 4 + 2;
      sheet.replaceSync(`@page { size: ${paper}mm ${Math.max(mm, 30)}mm; margin: 2mm; }`);
    };
    fit();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const watch = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    if (receipt.current) watch?.observe(receipt.current);
    return () => {
      watch?.disconnect();
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [paper, receipt]);
}

export default function ReceiptView({ finished, onNext }: { finished: FinishedSale; onNext: () => void }) {
  const t = useT();
  const store = useSession((s) => s.store);
  const paper = useDevice((s) => s.settings.paper);
  const setPaper = (p: Paper) => useDevice.getState().update({ paper: p });
  const { sale } = finished;
  const currency = store?.currency ?? 'CNY';
  const money = (c: number) => formatMoney(c, currency, t.lang);
  const num = (n: number) => formatNumber(n, t.lang);
  const hit = useMemberHit(sale.memberId);
  // [Q3] The member who brought this customer and the points this sale gives them (B6).
  const referrer = useMemberHit((sale.referralPoints ?? 0) > 0 ? sale.referrerId ?? null : null);
  const tiers = useProgramme((p) => p.tiers);
  // T3: the sale wrote a new tier in its own transaction (tierSince is the sale's time): "Now Gold".
  const tierNow = hit && hit.stats.tierId !== null && hit.stats.tierSince === sale.at ? tiers.find((x) => x.id === hit.stats.tierId) : undefined;

  // Printing runs after this click's task so the screen is already free for the next sale.
  const print = () => { window.setTimeout(() => window.print(), 0); };
  const receipt = useRef<HTMLElement>(null);
  usePrintedPage(paper, receipt);

  return (
    <div className="receipt-screen">
      <p className="receipt-done no-print" role="status">{t('receipt.saleDone')}</p>
      <div className="actions no-print">
        <button type="button" className="btn btn-big" onClick={print}>{t('receipt.print')}</button>
        <button type="button" className="btn btn-primary btn-big" onClick={onNext}>{t('checkout.newSale')}</button>
      </div>
      <div className="choice-row no-print" role="radiogroup" aria-label={t('receipt.paper')}>
        {(['58', '80'] as const).map((p) => (
          <button key={p} type="button" role="radio" aria-checked={paper === p} className={paper === p ? 'chip chip-on' : 'chip'}
            onClick={() => setPaper(p)}>{t(p === '58' ? 'settings.paper58' : 'settings.paper80')}</button>
        ))}
      </div>
      <article ref={receipt} className={`receipt receipt-${paper}`} aria-label={t('receipt.title')}>
        <h2>{store?.name}</h2>
        <p>{t('receipt.no', { no: sale.receiptNo })}</p>
        <p>{formatDateTime(sale.at, store?.timeZone ?? 'Asia/Shanghai', t.lang)} · {t('receipt.cashier', { name: finished.staffName })}</p>
        <table className="receipt-lines">
          <tbody>
            {sale.lines.map((l) => (
              <tr key={l.lineNo}>
                <td>{l.name} × {l.qty}</td>
                <td className="num">{money(l.unitPrice * l.qty)}</td>
              </tr>
            ))}
            {sale.discounts.map((d) => (
              <tr key={d.rule}><td>{d.code ? reasonText(t, d.code, d.params) : d.reason}</td><td className="num">−{money(d.amount)}</td></tr>
            ))}
            {sale.redeemValue > 0 && (
              <tr><td>{t('receipt.redeemed')} {num(sale.pointsRedeemed)}</td><td className="num">−{money(sale.redeemValue)}</td></tr>
            )}
            <tr className="receipt-total"><td>{t('receipt.total')}</td><td className="num" data-testid="receipt-total">{money(sale.total)}</td></tr>
            {sale.payments.map((p, i) => (
              <tr key={i}><td>{t(`pay.${p.method}` as MessageKey)}</td><td className="num">{money(p.tendered ?? p.amount)}</td></tr>
            ))}
            {finished.change > 0 && <tr><td>{t('receipt.change')}</td><td className="num" data-testid="receipt-change">{money(finished.change)}</td></tr>}
          </tbody>
        </table>
        {finished.memberName && (
          <dl className="receipt-points">
            <dt>{finished.memberName}</dt><dd />
            <dt>{t('receipt.earned')}</dt><dd data-testid="receipt-earned">{num(sale.pointsEarned)}</dd>
            <dt>{t('receipt.redeemed')}</dt><dd data-testid="receipt-redeemed">{num(sale.pointsRedeemed + (sale.rewardPoints ?? 0))}</dd>
            <dt>{t('receipt.balance')}</dt><dd data-testid="receipt-balance">{num(finished.balanceAfter ?? 0)}</dd>
            {(sale.referralPoints ?? 0) > 0 && (
              <><dt>{t('receipt.referral', { name: referrer?.member.name ?? t('receipt.referrer') })}</dt><dd data-testid="receipt-referral">{num(sale.referralPoints ?? 0)}</dd></>
            )}
            {tierNow && <><dt data-testid="receipt-tier">{t('tier.now', { tier: tierName(t, tierNow.name) })}</dt><dd /></>}
          </dl>
        )}
        {finished.firstReceipt && finished.cardNo && (
          <div className="receipt-qr">
            <QrCode text={finished.cardNo} label={t('member.qr', { card: finished.cardNo })} size={120} />
            <p>{t('receipt.scanNext')} · {finished.cardNo}</p>
          </div>
        )}
        <p className="receipt-thanks">{t('receipt.thanks')}</p>
      </article>
    </div>
  );
}
