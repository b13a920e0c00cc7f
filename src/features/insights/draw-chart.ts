/**
 * Draws a ChartSpec with uPlot (canvas): categories 0…n−1 along x, labelled with the spec's labels;
 * bars side by side when there are two bar series; a line with points for a line series. No cursor,
 * zoom or hover legend: a tablet has no hover, and the numbers are in the table. Colours come from
 * the till's CSS variables. The chart follows its box's width (ResizeObserver), so it reads at
 * 1024×768 and 768×1024. Loaded on demand by chart.tsx only.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartColour, ChartSpec } from './chart-specs';
import { currencyDigits } from '../../i18n/format';

const HEIGHT = 240;
const FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "PingFang SC", sans-serif';
const FALLBACK: Record<ChartColour | 'text' | 'line', string> = {
  accent: '#0f6e5a', brand: '#b4232c', warn: '#9a6200', text: '#1d1b1a', line: '#ddd6cf',
};
/** Steps between y gridlines: whole numbers for counts (× 100 for money in cents). */
const STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 2.5e5, 5e5, 1e6, 2e6, 5e6, 1e7, 1e8];

function yFormat(unit: ChartSpec['unit'], lang: string, currency: string): (v: number) => string {
  if (unit === 'percent') return (v) => `${new Intl.NumberFormat(lang).format(v)}%`;
  if (unit === 'money') {
    const f = new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 });
    const minor = 10 ** currencyDigits(currency); // amounts are in the currency's minor unit (fen)
    return (v) => f.format(v / minor);
  }
  const f = new Intl.NumberFormat(lang);
  return (v) => f.format(v);
}

/** Indices of the categories to label, spaced so their text does not overlap. */
function xSplits(labels: string[], plotWidth: number): number[] {
  const widest = Math.max(1, ...labels.map((l) => l.length));
  const each = widest * 8 + 12;
  const step = Math.max(1, Math.ceil((labels.length * each) / Math.max(1, plotWidth)));
  const out: number[] = [];
  for (let i = 0; i < labels.length; i += step) out.push(i);
  return out;
}

/** Draws into `el` and returns what undoes it. */
export function drawChart(el: HTMLElement, spec: ChartSpec, lang: string, currency: string): () => void {
  const style = getComputedStyle(el);
  const colour = (c: ChartColour | 'text' | 'line') => style.getPropertyValue(`--${c}`).trim() || FALLBACK[c];
  const n = spec.labels.length;
  const bars = spec.series.filter((s) => s.kind === 'bar');
  const format = yFormat(spec.unit, lang, currency);
  const max = Math.max(0, ...spec.series.flatMap((s) => s.values));
  const yMax = spec.unit === 'percent' ? 100 : Math.max(spec.unit === 'money' ? 100 : 1, uPlot.rangeNum(0, max, 0.1, true)[1] ?? max);
  const barSeries = (colourOf: ChartColour, k: number): uPlot.Series => ({
    stroke: colour(colourOf), fill: colour(colourOf), width: 0, points: { show: false },
    paths: uPlot.paths.bars?.({
      size: [bars.length > 1 ? 0.42 : 0.6, 64, 1],
      align: bars.length > 1 ? (k === 0 ? -1 : 1) : 0,
    }),
  });
  const lineSeries = (colourOf: ChartColour): uPlot.Series => ({
    stroke: colour(colourOf), width: 2.5, points: { show: true, size: 7, fill: colour(colourOf), stroke: colour(colourOf) },
  });
  const axisBase = { stroke: colour('text'), font: FONT, ticks: { show: false } };
  const opts: uPlot.Options = {
    width: Math.max(240, el.clientWidth),
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false, drag: { x: false, y: false, setScale: false } },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0, n - 1) + 0.5] },
      y: { range: () => [0, yMax] },
    },
    axes: [
      {
        ...axisBase, grid: { show: false },
        splits: (u) => xSplits(spec.labels, u.bbox.width / uPlot.pxRatio),
        values: (_u, splits) => splits.map((i) => spec.labels[i] ?? ''),
      },
      {
        ...axisBase, grid: { stroke: colour('line'), width: 1 },
        incrs: spec.unit === 'money' ? STEPS.map((s) => s * 100) : STEPS,
        values: (_u, splits) => splits.map(format),
        size: (_u, values) => Math.max(40, ...(values ?? []).map((v) => v.length * 8 + 14)),
      },
    ],
    series: [{}, ...spec.series.map((s) => (s.kind === 'bar' ? barSeries(s.colour, bars.indexOf(s)) : lineSeries(s.colour)))],
  };
  const data: uPlot.AlignedData = [spec.labels.map((_, i) => i), ...spec.series.map((s) => s.values)];
  const plot = new uPlot(opts, data, el);
  let width = el.clientWidth;
  const resize = new ResizeObserver(() => {
    if (el.clientWidth === width || el.clientWidth === 0) return;
    width = el.clientWidth;
    plot.setSize({ width: Math.max(240, width), height: HEIGHT });
  });
  resize.observe(el);
  return () => {
    resize.disconnect();
    plot.destroy();
  };
}
