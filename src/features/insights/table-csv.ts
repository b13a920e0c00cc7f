/**
 * [I1a] What an insight's CSV holds: the table as the owner reads it on screen, not its codes. A member
 * is their name and masked phone (F2), never an id; money is decimal yuan ("150.00", the column headed
 * with the currency), so a spreadsheet sums it; coded cells (tier, grade, customer, task kind) carry the
 * names the screen shows; headers are in the screen's language.
 */
import type { Cell, TableData } from '../../domain/insights/csv';
import { centsToInput } from '../../i18n/format';

export interface CsvLabels {
  /** A column's header as the screen shows it. */
  head: (column: string) => string;
  names?: Record<string, string>;
  /** Masked phones of the members the table names. */
  phones?: Record<string, string>;
  labels?: Record<string, (code: string) => string>;
  currency: string;
  nameHead: string;
  phoneHead: string;
}

export function readableTable(table: TableData, l: CsvLabels): Cell[][] {
  const header = table.columns.flatMap((c): Cell[] => {
    if (c === 'memberId') return [l.nameHead, l.phoneHead];
    return [c.endsWith('Cents') ? `${l.head(c)} (${l.currency})` : l.head(c)];
  });
  const rows = table.rows.map((r) => r.flatMap((v, k): Cell[] => {
    const column = table.columns[k] ?? '';
    if (column === 'memberId') return typeof v === 'string' ? [l.names?.[v] ?? '', l.phones?.[v] ?? ''] : ['', ''];
    if (typeof v === 'number' && column.endsWith('Cents')) return [centsToInput(v)];
    if (typeof v === 'string') return [l.labels?.[column]?.(v) ?? v];
    return [v];
  }));
  return [header, ...rows];
}
