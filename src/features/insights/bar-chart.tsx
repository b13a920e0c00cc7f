/**
 * Small bar and line charts in plain SVG. The dashboard's charts are a dozen bars at most, and
 * every one has its table beside it, so a few lines of SVG do what a charting library would,
 * at no bundle cost and with no canvas (the numbers stay readable by screen readers via the table).
 */
export interface Series {
  name: string;
  values: number[];
}

const W = 480, H = 160, PAD = 24;
const COLOURS = ['#2f6f5e', '#d9822b', '#6b5bd6'];
const LINE = '#c0392b';

export function BarChart({ title, labels, series, line }: { title: string; labels: string[]; series: Series[]; line?: Series }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values), ...(line?.values ?? []));
  const groupW = (W - PAD) / Math.max(1, labels.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const y = (v: number) => H - PAD - ((H - 2 * PAD) * v) / max;
  const legend = [...series.map((s, k) => ({ name: s.name, colour: COLOURS[k % COLOURS.length] ?? '#000' })), ...(line ? [{ name: line.name, colour: LINE }] : [])];
  return (
    <figure className="chart-figure">
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} width="100%" preserveAspectRatio="xMidYMid meet">
      <line x1={PAD} y1={H - PAD} x2={W} y2={H - PAD} stroke="#999" />
      {labels.map((label, i) => (
        <g key={label}>
          {series.map((s, k) => {
            const v = s.values[i] ?? 0;
            return <rect key={s.name} x={PAD + i * groupW + k * barW} y={y(v)} width={barW - 1} height={H - PAD - y(v)} fill={COLOURS[k % COLOURS.length]} />;
          })}
          {labels.length <= 14 && <text x={PAD + i * groupW} y={H - 8} fontSize="9">{label}</text>}
        </g>
      ))}
      {line && (
        <polyline fill="none" stroke={LINE} strokeWidth="2"
          points={line.values.map((v, i) => `${PAD + i * groupW + groupW / 2},${y(v)}`).join(' ')} />
      )}
    </svg>
    {/* Which colour is which: the table below has the same numbers with named columns. */}
    {legend.length > 1 && (
      <figcaption className="chart-legend" aria-hidden="true">
        {legend.map((l) => <span key={l.name}><i style={{ background: l.colour }} />{l.name}</span>)}
      </figcaption>
    )}
    </figure>
  );
}
