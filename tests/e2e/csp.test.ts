// The till runs under the server's Content-Security-Policy (docs/operations.md W3, issue #16): set up,
// a sale with its receipt (QR code), the dashboard (its worker and charts), a camera scan, the service
// worker, and a reload with no network, all with no violation reported by the browser.
import { describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  goOffline, isControlled, launchChromium, newTabletContext, waitForServiceWorkerReady,
} from '../support/browser';
import { addFreeAmount, enrollAtCheckout, msg, openInsights, payByWeChat, searchBox, setUpStore, signInIfAsked } from './till';

const baseUrl = inject('baseUrl');
const lang = 'en';

/** Every violation the page or its workers see: the DOM event in each page and the console's report. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  await context.exposeBinding('reportCspViolation', (_src, text: string) => { seen.push(text); });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(m.text()); });
  return seen;
}

/**
 * Headless Chromium on Linux has no BarcodeDetector (Android and ChromeOS tablets do): this stands in
 * for the platform's detector only. It reads the code held in `window.shownCard` once the real camera
 * stream (Chromium's fake camera) plays in the till's video element.
 */
async function fakeBarcodeDetector(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    (window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = class {
      async detect(v: HTMLVideoElement) {
        const card = (window as unknown as { shownCard?: string }).shownCard;
        return card && v.readyState >= 2 && !v.paused && v.srcObject ? [{ rawValue: card }] : [];
      }
    };
  });
}

/** The pages Chromium prints, as the page's CSS asks for them: their count and the first one's width in points. */
async function printedPages(page: Page): Promise<{ pages: number; width: number }> {
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const box = /\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)/.exec(pdf);
  if (!box?.[1]) throw new Error('the printed PDF has no MediaBox');
  return { pages: pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0, width: Number(box[1]) };
}

describe('the till under its Content-Security-Policy', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  });
  afterAll(async () => { await browser?.close(); });

  it('[W3] sets up, sells, draws the dashboard, scans with the camera and reloads offline with no CSP violation', async () => {
    const context = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
    try {
      await context.grantPermissions(['camera'], { origin: baseUrl });
      const violations = await watchViolations(context);
      await fakeBarcodeDetector(context);
      const page = await context.newPage();
      const first = await page.goto('/', { waitUntil: 'load' });
      const csp = first?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(first?.headers()['x-frame-options']).toBe('DENY');

      await setUpStore(page, lang);
      await addFreeAmount(page, lang, 'Tea', '12.50');
      await enrollAtCheckout(page, lang, '13912345678', 'Zoe Smith');
      await payByWeChat(page, lang);
      // The first receipt draws the member's card as a QR code (an SVG made in the page).
      const qr = page.locator('.receipt-qr');
      await expect.poll(() => qr.locator('svg').count()).toBeGreaterThan(0);
      const card = (await qr.locator('p').innerText()).split('·').pop()?.trim() ?? '';
      expect(card).not.toBe('');
      // The receipt prints on one page of the roll's width (58 mm ≈ 164 pt), set without a <style> element.
      await page.getByRole('radiogroup', { name: msg(lang, 'receipt.paper') }).getByRole('radio', { name: msg(lang, 'settings.paper58') }).click();
      const printed = await printedPages(page);
      expect(printed.pages).toBe(1);
      expect(Math.abs(printed.width - (58 / 25.4) * 72)).toBeLessThan(1.5);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();

      await openInsights(page, lang);
      await expect.poll(() => page.locator('.uplot canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);

      // The camera opens under the policy and reads the card: the member comes up.
      await page.evaluate((c) => { (window as unknown as { shownCard: string }).shownCard = c; }, card);
      await page.getByRole('button', { name: msg(lang, 'lookup.scanCamera') }).click();
      await page.getByRole('heading', { level: 1, name: /Zoe Smith/ }).waitFor({ timeout: 15_000 });

      await waitForServiceWorkerReady(page);
      await goOffline(context);
      await page.reload({ waitUntil: 'load' });
      await signInIfAsked(page, lang);
      await expect.poll(() => searchBox(page, lang).isVisible()).toBe(true);
      expect(await isControlled(page)).toBe(true);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
