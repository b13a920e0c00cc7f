// Two tablets of one shop paired to the running server (issue #4 "Tests", last item): one goes
// offline, both sell to the same member, both reconnect, and both show the same balance and history.
// Then a third tablet is paired after those sales: its dashboard shows them too (I13, C-S18), and the
// member's card shows the same tier, progress, grade, points and history summary as on A (C-S20).
// The organisation and the pairing codes come from the owner's admin CLI (scripts/admin.ts), which
// reaches the e2e server through its loopback admin route (DATA_DIR/admin.json).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goOffline, goOnline, launchChromium, newTabletContext, screenshot } from '../support/browser';
import {
  OWNER_PIN, addFreeAmount, attachMember, enrollAtCheckout, msg, msgPattern, openInsights, payByWeChat, readNumber, searchBox, setUpStore,
} from './till';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const lang = 'en' as const;
const t = (key: Parameters<typeof msg>[1], params: Record<string, string | number> = {}) => msg(lang, key, params);

const SERVER_OWNER = 'Olga';
const MEMBER = { phone: '13800004321', last4: '4321', name: 'Mia Chen' };

/** Runs the owner's admin CLI against the e2e server's data directory and returns its JSON answer. */
function admin(...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8',
  });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`the admin CLI gave no ${what}`);
  return v;
}

async function openSettings(page: Page): Promise<void> {
  const settings = page.getByRole('button', { name: t('nav.settings'), exact: true });
  if (!(await settings.isVisible())) await page.getByRole('button', { name: new RegExp(`^${t('header.more')}`) }).click();
  await settings.click();
  await page.getByRole('region', { name: t('sync.title') }).waitFor();
}

/** A fresh tablet: the short local setup, then Settings → "Connect to a server", then the server's owner signs in. */
async function pairTablet(page: Page, code: string, tabletName: string): Promise<void> {
  await page.goto('/', { waitUntil: 'load' });
  await setUpStore(page, lang);
  await openSettings(page);
  const form = page.getByRole('form', { name: t('sync.connect') });
  await form.getByLabel(t('sync.server')).fill(baseUrl);
  await form.getByLabel(t('sync.code')).fill(code);
  await form.getByLabel(t('sync.deviceName')).fill(tabletName);
  await form.getByRole('button', { name: t('sync.pair') }).click();
  // The till now runs on the organisation's data: only the server's staff can sign in.
  const who = page.getByRole('radiogroup', { name: t('signin.who') });
  await who.waitFor({ state: 'visible', timeout: 15_000 });
  await who.getByRole('radio', { name: new RegExp(SERVER_OWNER) }).click();
  await page.getByLabel(t('signin.pin'), { exact: true }).fill(OWNER_PIN);
  await page.getByRole('button', { name: t('signin.submit') }).click();
  await searchBox(page, lang).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Settings → "Sync now" (push, then pull); the caller polls for the state it expects afterwards. */
async function syncNow(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByRole('button', { name: t('sync.syncNow') }).click();
}

async function openMemberCard(page: Page): Promise<void> {
  await searchBox(page, lang).fill(MEMBER.last4);
  await page.getByRole('button', { name: t('lookup.select', { name: MEMBER.name }) }).click();
  await page.getByTestId('card-points').waitFor({ state: 'visible' });
}

/** Searches afresh (the search runs when its text changes, not when a synced member arrives). */
async function searchShows(page: Page): Promise<boolean> {
  const box = searchBox(page, lang);
  await box.fill('');
  await box.fill(MEMBER.last4);
  return page.getByRole('button', { name: t('lookup.select', { name: MEMBER.name }) })
    .waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
}

async function receiptNo(page: Page): Promise<string> {
  const line = await page.getByText(msgPattern(lang, 'receipt.no')).first().innerText();
  return line.split(/\s+/).pop() ?? '';
}

/** A sale of one free-amount line to the member, paid by WeChat; what the receipt shows. */
async function sellToMember(page: Page, item: string, amount: string): Promise<{ no: string; earned: number; balance: number }> {
  await attachMember(page, lang, MEMBER.last4, MEMBER.name);
  await addFreeAmount(page, lang, item, amount);
  await payByWeChat(page, lang);
  const sale = { no: await receiptNo(page), earned: await readNumber(page, 'receipt-earned'), balance: await readNumber(page, 'receipt-balance') };
  await page.getByRole('button', { name: t('checkout.newSale') }).click();
  return sale;
}

/** How often each receipt appears in the member card's history, and how many sales it lists. */
async function historyCounts(page: Page, receipts: string[]): Promise<{ perReceipt: number[]; sales: number }> {
  const history = page.getByRole('article', { name: t('member.title') });
  const perReceipt = await Promise.all(receipts.map((no) =>
    history.getByRole('button', { name: `${t('member.return')} ${no}`, exact: true }).count()));
  const sales = await history.getByRole('button', { name: new RegExp(`^${t('member.return')} `) }).count();
  return { perReceipt, sales };
}

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

describe('two tablets on one server', () => {
  it('[#4 e2e][C-S20] one tablet offline, both sell to the same member, both reconnect: same balance and same history on both; a tablet paired later shows the member as they do', async () => {
    expect(dataDir, 'the e2e server must be the real one (not E2E_SERVER=static)').not.toBe('');
    const org = admin('create-org', '--name', 'Two Tablets Tea', '--owner-name', SERVER_OWNER, '--owner-pin', OWNER_PIN);
    const storeId = text(org.storeId, 'store id');
    const codeA = text(admin('pair-code', '--store', storeId).code, 'pairing code');
    const codeB = text(admin('pair-code', '--store', storeId).code, 'pairing code');
    const codeC = text(admin('pair-code', '--store', storeId).code, 'pairing code');

    const ctxA = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
    const ctxB = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
    const ctxC = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
    contexts.push(ctxA, ctxB, ctxC);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    const c = await ctxC.newPage();
    try {
      await twoTablets(a, b, ctxB, codeA, codeB);
      await lateTablet(a, c, codeC);
    } catch (e) {
      // What each tablet showed when it failed, for the person reading the CI log.
      await screenshot(a, 'two-tablets-failed-A').catch(() => undefined);
      await screenshot(b, 'two-tablets-failed-B').catch(() => undefined);
      await screenshot(c, 'two-tablets-failed-C').catch(() => undefined);
      throw e;
    }
  }, 400_000);
});

async function twoTablets(a: Page, b: Page, ctxB: BrowserContext, codeA: string, codeB: string): Promise<void> {
  await pairTablet(a, codeA, 'Front till');
  await pairTablet(b, codeB, 'Back till');

  // Tablet A: the customer joins at a first purchase.
  await a.getByRole('button', { name: t('nav.counter'), exact: true }).click();
  await addFreeAmount(a, lang, 'Oolong tea', '128.00');
  await enrollAtCheckout(a, lang, MEMBER.phone, MEMBER.name);
  await payByWeChat(a, lang);
  const first = { no: await receiptNo(a), earned: await readNumber(a, 'receipt-earned'), balance: await readNumber(a, 'receipt-balance') };
  expect(first.earned, 'the first sale earns points').toBeGreaterThan(0);
  await a.getByRole('button', { name: t('checkout.newSale') }).click();

  // Tablet B finds the member once both have synced, with the balance A's receipt showed.
  await expect.poll(async () => {
    await syncNow(a);
    await syncNow(b);
    return searchShows(b);
  }, { timeout: 60_000, interval: 1_000 }).toBe(true);
  await openMemberCard(b);
  expect(await readNumber(b, 'card-points')).toBe(first.balance);

  // B loses the network; both tablets sell to the member (B offline, A online).
  await goOffline(ctxB);
  const onB = await sellToMember(b, 'Jasmine tea', '45.00');
  const onA = await sellToMember(a, 'Tea cake', '30.00');
  expect(onB.balance, 'offline, B counts its own sale at once').toBe(first.balance + onB.earned);
  expect(onA.balance, 'A does not know of B\'s sale yet').toBe(first.balance + onA.earned);
  // B's sale waits in its outbox while it is offline.
  const noneWaiting = t('header.pendingSync_other', { count: 0 });
  const statusB = await b.getByRole('status', { name: new RegExp(`^${t('header.offline')}`) }).getAttribute('aria-label');
  expect(statusB).not.toContain(noneWaiting);
  await screenshot(b, 'two-tablets-1-B-offline');

  // B comes back; the engine pushes on the 'online' event, "Sync now" on both makes it certain.
  await goOnline(ctxB);
  const expected = first.balance + onA.earned + onB.earned;
  for (const page of [b, a, b]) {
    await expect.poll(async () => {
      await syncNow(page);
      await openMemberCard(page);
      return readNumber(page, 'card-points');
    }, { timeout: 60_000, interval: 1_000 }).toBe(expected);
  }

  const receipts = [first.no, onA.no, onB.no];
  expect(new Set(receipts).size, 'three different receipts').toBe(3);
  const shown: { points: number; history: { perReceipt: number[]; sales: number } }[] = [];
  for (const page of [a, b]) {
    await openMemberCard(page);
    await expect.poll(() => historyCounts(page, receipts)).toEqual({ perReceipt: [1, 1, 1], sales: 3 });
    await expect(page.getByText(msgPattern(lang, 'member.pending')).count(), 'no points wait to sync').resolves.toBe(0);
    shown.push({ points: await readNumber(page, 'card-points'), history: await historyCounts(page, receipts) });
  }
  expect(shown[0], 'both tablets show the same balance and history').toEqual(shown[1]);
  for (const page of [a, b]) {
    const status = page.getByRole('status', { name: new RegExp(`^${t('header.online')}`) });
    // Nothing waits to sync on either tablet.
    await expect.poll(() => status.getAttribute('aria-label')).toContain(noneWaiting);
    // The card scrolls inside the app, not the page: bring the oldest sale into the screenshot.
  await page.getByRole('button', { name: `${t('member.return')} ${first.no}`, exact: true }).scrollIntoViewIfNeeded();
  }
  await screenshot(a, 'two-tablets-2-A-member');
  await screenshot(b, 'two-tablets-3-B-member');
}

/** The sales mix table's rows on a tablet's dashboard, opened afresh (from the counter). */
async function salesMix(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: t('nav.counter'), exact: true }).click();
  await openInsights(page, lang);
  const mix = page.getByRole('region', { name: t('insights.mix') });
  await mix.getByRole('row').nth(2).waitFor({ timeout: 30_000 });
  return mix.getByRole('row').allInnerTexts();
}

/** A tablet paired after the three sales: once its download is done, its dashboard shows them as A's does. */
async function lateTablet(a: Page, c: Page, codeC: string): Promise<void> {
  await pairTablet(c, codeC, 'New till');
  await expect.poll(() => searchShows(c), { timeout: 60_000, interval: 1_000 }).toBe(true);
  const onA = await salesMix(a);
  expect(onA.join(' '), 'A counts the three member sales').toMatch(/\b3\b/);
  await expect.poll(() => salesMix(c), { timeout: 60_000, interval: 2_000 }).toEqual(onA);
  await searchBox(c, lang).fill('');
  await c.getByRole('region', { name: t('insights.mix') }).scrollIntoViewIfNeeded();
  await screenshot(c, 'two-tablets-4-C-insights');

  // [C-S20] The member's card on the late tablet reads as on A: ¥203 spent in three visits this month.
  const shown: Record<string, string>[] = [];
  for (const page of [a, c]) {
    await openMemberCard(page);
    await page.getByTestId('history-summary').waitFor({ state: 'visible' });
    const read = async () => Object.fromEntries(await Promise.all(['tier-badge', 'tier-progress', 'card-grade', 'card-points', 'history-summary']
      .map(async (id) => [id, (await page.getByTestId(id).innerText()).trim()] as const)));
    await expect.poll(async () => (await read())['tier-progress'], { timeout: 15_000 }).toBe(t('tier.toNext', { amount: '¥797.00', tier: 'Silver' }));
    shown.push(await read());
  }
  expect(shown[1], 'the late tablet shows the member as A does').toEqual(shown[0]);
  expect(shown[1]?.['card-grade']).toBe('D');
  expect(shown[1]?.['history-summary']).toMatch(/^3 purchases · ¥203\.00 in total · last on /);
  await screenshot(c, 'two-tablets-5-C-member');
}
