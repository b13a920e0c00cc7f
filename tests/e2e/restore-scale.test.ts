// A large shop restored onto a new tablet in real Chromium (issue #7, BK1 and BK6): a backup of 20,000
// members with their sales and ledger, made by the till's own backup code, is restored from the
// first-run screen in one IndexedDB transaction; afterwards every table holds the rows the file
// counted, the owner signs in with the PIN from the backup, and members' cards show their points.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newTabletContext, screenshot } from '../support/browser';
import { BACKUP_TABLES } from '../../src/backup/format';
import { bigBackup, type BigBackup } from './big-backup';
import { OWNER_PIN, msg, msgPattern, readNumber, searchBox, signInIfAsked } from './till';
import { tableCounts } from './server-till';

const baseUrl = inject('baseUrl');
const lang = 'en' as const;
const t = (key: Parameters<typeof msg>[1], params: Record<string, string | number> = {}) => msg(lang, key, params);
const MEMBERS = 20_000;
/** Each member's history: one sale with its ledger entries (about 110,000 rows in all). */
const SALES_EACH = 1;
let browser: Browser;
let backup: BigBackup;

beforeAll(async () => {
  browser = await launchChromium();
  backup = await bigBackup(MEMBERS, SALES_EACH, OWNER_PIN);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (backup) rmSync(dirname(backup.path), { recursive: true, force: true });
});

describe('restoring a large shop', () => {
  it('[BK1][BK6] 20,000 members with history come back on a new tablet: every table count, the owner\'s PIN and members\' balances', async () => {
    expect(backup.counts.members).toBe(MEMBERS);
    expect(backup.counts.sales).toBe(MEMBERS * SALES_EACH);
    expect(backup.counts.outbox).toBeGreaterThan(0);
    const context = await newTabletContext(browser, { baseURL: baseUrl, locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto('/', { waitUntil: 'load' });
      await page.getByRole('heading', { name: t('setup.title') }).waitFor();
      const region = page.getByRole('region', { name: t('backup.firstRun.hint') });
      await region.getByRole('button', { name: t('backup.restore.title') }).click();
      await region.getByLabel(t('backup.restore.file')).setInputFiles(backup.path);
      await region.getByRole('button', { name: t('backup.restore.button') }).click();
      await page.getByRole('status').filter({ hasText: msgPattern(lang, 'backup.restore.done') }).or(page.getByRole('radiogroup', { name: t('signin.who') }))
        .first().waitFor({ timeout: 120_000 });

      // The app reloads on the restored database: the owner from the backup signs in with the PIN.
      await signInIfAsked(page, lang);
      const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
      const restoredDb = names.find((n) => n.endsWith(`-${backup.deviceId}`));
      expect(restoredDb, `the restored database among ${names.join(', ')}`).toBeDefined();
      const counts = await tableCounts(page, restoredDb ?? '', [...BACKUP_TABLES]);
      // Every table as the file counted it; the restore itself adds its audit entry and that entry's outbox row (BK3).
      expect({ ...counts, audit: (counts.audit ?? 0) - 1, outbox: (counts.outbox ?? 0) - 1 }).toEqual(backup.counts);

      for (const m of backup.samples) {
        await searchBox(page, lang).fill(m.phone);
        await page.getByRole('button', { name: t('lookup.select', { name: m.name }) }).click();
        expect(await readNumber(page, 'card-points'), `${m.phone}'s points`).toBe(m.points);
      }
      await screenshot(page, 'restore-scale-member');
    } finally {
      await context.close();
    }
  }, 180_000);
});
