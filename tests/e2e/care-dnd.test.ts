// Issue #5 "Tests", end to end in real Chromium: a member's first purchase → eight days later (the
// page's clock moved with playwright's clock) the care list shows the follow-up → marked do-not-disturb
// → no more tasks for that member, also after a reload, and the counter's member card shows it.
import { describe, expect, inject, it } from 'vitest';
import { newTabletContext, screenshot } from '../support/browser';
import { chromiumForFile } from './chromium';
import {
  addFreeAmount, enrollAtCheckout, msg, msgPattern, payByWeChat, searchBox, setUpStore, signInIfAsked,
} from './till';

const baseUrl = inject('baseUrl');
const DAY = 86_400_000;
/** 2026-11-20 10:00 in Shanghai: the first purchase. */
const START = Date.UTC(2026, 10, 20, 2, 0, 0);
const chromium = chromiumForFile();

describe('care: first-purchase follow-up and do-not-disturb', () => {
  const lang = 'en' as const;

  it('[C20] the follow-up is due 8 days after a first purchase; do-not-disturb ends the tasks and shows at the counter', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.clock.install({ time: START });
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);

      // The first purchase, with the customer joining at the till.
      const name = 'Lena Park';
      await addFreeAmount(page, lang, 'Linen shirt', '320.00');
      await enrollAtCheckout(page, lang, '13700001234', name);
      await payByWeChat(page, lang);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      // Nothing is due on the day of the purchase.
      const nav = page.getByRole('navigation', { name: msg(lang, 'header.menu') });
      await nav.getByRole('button', { name: msg(lang, 'nav.care') }).click();
      await page.getByRole('heading', { level: 1, name: msg(lang, 'care.title') }).waitFor();
      const task = page.getByRole('listitem', { name });
      await page.getByText(msg(lang, 'care.empty')).or(task).first().waitFor({ timeout: 15_000 });
      expect(await task.count(), 'no follow-up on the day of the first purchase').toBe(0);

      // Eight days later the follow-up is on the care list with its reason.
      await page.clock.setSystemTime(START + 8 * DAY);
      await page.reload({ waitUntil: 'load' });
      await signInIfAsked(page, lang);
      await nav.getByRole('button', { name: msg(lang, 'nav.care') }).click();
      await task.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await task.innerText()).toMatch(msgPattern(lang, 'care.reason.first-purchase-followup'));
      await screenshot(page, 'care-1-follow-up-due');

      await task.getByRole('group', { name: msg(lang, 'care.outcome', { name }) })
        .getByRole('button', { name: msg(lang, 'care.outcome.do-not-disturb') }).click();
      await page.getByText(msg(lang, 'care.saved')).waitFor();
      await expect.poll(() => task.count()).toBe(0);

      // Still nothing for them after a reload, and nothing a week later either.
      await page.clock.setSystemTime(START + 15 * DAY);
      await page.reload({ waitUntil: 'load' });
      await signInIfAsked(page, lang);
      await nav.getByRole('button', { name: msg(lang, 'nav.care') }).click();
      await page.getByText(msg(lang, 'care.empty')).or(task).first().waitFor({ timeout: 15_000 });
      expect(await task.count(), 'a do-not-disturb member gets no more tasks').toBe(0);

      // The counter's member card shows do-not-disturb.
      await nav.getByRole('button', { name: msg(lang, 'nav.counter') }).click();
      await searchBox(page, lang).fill('1234');
      await page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) }).click();
      const dnd = page.getByRole('checkbox', { name: msg(lang, 'member.doNotDisturb') });
      await dnd.waitFor({ state: 'visible' });
      expect(await dnd.isChecked()).toBe(true);
      await screenshot(page, 'care-2-member-card-dnd');
    } finally {
      await context.close();
    }
  });
});
