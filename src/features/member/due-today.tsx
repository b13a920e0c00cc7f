/** What is due for this member today: birthday month, usable coupons (anniversary…), points expiring soon. */
import { useSession } from '../../app/session-store';
import { birthdayMonth } from '../../domain/benefits';
import { pointsExpiringSoon } from '../../domain/ledger';
import type { Coupon, LedgerEntry, Member } from '../../domain/records';
import { formatNumber } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';

export const EXPIRY_WARNING_DAYS = 30;

export function DueToday({ member, ledger, coupons, today }: { member: Member; ledger: LedgerEntry[]; coupons: Coupon[]; today: string }) {
  const t = useT();
  useSession((s) => s.store?.timeZone);
  const items: string[] = [];
  if (birthdayMonth(member.birthday) === today.slice(5, 7)) items.push(t('member.due.birthday'));
  for (const c of coupons) {
    if (c.usedSaleId === null && c.validFrom <= today && today <= c.validTo) {
      items.push(t('member.due.coupon', {
        name: reasonText(t, `discount.coupon.${c.kind}`, { percent: c.percentOff ?? 0, amount: c.amountOff ?? 0 }), date: c.validTo,
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
