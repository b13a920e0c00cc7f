import { describe, expect, it } from 'vitest';
import { parseProductCsv } from '../../src/features/catalogue/product-csv';

describe('catalogue CSV import', () => {
  it('[UI-C1] reads sku, barcode, name, category, price (header skipped) into whole cents', () => {
    const r = parseProductCsv('sku,barcode,name,category,price\nMLK-1,6901,"Milk, 1L",Dairy,12.50\nTEA-1,,Tea,Drinks,8\n');
    expect(r.problems).toEqual([]);
    expect(r.products.map((p) => [p.sku, p.barcode, p.name, p.price])).toEqual([['MLK-1', '6901', 'Milk, 1L', 1250], ['TEA-1', null, 'Tea', 800]]);
  });

  it('[UI-C1] refuses a row with a bad price or no SKU, naming its line, and keeps the good rows', () => {
    const r = parseProductCsv('A1,,Apple,Fruit,3.999\n,,Pear,Fruit,2\nB1,,Banana,Fruit,-1\nC1,,Cherry,Fruit,20\n');
    expect(r.problems).toEqual([{ line: 1, code: 'price' }, { line: 2, code: 'sku' }, { line: 3, code: 'price' }]);
    expect(r.products.map((p) => p.sku)).toEqual(['C1']);
  });
});
