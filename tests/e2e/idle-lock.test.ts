// The idle lock in real Chromium (issue #7 "A lost or stolen tablet"): after the idle time the owner
// set in Settings, the till asks who is there and needs a PIN; a wrong PIN does not open it, the right
// one does, and the open sale is still there. The page's clock is Playwright's, moved forward instead
// of waiting minutes.
import { describe, expect, inject, it } from 'vitest';
import { newTabletContext, screenshot } from '../support/browser';
import { chromiumForFile } from './chromium';
import { OWNER_PIN, addFreeAmount, msg, msgPattern, searchBox, setUpStore } from './till';

const baseUrl = inject('baseUrl');
const lang = 'en' as const;
const t = (key: Parameters<typeof msg>[1], params: Record<string, string | number> = {}) => msg(lang, key, params);
const chromium = chromiumForFile();

describe('the idle lock', () => {
  it('[#7 idle lock] locks after the configured minutes without use, keeps the sale, and opens only with a PIN', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.clock.install();
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);

      // The owner sets 2 minutes in Settings.
      const settings = page.getByRole('button', { name: t('nav.settings'), exact: true });
      if (!(await settings.isVisible())) await page.getByRole('button', { name: new RegExp(`^${t('header.more')}`) }).click();
      await settings.click();
      const minutes = page.getByLabel(t('settings.idleLock'));
      await minutes.fill('2');
      await minutes.blur();
      await page.getByRole('button', { name: t('nav.counter'), exact: true }).click();
      await addFreeAmount(page, lang, 'Pu-erh cake', '88.00');

      // Not yet: a little under two minutes without a touch.
      await page.clock.fastForward('01:50');
      expect(await searchBox(page, lang).isVisible(), 'still open before the idle time').toBe(true);
      // Past two minutes: locked, and nothing of the till is on screen.
      await page.clock.fastForward('00:15');
      const who = page.getByRole('radiogroup', { name: t('signin.who') });
      await who.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await searchBox(page, lang).count()).toBe(0);
      expect(await page.getByRole('list', { name: t('checkout.cart') }).count()).toBe(0);
      await screenshot(page, 'idle-lock-1-locked');

      // A wrong PIN is refused; the right one opens the till on the same sale.
      await who.getByRole('radio').first().click();
      const pin = page.getByLabel(t('signin.pin'), { exact: true });
      await pin.fill('9999');
      await page.getByRole('button', { name: t('signin.submit') }).click();
      await page.getByRole('alert').filter({ hasText: msgPattern(lang, 'signin.wrong') }).waitFor();
      expect(await searchBox(page, lang).count()).toBe(0);
      await pin.fill(OWNER_PIN);
      await page.getByRole('button', { name: t('signin.submit') }).click();
      await searchBox(page, lang).waitFor({ state: 'visible', timeout: 15_000 });
      expect(await page.getByRole('list', { name: t('checkout.cart') }).innerText()).toContain('Pu-erh cake');
    } finally {
      await context.close();
    }
  });
});
