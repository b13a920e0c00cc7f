/**
 * Steps a cashier takes at the till, written once for the e2e tests in both languages. Every
 * control is found by its role and accessible name, taken from the app's own message catalogues,
 * so a control without an accessible name (or with an untranslated one) fails the test.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '../../src/i18n/en';
import type { MessageKey } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import type { TestLocale } from '../support/browser';

export type Lang = 'en' | 'zh-CN';

export function langOf(locale: TestLocale): Lang {
  return locale === 'en-US' ? 'en' : 'zh-CN';
}

/** The message the app shows for `key` in `lang`, with {params} filled in. */
export function msg(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = (lang === 'en' ? en : zhCN)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A message with its {params} left open, as a RegExp (for amounts the test does not predict). */
export function msgPattern(lang: Lang, key: MessageKey): RegExp {
  const text: string = (lang === 'en' ? en : zhCN)[key];
  const parts = text.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.*?'));
}

export const OWNER_PIN = '2468';

/** First start: the short setup form, then the till signs the owner in. */
export async function setUpStore(page: Page, lang: Lang): Promise<void> {
  const t = (k: MessageKey) => msg(lang, k);
  await page.getByRole('heading', { name: t('setup.title') }).waitFor();
  await page.getByLabel(t('setup.storeName')).fill(lang === 'en' ? 'Corner Shop' : '街角小店');
  await page.getByLabel(t('setup.ownerName')).fill(lang === 'en' ? 'Ann' : '王芳');
  await page.getByLabel(t('setup.ownerPin'), { exact: true }).fill(OWNER_PIN);
  await page.getByLabel(t('setup.ownerPinAgain')).fill(OWNER_PIN);
  await page.getByRole('button', { name: t('setup.start') }).click();
  await searchBox(page, lang).waitFor({ state: 'visible', timeout: 15_000 });
}

export function searchBox(page: Page, lang: Lang) {
  return page.getByRole('searchbox', { name: msg(lang, 'header.search') });
}

/** Adds a free-amount line ("12.50") with a name. */
export async function addFreeAmount(page: Page, lang: Lang, name: string, amount: string): Promise<void> {
  await page.getByLabel(msg(lang, 'checkout.freeAmountName'), { exact: true }).fill(name);
  await page.getByLabel(msg(lang, 'checkout.freeAmountLabel'), { exact: true }).fill(amount);
  await page.getByRole('button', { name: msg(lang, 'checkout.addFree') }).click();
  await expect.poll(() => page.getByRole('list', { name: msg(lang, 'checkout.cart') }).innerText()).toContain(name);
}

/** A whole number shown on screen ("1,380", "−100", "1 380") as a number. */
export function shownNumber(text: string): number {
  const negative = /^[\s]*[-−]/.test(text);
  const digits = text.replace(/[^\d]/g, '');
  if (digits === '') throw new Error(`no number in "${text}"`);
  return (negative ? -1 : 1) * Number(digits);
}

export async function readNumber(page: Page, testId: string): Promise<number> {
  const el = page.getByTestId(testId);
  await el.waitFor({ state: 'visible' });
  return shownNumber(await el.innerText());
}

/** Pays the amount due by WeChat Pay and waits for the receipt. */
export async function payByWeChat(page: Page, lang: Lang): Promise<void> {
  await page.getByRole('button', { name: msgPattern(lang, 'checkout.pay') }).click();
  await page.getByRole('radio', { name: msg(lang, 'pay.wechat') }).click();
  await page.getByRole('button', { name: msg(lang, 'pay.confirm') }).click();
  await page.getByRole('article', { name: msg(lang, 'receipt.title') }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** The number in the <dd> that follows the <dt> labelled `term`. */
export async function definitionNumber(page: Page, term: string): Promise<number> {
  const dd = page.locator('dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]');
  return shownNumber(await dd.innerText());
}

/** Opens the till at '/' and signs the owner in again if the till asks (after a reload or a crash). */
export async function openTill(page: Page, lang: Lang): Promise<void> {
  await page.goto('/', { waitUntil: 'load' });
  await signInIfAsked(page, lang);
}

/** After a reload the till may ask who is at the till: the owner signs in with the PIN. */
export async function signInIfAsked(page: Page, lang: Lang): Promise<void> {
  const search = searchBox(page, lang);
  const who = page.getByRole('radiogroup', { name: msg(lang, 'signin.who') });
  await search.or(who).first().waitFor({ state: 'visible', timeout: 15_000 });
  if (await search.isVisible()) return;
  await who.getByRole('radio').first().click();
  await page.getByLabel(msg(lang, 'signin.pin'), { exact: true }).fill(OWNER_PIN);
  await page.getByRole('button', { name: msg(lang, 'signin.submit') }).click();
  await search.waitFor({ state: 'visible', timeout: 15_000 });
}

/** Finds a member by what the cashier types and puts them on the sale with Enter (UI-L8), on the counter. */
export async function attachMember(page: Page, lang: Lang, typed: string, name: string): Promise<void> {
  await searchBox(page, lang).fill(typed);
  await page.getByRole('button', { name: msg(lang, 'lookup.select', { name }) }).waitFor();
  await searchBox(page, lang).press('Enter');
  await expect.poll(() => page.getByRole('region', { name: msg(lang, 'checkout.member') }).innerText()).toContain(name);
}

/** Enrolls a member from the checkout's "not a member yet?" form. */
export async function enrollAtCheckout(page: Page, lang: Lang, phone: string, name: string): Promise<void> {
  await page.getByRole('button', { name: msg(lang, 'enroll.open') }).click();
  await page.getByLabel(msg(lang, 'enroll.phone')).fill(phone);
  await page.getByLabel(msg(lang, 'enroll.name'), { exact: true }).fill(name);
  await page.getByLabel(msg(lang, 'enroll.consent')).check();
  await page.getByRole('button', { name: msg(lang, 'enroll.submit') }).click();
  await page.getByTestId('member-points').waitFor({ state: 'visible' });
}

/** What a cashier checks on a printed receipt, read from the page in print media. */
export interface PrintedReceipt {
  /** The receipt's width in CSS px and the paper's (1 mm = 96/25.4 px). */
  width: number;
  paperWidth: number;
  /** Elements inside the receipt reaching past its right edge, or scrolling sideways. */
  overflowing: string[];
  /** The points lines and the QR are printed (visible in print media). */
  printed: { earned: boolean; redeemed: boolean; balance: boolean; qr: boolean };
  /** Screen-only controls (buttons) that would print. */
  printedButtons: number;
}

/** Chooses the paper width on the receipt screen, switches to print media and reads what would print. */
export async function printReceipt(page: Page, lang: Lang, paper: '58' | '80'): Promise<PrintedReceipt> {
  await page.getByRole('radiogroup', { name: msg(lang, 'receipt.paper') })
    .getByRole('radio', { name: msg(lang, paper === '58' ? 'settings.paper58' : 'settings.paper80') }).click();
  await page.emulateMedia({ media: 'print' });
  try {
    return await page.evaluate((mm) => {
      const receipt = document.querySelector<HTMLElement>('article.receipt');
      if (!receipt) throw new Error('no receipt');
      const box = receipt.getBoundingClientRect();
      const shown = (sel: string) => {
        const el = receipt.querySelector<HTMLElement>(sel);
        return !!el && getComputedStyle(el).visibility === 'visible' && el.getBoundingClientRect().width > 0;
      };
      const overflowing = [receipt, ...receipt.querySelectorAll<HTMLElement>('*')]
        .filter((el) => el.getBoundingClientRect().right > box.right + 0.5 || el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 30) ?? ''}`);
      const printedButtons = [...document.querySelectorAll('button')].filter((b) => getComputedStyle(b).visibility === 'visible' && getComputedStyle(b).display !== 'none').length;
      return {
        width: box.width, paperWidth: (Number(mm) * 96) / 25.4, overflowing, printedButtons,
        printed: { earned: shown('[data-testid="receipt-earned"]'), redeemed: shown('[data-testid="receipt-redeemed"]'), balance: shown('[data-testid="receipt-balance"]'), qr: shown('.receipt-qr [role="img"], .receipt-qr svg, .receipt-qr img, .receipt-qr canvas') },
      };
    }, paper);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

/** Opens the owner's dashboard from the navigation (under "More" on a narrow screen). */
export async function openInsights(page: Page, lang: Lang): Promise<void> {
  const item = page.getByRole('button', { name: msg(lang, 'nav.insights'), exact: true });
  if (!(await item.isVisible())) await page.getByRole('button', { name: new RegExp(`^${msg(lang, 'header.more')}`) }).click();
  await item.click();
  await page.getByRole('heading', { level: 1, name: msg(lang, 'insights.title') }).waitFor({ timeout: 30_000 });
}
