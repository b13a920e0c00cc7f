/**
 * One dashboard chart: a canvas drawn by uPlot, named by its summary (role="img"), with a legend.
 * uPlot is imported only here, on demand (`draw-chart.ts`), so it is a chunk of its own fetched when
 * the dashboard opens — never part of the till's first bundle — and precached for offline use.
 * Where the page cannot draw (no matchMedia/ResizeObserver: jsdom in the UI tests), the figure, its
 * name and legend are still there and the table beside it has the numbers.
 */
import { useEffect, useRef } from 'react';
import { useSession } from '../../app/session-store';
import { useT } from '../../i18n/use-t';
import type { ChartSpec } from './chart-specs';

function canDraw(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && typeof ResizeObserver === 'function';
}

export function Chart({ spec }: { spec: ChartSpec }) {
  const t = useT();
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const host = useRef<HTMLDivElement>(null);
  // The spec is rebuilt on every render; redraw only when what it shows changes.
  const key = JSON.stringify([spec.labels, spec.unit, spec.series]);

  useEffect(() => {
    const el = host.current;
    if (!el || !canDraw()) return;
    let live = true;
    let dispose: (() => void) | undefined;
    import('./draw-chart')
      .then(({ drawChart }) => { if (live) dispose = drawChart(el, spec, t.lang, currency); })
      .catch(() => undefined); // the table beside the chart still has every number
    return () => { live = false; dispose?.(); };
    // `key` stands for `spec`'s content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, t.lang, currency]);

  return (
    <figure className="chart-figure">
      <div ref={host} className="chart" role="img" aria-label={spec.summary} />
      <ul className="chart-legend" aria-label={t('insights.chart.legend')}>
        {spec.series.map((s) => (
          <li key={s.name}>
            <i className={`swatch swatch-${s.kind} swatch-${s.colour}`} aria-hidden="true" />{s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
