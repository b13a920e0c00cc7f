/** Recent sales and returns, newest first; a sale can be opened for a return. */
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session-store';
import type { HistoryItem } from '../../db/repositories';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** `elsewhere`: the member has purchases this tablet does not hold (made before it was paired, C-S20). */
export function MemberHistory({ items, elsewhere = false }: { items: HistoryItem[]; elsewhere?: boolean }) {
  const t = useT();
  const go = useRouter((s) => s.go);
  const store = useSession((s) => s.store);
  const tz = store?.timeZone ?? 'Asia/Shanghai';
  const money = (c: number) => formatMoney(c, store?.currency ?? 'CNY', t.lang);
  if (items.length === 0) return <p className="muted">{t(elsewhere ? 'member.historyElsewhere' : 'member.noHistory')}</p>;
  return (
    <ul className="history">
      {items.map((h) => h.kind === 'sale' ? (
        <li key={h.sale.id}>
          <span>{formatDate(h.at, tz, t.lang)}</span>
          <span>{h.sale.lines.map((l) => l.name).join('、')}</span>
          <span className="num">{money(h.sale.total)}</span>
          <span className="num">+{formatNumber(h.sale.pointsEarned, t.lang)}</span>
          <button type="button" className="btn btn-small" aria-label={`${t('member.return')} ${h.sale.receiptNo}`}
            onClick={() => go({ name: 'returns', receiptNo: h.sale.receiptNo })}>{t('member.return')}</button>
        </li>
      ) : (
        <li key={h.ret.id}>
          <span>{formatDate(h.at, tz, t.lang)}</span>
          <span>{t('returns.title')}</span>
          <span className="num">−{money(h.ret.refund)}</span>
          <span className="num">−{formatNumber(h.ret.pointsReversed, t.lang)}</span>
          <span />
        </li>
      ))}
    </ul>
  );
}
