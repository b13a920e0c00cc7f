/** Sample products and members for "try the demo": Chinese and Latin names, real-looking phones. */
import type { Cents } from '../../domain/money';
import type { Product } from '../../domain/records';

type P = [sku: string, barcode: string, name: string, category: string, price: number, quickKey: boolean, noEarn?: boolean];

const PRODUCTS: P[] = [
  ['MLK-01', '6901234567001', '婴儿奶粉 900g', '奶粉', 29800, true, true],
  ['DPR-01', '6901234567002', '纸尿裤 L 码', '纸尿裤', 12900, true],
  ['DPR-02', '6901234567003', '纸尿裤 XL 码', '纸尿裤', 13900, true],
  ['WIP-01', '6901234567004', '湿巾 80 抽', '日用', 1590, true],
  ['BOT-01', '6901234567005', '奶瓶 240ml', '用品', 8900, true],
  ['TOY-01', '6901234567006', '摇铃玩具', '玩具', 3900, true],
  ['CLO-01', '6901234567007', '连体衣', '服装', 15900, true],
  ['SNK-01', '6901234567008', '米饼 50g', '零食', 1280, true],
  ['SNK-02', '6901234567009', '果泥 90g', '零食', 990, true],
  ['GFT-01', '6901234567010', '礼品卡 ¥100', '礼品卡', 10000, false, true],
];

/** The demo cashier's PIN (the demo owner's is 1234); both are in the setup screen's hint and the README. */
export const DEMO_CASHIER_PIN = '1111';

export function demoProducts(newId: () => string): Product[] {
  return PRODUCTS.map(([sku, barcode, name, category, price, quickKey, noEarn]) => ({
    id: newId(), sku, barcode, name, category, price: price as Cents, noEarn: noEarn ?? false, active: true, quickKey,
  }));
}

export const DEMO_MEMBERS: { name: string; phone: string; birthday: string | null }[] = [
  { name: '张三', phone: '13812345678', birthday: '1990-03-15' },
  { name: '李娜', phone: '13987654321', birthday: '--11-02' },
  { name: '王芳', phone: '13700001234', birthday: null },
  { name: '陈静', phone: '15011112222', birthday: '1988-12-01' },
  { name: '刘洋', phone: '18622223333', birthday: null },
  { name: '赵敏', phone: '13655556666', birthday: '1995-07-20' },
  { name: 'Zoe Smith', phone: '13533334444', birthday: '1992-11-22' },
  { name: 'Li Wei', phone: '15977778888', birthday: null },
  { name: 'Anna Müller', phone: '17766665555', birthday: '1985-05-05' },
  { name: '周杰', phone: '18899990000', birthday: null },
];
