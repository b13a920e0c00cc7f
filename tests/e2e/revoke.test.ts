// A lost tablet and a cleared browser, in real Chromium against the real server (issue #7):
//  - the browser clears a paired till's database: the till says so, downloads the store, the staff,
//    the programme and the members again, and the server's owner signs in to find the member's points (SH5);
//  - a tablet sells offline and the owner revokes it with the admin CLI: back online, it hands the sale
//    and the member over (another tablet finds them), then erases its data, says so and goes back to
//    first-run setup (S14, S21, C-S19).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newTabletContext, screenshot } from '../support/browser';
import { addFreeAmount, enrollAtCheckout, msg, payByWeChat, readNumber, searchBox } from './till';
import { admin, pairTablet, signInAs, syncNow, tableCounts, text } from './server-till';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const lang = 'en' as const;
const t = (key: Parameters<typeof msg>[1], params: Record<string, string | number> = {}) => msg(lang, key, params);
const OWNER = 'Olga';
const TABLES = ['members', 'sales', 'ledger', 'staff', 'outbox'];

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

/** A new organisation on the server and a tablet paired to it, with one member who bought once. */
async function pairedTillWithAMember(shop: string, phone: string, name: string): Promise<{ page: Page; orgId: string; balance: number }> {
  expect(dataDir, 'the e2e server must be the real one (not E2E_SERVER=static)').not.toBe('');
  const org = admin(dataDir, 'create-org', '--name', shop, '--owner-name', OWNER, '--owner-pin', '2468');
  const orgId = text(org.orgId, 'organisation id');
  const code = text(admin(dataDir, 'pair-code', '--store', text(org.storeId, 'store id')).code, 'pairing code');
  const context = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  await pairTablet(page, baseUrl, code, `${shop} till`, OWNER);
  await page.getByRole('button', { name: t('nav.counter'), exact: true }).click();
  await addFreeAmount(page, lang, 'Oolong tea', '128.00');
  await enrollAtCheckout(page, lang, phone, name);
  await payByWeChat(page, lang);
  const balance = await readNumber(page, 'receipt-balance');
  await page.getByRole('button', { name: t('checkout.newSale') }).click();
  // The sale reaches the server: nothing waits to sync.
  const synced = page.getByRole('status', { name: new RegExp(`^${t('header.online')}`) });
  await expect.poll(async () => {
    await syncNow(page);
    return synced.getAttribute('aria-label');
  }, { timeout: 30_000, interval: 1_000 }).toContain(t('header.pendingSync_other', { count: 0 }));
  return { page, orgId, balance };
}

async function tillDatabase(page: Page, orgId: string): Promise<string> {
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
  const name = names.find((n) => n.startsWith(`regulars-${orgId}-`));
  if (!name) throw new Error(`no database of organisation ${orgId} among ${names.join(', ')}`);
  return name;
}

describe('a cleared or lost tablet', () => {
  it('[SH5] the browser clears a paired till: it says so, downloads store, staff, programme and members again, and the owner signs in to the same points', async () => {
    const member = { phone: '13900007788', last4: '7788', name: 'Rui Zhang' };
    const { page, orgId, balance } = await pairedTillWithAMember('Evicted Tea', member.phone, member.name);
    try {
      const name = await tillDatabase(page, orgId);
      // The browser drops the till's database (the pairing and the setup marker, kept apart, survive).
      const deleted = await page.evaluate(async (db) => new Promise<string>((ok) => {
        const r = indexedDB.deleteDatabase(db);
        r.onsuccess = () => ok('deleted');
        r.onerror = () => ok(`error ${r.error?.name ?? ''}`);
      }), name);
      expect(deleted).toBe('deleted');
      // The server's answer is held back until the test has seen what the till says meanwhile.
      let release = () => {};
      const held = new Promise<void>((ok) => { release = ok; });
      await page.route('**/api/setup', async (route) => { await held; await route.continue(); });
      await page.reload({ waitUntil: 'load' });

      // Said plainly, and no local first-run setup is offered (it would start a second shop in this database).
      await page.getByRole('alert').filter({ hasText: t('backup.evicted.redownload') }).first().waitFor({ timeout: 15_000 });
      expect(await page.getByRole('button', { name: t('setup.start') }).count()).toBe(0);
      await screenshot(page, 'revoke-0-evicted');
      release();
      // The server's owner (known to the till only from the server) signs in once the setup is back.
      await signInAs(page, OWNER);
      await page.unroute('**/api/setup');
      await screenshot(page, 'revoke-1-redownloaded');

      // The member comes back with the points the receipt showed.
      await expect.poll(async () => {
        const box = searchBox(page, lang);
        await box.fill('');
        await box.fill(member.last4);
        return page.getByRole('button', { name: t('lookup.select', { name: member.name }) })
          .waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
      }, { timeout: 30_000, interval: 500 }).toBe(true);
      await page.getByRole('button', { name: t('lookup.select', { name: member.name }) }).click();
      expect(await readNumber(page, 'card-points')).toBe(balance);
      const counts = await tableCounts(page, name, TABLES);
      expect(counts.members).toBe(1);
      expect(counts.staff, 'the organisation\'s staff are back').toBeGreaterThan(0);
      // Adopted: after a reload the till is no longer reported as cleared.
      await page.reload({ waitUntil: 'load' });
      await signInAs(page, OWNER);
      expect(await page.getByText(t('backup.evicted.redownload')).count()).toBe(0);
    } catch (e) {
      await screenshot(page, 'revoke-evicted-failed').catch(() => undefined);
      throw e;
    }
  });

  it('[S14][S21][C-S19] a tablet that sold offline and is then revoked hands the sale and the member over, then erases itself and says so', async () => {
    const member = { phone: '13900006655', last4: '6655', name: 'Hui Lin' };
    const { page, orgId } = await pairedTillWithAMember('Revoked Tea', member.phone, member.name);
    const shop = admin(dataDir, 'list-devices', '--org', orgId).devices as { id: string; store_id: string }[];
    expect(shop).toHaveLength(1);
    const tabletA = text(shop[0]?.id, 'device id');
    // Tablet C of the same shop, which will see what A hands over.
    const codeC = text(admin(dataDir, 'pair-code', '--store', text(shop[0]?.store_id, 'store id')).code, 'pairing code');
    const contextC = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
    contexts.push(contextC);
    const pageC = await contextC.newPage();
    await pairTablet(pageC, baseUrl, codeC, 'Revoked Tea till C', OWNER);
    const offline = { phone: '13900004321', last4: '4321', name: 'Min Offline' };
    try {
      const name = await tillDatabase(page, orgId);
      // A loses the network, enrols a member at a sale, and is revoked before it syncs again.
      await page.context().setOffline(true);
      await page.getByRole('button', { name: t('nav.counter'), exact: true }).click();
      await addFreeAmount(page, lang, 'Jasmine tea', '66.00');
      await enrollAtCheckout(page, lang, offline.phone, offline.name);
      await payByWeChat(page, lang);
      const balance = await readNumber(page, 'receipt-balance');
      await page.getByRole('button', { name: t('checkout.newSale') }).click();
      const waiting = (await tableCounts(page, name, ['outbox'])).outbox ?? 0;
      expect(waiting, 'the offline sale and the member wait in the outbox').toBeGreaterThan(1);
      admin(dataDir, 'revoke-device', '--device', tabletA);

      // Back online: A hands over its outbox, then erases itself and says how much it handed over.
      // (The 'online' event starts the sync; "Sync now" is tapped while the tablet has not yet acted.)
      await page.context().setOffline(false);
      const setup = page.getByRole('button', { name: t('setup.start') });
      await expect.poll(async () => {
        if (await setup.isVisible()) return true;
        await page.getByRole('button', { name: t('sync.syncNow') }).click({ timeout: 1_000 }).catch(() => undefined);
        return setup.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
      }, { timeout: 30_000, interval: 500 }).toBe(true);
      const notice = page.getByRole('alert').filter({ hasText: t('sync.revokedNotice') }).first();
      await notice.waitFor();
      expect(await notice.textContent()).toContain(t('sync.handedOver_other', { count: waiting }));
      await screenshot(page, 'revoke-2-wiped');

      // Nothing of the shop is left on the tablet: not the members, sales, ledger, staff or pairing.
      expect(await tableCounts(page, name, TABLES)).toEqual({ members: 0, sales: 0, ledger: 0, staff: 0, outbox: 0 });
      const pairing = await page.evaluate(async () => new Promise<unknown>((ok) => {
        const r = indexedDB.open('keyval-store');
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('keyval')) { ok(null); return; }
          const g = db.transaction('keyval').objectStore('keyval').get('device.pairing');
          g.onsuccess = () => { ok(g.result ?? null); db.close(); };
        };
      }));
      expect(pairing, 'the pairing and its token are forgotten').toBeNull();
      // The owner's list: A revoked, last seen at its handover with nothing left unsynced.
      const after = admin(dataDir, 'list-devices', '--org', orgId).devices as { id: string; status: string; unsynced: number | null }[];
      const a = after.find((d) => d.id === tabletA);
      expect(a?.unsynced).toBe(0);
      expect(a?.status).toMatch(/^revoked .+; last seen .+, 0 unsynced when last seen$/);

      // Tablet C finds the member A enrolled offline, with the points of A's receipt.
      await expect.poll(async () => {
        await syncNow(pageC);
        await pageC.getByRole('button', { name: t('nav.counter'), exact: true }).click();
        const box = searchBox(pageC, lang);
        await box.fill('');
        await box.fill(offline.last4);
        return pageC.getByRole('button', { name: t('lookup.select', { name: offline.name }) })
          .waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
      }, { timeout: 30_000, interval: 1_000 }).toBe(true);
      await pageC.getByRole('button', { name: t('lookup.select', { name: offline.name }) }).click();
      expect(await readNumber(pageC, 'card-points')).toBe(balance);
      await screenshot(pageC, 'revoke-3-handed-over-on-c');

      // A reload of A still starts at first-run setup.
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('button', { name: t('setup.start') }).waitFor({ state: 'visible', timeout: 15_000 });
    } catch (e) {
      await screenshot(page, 'revoke-revoked-failed').catch(() => undefined);
      await screenshot(pageC, 'revoke-revoked-failed-c').catch(() => undefined);
      throw e;
    }
  });
});
