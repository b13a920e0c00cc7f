/**
 * Workloads on the real app (dist/): (2) keystroke to results painted in the counter's search box
 * with N members in the till's own database, and (5) cold start offline to the till's first usable
 * screen. The app is set up through its UI (tests/e2e/till.ts), then filled like a bootstrap.
 */
import type { Browser, Page } from 'playwright-core';
import { goOffline, newTabletContext, waitForServiceWorkerControl } from '../tests/support/browser';
import { startStaticServer } from '../tests/support/static-server';
import { msg, searchBox, setUpStore, signInIfAsked } from '../tests/e2e/till';
import { LOOKUP_KINDS, rng } from './data';
import type { LookupKind } from './data';
import { summarize } from './stats';
import type { Summary } from './stats';

export interface AppUiResult {
  members: number;
  /** Setting the search box's text to a query, to the first paint showing its results. */
  keystroke: Partial<Record<LookupKind, Summary>>;
  /** From navigation start, offline, to the till's first screen ready for input (sign-in or search). */
  coldStartOffline: Summary;
}

interface SeedApi {
  fillApp(start: number, count: number, seed: number): Promise<void>;
  typed(i: number, kind: LookupKind, seed: number): string;
}

/**
 * The in-page measurement, as source text: tsx (esbuild with keepNames) would wrap the helper
 * functions of a compiled callback in a `__name` call that does not exist in the page.
 * Results in the DOM, then the frame that paints them: rAF runs before that paint and a task
 * queued from it runs after.
 */
const KEYSTROKE_SOURCE = `async ({ text, label, results }) => {
  const input = document.querySelector('input[type="search"][aria-label="' + label + '"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  if (!input) throw new Error('no search box');
  const list = () => document.querySelector('ul[aria-label="' + results + '"] li');
  const type = (v) => { setter.call(input, v); input.dispatchEvent(new Event('input', { bubbles: true })); };
  type('');
  while (list()) await new Promise((r) => requestAnimationFrame(r));
  const t0 = performance.now();
  type(text);
  await new Promise((resolve) => {
    const painted = () => requestAnimationFrame(() => setTimeout(resolve, 0));
    if (list()) { painted(); return; }
    const obs = new MutationObserver(() => { if (list()) { obs.disconnect(); painted(); } });
    obs.observe(document.body, { childList: true, subtree: true });
  });
  return performance.now() - t0;
}`;

async function keystroke(page: Page, text: string): Promise<number> {
  const arg = { text, label: msg('en', 'header.search'), results: msg('en', 'lookup.results') };
  return Number(await page.evaluate(`(${KEYSTROKE_SOURCE})(${JSON.stringify(arg)})`));
}

export async function measureAppUi(browser: Browser, distDir: string, seedScript: string, n: number, seed: number, reps: number, log: (m: string) => void): Promise<AppUiResult> {
  const server = await startStaticServer(distDir);
  const context = await newTabletContext(browser, { baseURL: server.url, locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.goto('/', { waitUntil: 'load' });
    await waitForServiceWorkerControl(page);
    await setUpStore(page, 'en');
    await page.addScriptTag({ path: seedScript });
    for (let start = 0; start < n; start += 10_000) {
      await page.evaluate(([s, c, sd]) => (Reflect.get(window, 'benchSeed') as SeedApi).fillApp(s, c, sd), [start, Math.min(10_000, n - start), seed] as const);
    }
    log(`app UI: ${n} members in the till's database`);
    await page.reload({ waitUntil: 'load' });
    await signInIfAsked(page, 'en');
    await searchBox(page, 'en').waitFor({ state: 'visible' });
    await page.addScriptTag({ path: seedScript });
    const keystrokes: AppUiResult['keystroke'] = {};
    for (const kind of LOOKUP_KINDS) {
      const r = rng(500 + LOOKUP_KINDS.indexOf(kind));
      const ms: number[] = [];
      for (let j = 0; j < reps + 3; j++) {
        const text = await page.evaluate(([i, k, sd]) => (Reflect.get(window, 'benchSeed') as SeedApi).typed(i, k, sd), [Math.floor(r() * n), kind, seed] as const);
        const dt = await keystroke(page, text);
        if (j >= 3) ms.push(dt);
      }
      keystrokes[kind] = summarize(ms);
    }
    log('app UI: keystrokes done');
    await goOffline(context);
    const cold: number[] = [];
    for (let j = 0; j < Math.max(5, Math.floor(reps / 3)); j++) {
      const fresh = await context.newPage();
      await fresh.goto('/', { waitUntil: 'commit' });
      const who = `[role="radiogroup"][aria-label="${msg('en', 'signin.who')}"] [role="radio"]`;
      const search = `input[type="search"][aria-label="${msg('en', 'header.search')}"]`;
      const at = await fresh.waitForFunction(([a, b]) => (document.querySelector(a) ?? document.querySelector(b)) ? performance.now() : 0, [who, search] as const, { polling: 'raf', timeout: 30_000 });
      cold.push(Number(await at.jsonValue()));
      await fresh.close();
    }
    log('app UI: cold starts done');
    return { members: n, keystroke: keystrokes, coldStartOffline: summarize(cold) };
  } finally {
    await context.close();
    await server.close();
  }
}
