/**
 * `npm run bench [-- --quick]`: Regulars against raw IndexedDB, PouchDB and load-everything-into-
 * memory, in real headless Chromium, on generated members (bench/data.ts). Writes
 * bench/results/<date>-<quick|full>.{md,json} and prints the table. Goals are reported, never asserted.
 */
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from '../tests/support/browser';
import { startStaticServer } from '../tests/support/static-server';
import { measureAppSize } from './app-size';
import { measureWire } from './app-wire';
import { measureAppUi } from './app-ui';
import { measureServer } from './server';
import type { AppUiResult } from './app-ui';
import { buildBenchPage, buildSeedScript } from './build-page';
import { LOOKUP_KINDS } from './data';
import type { ContenderId, FactsPlan, Samples } from './page/main';
import { renderMarkdown, type BenchResult, type LookupCell, type SizeResult } from './report';
import { summarize } from './stats';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizesArg = args.find((a) => a.startsWith('--sizes='))?.slice(8);
const sizes = sizesArg ? sizesArg.split(',').map(Number) : quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
/** `--note=text`: a line for the results file (what else was loading the machine, what was thinned). */
const noteArg = args.find((a) => a.startsWith('--note='))?.slice(7);
/**
 * `--only=lookups,app,server`: measure only those parts (lookups = the sizes: lookup, checkout, bulk
 * load, heap; app = the real app's screens; server = push and pull; bootstrap = the bulk load of the
 * sizes alone, Regulars and raw IndexedDB, without history, lookups or checkouts). A partial run writes
 * `<date>-partial.{md,json}`, never over a complete results file.
 */
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice(7);
const only = new Set(onlyArg ? onlyArg.split(',') : ['lookups', 'app', 'server']);
const bootstrapOnly = only.has('bootstrap') && !only.has('lookups');
const partial = onlyArg !== undefined;
const SEED = 20261122;
const LOOKUP_REPS = 200;
const COMMIT_REPS = 100;
/**
 * PouchDB loads a few hundred members a second here: at 100,000 members that alone is many minutes,
 * so --quick measures it at 10,000 only, and a full run up to 100,000.
 */
const POUCH_MAX = quick ? 10_000 : 100_000;

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/**
 * History: 10 sales (25 ledger entries) per member, as the issue suggests, up to FACTS_CAP sales in
 * all; above that, 1 member in `every` gets the 10 sales, so the stores keep the same shape and a
 * run fits this machine. PouchDB gets the members only (its bulk load of history alone takes minutes).
 */
const factsCapArg = args.find((a) => a.startsWith('--facts-cap='))?.slice(12);
const FACTS_CAP = factsCapArg ? Number(factsCapArg) : 100_000;

export function factsPlan(n: number): FactsPlan {
  return { every: Math.max(1, Math.ceil((10 * n) / FACTS_CAP)), salesEach: 10 };
}

async function heapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

const withHits = (s: Samples | undefined): LookupCell | undefined =>
  s ? { ...summarize(s.ms), meanHits: s.hits.reduce((a, b) => a + b, 0) / Math.max(1, s.hits.length) } : undefined;

/**
 * `--order=raw,regulars`: the order the contenders are loaded in (default Regulars, raw, PouchDB).
 * They share the page's origin, so one IndexedDB backing store: at 1,000,000 members the store
 * loaded first may sit deeper in it than the one loaded after.
 */
const orderArg = args.find((a) => a.startsWith('--order='))?.slice(8)?.split(',');

function loadOrder(ids: ContenderId[]): ContenderId[] {
  if (!orderArg) return ids;
  const rank = (id: ContenderId) => (orderArg.includes(id) ? orderArg.indexOf(id) : orderArg.length);
  return [...ids].sort((a, b) => rank(a) - rank(b));
}

async function runSize(page: Page, n: number): Promise<SizeResult> {
  const plan = factsPlan(n);
  const ids = loadOrder(n <= POUCH_MAX && !bootstrapOnly ? ['regulars', 'raw', 'pouch'] : ['regulars', 'raw']);
  const heapIdle = await heapBytes(page);
  const fill: SizeResult['fill'] = {};
  for (const id of ids) {
    log(`${n}: loading ${id}`);
    const facts = id === 'pouch' || bootstrapOnly ? null : plan;
    fill[id] = await page.evaluate(([c, size, seed, f]) => window.bench.fill(c, size, seed, f), [id, n, SEED, facts] as const);
    const f = fill[id];
    log(`${n}: ${id} bootstrap at ${Math.round(f?.membersPerSecond ?? 0)} members/s, longest task ${Math.round(f?.longestTaskMs ?? 0)} ms`
      + (f && f.factsMs > 0 ? `; history ${Math.round((f.sales + f.ledger) / (f.factsMs / 1000))} rows/s` : ''));
  }
  const heapStores = await heapBytes(page);
  if (bootstrapOnly) {
    await page.evaluate(() => window.bench.closeAll());
    return {
      members: n, facts: { every: 0, salesEach: 0 }, contenders: ids, fill, lookups: {}, commits: {},
      memoryStartupMs: Number.NaN, heap: { idleBytes: heapIdle, storesBytes: heapStores, memoryBaselineBytes: Number.NaN },
    };
  }
  const mem = await page.evaluate(() => window.bench.loadMemory());
  const heapMemory = await heapBytes(page);
  log(`${n}: memory baseline loaded in ${Math.round(mem.startupMs)} ms`);
  const lookups: SizeResult['lookups'] = {};
  for (const kind of LOOKUP_KINDS) {
    const s = await page.evaluate(([c, k, size, seed, reps]) => window.bench.lookups(c, k, size, seed, reps),
      [[...ids, 'memory' as const], kind, n, SEED, LOOKUP_REPS] as const);
    lookups[kind] = { regulars: withHits(s.regulars), raw: withHits(s.raw), pouch: withHits(s.pouch), memory: withHits(s.memory) };
  }
  log(`${n}: lookups done`);
  const c = await page.evaluate(([cs, size, seed, reps]) => window.bench.commits(cs, size, seed, reps), [ids, n, SEED, COMMIT_REPS] as const);
  const commits: SizeResult['commits'] = {};
  for (const id of ids) {
    const samples = c[id];
    if (samples) commits[id] = summarize(samples.ms);
  }
  log(`${n}: commits done`);
  await page.evaluate(() => window.bench.closeAll());
  return {
    members: n, facts: plan, contenders: ids, fill, lookups, commits,
    memoryStartupMs: mem.startupMs, heap: { idleBytes: heapIdle, storesBytes: heapStores, memoryBaselineBytes: heapMemory },
  };
}

/**
 * The benchmark builds the app into its own folder: dist/ is rebuilt by other work on a shared
 * machine, and a run must measure one build from start to end.
 */
const APP_DIR = join('bench', '.cache', 'app');

function buildApp(): void {
  log(`building the app into ${APP_DIR} (vite build)`);
  const b = spawnSync('npx', ['vite', 'build', '--outDir', APP_DIR, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0 || !existsSync(join(APP_DIR, 'index.html'))) throw new Error('vite build failed');
}

/** `--app-dir=path`: measure a build made beforehand (when the working tree does not build right now). */
const appDirArg = args.find((a) => a.startsWith('--app-dir='))?.slice(10);

/** `--resume`: keep the sizes bench/.cache/partial.json already holds (from a run that stopped) and measure the rest. */
const PARTIAL = join('bench', '.cache', 'partial.json');

/**
 * Each size in its own on-disk profile (a temporary folder, removed after): an in-memory profile
 * runs out of quota at 1,000,000 members, and nothing of one size is left for the next.
 */
async function measureSize(pageUrl: string, n: number): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'regulars-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`${pageUrl}/index.html`);
    await page.waitForFunction(() => typeof window.bench === 'object');
    return await runSize(page, n);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!appDirArg) buildApp();
  const appDir = appDirArg ?? APP_DIR;
  const appSize = measureAppSize(appDir);
  log('measuring the bytes the server sends for the app');
  appSize.wire = await measureWire(appDir, appSize.initialJsFiles, appSize.precacheUrls ?? []);
  delete appSize.precacheUrls;
  log('bundling the benchmark page');
  const pageDir = await buildBenchPage();
  const pageServer = await startStaticServer(pageDir);
  const browser = await launchChromium();
  const resumed = args.includes('--resume') && existsSync(PARTIAL) ? (JSON.parse(readFileSync(PARTIAL, 'utf8')) as SizeResult[]) : [];
  const results: SizeResult[] = resumed.filter((r) => sizes.includes(r.members));
  let appUi: AppUiResult | null = null;
  let server: BenchResult['server'] = [];
  const chromiumVersion = browser.version();
  const loadBefore = loadavg()[0] ?? 0;
  const date = new Date().toISOString().slice(0, 10);
  /** `--out=path/base`: where the .md and .json go (default bench/results/<date>-<mode>). */
  const outArg = args.find((a) => a.startsWith('--out='))?.slice(6);
  const base = outArg ?? join('bench', 'results', `${date}-${partial ? 'partial' : quick ? 'quick' : 'full'}`);
  /** Writes the results so far: a long run that fails later still leaves what it measured. */
  const save = (final: boolean) => {
    const result: BenchResult = {
      date: new Date().toISOString(), mode: quick ? 'quick' : 'full', seed: SEED,
      machine: {
        cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem(),
        chromium: chromiumVersion, node: process.version, platform: `${process.platform} ${process.arch}`,
        loadAverage: [loadBefore, loadavg()[0] ?? 0],
      },
      appSize, sizes: [...results].sort((a, b) => a.members - b.members), appUi, server,
      ...(noteArg ? { note: noteArg } : {}),
    };
    const md = renderMarkdown(result);
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${base}.md`, md);
    writeFileSync(PARTIAL, `${JSON.stringify(results, null, 2)}\n`);
    if (final) process.stdout.write(md);
    log(`wrote ${base}.md and ${base}.json${final ? '' : ' (so far)'}`);
  };
  const todo = only.has('lookups') || only.has('bootstrap') ? sizes.filter((n) => !results.some((r) => r.members === n)) : [];
  if (results.length > 0) log(`resuming: ${results.map((r) => r.members).join(', ')} members already measured`);
  try {
    // Up to 100,000 members, then the app and the server, then the largest size (the longest, last).
    for (const n of todo.filter((x) => x <= 100_000)) {
      results.push(await measureSize(pageServer.url, n));
      save(false);
    }
    const uiSize = Math.min(100_000, Math.max(...sizes));
    if (only.has('app')) {
      log(`app UI: keystroke, cold start, care list and dashboard at ${uiSize} members`);
      // Few openings of the care list and dashboard: the dashboard takes seconds at 100,000 members.
      appUi = await measureAppUi(browser, appDir, await buildSeedScript(), uiSize, SEED, 30, quick ? 1 : 4, log);
      save(false);
    }
    if (only.has('server') && !args.includes('--no-server')) {
      log('server: push and pull on PGlite and PostgreSQL');
      server = await measureServer(SEED, quick ? 10 : 40, log);
      save(false);
    }
    for (const n of todo.filter((x) => x > 100_000)) {
      results.push(await measureSize(pageServer.url, n));
      save(false);
    }
  } finally {
    await browser.close();
    await pageServer.close();
  }
  save(true);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
