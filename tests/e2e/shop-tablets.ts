/**
 * One shop's tablets against one running server, for the months suite (tests/e2e/months.test.ts):
 * the server on either backend, the owner's admin CLI against it, and what a cashier reads off a
 * member's card. Every figure is read off the screen, by role, accessible name or test id.
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer } from '../support/app-server';
import { startPostgres } from '../support/postgres';
import type { RunningPostgres } from '../support/postgres';
import { syncNow } from './server-till';
import { addFreeAmount, attachMember, msg, msgPattern, payByWeChat, readNumber, searchBox } from './till';

const lang = 'en' as const;
export const t = (key: Parameters<typeof msg>[1], params: Record<string, string | number> = {}) => msg(lang, key, params);

export type Backend = 'embedded' | 'postgres';

export interface ShopServer {
  backend: Backend;
  url: string;
  dataDir: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The server for one backend, its own process: on `embedded`, a PGlite data directory; on
 * `postgres`, a throwaway PostgreSQL 15 cluster given to the server as DATABASE_URL.
 */
export async function startShopServer(backend: Backend, distDir: string): Promise<ShopServer> {
  let pg: RunningPostgres | null = null;
  if (backend === 'postgres') pg = await startPostgres();
  try {
    const s = await startAppServer(distDir, pg ? { databaseUrl: pg.url } : {});
    return {
      backend, url: s.url, dataDir: s.dataDir ?? '', databaseUrl: pg?.url ?? '',
      close: async () => { await s.close(); await pg?.stop(); },
    };
  } catch (e) {
    await pg?.stop();
    throw e;
  }
}

/** The owner's admin CLI against this server (through its admin route, or PostgreSQL directly). */
export function adminOn(server: ShopServer, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.databaseUrl }, encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, unknown>;
}

export interface Member { phone: string; last4: string; name: string }

/** Finds the member at the counter (typed afresh: the search runs when its text changes) and opens their card. */
export async function openCard(page: Page, m: Member): Promise<boolean> {
  const box = searchBox(page, lang);
  await box.fill('');
  await box.fill(m.last4);
  const row = page.getByRole('button', { name: t('lookup.select', { name: m.name }) });
  if (!(await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) return false;
  await row.click();
  await page.getByTestId('card-points').waitFor({ state: 'visible' });
  return true;
}

const CARD_FIGURES = ['tier-badge', 'tier-progress', 'card-grade', 'card-points', 'history-summary'] as const;

/** What the member card shows: tier, progress to the next tier, grade, points and the history summary. */
export async function readCard(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of CARD_FIGURES) {
    const el = page.getByTestId(id);
    if (await el.count()) out[id] = (await el.first().innerText()).trim();
  }
  return out;
}

/** Syncs `page` until the member's card shows `points`, then returns what the card shows. */
export async function syncUntilPoints(page: Page, m: Member, points: number): Promise<Record<string, string>> {
  await expect.poll(async () => {
    await syncNow(page);
    if (!(await openCard(page, m))) return null;
    return readNumber(page, 'card-points');
  }, { timeout: 60_000, interval: 1_000 }).toBe(points);
  await page.getByTestId('history-summary').waitFor({ state: 'visible' });
  return readCard(page);
}

export interface Receipt { no: string; earned: number; redeemed: number; balance: number }

/** A sale of one free-amount line to the member, paid by WeChat, redeeming `redeem` points; what the receipt shows. */
export async function sell(page: Page, m: Member, item: string, amount: string, redeem = 0): Promise<Receipt> {
  await page.getByRole('button', { name: t('nav.counter'), exact: true }).click();
  await attachMember(page, lang, m.last4, m.name);
  await addFreeAmount(page, lang, item, amount);
  if (redeem > 0) {
    await page.getByRole('textbox', { name: t('checkout.redeem') }).fill(String(redeem));
    const quote = page.getByRole('region', { name: t('checkout.due') });
    await expect.poll(() => quote.innerText()).toContain(t('checkout.redeemValue', { points: redeem }));
  }
  await payByWeChat(page, lang);
  const line = await page.getByText(msgPattern(lang, 'receipt.no')).first().innerText();
  const redeemed = await page.getByTestId('receipt-redeemed').count() ? Math.abs(await readNumber(page, 'receipt-redeemed')) : 0;
  const receipt = {
    no: line.split(/\s+/).pop() ?? '', earned: await readNumber(page, 'receipt-earned'), redeemed,
    balance: await readNumber(page, 'receipt-balance'),
  };
  await page.getByRole('button', { name: t('checkout.newSale') }).click();
  return receipt;
}
