/**
 * What each dashboard chart shows, as plain data: the categories along the bottom, the series (bars
 * or a line) with their legend names and colours, the unit of the numbers, and a one-sentence
 * summary that is the chart's accessible name (a screen reader hears it; the table beside the chart
 * has every number). Pure: no uPlot here, so the screen's chunk stays small and tests run in jsdom.
 */
import type { InsightsResult } from './compute-insights';
import { formatMoney, formatNumber } from '../../i18n/format';
import type { T } from '../../i18n/use-t';

/** The till's palette (CSS variables in src/app/styles.css); each passes 4.5:1 on white. */
export type ChartColour = 'accent' | 'brand' | 'warn';

export interface ChartSeries {
  name: string;
  kind: 'bar' | 'line';
  colour: ChartColour;
  values: number[];
}

export interface ChartSpec {
  summary: string;
  labels: string[];
  unit: 'count' | 'percent' | 'money';
  series: ChartSeries[];
}

/** "Gold 12, Silver 30 and no tier 5" in the reader's language. */
function listOf(parts: string[], lang: string): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(parts);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function membersByPeriodChart(r: InsightsResult['membersByPeriod'], period: string, t: T): ChartSpec {
  const labels = r.rows.map((x) => x.period);
  const members = r.rows.map((x) => x.newMembers);
  const vips = r.rows.map((x) => x.newVips);
  const peak = members.reduce((best, v, i) => (v > (members[best] ?? 0) ? i : best), 0);
  const n = (v: number) => formatNumber(v, t.lang);
  return {
    labels, unit: 'count',
    summary: labels.length === 0 ? t('insights.chart.empty', { title: t('insights.membersByPeriod') }) : t('insights.chart.membersByPeriod', {
      period, from: labels[0] ?? '', to: labels[labels.length - 1] ?? '', members: n(sum(members)), vips: n(sum(vips)),
      max: n(members[peak] ?? 0), at: labels[peak] ?? '',
    }),
    series: [
      { name: t('insights.col.newMembers'), kind: 'bar', colour: 'accent', values: members },
      { name: t('insights.col.newVips'), kind: 'bar', colour: 'brand', values: vips },
    ],
  };
}

/** I5: bars for each tenth of members (best customers first), and the cumulative share as a line. */
export function paretoChart(series: InsightsResult['spend']['pareto'], t: T): ChartSpec {
  const pareto = series.filter((x) => x.membersPct > 0); // the series starts at (0 %, 0 %): no bar there
  const cumulative = pareto.map((x) => x.spendPct);
  const share = cumulative.map((v, i) => Math.round((v - (i === 0 ? 0 : cumulative[i - 1] ?? 0)) * 10) / 10);
  const at = (pct: number) => pareto.find((x) => x.membersPct === pct)?.spendPct ?? 0;
  return {
    labels: pareto.map((x) => `${x.membersPct}%`), unit: 'percent',
    summary: pareto.every((x) => x.spendPct === 0) ? t('insights.chart.empty', { title: t('insights.pareto') })
      : t('insights.chart.pareto', { top10: at(10), top20: at(20) }),
    series: [
      { name: t('insights.chart.decileShare'), kind: 'bar', colour: 'accent', values: share },
      { name: t('insights.chart.cumulative'), kind: 'line', colour: 'brand', values: cumulative },
    ],
  };
}

/** I4: members per tier or per grade, from the distribution table (key, members, percent). */
export function distributionChart(rows: (string | number | null)[][], label: (key: string) => string, title: string, t: T): ChartSpec {
  const labels = rows.map((x) => label(String(x[0] ?? '')));
  const values = rows.map((x) => Number(x[1] ?? 0));
  return {
    labels, unit: 'count',
    summary: t('insights.chart.distribution', { title, parts: listOf(labels.map((l, i) => `${l} ${formatNumber(values[i] ?? 0, t.lang)}`), t.lang) }),
    series: [{ name: t('insights.col.members'), kind: 'bar', colour: 'accent', values }],
  };
}

/** I9: points issued, redeemed, expired and taken back in the period. */
export function pointsChart(p: InsightsResult['points'], t: T): ChartSpec {
  const keys = ['issued', 'redeemed', 'expired', 'takenBack'] as const;
  const n = (v: number) => formatNumber(v, t.lang);
  return {
    labels: keys.map((k) => t(`insights.col.${k}`)), unit: 'count',
    summary: t('insights.chart.points', { issued: n(p.issued), redeemed: n(p.redeemed), expired: n(p.expired), takenBack: n(p.takenBack) }),
    series: [{ name: t('insights.chart.points.series'), kind: 'bar', colour: 'accent', values: keys.map((k) => p[k]) }],
  };
}

/** I6: sales by members and by walk-ins (net of returns), in cents. */
export function salesMixChart(m: InsightsResult['mix'], currency: string, t: T): ChartSpec {
  const money = (v: number) => formatMoney(v, currency, t.lang);
  return {
    labels: [t('insights.chart.mix.member'), t('insights.chart.mix.walkIn')], unit: 'money',
    summary: t('insights.chart.mix', { member: money(m.memberSales), walkIn: money(m.walkInSales), percent: m.memberSharePct }),
    series: [{ name: t('insights.chart.mix.series'), kind: 'bar', colour: 'accent', values: [m.memberSales, m.walkInSales] }],
  };
}
