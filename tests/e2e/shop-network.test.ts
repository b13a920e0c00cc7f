// The till on the shop's own network (issue #19; docs/operations.md W4, W5): a tablet opens the shop
// server at its network address, not localhost. Over HTTPS with the shop's certificate (made by
// `npm run make-cert`) it sets up, signs in and sells, and keeps working offline there; over plain
// http it says why it cannot start and what to do, in the till's language.
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { lanAddresses } from '../../src/server/local-cert';
import { goOffline, isControlled, launchChromium, newTabletContext, waitForServiceWorkerReady } from '../support/browser';
import { startShopServer, type ShopServer } from '../support/https-server';
import { admin } from './server-till';
import { addFreeAmount, msg, payByWeChat, searchBox, setUpStore, signInIfAsked, type Lang } from './till';

/** A name Chromium resolves to this machine: an address that is not localhost, like a shop's server. */
const SHOP_NAME = 'till.shop.test';
/** The machine's own network address when it has one (the case of the issue), else the name. */
const address = lanAddresses()[0] ?? SHOP_NAME;

describe('the till on the shop’s network', () => {
  let server: ShopServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startShopServer(inject('distDir'), ['--host', SHOP_NAME]);
    // The tablet trusts the shop's certificate, as after installing the CA from the trust page.
    browser = await launchChromium([`--host-resolver-rules=MAP ${SHOP_NAME} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${server.spki}`]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('[W4] a tablet opens the till over HTTPS at the server’s address, sets up, and signs in and sells offline there', async () => {
    const lang: Lang = 'zh-CN';
    const context = await newTabletContext(browser, { baseURL: `https://${address}:${server.httpsPort}` });
    try {
      const page = await context.newPage();
      await page.goto('/', { waitUntil: 'load' });
      expect(await page.evaluate(() => [window.isSecureContext, location.protocol])).toEqual([true, 'https:']);
      await setUpStore(page, lang);
      await waitForServiceWorkerReady(page);
      await goOffline(context);
      await page.reload({ waitUntil: 'load' });
      // The PIN is checked with Web Crypto, offline, on the page the service worker served.
      await signInIfAsked(page, lang);
      expect(await isControlled(page)).toBe(true);
      await addFreeAmount(page, lang, '奶茶', '18.00');
      await payByWeChat(page, lang);
      await page.getByRole('button', { name: msg(lang, 'checkout.newSale') }).click();
      await searchBox(page, lang).waitFor({ state: 'visible' });
    } finally {
      await context.close();
    }
  });

  it('[W4] the plain-HTTP page offers the shop CA, which the server’s certificate chains to, and sends the rest to HTTPS', async () => {
    const base = `http://${address === SHOP_NAME ? '127.0.0.1' : address}:${server.httpPort}`;
    const page = await fetch(`${base}/`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Download the shop’s certificate');
    expect(html).toContain(`:${server.httpsPort}/`);
    const ca = await fetch(`${base}/regulars-shop-ca.crt`);
    expect(ca.headers.get('content-type')).toBe('application/x-x509-ca-cert');
    const caPem = await ca.text();
    expect(new X509Certificate(caPem).ca).toBe(true);
    // A client that trusts only the downloaded CA accepts the HTTPS server at this address.
    const authorized = await new Promise<boolean>((ok, fail) => {
      const host = address === SHOP_NAME ? '127.0.0.1' : address;
      const s = connect({ host, port: server.httpsPort, ca: caPem, ...(address === SHOP_NAME ? { servername: SHOP_NAME, checkServerIdentity: () => undefined } : {}) }, () => {
        ok(s.authorized);
        s.end();
      });
      s.once('error', fail);
    });
    expect(authorized).toBe(true);
    const moved = await fetch(`${base}/members/1?tab=history`, { redirect: 'manual' });
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toMatch(new RegExp(`^https://[^/]+:${server.httpsPort}/members/1\\?tab=history$`));
    // The owner's admin tool still reaches the running server (its loopback route) when it serves HTTPS.
    expect(admin(server.dataDir, 'create-org', '--name', 'Tea', '--owner-name', 'Li', '--owner-pin', '2468').orgId).toEqual(expect.any(String));
  });

  it('[W5] opened over plain http from another address, the till says why it cannot start and what to do, in its language', async () => {
    const port = new URL(inject('baseUrl')).port;
    for (const [locale, lang] of [['zh-CN', 'zh-CN'], ['en-US', 'en']] as const) {
      const context = await newTabletContext(browser, { locale });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`http://${SHOP_NAME}:${port}/`, { waitUntil: 'load' });
        await page.getByRole('heading', { level: 1, name: msg(lang, 'app.insecure.title') }).waitFor({ timeout: 15_000 });
        expect(await page.getByRole('alert').innerText()).toBe(msg(lang, 'app.insecure.why', { origin: `http://${SHOP_NAME}:${port}` }));
        expect(await page.getByText(msg(lang, 'app.insecure.todo')).isVisible()).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
