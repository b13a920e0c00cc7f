/**
 * What is due for this member today (docs/loyalty-spec.md B11): the coupons checkout would apply today
 * (held, unused, inside their dates: the birthday month's among them) and points expiring soon. The
 * card says nothing of a benefit the member does not hold, so it never promises what checkout will not give.
 */
import { useSession } from '../../app/session-store';
import { pointsExpiringSoon } from '../../domain/ledger';
import type { Coupon, LedgerEntry } from '../../domain/records';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';

export const EXPIRY_WARNING_DAYS = 30;

export function DueToday({ ledger, coupons, today }: { ledger: LedgerEntry[]; coupons: Coupon[]; today: string }) {
  const t = useT();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const until = (c: Coupon) => formatDate(Date.parse(`${c.validTo}T12:00:00Z`), timeZone, t.lang);
  const items: string[] = [];
  for (const c of coupons) {
    if (c.usedSaleId !== null || c.validFrom > today || today > c.validTo) continue;
    if (c.kind === 'birthday' && c.percentOff !== null) {
      const offer = t.lang === 'zh-CN' ? `${(100 - c.percentOff) / 10} 折` : `${c.percentOff}%-off`;
      items.push(t('member.due.birthday', { offer, date: until(c) }));
    } else if (c.kind === 'cashback' && c.amountOff !== null) {
      items.push(t('member.due.cashback', { amount: formatMoney(c.amountOff, currency, t.lang), date: until(c) }));
    } else {
      items.push(t('member.due.coupon', {
        name: reasonText(t, `discount.coupon.${c.kind}`, { percent: c.percentOff ?? 0, amount: c.amountOff ?? 0 }), date: until(c),
      }));
    }
  }
  const expiring = pointsExpiringSoon(ledger, today, EXPIRY_WARNING_DAYS);
  if (expiring.points > 0 && expiring.firstOn) {
    items.push(t('member.due.expiring', { points: formatNumber(expiring.points, t.lang), date: expiring.firstOn }));
  }
  if (items.length === 0) return <p className="muted">{t('member.due.nothing')}</p>;
  return <ul className="due">{items.map((i) => <li key={i}>{i}</li>)}</ul>;
}
