// Issue #15 item 1, end to end in real Chromium (loyalty-spec B1, B4, B9, B11): a member with a January
// birthday joins in December and spends ¥1,500; on 5 January (the page's clock moved with Playwright's
// clock) the cashier finds them, the card shows the birthday purchase and the cashback, and checkout
// takes 30% off with the birthday coupon.
import { describe, expect, inject, it } from 'vitest';
import { newTabletContext, screenshot } from '../support/browser';
import { chromiumForFile } from './chromium';
import { addFreeAmount, msg, msgPattern, payByWeChat, searchBox, setUpStore, signInIfAsked } from './till';

const baseUrl = inject('baseUrl');
/** 10:00 in Shanghai. */
const DECEMBER = Date.UTC(2026, 11, 10, 2, 0, 0);
const JAN_5 = Date.UTC(2027, 0, 5, 2, 0, 0);
const chromium = chromiumForFile();

describe('benefits issued when they come due', () => {
  const lang = 'en' as const;

  it('[B1][B4][B9][B11] a January birthday who spent ¥1,500 in December gets the birthday coupon and the cashback on 5 January', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.clock.install({ time: DECEMBER });
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);

      // December: the customer joins at the till (birthday in January) and buys for ¥1,500.
      const name = 'Zhou Yiyue';
      await addFreeAmount(page, lang, 'Pram', '1500.00');
      await page.getByRole('button', { name: msg(lang, 'enroll.open') }).click();
      await page.getByLabel(msg(lang, 'enroll.phone')).fill('13711112222');
      await page.getByLabel(msg(lang, 'enroll.name'), { exact: true }).fill(name);
      await page.getByLabel(msg(lang, 'enroll.birthday')).fill('1990-01-20');
      await page.getByLabel(msg(lang, 'enroll.consent')).check();
      await page.getByRole('button', { name: msg(lang, 'enroll.submit') }).click();
      await page.getByTestId('member-points').waitFor({ state: 'visible' });
      await payByWeChat(page, lang);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      // 5 January: the cashier finds the member at the counter.
      await page.clock.setSystemTime(JAN_5);
      await page.reload({ waitUntil: 'load' });
      await signInIfAsked(page, lang);
      await searchBox(page, lang).fill('2222');
      await page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) }).click();
      const due = page.getByRole('region', { name: msg(lang, 'member.dueToday') });
      await expect.poll(() => due.innerText(), { timeout: 15_000 }).toMatch(msgPattern(lang, 'member.due.birthday'));
      expect(await due.innerText()).toContain('Birthday month: a 30%-off purchase');
      expect(await due.innerText()).toContain('Cashback: ¥15.00 off a purchase');
      await screenshot(page, 'benefits-1-card-on-5-january');

      // Checkout offers the birthday coupon and takes 30% off.
      await page.getByRole('button', { name: msg(lang, 'member.useForSale') }).click();
      await addFreeAmount(page, lang, 'Dress', '100.00');
      const coupons = page.getByRole('group', { name: msg(lang, 'checkout.coupons') });
      await coupons.getByRole('checkbox', { name: /Birthday month coupon: 30% off/ }).check();
      await expect.poll(() => page.getByTestId('amount-due').innerText()).toBe('¥70.00');
      await screenshot(page, 'benefits-2-checkout-30-off');
      await payByWeChat(page, lang);
      expect(await page.getByTestId('receipt-total').innerText()).toBe('¥70.00');
    } finally {
      await context.close();
    }
  });
});
