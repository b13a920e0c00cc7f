// The open sale kept on the tablet (docs/ui-spec.md UI-K1), in real Chromium: a reload, and a page
// killed without warning, find the cart again on the counter.
import { describe, expect, inject, it } from 'vitest';
import { newTabletContext, screenshot } from '../support/browser';
import { chromiumForFile } from './chromium';
import { addFreeAmount, attachMember, enrollAtCheckout, msg, openTill, payByWeChat, setUpStore } from './till';

const baseUrl = inject('baseUrl');
const chromium = chromiumForFile();
const lang = 'en';

describe('the open sale survives a reload and a crash', () => {
  it('[UI-K1] a cart with lines and a member is on the counter after a reload and after the page is killed', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    let page = await context.newPage();
    try {
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);
      await addFreeAmount(page, lang, 'Tea', '30.00');
      await enrollAtCheckout(page, lang, '13955557777', 'Kim Lee');
      await payByWeChat(page, lang);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      await addFreeAmount(page, lang, 'Wool coat', '1280.00');
      await addFreeAmount(page, lang, 'Scarf', '200.00');
      await attachMember(page, lang, '7777', 'Kim Lee');
      const cart = () => page.getByRole('list', { name: msg(lang, 'checkout.cart') }).innerText();
      const member = () => page.getByRole('region', { name: msg(lang, 'checkout.member') }).innerText();

      await page.reload({ waitUntil: 'load' });
      await openTill(page, lang);
      await expect.poll(cart, { timeout: 15_000 }).toContain('Wool coat');
      expect(await cart()).toContain('Scarf');
      await expect.poll(member).toContain('Kim Lee');
      await screenshot(page, 'open-sale-after-reload');

      // A crash: the page goes without unload handlers; another page of the till opens.
      await addFreeAmount(page, lang, 'Gloves', '80.00');
      await page.close({ runBeforeUnload: false });
      page = await context.newPage();
      await openTill(page, lang);
      await expect.poll(cart, { timeout: 15_000 }).toContain('Gloves');
      expect(await cart()).toContain('Wool coat');
      await expect.poll(member).toContain('Kim Lee');
      await screenshot(page, 'open-sale-after-crash');
    } finally {
      await context.close();
    }
  });
});
