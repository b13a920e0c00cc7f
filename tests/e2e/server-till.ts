/**
 * A till paired to the e2e suite's real server: the owner's admin CLI (scripts/admin.ts, through the
 * server's loopback admin route in DATA_DIR/admin.json), pairing from Settings, "Sync now", and a
 * look inside the till's IndexedDB.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { OWNER_PIN, msg, searchBox, setUpStore } from './till';

const lang = 'en' as const;
const t = (key: Parameters<typeof msg>[1]) => msg(lang, key);

/** Runs the owner's admin CLI against the e2e server's data directory and returns its JSON answer. */
export function admin(dataDir: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, unknown>;
}

export function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`the admin CLI gave no ${what}`);
  return v;
}

export async function openSettings(page: Page): Promise<void> {
  const settings = page.getByRole('button', { name: t('nav.settings'), exact: true });
  if (!(await settings.isVisible())) await page.getByRole('button', { name: new RegExp(`^${t('header.more')}`) }).click();
  await settings.click();
  await page.getByRole('region', { name: t('sync.title') }).waitFor();
}

/** The server's staff member `who` signs in with the PIN (after pairing, a reload or a lock). */
export async function signInAs(page: Page, who: string, pin = OWNER_PIN): Promise<void> {
  const group = page.getByRole('radiogroup', { name: t('signin.who') });
  await group.waitFor({ state: 'visible', timeout: 15_000 });
  await group.getByRole('radio', { name: new RegExp(who) }).click();
  await page.getByLabel(t('signin.pin'), { exact: true }).fill(pin);
  await page.getByRole('button', { name: t('signin.submit') }).click();
  await searchBox(page, lang).waitFor({ state: 'visible', timeout: 15_000 });
}

/** A fresh tablet: the short local setup, then Settings → "Connect to a server", then `owner` signs in. */
export async function pairTablet(page: Page, baseUrl: string, code: string, tabletName: string, owner: string): Promise<void> {
  await page.goto('/', { waitUntil: 'load' });
  await setUpStore(page, lang);
  await openSettings(page);
  const form = page.getByRole('form', { name: t('sync.connect') });
  await form.getByLabel(t('sync.server')).fill(baseUrl);
  await form.getByLabel(t('sync.code')).fill(code);
  await form.getByLabel(t('sync.deviceName')).fill(tabletName);
  await form.getByRole('button', { name: t('sync.pair') }).click();
  await signInAs(page, owner);
}

export async function syncNow(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByRole('button', { name: t('sync.syncNow') }).click();
}

/** Row counts of some tables of the till database `name` (0 for a table or database that is not there). */
export async function tableCounts(page: Page, name: string, tables: string[]): Promise<Record<string, number>> {
  return page.evaluate(async ({ name, tables }) => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    const out: Record<string, number> = {};
    if (!names.includes(name)) { for (const tb of tables) out[tb] = 0; return out; }
    const db = await new Promise<IDBDatabase>((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    for (const tb of tables) {
      out[tb] = db.objectStoreNames.contains(tb)
        ? await new Promise<number>((ok, fail) => { const c = db.transaction(tb).objectStore(tb).count(); c.onsuccess = () => ok(c.result); c.onerror = () => fail(c.error); })
        : 0;
    }
    db.close();
    return out;
  }, { name, tables });
}
