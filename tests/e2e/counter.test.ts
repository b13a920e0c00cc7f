// The counter end to end in real Chromium at tablet size with touch, offline from a cold start
// (issue #3 "Tests"), in English and in Chinese, held in landscape (1024×768) and in portrait (768×1024);
// the receipt printed on 58 mm and 80 mm paper as a cashier would check it.
import { describe, expect, inject, it } from 'vitest';
import {
  goOffline, newTabletContext, screenshot, waitForServiceWorkerReady,
} from '../support/browser';
import type { Orientation, TestLocale } from '../support/browser';
import { chromiumForFile } from './chromium';
import {
  addFreeAmount, definitionNumber, enrollAtCheckout, langOf, msg, msgPattern, payByWeChat, printReceipt, readNumber, searchBox, setUpStore, shownNumber,
} from './till';
import type { Lang, PrintedReceipt } from './till';

const baseUrl = inject('baseUrl');
const chromium = chromiumForFile();

/** A printed receipt fits its paper, nothing sticks out sideways, the points are printed, no button is. */
function expectPrintable(r: PrintedReceipt, qr: boolean, what: string): void {
  expect(Math.abs(r.width - r.paperWidth), `${what}: the receipt is as wide as the paper`).toBeLessThan(2);
  expect(r.overflowing, `${what}: nothing wider than the paper`).toEqual([]);
  expect(r.printed, `${what}: points earned, redeemed and the new balance are printed`).toEqual({ earned: true, redeemed: true, balance: true, qr });
  expect(r.printedButtons, `${what}: no button prints`).toBe(0);
}

const RUNS: Array<[TestLocale, Orientation]> = [['en-US', 'landscape'], ['zh-CN', 'landscape'], ['en-US', 'portrait'], ['zh-CN', 'portrait']];

describe.each(RUNS)('the counter offline (%s, %s)', (locale, orientation) => {
  const lang: Lang = langOf(locale);
  const shot = (page: Parameters<typeof screenshot>[0], name: string) => screenshot(page, `${locale}-${orientation}-${name}`);

  it('[#3 counter] offline from a cold start: enroll at a first purchase, find by the last four digits, tier discount and redemption, receipt, return, balances', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale, orientation });
    const page = await context.newPage();
    try {
      await page.goto('/', { waitUntil: 'load' });
      await waitForServiceWorkerReady(page);
      await goOffline(context);
      await page.reload({ waitUntil: 'load' });
      await setUpStore(page, lang);
      await shot(page, `1-counter`);

      // Sale 1: a first purchase; the customer joins at the till.
      await addFreeAmount(page, lang, lang === 'en' ? 'Wool coat' : '羊毛大衣', '1280.00');
      await page.getByRole('button', { name: msg(lang, 'enroll.open') }).click();
      const name = lang === 'en' ? 'Zoe Smith' : '张三';
      await page.getByLabel(msg(lang, 'enroll.phone')).fill('13912345678');
      await page.getByLabel(msg(lang, 'enroll.name'), { exact: true }).fill(name);
      await page.getByLabel(msg(lang, 'enroll.consent')).check();
      await shot(page, `2-enroll-form`);
      await page.getByRole('button', { name: msg(lang, 'enroll.submit') }).click();
      const welcome = await readNumber(page, 'member-points');
      expect(welcome, 'the enrolment bonus counts at once').toBeGreaterThan(0);
      await shot(page, `3-first-sale`);
      await payByWeChat(page, lang);
      const earned1 = await readNumber(page, 'receipt-earned');
      const balance1 = await readNumber(page, 'receipt-balance');
      expect(earned1, 'the first sale earns points').toBeGreaterThan(0);
      expect(balance1).toBe(welcome + earned1);
      // T3: one order of ¥500 or more makes a Senior member at once; the receipt says so.
      expect(await page.getByTestId('receipt-tier').innerText()).toBe(msg(lang, 'tier.now', { tier: msg(lang, 'tier.name.Senior') }));
      await shot(page, '4-first-receipt');
      // The first receipt prints the member's QR card code; it fits 58 mm and 80 mm paper.
      expectPrintable(await printReceipt(page, lang, '58'), true, 'first receipt on 58 mm');
      expectPrintable(await printReceipt(page, lang, '80'), true, 'first receipt on 80 mm');
      await page.emulateMedia({ media: 'print' });
      await shot(page, '5-first-receipt-print');
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      // Sale 2: found by the last four digits of the phone, with the points shown in the results.
      await searchBox(page, lang).fill('5678');
      const row = page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) });
      await row.waitFor({ state: 'visible' });
      expect(await row.innerText()).toContain('139****5678');
      expect(shownNumber((await row.innerText()).split('\n').pop() ?? '')).toBe(balance1);
      await shot(page, `6-found-by-last4`);
      await row.click();
      expect(await readNumber(page, 'card-points')).toBe(balance1);
      await shot(page, `7-member-card`);

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
      const redeemLine = msg(lang, 'checkout.redeemValue', { points: redeem });
      await expect.poll(() => quote.innerText()).toContain(redeemLine);
      await shot(page, `8-second-sale-quote`);
      await payByWeChat(page, lang);
      const earned2 = await readNumber(page, 'receipt-earned');
      const balance2 = await readNumber(page, 'receipt-balance');
      expect(await definitionNumber(page, msg(lang, 'receipt.redeemed'))).toBe(redeem);
      expect(balance2).toBe(balance1 - redeem + earned2);
      const receiptNo = (await page.getByText(msgPattern(lang, 'receipt.no')).first().innerText()).split(/\s+/).pop() ?? '';
      await shot(page, `9-second-receipt`);
      expectPrintable(await printReceipt(page, lang, '58'), false, 'second receipt on 58 mm');
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
      await shot(page, `10-return`);
      await page.getByRole('button', { name: msgPattern(lang, 'returns.confirm') }).click();
      await page.getByText(msgPattern(lang, 'returns.done')).first().waitFor();

      // Every balance right: the member card shows what the receipts and the return add up to.
      await searchBox(page, lang).fill('5678');
      await page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) }).click();
      expect(await readNumber(page, 'card-points')).toBe(balance2 - reversed + restored);
      await shot(page, `11-member-after-return`);
    } finally {
      await context.close();
    }
  });
});

describe.each(['en-US', 'zh-CN'] as const)('a member put on the sale in one tap at 1280×800 (%s)', (locale) => {
  const lang: Lang = langOf(locale);

  it('[UI-L8][UI-L9][UI-L10] during a sale: 4 keys + Enter, or 4 keys on the keypad + 1 tap, put the member on the sale; the counter stays, the search has the focus', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale });
    const page = await context.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);
      const name = lang === 'en' ? 'Kim Lee' : '李金';
      await addFreeAmount(page, lang, 'Tea', '30.00');
      await enrollAtCheckout(page, lang, '13955557777', name);
      await payByWeChat(page, lang);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).tap();

      const box = searchBox(page, lang);
      const memberPanel = page.getByRole('region', { name: msg(lang, 'checkout.member') });
      const card = page.getByRole('article', { name: msg(lang, 'member.title') });
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

      // A sale is open; the cashier types the last four digits on a keyboard without touching the box, then Enter.
      await addFreeAmount(page, lang, 'Cup', '12.00');
      await expect.poll(focused).toBe(msg(lang, 'header.search'));
      await page.keyboard.type('7777');
      await page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) }).waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => memberPanel.innerText()).toContain(name);
      expect(await card.count(), 'the counter stays: no member card').toBe(0);
      expect(await box.inputValue()).toBe('');
      expect(await focused()).toBe(msg(lang, 'header.search'));
      await screenshot(page, `${locale}-one-tap-1-enter`);

      // By touch: the member taken off, four taps on the keypad, one tap on the result.
      await page.getByRole('button', { name: msg(lang, 'member.detach') }).tap();
      await page.getByRole('button', { name: msg(lang, 'keypad.show') }).tap();
      const pad = page.getByRole('group', { name: msg(lang, 'keypad.label') });
      for (const d of '7777') await pad.getByRole('button', { name: d, exact: true }).tap();
      const row = page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) });
      const cardButton = page.getByRole('button', { name: msg(lang, 'lookup.openCard', { name }) });
      for (const b of [row, cardButton]) expect((await b.boundingBox())?.height ?? 0, 'a touch target of 48 px at least').toBeGreaterThanOrEqual(48);
      await screenshot(page, `${locale}-one-tap-2-results`);
      await row.tap();
      await expect.poll(() => memberPanel.innerText()).toContain(name);
      expect(await card.count(), 'the counter stays: no member card').toBe(0);
      expect(await page.getByRole('list', { name: msg(lang, 'checkout.cart') }).innerText()).toContain('Cup');
      await expect.poll(focused).toBe(msg(lang, 'header.search'));

      // The card is a separate tap away, and leaves the sale as it is.
      await box.fill('7777');
      await cardButton.tap();
      await card.waitFor();
      expect(await card.innerText()).toContain(name);
      await page.getByRole('button', { name: msg(lang, 'nav.counter') }).first().tap();
      await expect.poll(() => memberPanel.innerText()).toContain(name);
      expect(await page.getByRole('list', { name: msg(lang, 'checkout.cart') }).innerText()).toContain('Cup');
    } finally {
      await context.close();
    }
  });
});
