/**
 * The owner's dashboard (issue #5): computed in the insights worker from local data, shown as
 * charts with their numbers as tables, each exportable as CSV with a manager's PIN. Lazy-loaded,
 * so neither this screen nor its charts are in the till's first bundle.
 */
import { useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { DEFAULT_CARE_SETTINGS } from '../../domain/care/settings';
import { redeemValue } from '../../domain/redeem';
import type { Period } from '../../domain/insights/summaries';
import { addMonths, localDate, startOfMonth } from '../../domain/time';
import type { MessageKey } from '../../i18n/en';
import { formatMoney, formatNumber } from '../../i18n/format';
import { hasKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { useCareDb } from '../care/care-db';
import { Chart } from './chart';
import { distributionChart, membersByPeriodChart, paretoChart, pointsChart, salesMixChart } from './chart-specs';
import { InsightSection } from './insight-section';
import { ReferralsSection } from './referrals-section';
import { useInsights } from './use-insights';
import './insights.css';

export default function InsightsScreen() {
  const t = useT();
  const { now } = useServices();
  const db = useCareDb();
  const store = useSession((s) => s.store);
  const programme = useProgramme((p) => p);
  const role = useSession((s) => s.staff?.role);
  const timeZone = store?.timeZone ?? 'Asia/Shanghai';
  const currency = store?.currency ?? 'CNY';
  const [today] = useState(() => localDate(now(), timeZone));
  const [period, setPeriod] = useState<Period>('month');
  const state = useInsights(db, {
    today, timeZone, from: startOfMonth(addMonths(today, -11)), to: today, period,
    vipTierIds: DEFAULT_CARE_SETTINGS.vipTierIds, programme,
  });

  if (!hasRole(role, 'manager')) return <p className="error" role="alert">{t('insights.managersOnly')}</p>;
  if (state.phase === 'loading') {
    return <p className="loading" role="status">{t('insights.loading', { rows: formatNumber(state.read, t.lang) })}</p>;
  }
  if (state.phase === 'error') return <p className="error" role="alert">{t('error.generic', { message: state.message })}</p>;
  const r = state.result;
  const money = (c: number) => formatMoney(c, currency, t.lang);
  const tierName = (id: string) => (id === '' ? t('insights.noTier') : programme.tiers.find((x) => x.id === id)?.name ?? id);
  const gradeName = (grade: string) => grade || t('members.noGrade');
  const customerName = (c: string) => (c === 'member' ? t('insights.chart.mix.member') : c === 'walk-in' ? t('insights.chart.mix.walkIn') : c);
  const kindName = (kind: string) => (hasKey(t.lang, `care.kind.${kind}`) ? t(`care.kind.${kind}` as MessageKey) : kind);

  return (
    <section aria-label={t('insights.title')}>
      <h1>{t('insights.title')}</h1>
      <div className="choice-row" role="radiogroup" aria-label={t('insights.period')}>
        {(['day', 'week', 'month'] as const).map((p) => (
          <button key={p} type="button" role="radio" aria-checked={period === p} className={period === p ? 'chip chip-on' : 'chip'}
            onClick={() => setPeriod(p)}>{t(`insights.period.${p}`)}</button>
        ))}
      </div>
      <InsightSection id="members-by-period" title={t('insights.membersByPeriod')} table={r.membersByPeriod.table}>
        <Chart spec={membersByPeriodChart(r.membersByPeriod, t(`insights.chart.per.${period}`), t)} />
      </InsightSection>
      <InsightSection id="repeat-rate" title={t('insights.repeat')} table={r.repeat.table}>
        <p className="big-number">{t('insights.repeatRate', { percent: r.repeat.ratePct, repeated: r.repeat.repeated, first: r.repeat.firstTimers })}</p>
      </InsightSection>
      <InsightSection id="sales-mix" title={t('insights.mix')} table={r.mix.table} labels={{ customer: customerName }}>
        <p className="big-number">{t('insights.memberShare', { percent: r.mix.memberSharePct, member: money(r.mix.memberTicket), walkIn: money(r.mix.walkInTicket) })}</p>
        <Chart spec={salesMixChart(r.mix, currency, t)} />
      </InsightSection>
      <InsightSection id="tiers" title={t('insights.tiers')} table={r.distribution.tiers} labels={{ tier: tierName }}>
        <Chart spec={distributionChart(r.distribution.tiers.rows, tierName, t('insights.tiers'), t)} />
      </InsightSection>
      <InsightSection id="grades" title={t('insights.grades')} table={r.distribution.grades} labels={{ grade: gradeName }}>
        <Chart spec={distributionChart(r.distribution.grades.rows, gradeName, t('insights.grades'), t)} />
      </InsightSection>
      <InsightSection id="pareto" title={t('insights.pareto')}
        table={{ columns: ['membersPercent', 'spendPercent'], rows: r.spend.pareto.map((x) => [x.membersPct, x.spendPct]) }}>
        <p className="big-number">{t('insights.top', { count: r.spend.top.count, percent: r.spend.top.sharePct, spend: money(r.spend.top.spend) })}</p>
        <Chart spec={paretoChart(r.spend.pareto, t)} />
      </InsightSection>
      <InsightSection id="lifetime-value" title={t('insights.ranking')} table={r.spend.table} names={r.names} phones={r.phones} />
      <InsightSection id="points" title={t('insights.points')} table={r.points.table}>
        <p className="big-number">{t('insights.liability', { points: formatNumber(r.points.owed, t.lang), amount: money(r.points.liability) })}</p>
        {r.points.overdrawn.length > 0 && (
          <p>{t.plural('insights.overdrawn', r.points.overdrawn.length, { count: r.points.overdrawn.length, points: formatNumber(r.points.overdrawnPoints, t.lang),
            amount: money(redeemValue(r.points.overdrawnPoints, programme)) })}</p>
        )}
        <Chart spec={pointsChart(r.points, t)} />
      </InsightSection>
      {r.points.overdrawn.length > 0 && (
        <InsightSection id="overdrawn" title={t('insights.overdrawnTitle')} table={r.points.overdrawnTable} names={r.names} phones={r.phones} />
      )}
      <InsightSection id="follow-up" title={t('insights.followUp')} table={r.followUp.table} labels={{ kind: kindName }} />
      <InsightSection id="cohorts" title={t('insights.cohorts')} table={r.cohorts.table} heat={(c) => c.startsWith('month')} />
      <ReferralsSection referrals={r.referrals} names={r.names} phones={r.phones} />
    </section>
  );
}
