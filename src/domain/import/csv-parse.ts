/**
 * Reading CSV exported from a spreadsheet or another till (RFC 4180 plus what Excel writes):
 * a UTF-8 BOM, quoted fields with commas, quotes ("") and line breaks, CRLF / LF / CR line ends.
 * Rules M1–M2 in docs/care-spec.md. Text only: the caller decodes the file as UTF-8; GBK-encoded
 * files (older Chinese Excel) are out of scope here and must be re-saved as "CSV UTF-8".
 */

export class CsvError extends Error {
  constructor(readonly code: 'unterminated-quote' | 'text-after-quote' | 'not-utf8', readonly line: number) {
    super(`CSV ${code} at line ${line}`);
    this.name = 'CsvError';
  }
}

export interface CsvRow {
  /** 1-based line number of the row's first line in the file, for messages to the user. */
  line: number;
  cells: string[];
}

/** [M1] Splits CSV text into rows of cells. Blank lines are dropped. Throws CsvError on a broken quote. */
export function parseCsv(text: string): CsvRow[] {
  // U+FFFD is what a UTF-8 decoder writes for GBK bytes: say so rather than import mojibake.
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0) throw new CsvError('not-utf8', lineAt(text, replacement));
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' && cell === '') {
      const start = line;
      i++;
      for (;;) {
        if (i >= s.length) throw new CsvError('unterminated-quote', start);
        const c = s[i];
        if (c === '"') {
          if (s[i + 1] === '"') { cell += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
        cell += c;
        i++;
      }
      const next = s[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvError('text-after-quote', line);
      if (cell === '') cell = '\u0000'; // an explicit "" stays a cell even alone on a line
      continue;
    }
    if (ch === ',') { cells.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    cell += ch;
    i++;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows.map((r) => ({ line: r.line, cells: r.cells.map((c) => (c === '\u0000' ? '' : c)) }));
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text[i] === '\n') n++;
  return n;
}
