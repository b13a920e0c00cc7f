// Storage health in real Chromium (issue #7 "Tests"): the till asks for persistent storage and the
// backup screen shows its state and the space used and left (SH1, SH2); a write refused for space
// during checkout keeps the cart, tells the cashier, and writes nothing (D8, SH2).
//
// The quota failure: Chromium's DevTools quota override (Storage.overrideQuotaForOrigin) does not
// limit these test profiles (tried: the estimate's quota stays ~10 GB and a 1 MB write commits), so an
// init script makes the browser's own IndexedDB refuse the write of a sale exactly as Chromium reports a
// full disk — a DOMException named QuotaExceededError from the object store — and the real checkout,
// Dexie transaction and error mapping run unchanged on top of it.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newTabletContext, screenshot } from '../support/browser';
import { chromiumForFile } from './chromium';
import { auditTill } from './idb-audit';
import { addFreeAmount, msg, msgPattern, payByWeChat, setUpStore } from './till';

const baseUrl = inject('baseUrl');
const lang = 'en' as const;
const t = (key: Parameters<typeof msg>[1], params: Record<string, string | number> = {}) => msg(lang, key, params);
const chromium = chromiumForFile();

/** Counts the app's calls of navigator.storage.persist(); the browser's own answer is passed through. */
function countPersistRequests(): void {
  const w = window as unknown as { __persistAsked: number };
  w.__persistAsked = 0;
  const real = StorageManager.prototype.persist;
  StorageManager.prototype.persist = function persist(this: StorageManager) {
    w.__persistAsked++;
    return real.call(this);
  };
}

/** While `window.__diskFull` is set, IndexedDB refuses every write to the till's `sales` store as a full disk would. */
function refuseSalesWhenDiskFull(): void {
  const w = window as unknown as { __diskFull: boolean; __refused: number };
  w.__diskFull = false;
  w.__refused = 0;
  for (const method of ['add', 'put'] as const) {
    const real = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function write(this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
      if (w.__diskFull && this.name === 'sales') {
        w.__refused++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return real.apply(this, args);
    };
  }
}

async function openBackupScreen(page: Page): Promise<void> {
  const item = page.getByRole('button', { name: t('backup.title'), exact: true });
  if (!(await item.isVisible())) await page.getByRole('button', { name: new RegExp(`^${t('header.more')}`) }).click();
  await item.click();
  await page.getByRole('heading', { name: t('backup.storage.title') }).waitFor();
}

describe('storage on the tablet', () => {
  it('[SH1][SH2] the till asks the browser to keep its data, and the backup screen shows whether it does and the space used and left', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    await context.addInitScript(countPersistRequests);
    const page = await context.newPage();
    try {
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);
      await expect.poll(() => page.evaluate(() => (window as unknown as { __persistAsked: number }).__persistAsked), { timeout: 10_000 })
        .toBeGreaterThan(0);
      const granted = await page.evaluate(() => navigator.storage.persisted());

      await openBackupScreen(page);
      const panel = page.getByRole('region', { name: t('backup.storage.title') });
      // The state the browser gave, in words: never "unknown" in a browser that can tell (SH1).
      await panel.getByText(t(granted ? 'backup.storage.persistent' : 'backup.storage.notPersistent')).waitFor();
      expect(await panel.getByText(t('backup.storage.unknown')).count()).toBe(0);
      await expect.poll(() => panel.innerText()).toMatch(msgPattern(lang, 'backup.storage.space'));
      if (!granted) {
        // The manager can ask again; the till asks the browser once more.
        const before = await page.evaluate(() => (window as unknown as { __persistAsked: number }).__persistAsked);
        await panel.getByRole('button', { name: t('backup.storage.askPersist') }).click();
        await expect.poll(() => page.evaluate(() => (window as unknown as { __persistAsked: number }).__persistAsked)).toBeGreaterThan(before);
      }
      await screenshot(page, 'storage-1-backup-screen');
    } finally {
      await context.close();
    }
  });

  it('[D8][SH2] a sale refused for space keeps the cart, says so, and writes nothing; with space again the same cart sells', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale: 'en-US' });
    await context.addInitScript(refuseSalesWhenDiskFull);
    const page = await context.newPage();
    try {
      await page.goto('/', { waitUntil: 'load' });
      await setUpStore(page, lang);
      await addFreeAmount(page, lang, 'Green tea', '36.00');
      const before = await auditTill(page);

      await page.evaluate(() => { (window as unknown as { __diskFull: boolean }).__diskFull = true; });
      await page.getByRole('button', { name: msgPattern(lang, 'checkout.pay') }).click();
      await page.getByRole('radio', { name: t('pay.wechat') }).click();
      await page.getByRole('button', { name: t('pay.confirm') }).click();
      await page.getByRole('alert').filter({ hasText: t('storage.full') }).first().waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => (window as unknown as { __refused: number }).__refused), 'the sale reached IndexedDB and was refused there').toBeGreaterThan(0);
      await screenshot(page, 'storage-2-disk-full');

      // Nothing half-written: no sale, no outbox row, no receipt; the cart still holds the line.
      const after = await auditTill(page);
      expect(after).toEqual(before);
      expect(after.sales).toBe(0);
      const outbox = await page.evaluate(async (name) => new Promise<number>((ok, fail) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => {
          const c = r.result.transaction('outbox').objectStore('outbox').count();
          c.onsuccess = () => { ok(c.result); r.result.close(); };
          c.onerror = () => fail(c.error);
        };
      }), after.database);
      expect(outbox, 'no outbox row for the refused sale').toBe(0);
      expect(await page.getByRole('article', { name: t('receipt.title') }).count()).toBe(0);
      // The cashier steps back from the payment dialog: the sale is still open.
      await page.getByRole('dialog').getByRole('button', { name: t('common.cancel') }).click();
      expect(await page.getByRole('list', { name: t('checkout.cart') }).innerText()).toContain('Green tea');

      // Space comes back (the manager freed some): the kept cart sells whole.
      await page.evaluate(() => { (window as unknown as { __diskFull: boolean }).__diskFull = false; });
      await payByWeChat(page, lang);
      const sold = await auditTill(page);
      expect(sold.sales).toBe(1);
      expect(sold.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
