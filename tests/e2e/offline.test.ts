// The installed till must work with no network from a cold start (issue #3, "An installable PWA
// that works offline"). These tests use the app's real service worker from the production build.
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  goOffline, isControlled, newTabletContext, screenshot, waitForServiceWorkerReady,
} from '../support/browser';
import { chromiumForFile } from './chromium';

const baseUrl = inject('baseUrl');
const chromium = chromiumForFile();

/** One visit online, then the network goes away: what a till sees after the shop's Wi-Fi drops. */
async function visitOnceThenOffline(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newTabletContext(chromium.browser, { baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto('/', { waitUntil: 'load' });
  await waitForServiceWorkerReady(page);
  await goOffline(context);
  return { context, page };
}

async function expectShellRendered(page: Page): Promise<void> {
  // The shell's main landmark with some visible text: the app booted from the precache.
  const main = page.getByRole('main').first();
  await main.waitFor({ state: 'visible', timeout: 15_000 });
  expect((await main.innerText()).trim().length).toBeGreaterThan(0);
}

describe('offline PWA', () => {
  it('[#3 offline] reloads with no network and the app shell still renders, served by the service worker', async () => {
    const { context, page } = await visitOnceThenOffline();
    try {
      const probe = await page.evaluate(() => fetch('/favicon.svg', { cache: 'no-store' }).then(() => 'online', () => 'offline'));
      await page.reload({ waitUntil: 'load' });
      await expectShellRendered(page);
      expect(await isControlled(page)).toBe(true);
      await screenshot(page, 'offline-reload');
      // The probe runs before the reload: it proves the network really was off (not merely cached).
      expect(probe).toBe('offline');
    } finally {
      await context.close();
    }
  });

  it('[#3 offline] opens a deep route from a cold start offline', async () => {
    const { context, page } = await visitOnceThenOffline();
    try {
      await page.close();
      const fresh = await context.newPage();
      const response = await fresh.goto('/members/does-not-matter?tab=history', { waitUntil: 'load' });
      expect(response?.fromServiceWorker()).toBe(true);
      await expectShellRendered(fresh);
      await screenshot(fresh, 'offline-deep-route');
    } finally {
      await context.close();
    }
  });
});

interface ManifestIcon {
  src: string;
  sizes?: string;
  type?: string;
  purpose?: string;
}

describe('installable manifest', () => {
  it('[#3 install] has a name, standalone display, a start URL and 192, 512 and maskable icons that load', async () => {
    const context = await newTabletContext(chromium.browser, { baseURL: baseUrl });
    try {
      const page = await context.newPage();
      await page.goto('/', { waitUntil: 'load' });
      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(href, 'index.html links a manifest').toBeTruthy();
      const manifestUrl = new URL(href ?? '', baseUrl);
      const res = await context.request.get(manifestUrl.href);
      expect(res.ok()).toBe(true);
      expect(res.headers()['content-type']).toMatch(/application\/(manifest\+)?json/);
      const m = (await res.json()) as { name?: string; short_name?: string; display?: string; start_url?: string; icons?: ManifestIcon[] };
      expect(m.name?.length).toBeGreaterThan(0);
      expect(m.short_name?.length).toBeGreaterThan(0);
      expect(m.display).toBe('standalone');
      expect(m.start_url).toBeTruthy();
      const icons = m.icons ?? [];
      const has = (size: string, purpose?: string) =>
        icons.some((i) => (i.sizes ?? '').split(/\s+/).includes(size) && (purpose ? (i.purpose ?? '').includes(purpose) : true));
      expect(has('192x192'), 'a 192 px icon').toBe(true);
      expect(has('512x512'), 'a 512 px icon').toBe(true);
      expect(icons.some((i) => (i.purpose ?? '').includes('maskable')), 'a maskable icon').toBe(true);
      for (const icon of icons) {
        const url = new URL(icon.src, manifestUrl).href;
        // Decoding in the page proves it is a real image of the declared size, not an HTML fallback.
        const dims = await page.evaluate(async (u) => {
          const r = await fetch(u);
          if (!r.ok) return { status: r.status, w: 0, h: 0 };
          try {
            const bmp = await createImageBitmap(await r.blob());
            return { status: r.status, w: bmp.width, h: bmp.height };
          } catch {
            return { status: r.status, w: -1, h: -1 };
          }
        }, url);
        expect(dims.status, `${icon.src} loads`).toBe(200);
        expect(`${dims.w}x${dims.h}`, `${icon.src} is a ${icon.sizes ?? ''} image`).toBe(icon.sizes);
      }
    } finally {
      await context.close();
    }
  });
});
