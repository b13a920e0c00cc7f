/**
 * CSV for Excel (rule I1 in docs/care-spec.md): RFC 4180 quoting, CRLF line ends, and a UTF-8 BOM
 * so that Excel on Windows reads Chinese names correctly. Cells that a spreadsheet would run as a
 * formula (=, +, -, @ at the start of a text cell) are prefixed with an apostrophe unless turned off.
 */

export type Cell = string | number | null;

export interface TableData {
  columns: string[];
  rows: Cell[][];
}

export interface CsvOptions {
  bom?: boolean;
  guardFormulas?: boolean;
}

function cellText(c: Cell, guard: boolean): string {
  if (c === null) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  const t = guard && /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
  return /[",\r\n]/.test(t) || t !== t.trim() ? `"${t.replace(/"/g, '""')}"` : t;
}

/** [I1] Rows to CSV text. */
export function toCsv(rows: readonly (readonly Cell[])[], options: CsvOptions = {}): string {
  const guard = options.guardFormulas ?? true;
  const body = rows.map((r) => r.map((c) => cellText(c, guard)).join(',')).join('\r\n');
  return (options.bom ?? true ? '\uFEFF' : '') + body + (rows.length > 0 ? '\r\n' : '');
}

/** [I1] A table (header row first) to CSV. */
export function tableToCsv(t: TableData, options: CsvOptions = {}): string {
  return toCsv([t.columns, ...t.rows], options);
}
