// A new release while a sale is open (issue #3, DESIGN "a service-worker update never reloads the
// till mid-sale"): the new service worker waits; the till does not reload or lose the cart; the
// update is offered once the sale is over, and applying it loads the new version with no missing chunk.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newTabletContext, screenshot, waitForServiceWorkerControl } from '../support/browser';
import { startStaticServer } from '../support/static-server';
import type { StaticServer } from '../support/static-server';
import { addFreeAmount, msg, setUpStore, signInIfAsked } from './till';

const lang = 'en';
let browser: Browser;
let server: StaticServer;
let root: string;

beforeAll(async () => {
  // A copy of the build that this test can "release" a new version into.
  root = mkdtempSync(join(tmpdir(), 'regulars-sw-update-'));
  cpSync(inject('distDir'), root, { recursive: true });
  server = await startStaticServer(root);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a service worker update', () => {
  it('[#3 update] waits during an open checkout without reloading, then applies between sales', async () => {
    const context = await newTabletContext(browser, { baseURL: server.url, locale: 'en-US' });
    try {
      const page = await context.newPage();
      const missing: string[] = [];
      page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
      await page.goto('/', { waitUntil: 'load' });
      await waitForServiceWorkerControl(page);
      await setUpStore(page, lang);
      await addFreeAmount(page, lang, 'Wool coat', '1280.00');
      await page.evaluate(() => Object.assign(window, { __tillMark: 'open-sale' }));

      // Release: a changed sw.js, found by the browser's update check.
      const swPath = join(root, 'sw.js');
      writeFileSync(swPath, `${readFileSync(swPath, 'utf8')}\n// next release ${Date.now()}\n`);
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        await reg?.update();
      });
      await expect.poll(() => page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return reg?.waiting !== null && reg?.waiting !== undefined;
      }), { timeout: 30_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));

      expect(await page.evaluate(() => Reflect.get(window, '__tillMark')), 'the page was not reloaded').toBe('open-sale');
      expect(await page.getByRole('list', { name: msg(lang, 'checkout.cart') }).innerText()).toContain('Wool coat');
      expect(await page.getByText(msg(lang, 'update.ready')).isVisible(), 'no update offered mid-sale').toBe(false);
      await screenshot(page, 'sw-update-during-sale');

      // Between sales the update is offered; applying it reloads into the new worker.
      await page.getByRole('button', { name: msg(lang, 'checkout.clear') }).click();
      const apply = page.getByRole('button', { name: msg(lang, 'update.apply') });
      await apply.waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, 'sw-update-offered');
      await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), apply.click()]);
      await signInIfAsked(page, lang);
      expect(await page.evaluate(() => Reflect.get(window, '__tillMark'))).toBeUndefined();
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      expect(missing, 'no file of the app 404s across the update').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
