// Issue #5, the dashboard in real Chromium: on the demo shop the owner opens Insights and sees every
// chart drawn (uPlot on a canvas, in the till's colours, inside the tablet's width) beside its table,
// in English and Chinese, landscape and portrait — and again offline, from the precache.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  goOffline, newTabletContext, screenshot, waitForServiceWorkerControl,
  type Orientation, type TestLocale,
} from '../support/browser';
import { chromiumForFile } from './chromium';
import { langOf, msg, openInsights, searchBox, type Lang } from './till';

/** The demo owner's PIN (setup-screen.tsx, README). */
const DEMO_OWNER_PIN = '1234';

const baseUrl = inject('baseUrl');
const chromium = chromiumForFile();

/** First start: the setup screen in `lang`, then "Try the demo" (sample members, sales and points). */
async function startDemo(page: Page, lang: Lang): Promise<void> {
  await page.getByRole('heading', { name: msg(lang, 'setup.title') }).waitFor();
  // The setup screen speaks the browser's language (the context's locale); the choice makes it explicit.
  await page.getByRole('combobox', { name: msg(lang, 'setup.language') }).selectOption(lang);
  await page.getByRole('button', { name: msg(lang, 'setup.demo') }).click();
  await searchBox(page, lang).waitFor({ state: 'visible', timeout: 30_000 });
}

/** After a reload the till may ask who is at the till: the demo owner signs in. */
async function signInDemoOwner(page: Page, lang: Lang): Promise<void> {
  const search = searchBox(page, lang);
  const who = page.getByRole('radiogroup', { name: msg(lang, 'signin.who') });
  await search.or(who).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (await search.isVisible()) return;
  await who.getByRole('radio', { name: lang === 'en' ? 'Mei (owner)' : '王美（店主）' }).click();
  await page.getByLabel(msg(lang, 'signin.pin'), { exact: true }).fill(DEMO_OWNER_PIN);
  await page.getByRole('button', { name: msg(lang, 'signin.submit') }).click();
  await search.waitFor({ state: 'visible', timeout: 15_000 });
}

interface Drawn { name: string; width: number; right: number; coloured: number }

/**
 * Every chart on the page: its accessible name, its canvas's CSS width and right edge, and how many of
 * its pixels are in the till's bar colours (--accent or --brand): 0 means nothing was drawn.
 */
async function drawnCharts(page: Page): Promise<Drawn[]> {
  return page.evaluate(() => {
    const css = getComputedStyle(document.documentElement);
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.trim().slice(i, i + 2), 16));
    const palette = [rgb(css.getPropertyValue('--accent')), rgb(css.getPropertyValue('--brand'))];
    return [...document.querySelectorAll<HTMLElement>('.chart[role="img"]')].map((el) => {
      const canvas = el.querySelector('canvas');
      const ctx = canvas?.getContext('2d');
      let coloured = 0;
      if (canvas && ctx) {
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < px.length; i += 4) {
          if (palette.some((c) => Math.abs((px[i] ?? 0) - (c[0] ?? 0)) + Math.abs((px[i + 1] ?? 0) - (c[1] ?? 0)) + Math.abs((px[i + 2] ?? 0) - (c[2] ?? 0)) < 12)) coloured++;
        }
      }
      const box = canvas?.getBoundingClientRect();
      return { name: el.getAttribute('aria-label') ?? '', width: box?.width ?? 0, right: box?.right ?? 0, coloured };
    });
  });
}

async function expectChartsDrawn(page: Page, lang: Lang, viewportWidth: number): Promise<void> {
  // Six charts: new members/VIPs, sales mix, tiers, grades, Pareto, points.
  await expect.poll(async () => (await drawnCharts(page)).filter((c) => c.coloured > 0).length, { timeout: 30_000 }).toBe(6);
  const charts = await drawnCharts(page);
  for (const c of charts) {
    expect(c.name, 'each chart has a summary as its name').toMatch(lang === 'en' ? /^Bar chart/ : /^柱状图/);
    expect(c.coloured, `${c.name}: bars drawn`).toBeGreaterThan(100);
    expect(c.width, `${c.name}: wide enough to read`).toBeGreaterThan(300);
    expect(c.right, `${c.name}: inside the screen`).toBeLessThanOrEqual(viewportWidth);
  }
  // Each chart has its legend and its table beside it.
  expect(await page.getByRole('list', { name: msg(lang, 'insights.chart.legend') }).count()).toBe(6);
  const mix = page.getByRole('region', { name: msg(lang, 'insights.mix') });
  expect(await mix.getByRole('row').count(), 'the sales mix table: header, members, walk-ins').toBe(3);
}

const cases: { locale: TestLocale; orientation: Orientation }[] = [
  { locale: 'en-US', orientation: 'landscape' },
  { locale: 'zh-CN', orientation: 'landscape' },
  { locale: 'zh-CN', orientation: 'portrait' },
];

describe('insights dashboard in Chromium', () => {
  for (const { locale, orientation } of cases) {
    const lang = langOf(locale);
    it(`[I12] draws every chart on the demo shop (${lang}, ${orientation})`, async () => {
      const context = await newTabletContext(chromium.browser, { baseURL: baseUrl, locale, orientation });
      const page = await context.newPage();
      try {
        await page.goto('/', { waitUntil: 'load' });
        await startDemo(page, lang);
        await openInsights(page, lang);
        await expectChartsDrawn(page, lang, page.viewportSize()?.width ?? 0);
        await screenshot(page, `insights-${lang}-${orientation}`);
        // The screen scrolls inside the app's frame: one picture per chart further down, to look at.
        for (const key of ['insights.mix', 'insights.grades', 'insights.pareto', 'insights.points', 'insights.cohorts'] as const) {
          await page.getByRole('region', { name: msg(lang, key) }).scrollIntoViewIfNeeded();
          await screenshot(page, `insights-${lang}-${orientation}-${key.slice('insights.'.length)}`);
        }

        if (orientation === 'landscape' && lang === 'en') {
          // Offline, from a cold start: the dashboard's chunks and the chart library come from the precache.
          await waitForServiceWorkerControl(page);
          await goOffline(context);
          await page.reload({ waitUntil: 'load' });
          await signInDemoOwner(page, lang);
          await openInsights(page, lang);
          await expectChartsDrawn(page, lang, page.viewportSize()?.width ?? 0);
        }
      } finally {
        await context.close();
      }
    });
  }
});
