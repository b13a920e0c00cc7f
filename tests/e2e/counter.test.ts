// The counter end to end in real Chromium at tablet size with touch, offline from a cold start
// (issue #3 "Tests"), in English and in Chinese.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  goOffline, launchChromium, newTabletContext, screenshot, waitForServiceWorkerReady,
} from '../support/browser';
import type { TestLocale } from '../support/browser';
import {
  addFreeAmount, definitionNumber, langOf, msg, msgPattern, payByWeChat, readNumber, searchBox, setUpStore, shownNumber,
} from './till';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe.each<TestLocale>(['en-US', 'zh-CN'])('the counter offline (%s)', (locale) => {
  const lang = langOf(locale);

  it('[#3 counter] offline from a cold start: enroll at a first purchase, find by the last four digits, tier discount and redemption, receipt, return, balances', async () => {
    const context = await newTabletContext(browser, { baseURL: baseUrl, locale });
    const page = await context.newPage();
    try {
      await page.goto('/', { waitUntil: 'load' });
      await waitForServiceWorkerReady(page);
      await goOffline(context);
      await page.reload({ waitUntil: 'load' });
      await setUpStore(page, lang);
      await screenshot(page, `${locale}-1-counter`);

      // Sale 1: a first purchase; the customer joins at the till.
      await addFreeAmount(page, lang, lang === 'en' ? 'Wool coat' : '羊毛大衣', '1280.00');
      await page.getByRole('button', { name: msg(lang, 'enroll.open') }).click();
      const name = lang === 'en' ? 'Zoe Smith' : '张三';
      await page.getByLabel(msg(lang, 'enroll.phone')).fill('13912345678');
      await page.getByLabel(msg(lang, 'enroll.name'), { exact: true }).fill(name);
      await page.getByLabel(msg(lang, 'enroll.consent')).check();
      await screenshot(page, `${locale}-2-enroll-form`);
      await page.getByRole('button', { name: msg(lang, 'enroll.submit') }).click();
      const welcome = await readNumber(page, 'member-points');
      expect(welcome, 'the enrolment bonus counts at once').toBeGreaterThan(0);
      await screenshot(page, `${locale}-3-first-sale`);
      await payByWeChat(page, lang);
      const earned1 = await readNumber(page, 'receipt-earned');
      const balance1 = await readNumber(page, 'receipt-balance');
      expect(earned1, 'the first sale earns points').toBeGreaterThan(0);
      expect(balance1).toBe(welcome + earned1);
      await screenshot(page, `${locale}-4-first-receipt`);
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, `${locale}-5-first-receipt-print`);
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      // Sale 2: found by the last four digits of the phone, with the points shown in the results.
      await searchBox(page, lang).fill('5678');
      const row = page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) });
      await row.waitFor({ state: 'visible' });
      expect(await row.innerText()).toContain('139****5678');
      expect(shownNumber((await row.innerText()).split('\n').pop() ?? '')).toBe(balance1);
      await screenshot(page, `${locale}-6-found-by-last4`);
      await row.click();
      expect(await readNumber(page, 'card-points')).toBe(balance1);
      await screenshot(page, `${locale}-7-member-card`);

      // Sale 2: the member's tier discount applies and they pay part with points.
      await page.getByRole('button', { name: msg(lang, 'member.useForSale') }).click();
      const scarf = lang === 'en' ? 'Silk scarf' : '丝巾';
      const gloves = lang === 'en' ? 'Gloves' : '手套';
      await addFreeAmount(page, lang, scarf, '200.00');
      await addFreeAmount(page, lang, gloves, '80.00');
      const quote = page.getByRole('region', { name: msg(lang, 'checkout.due') });
      await expect.poll(() => quote.innerText()).toMatch(msgPattern(lang, 'rc.discount.tier'));
      const redeem = 100;
      await page.getByRole('textbox', { name: msg(lang, 'checkout.redeem') }).fill(String(redeem));
      const redeemLine = msg(lang, 'checkout.redeemValue', { points: redeem, amount: '' }).trim();
      await expect.poll(() => quote.innerText()).toContain(redeemLine);
      await screenshot(page, `${locale}-8-second-sale-quote`);
      await payByWeChat(page, lang);
      const earned2 = await readNumber(page, 'receipt-earned');
      const balance2 = await readNumber(page, 'receipt-balance');
      expect(await definitionNumber(page, msg(lang, 'receipt.redeemed'))).toBe(redeem);
      expect(balance2).toBe(balance1 - redeem + earned2);
      const receiptNo = (await page.getByText(msgPattern(lang, 'receipt.no')).first().innerText()).split(/\s+/).pop() ?? '';
      await screenshot(page, `${locale}-9-second-receipt`);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      // A return within the window: the gloves come back; points earned on them are taken back and
      // the points redeemed on them given back.
      await page.getByRole('button', { name: msg(lang, 'nav.returns') }).click();
      await page.getByLabel(msg(lang, 'returns.find')).fill(receiptNo);
      await page.getByRole('button', { name: msg(lang, 'returns.findButton') }).click();
      await page.getByRole('button', { name: msg(lang, 'checkout.increase', { name: gloves }) }).click();
      await expect.poll(async () => shownNumber(await page.getByTestId('return-refund').innerText())).toBeGreaterThan(0);
      const reversed = await definitionNumber(page, msg(lang, 'returns.pointsReversed'));
      const restored = await definitionNumber(page, msg(lang, 'returns.pointsRestored'));
      expect(reversed, 'points earned on the gloves are taken back').toBeGreaterThan(0);
      expect(restored, 'points redeemed on the gloves are given back').toBeGreaterThan(0);
      await screenshot(page, `${locale}-10-return`);
      await page.getByRole('button', { name: msgPattern(lang, 'returns.confirm') }).click();
      await page.getByText(msgPattern(lang, 'returns.done')).first().waitFor();

      // Every balance right: the member card shows what the receipts and the return add up to.
      await searchBox(page, lang).fill('5678');
      await page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) }).click();
      expect(await readNumber(page, 'card-points')).toBe(balance2 - reversed + restored);
      await screenshot(page, `${locale}-11-member-after-return`);
    } finally {
      await context.close();
    }
  });
});
