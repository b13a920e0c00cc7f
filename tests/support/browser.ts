/**
 * Real Chromium for the e2e suite and the benchmark: Debian's /usr/bin/chromium driven by
 * playwright-core. Each `newContext` has its own fresh profile (storage, service workers,
 * IndexedDB), so tests never see each other's data.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep a headless run quiet and reproducible on a shared CI machine. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
  });
}

export type Orientation = 'landscape' | 'portrait';
export type TestLocale = 'zh-CN' | 'en-US';

export const TABLET_SIZES: Record<Orientation, { width: number; height: number }> = {
  landscape: { width: 1024, height: 768 },
  portrait: { width: 768, height: 1024 },
};

export interface TabletOptions {
  orientation?: Orientation;
  locale?: TestLocale;
  baseURL?: string;
}

/** A 10-inch tablet held by a cashier: touch, no mouse hover, the store's language. */
export async function newTabletContext(browser: Browser, opts: TabletOptions = {}): Promise<BrowserContext> {
  const locale = opts.locale ?? 'zh-CN';
  return browser.newContext({
    viewport: TABLET_SIZES[opts.orientation ?? 'landscape'],
    hasTouch: true,
    isMobile: false,
    locale,
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
  });
}

export const SCREENS_DIR = join(process.cwd(), 'tmp', 'screens');

/** Saves a full-page screenshot to tmp/screens/<name>.png (ignored by git) and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const safe = name.replace(/[^\w.-]+/g, '-');
  const path = join(SCREENS_DIR, `${safe}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
}

/**
 * Waits until the app's own service worker is activated, which for a Workbox precaching worker
 * means its install step fetched and stored every precache entry. The app must register it; the
 * test never does, so a build that forgets to register fails here.
 */
export async function waitForServiceWorkerReady(page: Page, timeoutMs = 30_000): Promise<string> {
  const result = await page.evaluate(async (ms) => {
    if (!('serviceWorker' in navigator)) return { ok: false, why: 'no navigator.serviceWorker (not a secure context?)' };
    const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
    const reg = await Promise.race([navigator.serviceWorker.ready, timer]);
    if (!reg) return { ok: false, why: `no service worker became active within ${ms} ms (does the app register it?)` };
    return { ok: true, why: reg.active?.scriptURL ?? '' };
  }, timeoutMs);
  if (!result.ok) throw new Error(result.why);
  return result.why;
}

/**
 * Waits until a service worker controls this page. A first-install worker that does not claim
 * clients controls only the next navigation, so this reloads once when needed.
 */
export async function waitForServiceWorkerControl(page: Page, timeoutMs = 30_000): Promise<void> {
  await waitForServiceWorkerReady(page, timeoutMs);
  const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
  if (!controlled) await page.reload({ waitUntil: 'load' });
  const after = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
  if (!after) throw new Error('the service worker is active but does not control the page after a reload');
}

/** Whether the page is controlled by a service worker right now. */
export async function isControlled(page: Page): Promise<boolean> {
  return page.evaluate(() => navigator.serviceWorker.controller !== null);
}
