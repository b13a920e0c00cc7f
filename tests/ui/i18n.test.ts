import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { browserLang, registerCatalogue, translate, translatePlural } from '../../src/i18n/i18n';
import { formatMoney } from '../../src/i18n/format';
import type { Cents } from '../../src/domain/money';
import { ERROR_CODES, REASON_CODES } from '../../src/domain/codes';

registerCatalogue('en', en);
registerCatalogue('zh-CN', zhCN);

describe('i18n', () => {
  it('[UI-I1] both catalogues have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('[UI-I1] no message is empty in either language', () => {
    const empty = [...Object.entries(en), ...Object.entries(zhCN)].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('[UI-I1] every {param} of an English message is also in the Chinese one', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      return JSON.stringify(params(en[key])) !== JSON.stringify(params(zhCN[key]));
    });
    expect(differ).toEqual([]);
  });

  it('[UI-I2] fills parameters and picks plural forms', () => {
    expect(translate('en', 'tier.toNext', { amount: '¥320.00', tier: 'Gold' })).toBe('¥320.00 more to Gold');
    expect(translatePlural('en', 'header.pendingSync', 1)).toBe('1 change waiting to sync');
    expect(translatePlural('en', 'header.pendingSync', 3)).toBe('3 changes waiting to sync');
    expect(translatePlural('zh-CN', 'header.pendingSync', 3)).toBe('3 条记录待同步');
  });

  it('[UI-I3] formats integer cents as money in the store currency', () => {
    expect(formatMoney(1250 as Cents, 'CNY', 'zh-CN')).toBe('¥12.50');
    expect(formatMoney(128000 as Cents, 'CNY', 'en')).toMatch(/1,280\.00/);
  });

  it('[UI-I4] follows the browser: Chinese variants to zh-CN, English to en', () => {
    expect(browserLang(['zh-TW', 'en'])).toBe('zh-CN');
    expect(browserLang(['en-GB'])).toBe('en');
    expect(browserLang(['fr-FR'])).toBe('zh-CN');
  });

  it('[UI-I6] every reason and error code the engine emits has words in both languages', () => {
    const missing = [...REASON_CODES, ...ERROR_CODES].map((c) => `rc.${c}`).filter((k) => !(k in en) || !(k in zhCN));
    expect(missing).toEqual([]);
  });
});
