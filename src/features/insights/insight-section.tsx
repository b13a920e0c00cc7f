/**
 * One insight: its heading, an optional chart, the same numbers as a table, and a CSV export
 * (manager PIN, audited). Columns named `…Cents` are shown as money (exported as decimal yuan);
 * a `memberId` column is shown as the member's name (exported as name and masked phone); `labels`
 * names other coded columns (a tier id as the tier's name), on screen and in the CSV (I1a).
 */
import type { CSSProperties, ReactNode } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import { toCsv, type Cell, type TableData } from '../../domain/insights/csv';
import type { MessageKey } from '../../i18n/en';
import { formatMoney, formatNumber } from '../../i18n/format';
import { hasKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { exportCsv } from './export-csv';
import { readableTable } from './table-csv';

interface Props {
  id: string;
  title: string;
  table: TableData;
  names?: Record<string, string>;
  /** Masked phones of the members a `memberId` column names (in the CSV beside the name). */
  phones?: Record<string, string>;
  labels?: Record<string, (code: string) => string>;
  /** Columns of percentages shaded by value (a heat table: cohort retention); the number stays the cell's text. */
  heat?: (column: string) => boolean;
  children?: ReactNode;
}

export function InsightSection({ id, title, table, names, phones, labels, heat, children }: Props) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const currency = useSession((s) => s.store?.currency ?? 'CNY');
  const head = (c: string) => {
    const month = /^month(\d+)$/.exec(c); // cohort retention: month 0 is the month they joined
    if (month) return t('insights.col.monthN', { n: month[1] ?? '' });
    const key = `insights.col.${c}`;
    return hasKey(t.lang, key) ? t(key as MessageKey) : c;
  };
  const cell = (column: string, v: Cell): string => {
    if (v === null) return '—';
    if (typeof v === 'number') return column.endsWith('Cents') ? formatMoney(v, currency, t.lang) : formatNumber(v, t.lang);
    if (column === 'memberId') return names?.[v] ?? v;
    return labels?.[column]?.(v) ?? v;
  };
  const onExport = async () => {
    const ok = await exportCsv({
      repos, deviceId, now, newId, subject: `insights:${id}`, fileName: `${id}.csv`,
      build: () => Promise.resolve({
        csv: toCsv(readableTable(table, { head, names, phones, labels, currency, nameHead: t('insights.col.name'), phoneHead: t('insights.col.phone') })),
        rows: table.rows.length,
      }),
    });
    if (ok) toast(t('insights.exported'));
  };
  return (
    <section className="insight" aria-label={title}>
      <h2>{title}</h2>
      {children}
      <table className="table">
        <thead><tr>{table.columns.map((c) => <th key={c} scope="col">{head(c)}</th>)}</tr></thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>{r.map((v, k) => {
              const column = table.columns[k] ?? '';
              const shade = typeof v === 'number' && heat?.(column) ? { className: 'heat', style: { '--heat': Math.min(1, Math.max(0, v / 100)) } as CSSProperties } : {};
              return <td key={k} {...shade}>{cell(column, v)}</td>;
            })}</tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-small" onClick={() => void onExport()} aria-label={t('insights.export', { name: title })}>
        {t('insights.exportShort')}
      </button>
    </section>
  );
}
