/**
 * Workloads on the real app (dist/): (2) keystroke to results painted in the counter's search box
 * with N members in the till's own database, (5) cold start offline to the sign-in screen and on to
 * the search box, and opening the care list and the insights dashboard to painted. The app is set up through its UI (tests/e2e/till.ts), then filled like a bootstrap.
 */
import type { Browser, Page } from 'playwright-core';
import { goOffline, newTabletContext, waitForServiceWorkerControl } from '../tests/support/browser';
import { startStaticServer } from '../tests/support/static-server';
import { msg, OWNER_PIN, searchBox, setUpStore, signInIfAsked } from '../tests/e2e/till';
import { LOOKUP_KINDS, rng } from './data';
import type { LookupKind } from './data';
import { summarize } from './stats';
import type { Summary } from './stats';

export interface AppUiResult {
  members: number;
  /** Setting the search box's text to a query, to the first paint showing its results. */
  keystroke: Partial<Record<LookupKind, Summary>>;
  /** From navigation start, offline, to the till's first screen ready for input (the staff sign-in). */
  coldStartOffline: Summary;
  /**
   * From navigation start, offline, to the search box ready for input, the staff PIN entered by a
   * script the moment the sign-in screen is ready (so it includes the PIN check, not a person typing).
   */
  coldStartToSearch: Summary;
  /** Opening the care list (from the counter) to today's complete list painted. */
  careList: Summary;
  /** Opening the insights dashboard (from the counter) to the dashboard painted, its kept totals fresh. */
  insights: Summary;
  /**
   * The first opening after the bulk load, which rebuilds the kept totals from a full scan (the seed
   * bypasses Dexie, as a restore would); it also fetches the screen's chunk from the precache.
   */
  insightsFirstOpen?: number;
  /** History in the till for the care list and dashboard: sales, every `every`-th member having 10. */
  history: { sales: number; every: number };
}

interface SeedApi {
  fillApp(start: number, count: number, seed: number, every: number, salesEach: number): Promise<void>;
  fillSales(start: number, count: number, seed: number, every: number, salesEach: number, now: number): Promise<number>;
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

/**
 * Opening a screen from the counter: the hash changes (as the menu does), to the screen's content
 * complete (no loading or scanning notice left in it), then the frame that paints it.
 */
const SCREEN_SOURCE = `async ({ hash, label, busy }) => {
  location.hash = '#/counter';
  while (document.querySelector('section[aria-label="' + label + '"]')) await new Promise((r) => requestAnimationFrame(r));
  await new Promise((r) => setTimeout(r, 50));
  const done = () => {
    const s = document.querySelector('section[aria-label="' + label + '"]');
    if (!s) return false;
    const err = s.querySelector('.error[role="alert"]');
    if (err) throw new Error('screen error: ' + err.textContent);
    if (s.querySelector('.loading')) return false;
    return ![...s.querySelectorAll('[role="status"]')].some((e) => e.textContent === busy);
  };
  const t0 = performance.now();
  location.hash = hash;
  await new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('screen not painted within 180 s: ' + hash)), 180000);
    const check = () => { try { if (done()) { requestAnimationFrame(() => setTimeout(resolve, 0)); return true; } } catch (e) { reject(e); return true; } return false; };
    if (check()) return;
    const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  return performance.now() - t0;
}`;

/** The dashboard's kept-totals state as stored (fresh after the first opening's rebuild, unless a write came during it). */
const KEPT_STATE_SOURCE = `(async () => {
  const name = (await indexedDB.databases()).map((d) => d.name || '').find((n) => n.startsWith('regulars-'));
  const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  const row = await new Promise((ok) => { const r = db.transaction('insightState').objectStore('insightState').get('state'); r.onsuccess = () => ok(r.result); });
  db.close();
  return JSON.stringify(row);
})()`;

async function openScreen(page: Page, hash: string, label: string, busy: string): Promise<number> {
  return Number(await page.evaluate(`(${SCREEN_SOURCE})(${JSON.stringify({ hash, label, busy })})`));
}

/**
 * Runs in every page of the cold-start loop from document start: the moment the sign-in screen is
 * ready it is timed, the first staff member picked and the PIN entered and submitted as a person
 * would (React's value setter and input event), then the search box, visible and enabled, is timed.
 */
const AUTO_SIGN_IN = `(() => {
  const t = { signIn: 0, search: 0 };
  window.__coldStart = t;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  let typed = false;
  const tick = () => {
    const search = document.querySelector('input[type="search"][aria-label="' + __SEARCH__ + '"]');
    if (search && !search.disabled && search.offsetParent !== null) {
      t.search = performance.now();
      if (!t.signIn) t.signIn = t.search;
      return;
    }
    const who = document.querySelector('[role="radiogroup"][aria-label="' + __WHO__ + '"] [role="radio"]');
    if (who && !t.signIn) t.signIn = performance.now();
    if (who && !typed) {
      const pin = document.querySelector('.signin input[type="password"]');
      if (who.getAttribute('aria-checked') !== 'true') who.click();
      if (pin) {
        setter.call(pin, __PIN__);
        pin.dispatchEvent(new Event('input', { bubbles: true }));
        const submit = document.querySelector('.signin button[type="submit"]');
        if (submit && !submit.disabled) { submit.click(); typed = true; }
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function keystroke(page: Page, text: string): Promise<number> {
  const arg = { text, label: msg('en', 'header.search'), results: msg('en', 'lookup.results') };
  return Number(await page.evaluate(`(${KEYSTROKE_SOURCE})(${JSON.stringify(arg)})`));
}

/** `screenReps`: openings of the care list and the dashboard measured (after one warm-up each). */
export async function measureAppUi(browser: Browser, distDir: string, seedScript: string, n: number, seed: number, reps: number, screenReps: number, log: (m: string) => void): Promise<AppUiResult> {
  const server = await startStaticServer(distDir);
  const context = await newTabletContext(browser, { baseURL: server.url, locale: 'en-US' });
  try {
    const page = await context.newPage();
    // The dashboard's phases (a dev aid logged by use-insights.ts) and the screen openings, in the bench log.
    page.on('console', (m) => { if (/^\[(insights|screen)\]/.test(m.text())) log(`app UI: ${m.text()}`); });
    await page.goto('/', { waitUntil: 'load' });
    await waitForServiceWorkerControl(page);
    await setUpStore(page, 'en');
    await page.addScriptTag({ path: seedScript });
    // History as in the page benchmark: 10 sales per member up to 100,000 sales in all.
    const every = Math.max(1, Math.ceil(n / 10_000));
    const now = Date.now();
    let sales = 0;
    for (let start = 0; start < n; start += 10_000) {
      const count = Math.min(10_000, n - start);
      await page.evaluate(([s, c, sd, e]) => (Reflect.get(window, 'benchSeed') as SeedApi).fillApp(s, c, sd, e, 10), [start, count, seed, every] as const);
      sales += await page.evaluate(([s, c, sd, e, t]) => (Reflect.get(window, 'benchSeed') as SeedApi).fillSales(s, c, sd, e, 10, t), [start, count, seed, every, now] as const);
    }
    log(`app UI: ${n} members and ${sales} sales in the till's database`);
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
    const care: number[] = [];
    const insights: number[] = [];
    let insightsFirstOpen = 0;
    for (let j = 0; j < screenReps + 1; j++) {
      const c = await openScreen(page, '#/care', msg('en', 'care.title'), msg('en', 'care.scanning'));
      const d = await openScreen(page, '#/insights', msg('en', 'insights.title'), '');
      // The first opening also fetches the screen's chunk (from the precache): kept apart as a warm-up.
      // The dashboard's first opening also rebuilds its kept totals: reported on its own.
      if (j > 0) { care.push(c); insights.push(d); } else insightsFirstOpen = d;
    }
    log(`app UI: care list and insights done; kept totals after the openings: ${await page.evaluate(KEPT_STATE_SOURCE)}`);
    await goOffline(context);
    const cold: number[] = [];
    const toSearch: number[] = [];
    const script = AUTO_SIGN_IN.replace('__SEARCH__', JSON.stringify(msg('en', 'header.search')))
      .replace('__WHO__', JSON.stringify(msg('en', 'signin.who'))).replace('__PIN__', JSON.stringify(OWNER_PIN));
    for (let j = 0; j < Math.max(5, Math.floor(reps / 3)); j++) {
      const fresh = await context.newPage();
      await fresh.addInitScript(script);
      await fresh.goto('/', { waitUntil: 'commit' });
      const at = await fresh.waitForFunction(() => {
        const t = Reflect.get(window, '__coldStart') as { signIn: number; search: number } | undefined;
        return t && t.search > 0 ? [t.signIn, t.search] : null;
      }, undefined, { polling: 'raf', timeout: 30_000 });
      const [signIn, search] = (await at.jsonValue()) as [number, number];
      cold.push(signIn);
      toSearch.push(search);
      await fresh.close();
    }
    log('app UI: cold starts done');
    return {
      members: n, keystroke: keystrokes, coldStartOffline: summarize(cold), coldStartToSearch: summarize(toSearch),
      careList: summarize(care), insights: summarize(insights), insightsFirstOpen, history: { sales, every },
    };
  } finally {
    await context.close();
    await server.close();
  }
}
