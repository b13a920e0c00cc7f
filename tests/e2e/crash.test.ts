// Killing the till in the middle of a checkout commit (issue #3 "Tests"; DESIGN "one transaction per
// user action"): the renderer is crashed or the tab closed at small, varied delays after "Confirm
// payment", many times; after each, the reopened till's database holds each sale whole or not at all.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newTabletContext, screenshot } from '../support/browser';
import { chromiumForFile } from './chromium';
import { auditTill } from './idb-audit';
import {
  addFreeAmount, attachMember, enrollAtCheckout, msg, msgPattern, openTill, payByWeChat, readNumber, setUpStore,
} from './till';

const baseUrl = inject('baseUrl');
const lang = 'en';
/** Milliseconds between the tap on "Confirm payment" and the kill, spread over a commit's length. */
const DELAYS = [0, 1, 2, 4, 6, 9, 13, 18, 25, 35, 50, 80];
const chromium = chromiumForFile();

async function kill(page: Page, how: 'crash' | 'close'): Promise<void> {
  if (how === 'close') {
    await page.close({ runBeforeUnload: false });
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  // Page.crash never answers: the renderer is gone before it could.
  void cdp.send('Page.crash').catch(() => undefined);
  await page.waitForEvent('crash', { timeout: 10_000 }).catch(() => undefined);
  await page.close().catch(() => undefined);
}

describe('a checkout interrupted by a crash', () => {
  it('[#3 atomic] leaves every sale whole or absent, and every balance the sum of its entries, over many kills', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    try {
      let page = await context.newPage();
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);
      await addFreeAmount(page, lang, 'Wool coat', '1280.00');
      await enrollAtCheckout(page, lang, '13700001234', 'Kim Lee');
      await payByWeChat(page, lang);
      await page.close();

      const outcomes: string[] = [];
      for (const [round, delay] of DELAYS.entries()) {
        page = await context.newPage();
        await openTill(page, lang);
        const before = await auditTill(page);
        expect(before.problems).toEqual([]);
        await attachMember(page, lang, '1234', 'Kim Lee');
        await addFreeAmount(page, lang, `Item ${round}`, `${20 + round}.00`);
        if (round % 2 === 1) await page.getByRole('textbox', { name: msg(lang, 'checkout.redeem') }).fill('100');
        await page.getByRole('button', { name: msgPattern(lang, 'checkout.pay') }).click();
        await page.getByRole('radio', { name: msg(lang, 'pay.wechat') }).click();
        await page.getByRole('button', { name: msg(lang, 'pay.confirm') }).click();
        await new Promise((r) => setTimeout(r, delay));
        await kill(page, round % 2 === 0 ? 'crash' : 'close');

        page = await context.newPage();
        await openTill(page, lang);
        const after = await auditTill(page);
        expect(after.problems, `round ${round}, killed ${delay} ms after paying`).toEqual([]);
        expect(after.sales - before.sales, 'a sale is recorded once or not at all').toBeGreaterThanOrEqual(0);
        expect(after.sales - before.sales).toBeLessThanOrEqual(1);
        outcomes.push(after.sales > before.sales ? 'kept' : 'absent');
        await page.close();
      }
      // The member card agrees with the ledger after all of it.
      page = await context.newPage();
      await openTill(page, lang);
      await attachMember(page, lang, '1234', 'Kim Lee');
      const shown = await readNumber(page, 'member-points');
      const audit = await auditTill(page);
      expect(audit.problems).toEqual([]);
      expect(shown).toBeGreaterThan(0);
      await screenshot(page, 'crash-after-all-rounds');
      console.log(`[#3 atomic] ${DELAYS.length} kills: ${outcomes.filter((o) => o === 'kept').length} sales kept whole, ${outcomes.filter((o) => o === 'absent').length} absent`);
    } finally {
      await context.close();
    }
  }, 300_000);
});
