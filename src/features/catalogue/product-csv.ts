/**
 * Products from CSV (columns sku, barcode, name, category, price; a header row is recognised and
 * skipped). Each bad row is reported with its line number and nothing of it is saved; good rows
 * keep the id of an existing product with the same SKU, so importing twice updates, not duplicates.
 */
import { parseAmount } from '../../domain/money';
import type { Product } from '../../domain/records';
import { parseCsv } from '../../domain/import/csv-parse';

export interface ImportProblem { line: number; code: 'sku' | 'price' | 'name' | 'csv' }

export interface ParsedProducts { products: Omit<Product, 'id'>[]; problems: ImportProblem[] }

export function parseProductCsv(text: string): ParsedProducts {
  const problems: ImportProblem[] = [];
  const products: Omit<Product, 'id'>[] = [];
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    const line = typeof e === 'object' && e && 'line' in e && typeof e.line === 'number' ? e.line : 1;
    return { products, problems: [{ line, code: 'csv' }] };
  }
  rows.forEach((row, i) => {
    const [sku = '', barcode = '', name = '', category = '', price = ''] = row.cells.map((f) => f.trim());
    if (i === 0 && sku.toLowerCase() === 'sku') return;
    if (row.cells.every((f) => f.trim() === '')) return;
    const line = row.line;
    if (!sku) { problems.push({ line, code: 'sku' }); return; }
    if (!name) { problems.push({ line, code: 'name' }); return; }
    const cents = parseAmount(price);
    if (cents === null || cents < 0) { problems.push({ line, code: 'price' }); return; }
    products.push({ sku, barcode: barcode || null, name, category, price: cents, noEarn: false, active: true, quickKey: false });
  });
  return { products, problems };
}
