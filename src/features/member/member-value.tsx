/**
 * [G4][G5] What a member is worth to the shop, on the member card: recency, frequency and money (the
 * RFM figures: days since the last purchase, purchases in 180 days, spend in the last 12 months) and
 * the lifetime value = yearly profit contribution × expected years (DOMAIN.md, seed 000), with the
 * owner's assumptions (margin, years; loyalty programme screen) said beside it.
 */
import { useProgramme } from '../../app/programme-store';
import { useRecentVisits, useWindowSpend } from '../../app/use-window-spend';
import { cents } from '../../domain/money';
import type { LocalDate, MemberStats } from '../../domain/records';
import { memberLifetimeValue, valueSettings } from '../../domain/segments';
import { addDays, daysBetween, localDate } from '../../domain/time';
import { formatMoney, formatNumber } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export function MemberValue({ stats, today, timeZone, currency }: { stats: MemberStats; today: LocalDate; timeZone: string; currency: string }) {
  const t = useT();
  const programme = useProgramme((p) => p);
  const spend = useWindowSpend(stats.memberId);
  const visits180 = useRecentVisits(stats.memberId, addDays(today, -180));
  const windowSpend = spend ? spend.rollingSpend : cents(stats.lifetimeSpend);
  const v = memberLifetimeValue(windowSpend, programme.tierRules.windowMonths, programme);
  const settings = valueSettings(programme);
  const money = (c: number) => formatMoney(c, currency, t.lang);
  const last = stats.lastPurchaseAt === null ? null : daysBetween(localDate(stats.lastPurchaseAt, timeZone), today);
  return (
    <section className="tile" aria-label={t('member.value')}>
      <h2>{t('member.value')}</h2>
      <dl className="facts">
        <dt>{t('member.rfm.recency')}</dt>
        <dd data-testid="rfm-recency">{last === null ? t('member.rfm.never') : t('member.rfm.daysAgo', { days: formatNumber(last, t.lang) })}</dd>
        <dt>{t('member.rfm.frequency')}</dt><dd data-testid="rfm-frequency">{formatNumber(visits180 ?? 0, t.lang)}</dd>
        <dt>{t('member.rfm.money')}</dt><dd data-testid="rfm-money">{money(v.yearlySpend)}</dd>
        <dt>{t('member.lifetimeValue')}</dt><dd data-testid="lifetime-value">{money(v.value)}</dd>
      </dl>
      <p className="muted">{t('member.lifetimeValue.how', {
        profit: money(v.yearlyProfit), margin: settings.marginPct, years: formatNumber(settings.expectedYearsTenths / 10, t.lang),
      })}</p>
    </section>
  );
}
