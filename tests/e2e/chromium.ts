/**
 * One Chromium for the tests of a file: launched before the first test, closed after the last.
 * `const chromium = chromiumForFile();` at the top of a test file, then `chromium.browser` in its tests.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';

export function chromiumForFile(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium did not start for this file (see the beforeAll error)');
      return browser;
    },
  };
}
