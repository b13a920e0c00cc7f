/**
 * Sizes of the production build that decide a first load and an install: the JavaScript the
 * index page loads before anything else (gzip), and everything the service worker precaches.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AppWire } from './app-wire';

export interface AppSize {
  initialJsFiles: string[];
  initialJsGzipBytes: number;
  precacheEntries: number;
  precacheBytes: number;
  /**
   * The larger of the two string catalogues (src/i18n/en.ts, zh-CN.ts; gzip): the saved language's is
   * imported at start and awaited before the first screen, so a first load fetches it beside the initial files.
   */
  languageJsGzipBytes?: number;
  /** What the server sends for them (bench/app-wire.ts); absent in results from before it was measured. */
  wire?: AppWire;
  /** The precache's URLs, for measureWire. */
  precacheUrls?: string[];
}

/** Scripts and module preloads referenced by dist/index.html. */
function initialScripts(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) if (m[1]) out.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) if (m[1]) out.add(m[1]);
  return [...out].filter((u) => !/^https?:/.test(u));
}

/** The URLs in the Workbox precache manifest inside dist/sw.js. */
function precacheUrls(sw: string): string[] {
  const urls = new Set<string>();
  for (const m of sw.matchAll(/\{\s*url:\s*"([^"]+)"/g)) if (m[1]) urls.add(m[1]);
  return [...urls];
}

export function measureAppSize(dist: string): AppSize {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = initialScripts(html);
  let gz = 0;
  for (const f of files) gz += gzipSync(readFileSync(join(dist, f.replace(/^\//, '')))).length;
  const swPath = join(dist, 'sw.js');
  const urls = existsSync(swPath) ? precacheUrls(readFileSync(swPath, 'utf8')) : [];
  let bytes = 0;
  for (const u of urls) {
    const p = join(dist, u.replace(/^\//, ''));
    if (existsSync(p)) bytes += statSync(p).size;
  }
  const catalogues = readdirSync(join(dist, 'assets')).filter((f) => /^(en|zh-CN)-[\w-]+\.js$/.test(f));
  const languageJsGzipBytes = Math.max(0, ...catalogues.map((f) => gzipSync(readFileSync(join(dist, 'assets', f))).length));
  return { initialJsFiles: files, initialJsGzipBytes: gz, precacheEntries: urls.length, precacheBytes: bytes, languageJsGzipBytes, precacheUrls: urls };
}
